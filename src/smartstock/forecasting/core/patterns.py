"""Demand pattern classification (Syntetos, Boylan & Croston 2005).

ADI is the average interval between non-zero demands, CV² the squared coefficient of variation of
the non-zero demand sizes. With the published cut-offs 1.32 and 0.49:

| | CV² < 0.49 | CV² ≥ 0.49 |
|---|---|---|
| ADI < 1.32 | smooth | erratic |
| ADI ≥ 1.32 | intermittent | lumpy |

A series with no demand at all is "zero"; one with a single non-zero day is "intermittent".
"""

from __future__ import annotations

from enum import StrEnum

import numpy as np
import polars as pl

from smartstock.forecasting.core.frames import ID, TARGET

ADI_CUTOFF = 1.32
CV2_CUTOFF = 0.49


class Pattern(StrEnum):
    smooth = "smooth"
    erratic = "erratic"
    intermittent = "intermittent"
    lumpy = "lumpy"
    zero = "zero"


def classify(y: np.ndarray) -> Pattern:
    """The pattern of one series of daily demand (leading zeros before the first sale excluded)."""
    y = np.asarray(y, dtype=float)
    nonzero = np.flatnonzero(y > 0)
    if nonzero.size == 0:
        return Pattern.zero
    active = y[nonzero[0] :]
    sizes = active[active > 0]
    adi = active.size / sizes.size
    cv2 = float(np.var(sizes) / np.mean(sizes) ** 2) if sizes.size > 1 else 0.0
    if adi < ADI_CUTOFF:
        return Pattern.smooth if cv2 < CV2_CUTOFF else Pattern.erratic
    return Pattern.intermittent if cv2 < CV2_CUTOFF else Pattern.lumpy


def classify_frame(df: pl.DataFrame) -> dict[str, Pattern]:
    """The pattern of each series in a long frame (`unique_id`, `ds`, `y`)."""
    return {
        str(key[0]): classify(group[TARGET].to_numpy())
        for key, group in df.sort(ID).group_by(ID, maintain_order=True)
    }
