"""Determinism: the same random_state gives identical models, predictions
and samples on CPU, in one process and across processes."""

import hashlib
import subprocess
import sys
import textwrap

import numpy as np
import pytest
import torch

from sklgan import ConditionalGANSampler, SGANClassifier

# n_jobs=1: the same torch thread count in every process (a different count
# may reorder floating-point sums).
PARAMS = dict(max_epochs=2, hidden_layer_sizes=(16,), latent_dim=4, batch_size=32,
              random_state=7, n_jobs=1, device="cpu")


def _fingerprint(est, X):
    """A digest of the fitted estimator's outputs and training history."""
    h = hashlib.sha256()
    if isinstance(est, SGANClassifier):
        h.update(est.predict_proba(X).tobytes())
        h.update(est.sample(6, random_state=1).tobytes())
    else:
        X_new, y_new = est.sample(6, random_state=1)
        h.update(X_new.tobytes() + y_new.tobytes())
    h.update(repr([(r["d_loss"], r["g_loss"]) for r in est.history_]).encode())
    return h.hexdigest()


def _fit(name, X, y):
    if name == "sgan":
        y = np.where(np.arange(len(y)) % 3 == 0, y, -1)  # two thirds unlabeled
        return SGANClassifier(num_labeled=20, **PARAMS).fit(X, y)
    return ConditionalGANSampler(kind=name, **PARAMS).fit(X, y)


@pytest.mark.parametrize("name", ["sgan", "acgan", "infogan"])
def test_same_random_state_same_model_twice(name, iris):
    X, y = iris
    a, b = _fit(name, X, y), _fit(name, X, y)
    for pa, pb in zip(a.generator_.parameters(), b.generator_.parameters()):
        assert torch.equal(pa, pb)
    assert _fingerprint(a, X) == _fingerprint(b, X)


def test_different_random_states_differ(iris):
    X, y = iris
    a = SGANClassifier(**PARAMS).fit(X, y)
    b = SGANClassifier(**{**PARAMS, "random_state": 8}).fit(X, y)
    assert _fingerprint(a, X) != _fingerprint(b, X)


CHILD = textwrap.dedent("""
    import sys
    from sklearn.datasets import load_iris
    sys.path.insert(0, {tests!r})
    from test_determinism import _fingerprint, _fit
    X, y = load_iris(return_X_y=True)
    for name in ("sgan", "acgan", "infogan"):
        print(name, _fingerprint(_fit(name, X, y), X))
""")


def test_same_random_state_same_model_in_another_process(iris):
    import os

    X, y = iris
    here = {name: _fingerprint(_fit(name, X, y), X)
            for name in ("sgan", "acgan", "infogan")}
    code = CHILD.format(tests=os.path.dirname(__file__))
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         timeout=300, check=True).stdout
    there = dict(line.split() for line in out.splitlines())
    assert there == here


SMALL = {k: v for k, v in PARAMS.items() if k != "random_state"}


def _after_one_draw(seed):
    rng = np.random.RandomState(seed)
    rng.randint(np.iinfo(np.int32).max)
    return rng


@pytest.mark.parametrize("make, call", [
    (lambda rs: SGANClassifier(num_labeled=12, validation_fraction=0.3,
                               random_state=rs, **SMALL),
     lambda est, X, y: est.fit(X, y)),
    (lambda rs: ConditionalGANSampler(random_state=rs, **SMALL),
     lambda est, X, y: est.fit_resample(X[:110], y[:110])),
])
def test_a_fit_draws_random_state_once(make, call, iris):
    """Label choice, hold-out, training (and resampling) all derive from one
    draw: a RandomState instance advances by exactly one draw per fit, and
    equal instances give equal models whatever else the estimator does."""
    X, y = iris
    rs = np.random.RandomState(7)
    first = call(make(rs), X, y)
    assert rs.randint(10**6) == _after_one_draw(7).randint(10**6)
    second = call(make(np.random.RandomState(7)), X, y)
    if isinstance(first, tuple):  # fit_resample's output
        np.testing.assert_array_equal(first[0], second[0])
    else:
        np.testing.assert_array_equal(first.predict_proba(X), second.predict_proba(X))


def test_continuations_train_on_new_streams_but_keep_the_labels(iris):
    """warm_start keeps the num_labeled choice (the data stream) and trains
    on a torch stream of its own."""
    X, y = iris
    clf = SGANClassifier(num_labeled=12, random_state=0, **SMALL)
    seeds_fit = clf._fit_seeds(continues=False)
    clf.fit(X, y)
    seeds_more = clf._fit_seeds(continues=True)
    assert seeds_more[1] == seeds_fit[1] and seeds_more[0] != seeds_fit[0]
    labeled = clf.n_labeled_
    clf.set_params(warm_start=True).fit(X, y)
    assert clf.n_labeled_ == labeled


@pytest.mark.parametrize("numeric_transform", ["range", "mode"])
def test_tables_sample_the_same_rows_for_the_same_random_state(numeric_transform):
    """The generator's one-hot heads (a table's categories, and its numeric
    columns' modes) draw their categories at random: ``random_state`` seeds
    those draws too, also when the noise and classes are given (and the
    ``[observed, missing]`` heads of a column with missing values)."""
    from sklgan.datasets import make_mixed_table

    X, y = make_mixed_table(120, random_state=0)
    X.loc[::4, "usage"] = np.nan
    params = {**PARAMS, "numeric_transform": numeric_transform}
    sampler = ConditionalGANSampler(**params).fit(X, y)
    assert sampler.sample(40, random_state=1)[0].equals(
        sampler.sample(40, random_state=1)[0])
    assert not sampler.sample(40, random_state=1)[0].equals(
        sampler.sample(40, random_state=2)[0])
    noise = np.random.RandomState(0).normal(size=(40, PARAMS["latent_dim"]))
    given = [sampler.sample(40, y="low", noise=noise, random_state=3)[0]
             for _ in range(2)]
    assert given[0].equals(given[1])
    resampled = [ConditionalGANSampler(**params).fit_resample(X, y)[0]
                 for _ in range(2)]
    assert resampled[0].equals(resampled[1])
    y_semi = np.asarray(y, dtype=object).copy()
    y_semi[np.arange(len(y)) % 3 != 0] = -1
    classifier = SGANClassifier(**params).fit(X, y_semi)
    assert classifier.sample(40, random_state=1).equals(
        classifier.sample(40, random_state=1))
