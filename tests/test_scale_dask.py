"""The sparse pipeline on a local Dask cluster (loopback only) gives exactly the single-process result."""

from __future__ import annotations

import numpy as np
import pytest

from matchmaker.datasets import synthetic_mission
from matchmaker.errors import ValidationError
from matchmaker.scoring import score
from matchmaker.scoring.distributed import DaskExecutor, SerialExecutor, ThreadExecutor, resolve_executor

distributed = pytest.importorskip("distributed")


@pytest.fixture(scope="module")
def client():
    with (
        distributed.LocalCluster(
            n_workers=2,
            threads_per_worker=1,
            processes=True,
            host="127.0.0.1",
            dashboard_address="127.0.0.1:0",
            worker_dashboard_address=None,
        ) as cluster,
        distributed.Client(cluster) as c,
    ):
        yield c


def test_a_local_cluster_gives_exactly_the_single_process_result(client) -> None:
    mission = synthetic_mission(200, 300, seed=21)
    alone = score(mission, top_k=12, executor="serial")
    on_dask = score(mission, top_k=12, executor=client, tile=(64, 128))
    assert on_dask.stats["executor"] == "dask.distributed"
    assert on_dask.stats["tiles"] > 10  # the work was really spread over many tasks
    for name in ("indptr", "indices", "data"):
        assert np.array_equal(getattr(on_dask.total, name), getattr(alone.total, name))
    with distributed.Client(client.scheduler.address):  # "dask": the current client
        again = score(mission, top_k=12, executor="dask", tile=(200, 200))
    assert np.array_equal(again.total.data, alone.total.data)


def test_executors_yield_results_in_item_order(client) -> None:
    items = list(range(23))
    for executor in (SerialExecutor(), ThreadExecutor(3), DaskExecutor(client, window=4)):
        assert list(executor.run(pow, 2, items)) == [2**i for i in items]


def test_resolve_executor_names_and_errors(client) -> None:
    assert isinstance(resolve_executor(client), DaskExecutor)
    assert resolve_executor(None, 3).name == "threads(3)"
    with pytest.raises(ValidationError, match="unknown executor"):
        resolve_executor(42)


def test_dask_by_name_without_a_client_says_how_to_start_one(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_client() -> None:
        raise ValueError("No global client found and no address provided")

    monkeypatch.setattr(distributed, "get_client", no_client)
    with pytest.raises(ValidationError, match="needs a running Dask client") as caught:
        resolve_executor("dask")
    assert caught.value.problems[0].field == "executor"
