"""Property-based tests over sizes, dtypes, containers and label layouts.

Whatever the data, a fit either works — probabilities are finite and sum to
one, ``classes_`` are the labeled classes, predictions are among them,
``score`` is an accuracy, samples are finite and shaped like ``X`` with its
columns — or fails with one of the package's own ``ValueError`` messages,
naming the argument at fault. Sizes are drawn near multiples of the batch
size too (a last batch of one row once crashed the generator), X comes as
an array, a DataFrame, a list of lists or a sparse CSR matrix, with scales
from 1e-6 to 1e6 and constant columns.
"""

import warnings

import numpy as np
import pandas as pd
import pytest
import scipy.sparse as sp
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from sklgan import ConditionalGANSampler, SGANClassifier

BATCH = 16
TINY = dict(max_epochs=1, hidden_layer_sizes=(8,), latent_dim=3, batch_size=BATCH,
            random_state=0, n_jobs=1)
SETTINGS = settings(max_examples=30, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.too_slow])

# The only errors a fit may raise on finite data of valid shape, each naming
# what is wrong with y or with a parameter.
DOCUMENTED = ("y has no labeled row", "at least two classes among the labeled rows",
              "num_labeled=", "validation_fraction=")


@st.composite
def datasets(draw, unlabeled=True):
    n_rows = draw(st.one_of(
        st.integers(2, 40),
        st.sampled_from([k * BATCH + d for k in (1, 2, 3) for d in (-1, 0, 1)])))
    n_features = draw(st.integers(1, 6))
    dtype = draw(st.sampled_from([np.float32, np.float64]))
    scale = draw(st.sampled_from([1e-6, 1e-3, 1.0, 1e4, 1e6]))
    X = draw(arrays(dtype, (n_rows, n_features),
                    elements=st.floats(-1, 1, width=32))) * dtype(scale)
    if draw(st.booleans()):  # a constant column
        X[:, draw(st.integers(0, n_features - 1))] = dtype(scale)
    n_classes = draw(st.integers(1, 4))
    labels = draw(st.lists(st.integers(0, n_classes - 1), min_size=n_rows,
                           max_size=n_rows))
    y = np.array(labels)
    if unlabeled:
        layout = draw(st.sampled_from(["all labeled", "all but one unlabeled",
                                       "half unlabeled", "random"]))
        if layout == "all but one unlabeled":
            y[1:] = -1
        elif layout == "half unlabeled":
            y[::2] = -1
        elif layout == "random":
            y[np.array(draw(st.lists(st.booleans(), min_size=n_rows,
                                     max_size=n_rows)))] = -1
    if draw(st.booleans()):  # string labels, -1 stays the unlabeled marker
        names = np.array(["cat", "dog", "emu", "fox"], dtype=object)
        y = np.where(y >= 0, names[np.clip(y, 0, 3)], -1).astype(object)
    container = draw(st.sampled_from(["array", "DataFrame", "list", "sparse"]))
    if container == "DataFrame":
        X = pd.DataFrame(X, columns=[f"f{i}" for i in range(n_features)])
    elif container == "list":
        X = X.tolist()
    elif container == "sparse":
        X = sp.csr_matrix(X)
    return X, y


def _shape(X):
    return X.shape if sp.issparse(X) else np.shape(X)


def _dense(X):
    return X.toarray() if sp.issparse(X) else np.asarray(X, dtype=float)


def _labeled(y):
    return np.array([not (isinstance(v, (int, np.integer)) and v == -1) for v in y])


@SETTINGS
@given(datasets(), st.sampled_from([None, 2, 5]), st.sampled_from([None, 0.3]))
def test_sgan_fits_or_fails_as_documented(data, num_labeled, validation_fraction):
    X, y = data
    clf = SGANClassifier(num_labeled=num_labeled,
                         validation_fraction=validation_fraction, **TINY)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # single labeled rows
        try:
            clf.fit(X, y)
        except ValueError as exc:
            assert any(msg in str(exc) for msg in DOCUMENTED), exc
            assert not hasattr(clf, "net_")
            return
    assert set(clf.classes_.tolist()) == set(y[_labeled(y)].tolist())
    proba = clf.predict_proba(X)
    assert proba.shape == (_shape(X)[0], len(clf.classes_))
    assert np.isfinite(proba).all()
    np.testing.assert_allclose(proba.sum(axis=1), 1.0, atol=1e-9)
    assert set(clf.predict(X).tolist()) <= set(clf.classes_.tolist())
    assert 0.0 <= clf.score(X, y) <= 1.0
    samples = clf.sample(3, random_state=0)
    assert np.shape(samples) == (3, _shape(X)[1])
    assert np.isfinite(np.asarray(samples, dtype=float)).all()
    if isinstance(X, pd.DataFrame):
        assert list(samples.columns) == list(X.columns)


@SETTINGS
@given(datasets(unlabeled=False), st.sampled_from(["acgan", "infogan"]))
def test_sampler_fits_and_samples_every_class(data, kind):
    X, y = data
    sampler = ConditionalGANSampler(kind=kind, **TINY).fit(X, y)
    assert set(sampler.classes_.tolist()) == set(np.asarray(y).tolist())
    np.testing.assert_allclose(sampler.class_prior_.sum(), 1.0)
    for label in sampler.classes_:
        X_new, y_new = sampler.sample(2, y=label, random_state=0)
        assert np.shape(X_new) == (2, _shape(X)[1])
        assert np.isfinite(np.asarray(X_new, dtype=float)).all()
        assert all(v == label for v in y_new)
    if len(sampler.classes_) == 1:  # nothing to balance: imbalanced-learn's words
        with pytest.raises(ValueError, match="at least two classes"):
            sampler.fit_resample(X, y)
        return
    X_res, y_res = sampler.fit_resample(X, y)
    counts = pd.Series(np.asarray(y_res)).value_counts()
    assert counts.nunique() == 1 and _shape(X_res)[0] == len(y_res)
    assert sp.issparse(X_res) == sp.issparse(X)
    assert np.isfinite(_dense(X_res)).all()
