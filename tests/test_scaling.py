import numpy as np

from sklgan._scaling import RangeScaler


def test_range_scaler_round_trip_and_constant_columns():
    X = np.array([[0.0, 5.0, 1.0], [10.0, 5.0, 3.0], [5.0, 5.0, 2.0]])
    s = RangeScaler().fit(X)
    Z = s.transform(X)
    assert Z.min() == -1 and Z[:, [0, 2]].max() == 1
    np.testing.assert_allclose(s.inverse_transform(Z), X)


def test_global_range():
    X = np.array([[0.0, 2.0], [4.0, 16.0]])
    Z = RangeScaler(per_feature=False).fit_transform(X)
    np.testing.assert_allclose(Z, [[-1, -0.75], [-0.5, 1]])
