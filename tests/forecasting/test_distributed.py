"""With a Dask cluster, fitting fans out and the forecasts are exactly those of a local run."""

from __future__ import annotations

import pytest
from distributed import get_task_stream
from polars.testing import assert_frame_equal

from smartstock.forecasting.core import engine
from smartstock.forecasting.distributed import dask_mapper
from tests.forecasting.support import panel


@pytest.fixture(scope="module")
def cluster_client():
    from distributed import Client, LocalCluster

    cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None)
    client = Client(cluster)
    yield client
    client.close()
    cluster.close()


def test_a_two_worker_cluster_gives_the_same_forecasts_as_a_local_run(cluster_client):
    data = panel(n_smooth=4, n_sparse=3, days=150)
    config = engine.EngineConfig(folds=2)
    local = engine.run(data, 21, config)
    with get_task_stream(cluster_client) as stream:
        dask = engine.run(data, 21, config, mapper=dask_mapper(cluster_client))
    assert_frame_equal(local.forecasts, dask.forecasts)
    assert_frame_equal(local.series, dask.series)
    fits = [t for t in stream.data if "fit_stats_chunk" in t["key"]]
    assert len(fits) >= 6  # a task per pattern group (smooth, intermittent) per fold and final fit
    assert len({t["worker"] for t in fits}) == 2  # both workers took part
