"""ABC classification by share of value (Pareto): sort items by value, the items making up the
first `a_share` of the total are A, up to `b_share` are B, the rest C. An item counts in the class
where its value *starts* (the item that crosses 80 % is still A), so the top item is always A.
Items with no value are C. Reference: Silver, Pyke & Thomas, 4th ed., §2.3."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

A_SHARE = 0.80
B_SHARE = 0.95


def abc_classes(values: Sequence[float] | np.ndarray, a_share: float = A_SHARE, b_share: float = B_SHARE) -> list[str]:
    v = np.clip(np.nan_to_num(np.asarray(values, dtype=float), nan=0.0), 0.0, None)
    total = v.sum()
    out = ["C"] * v.size
    if total <= 0:
        return out
    order = np.argsort(-v, kind="stable")
    before = np.concatenate([[0.0], np.cumsum(v[order])[:-1]]) / total  # share before each item
    for rank, i in enumerate(order):
        if v[i] <= 0:
            continue
        out[i] = "A" if before[rank] < a_share else "B" if before[rank] < b_share else "C"
    return out
