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


def test_clip_keeps_new_rows_in_the_fitted_range():
    X = np.array([[0.0, 5.0, 1.0], [10.0, 5.0, 3.0]])
    new = np.array([[-20.0, 300.0, 2.0], [40.0, -7.0, 9.0]])
    clipped = RangeScaler(clip=True).fit(X).transform(new)
    # beyond the range: its end; a column constant in fit: the constant's code
    np.testing.assert_allclose(clipped, [[-1, -1, 0], [1, -1, 1]])
    # without clip the same rows leave the range (the former behaviour)
    assert np.abs(RangeScaler().fit(X).transform(new)).max() > 100
    # rows inside the range are not changed by clipping
    np.testing.assert_array_equal(RangeScaler(clip=True).fit(X).transform(X),
                                  RangeScaler().fit(X).transform(X))


def test_clip_keeps_float32_and_global_range():
    X = np.array([[0.0, 2.0], [4.0, 16.0]], dtype=np.float32)
    s = RangeScaler(per_feature=False, clip=True).fit(X)
    Z = s.transform(np.array([[-3.0, 20.0]], dtype=np.float32))
    assert Z.dtype == np.float32
    np.testing.assert_allclose(Z, [[-1, 1]])


def test_integer_output_dtype_rounds_within_the_fitted_range():
    X = np.array([[0.0, 10.0], [4.0, 20.0]])
    s = RangeScaler(output_dtype=np.uint8).fit(X)
    # a round trip gives the integers back exactly
    out = s.inverse_transform(s.transform(X))
    assert out.dtype == np.uint8
    np.testing.assert_array_equal(out, X)
    # between values: the nearest integer; beyond the range: its end
    np.testing.assert_array_equal(s.inverse_transform([[0.3, 1.2], [-0.9, -3.0]]),
                                  [[3, 20], [0, 10]])
    # without it, the same codes decode to floats beyond the range
    np.testing.assert_allclose(RangeScaler().fit(X).inverse_transform([[0.3, 1.2]]),
                               [[2.6, 21.0]])


def test_missing_values_are_disregarded_in_fit_and_kept():
    """As in scikit-learn's scalers: the range of the observed values, and
    NaN in, NaN out."""
    X = np.array([[0.0, np.nan], [10.0, 4.0], [np.nan, 8.0]])
    s = RangeScaler(clip=True).fit(X)
    np.testing.assert_array_equal(s.data_min_, [0, 4])
    np.testing.assert_array_equal(s.data_max_, [10, 8])
    Z = s.transform(X)
    np.testing.assert_array_equal(np.isnan(Z), np.isnan(X))
    np.testing.assert_allclose(Z[1], [1, -1])
    np.testing.assert_allclose(s.inverse_transform(Z), X)


def test_one_range_of_a_sparse_matrix_without_a_dense_copy():
    """The image path's scaler (one range for all values) learns the range
    of a sparse matrix from its stored values and implicit zeros alone,
    duplicate entries added up, as from the dense array."""
    import scipy.sparse as sp

    from sklgan._base import _bounds

    indices, indptr = [1, 1, 0, 2], [0, 2, 3, 4]
    for values in ([3.0, 4.0, 5.0, 6.0], [-3.0, -4.0, -5.0, -6.0]):
        # (0, 1) is stored twice: 7 or -7; the other cells are implicit zeros
        X = sp.csr_matrix((values, indices, indptr), shape=(3, 3))
        assert not X.has_canonical_format
        dense = RangeScaler(per_feature=False).fit(X.toarray())
        scaler = RangeScaler(per_feature=False).fit(_bounds(X))
        assert (scaler.data_min_, scaler.data_max_) == (dense.data_min_, dense.data_max_)
        assert scaler.n_features_in_ == 3
        assert not X.has_canonical_format  # the caller's matrix is left as it is
    full = sp.csr_matrix(np.arange(1.0, 7.0).reshape(2, 3))  # no implicit zero
    np.testing.assert_array_equal(_bounds(full), [[1.0] * 3, [6.0] * 3])
