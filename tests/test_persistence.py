"""Persistence: pickle and joblib round trips keep predictions and samples,
and a model saved from CUDA opens on a machine without CUDA."""

import contextlib
import io
import pickle
import warnings

import joblib
import numpy as np
import pytest
import torch
import torch.serialization

from sklgan import ConditionalGANSampler, SGANClassifier

SMALL = dict(max_epochs=2, hidden_layer_sizes=(16,), latent_dim=4, batch_size=32,
             random_state=0)


def _outputs(est, X):
    """Everything a fitted estimator computes deterministically."""
    out = {}
    if isinstance(est, SGANClassifier):
        out["proba"] = est.predict_proba(X)
        out["sample"] = est.sample(5, random_state=3)
    else:
        out["sample"], out["sample_y"] = est.sample(5, random_state=3)
        out["sample_1"], _ = est.sample(4, y=est.classes_[1], random_state=1)
    if hasattr(est, "transform"):
        out["codes"] = est.transform(X)
        out["categories"] = est.predict_proba(X)  # an InfoGAN's clustering
    return out


ESTIMATORS = {
    "sgan": lambda: SGANClassifier(**SMALL),
    "acgan": lambda: ConditionalGANSampler(**SMALL),
    "infogan": lambda: ConditionalGANSampler(kind="infogan", **SMALL),
}


@pytest.fixture(scope="module", params=list(ESTIMATORS))
def fitted(request, iris):
    X, y = iris
    return ESTIMATORS[request.param]().fit(X, y)


def _assert_same(a, b):
    assert a.keys() == b.keys()
    for key in a:
        np.testing.assert_array_equal(a[key], b[key], err_msg=key)


def test_pickle_round_trip_keeps_outputs(fitted, iris):
    X, _ = iris
    restored = pickle.loads(pickle.dumps(fitted))
    _assert_same(_outputs(restored, X), _outputs(fitted, X))
    assert [h["d_loss"] for h in restored.history_] == \
        [h["d_loss"] for h in fitted.history_]


def test_joblib_round_trip_keeps_outputs(fitted, iris, tmp_path):
    X, _ = iris
    joblib.dump(fitted, tmp_path / "model.joblib", compress=3)
    restored = joblib.load(tmp_path / "model.joblib")
    _assert_same(_outputs(restored, X), _outputs(fitted, X))


def test_a_loaded_model_keeps_training(fitted, iris):
    X, y = iris
    restored = pickle.loads(pickle.dumps(fitted))
    restored.set_params(warm_start=True, max_epochs=1).fit(X, y)
    assert restored.n_iter_ == fitted.n_iter_ + 1


@contextlib.contextmanager
def _tag_cpu_storages_as_cuda():
    """Make ``torch.save`` record every CPU storage as living on ``cuda:0``,
    which is what a model trained on a GPU writes. Loading such bytes
    without a location map fails on a machine without CUDA."""
    entry = (0, lambda storage: "cuda:0" if storage.device.type == "cpu" else None,
             lambda storage, location: None)
    torch.serialization._package_registry.insert(0, entry)
    try:
        yield
    finally:
        torch.serialization._package_registry.remove(entry)


@pytest.mark.skipif(torch.cuda.is_available(),
                    reason="simulates a machine without CUDA")
def test_model_saved_from_cuda_loads_on_cpu(fitted, iris):
    X, _ = iris
    expected = _outputs(fitted, X)
    fitted.net_.device = "cuda"  # as recorded by a fit on a GPU
    try:
        with _tag_cpu_storages_as_cuda():
            blob = pickle.dumps(fitted)
            weights = io.BytesIO()
            torch.save(fitted.generator_.state_dict(), weights)
    finally:
        fitted.net_.device = "cpu"
    # What was written is tagged as CUDA: torch cannot open it unmapped here.
    weights.seek(0)
    with pytest.raises(RuntimeError, match="CUDA"):
        torch.load(weights, weights_only=True)

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        restored = pickle.loads(blob)
    assert any("no CUDA devices are available" in str(w.message) for w in caught)
    assert str(restored.net_.device) == "cpu"
    assert all(p.device.type == "cpu" for p in restored.generator_.parameters())
    _assert_same(_outputs(restored, X), expected)


@pytest.mark.parametrize("make", [SGANClassifier, ConditionalGANSampler])
def test_a_table_with_dates_and_missing_values_round_trips(make):
    """The table's encoder pickles with its date units, blocks of months and
    imputer: the restored model predicts and samples the same table."""
    pd = pytest.importorskip("pandas")
    rng = np.random.RandomState(0)
    n = 80
    X = pd.DataFrame({
        "day": pd.Timestamp("2021-01-01") + pd.to_timedelta(rng.randint(0, 400, n),
                                                            unit="D"),
        "amount": np.where(rng.uniform(size=n) < 0.2, np.nan, rng.lognormal(0, 1, n)),
        "pet": pd.Categorical(rng.choice(["cat", "dog"], n)),
    })
    y = rng.randint(0, 2, n)
    model = make(**SMALL).fit(X, y)
    restored = pickle.loads(pickle.dumps(model))
    if isinstance(model, SGANClassifier):
        np.testing.assert_array_equal(restored.predict_proba(X), model.predict_proba(X))
        a, b = restored.sample(20, random_state=1), model.sample(20, random_state=1)
    else:
        a, b = restored.sample(20, random_state=1)[0], model.sample(20, random_state=1)[0]
    pd.testing.assert_frame_equal(a, b)
    assert a.dtypes.equals(X.dtypes)
    assert restored.scaler_.month_sizes_ == (12,)


def test_unpickling_by_another_version_warns(fitted, iris):
    from sklearn.exceptions import InconsistentVersionWarning

    import sklgan

    X, _ = iris
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # the same version: no warning
        restored = pickle.loads(pickle.dumps(fitted))
    assert "_sklgan_version" not in vars(restored)
    assert "_sklgan_version" not in vars(fitted)  # pickling left it as it was

    state = fitted.__getstate__()
    assert state["_sklgan_version"] == sklgan.__version__
    name = type(fitted).__name__
    for version, words in [("0.0.1", "pickled by sklgan 0.0.1 when using sklgan "
                            f"{sklgan.__version__}"),
                           (None, "pickled by a version of sklgan that did not "
                            "record its version")]:
        old = dict(state, _sklgan_version=version)
        if version is None:
            del old["_sklgan_version"]
        restored = type(fitted).__new__(type(fitted))
        # a filter on scikit-learn's warning covers it
        with pytest.warns(InconsistentVersionWarning,
                          match=f"Trying to unpickle {name} {words}.*refit it"):
            restored.__setstate__(old)
        assert "_sklgan_version" not in vars(restored)
        _assert_same(_outputs(restored, X), _outputs(fitted, X))
