import numpy as np
import pytest
from sklearn.tree import DecisionTreeClassifier

from sklgan.metrics import class_fidelity_score, column_wasserstein_distance, tstr_score


def test_class_fidelity_rewards_right_classes(iris):
    X, y = iris
    assert class_fidelity_score(X, y, X, y) > 0.95
    assert class_fidelity_score(X, y, X, (y + 1) % 3) < 0.05
    tree = DecisionTreeClassifier(random_state=0)
    assert class_fidelity_score(X, y, X, y, estimator=tree) == 1.0


def test_tstr_is_accuracy_of_a_model_trained_on_synthetic(iris):
    X, y = iris
    assert tstr_score(X[::2], y[::2], X[1::2], y[1::2]) > 0.9
    # labels scrambled in the synthetic set: the model learns nothing useful
    scrambled = np.random.RandomState(0).permutation(y[::2])
    assert tstr_score(X[::2], scrambled, X[1::2], y[1::2]) < 0.6


def test_column_wasserstein_distance_is_scale_free():
    rng = np.random.RandomState(0)
    X = rng.normal(size=(3000, 3)) * [1.0, 100.0, 0.01]
    per_column = column_wasserstein_distance(X, X * [1, 1, 1] + [0, 50.0, 0],
                                             multioutput="raw_values")
    assert per_column.shape == (3,)
    assert per_column[0] == 0 and per_column[2] == 0
    assert per_column[1] == pytest.approx(0.5, rel=0.05)
    assert column_wasserstein_distance(X, X) == 0.0
    constant = np.ones((10, 1))
    assert column_wasserstein_distance(constant, constant + 2) == pytest.approx(2.0)


def test_metrics_reject_mismatched_columns(iris):
    X, y = iris
    for call in (lambda: class_fidelity_score(X, y, X[:, :3], y),
                 lambda: tstr_score(X, y, X[:, :2], y),
                 lambda: column_wasserstein_distance(X, X[:, :1])):
        with pytest.raises(ValueError, match="same columns"):
            call()
    with pytest.raises(ValueError, match="inconsistent numbers of samples"):
        tstr_score(X, y[:10], X, y)
    with pytest.raises(ValueError, match="multioutput"):
        column_wasserstein_distance(X, X, multioutput="mean")
