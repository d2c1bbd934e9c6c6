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
    if hasattr(est, "predict_proba"):
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
