"""Fan the per-series model fitting out over a Dask cluster (`DASK_SCHEDULER_ADDRESS`).

The engine's statistical family fits chunks of series independently; with a cluster each chunk is
one Dask task. Results are gathered in submission order, so a cluster run returns exactly what a
local run does (tests/forecasting/test_distributed.py checks this on a two-worker local cluster).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import lru_cache


@lru_cache
def _client(address: str):
    from distributed import Client

    return Client(address, set_as_default=False)


def dask_mapper(address_or_client) -> Callable[[Callable, Sequence], list]:
    """A `map(fn, items)` that runs each item as a task on the cluster."""

    def mapper(fn: Callable, items: Sequence) -> list:
        client = _client(address_or_client) if isinstance(address_or_client, str) else address_or_client
        futures = client.map(fn, list(items), pure=False)
        return client.gather(futures)

    return mapper
