import numpy as np
import pytest
from sklearn.datasets import load_digits, load_iris


@pytest.fixture(scope="session")
def digits_semi():
    """Digits (first 600 rows) with 60 labels, the rest marked -1."""
    X, y = load_digits(return_X_y=True)
    X, y = X[:600], y[:600]
    rng = np.random.RandomState(0)
    y_semi = np.full_like(y, -1)
    for k in range(10):
        idx = rng.choice(np.flatnonzero(y == k), 6, replace=False)
        y_semi[idx] = k
    return X, y, y_semi


@pytest.fixture(scope="session")
def iris():
    return load_iris(return_X_y=True)


FAST = dict(max_epochs=3, batch_size=64, latent_dim=16, hidden_layer_sizes=(32, 16),
            random_state=0)


@pytest.fixture
def fast_params():
    """Parameters of a small, fast SGANClassifier."""
    return dict(FAST)


def pytest_configure(config):
    # Under pytest-xdist each worker gets one torch thread: several workers
    # each spinning a thread per core oversubscribe small machines badly.
    import os

    if os.environ.get("PYTEST_XDIST_WORKER"):
        import torch

        torch.set_num_threads(1)
