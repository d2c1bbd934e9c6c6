"""Threads: ``n_jobs`` sets torch's CPU threads for the estimator's work and
restores them after; left at None, torch follows the environment, which
joblib's workers set to their share of the cores (no oversubscription in
``GridSearchCV(n_jobs=2)``). Timings: ``benchmarks/threads.py``."""

import joblib
import numpy as np
import pytest
import torch
from sklearn.model_selection import cross_validate
from skorch.callbacks import Callback

from sklgan import ConditionalGANSampler, SGANClassifier
from sklgan._base import _n_threads, torch_threads

SMALL = dict(max_epochs=1, hidden_layer_sizes=(8,), latent_dim=4, batch_size=32,
             random_state=0)


class RecordThreads(Callback):
    def on_epoch_end(self, net, **kwargs):
        net.history.record("threads", torch.get_num_threads())


@pytest.mark.parametrize("n_jobs, expected", [(1, 1), (2, 2), (-1, joblib.cpu_count()),
                                              (None, None)])
@pytest.mark.parametrize("Estimator", [SGANClassifier, ConditionalGANSampler])
def test_n_jobs_sets_torch_threads_during_fit_only(Estimator, n_jobs, expected, iris):
    X, y = iris
    before = torch.get_num_threads()
    est = Estimator(n_jobs=n_jobs, callbacks=[RecordThreads()], **SMALL).fit(X, y)
    assert est.history_[-1, "threads"] == (before if expected is None else expected)
    assert torch.get_num_threads() == before


def test_n_jobs_follows_joblib_conventions():
    n = joblib.cpu_count()
    assert _n_threads(None) is None
    assert _n_threads(3) == 3
    assert _n_threads(-1) == n
    assert _n_threads(-2) == max(n - 1, 1)
    assert _n_threads(-1000) == 1


def test_threads_restored_when_the_block_fails():
    before = torch.get_num_threads()
    with pytest.raises(RuntimeError), torch_threads(before + 1):
        assert torch.get_num_threads() == before + 1
        raise RuntimeError
    assert torch.get_num_threads() == before


def test_joblib_workers_get_their_share_of_cores(iris, monkeypatch):
    """Inside GridSearchCV/cross_validate(n_jobs=2) each worker's torch uses
    cpu_count // 2 threads: two workers never run 2 x cpu_count threads.

    joblib gives workers that share unless the parent's environment sets a
    thread count (OMP_NUM_THREADS and the like), which then wins; the test
    clears those, so that it checks the share wherever it runs."""
    from joblib._parallel_backends import LokyBackend

    for var in LokyBackend.MAX_NUM_THREADS_VARS:
        monkeypatch.delenv(var, raising=False)
    X, y = iris
    clf = SGANClassifier(callbacks=[RecordThreads()], **SMALL)
    res = cross_validate(clf, X, y, cv=2, n_jobs=2, return_estimator=True)
    used = [est.history_[-1, "threads"] for est in res["estimator"]]
    assert used == [max(joblib.cpu_count() // 2, 1)] * 2
    assert np.isfinite(res["test_score"]).all()


def test_grid_search_on_a_dask_cluster(iris):
    """joblib's Dask backend runs the search's fits on a real (local) cluster
    of two worker processes."""
    distributed = pytest.importorskip("distributed")
    from sklearn.model_selection import GridSearchCV

    X, y = iris
    y_semi = np.where(np.arange(len(y)) % 5 == 0, y, -1)
    search = GridSearchCV(SGANClassifier(**SMALL),
                          {"num_labeled": [6, 30], "dropout": [0.0, 0.2]}, cv=2)
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster, \
            distributed.Client(cluster) as client:
        workers = set(client.scheduler_info()["workers"])
        with distributed.get_task_stream(client) as tasks, \
                joblib.parallel_backend("dask"):
            search.fit(X, y_semi)
    assert len(workers) == 2
    ran_on = {task["worker"] for task in tasks.data}
    assert ran_on and ran_on <= workers
    assert len(search.cv_results_["params"]) == 4
    assert np.isfinite(search.cv_results_["mean_test_score"]).all()
    assert search.best_estimator_.n_labeled_ in (6, 30)
