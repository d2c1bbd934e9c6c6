"""Scaling of real rows to the generator's output range and back."""

import numpy as np
from sklearn.base import BaseEstimator, OneToOneFeatureMixin, TransformerMixin
from sklearn.utils.validation import check_is_fitted, validate_data

__all__ = ["RangeScaler"]


class RangeScaler(OneToOneFeatureMixin, TransformerMixin, BaseEstimator):
    """Map data linearly onto ``feature_range`` (the generator's tanh range).

    Like :class:`sklearn.preprocessing.MinMaxScaler`, but with a ``per_feature``
    switch: images share one minimum and maximum for all pixels (so pixel
    intensities keep their meaning), tabular columns get one each. Constant
    columns map to the lower end of the range and come back unchanged.

    Parameters
    ----------
    feature_range : tuple (min, max), default=(-1.0, 1.0)
        Target range.
    per_feature : bool, default=True
        One range per column (True) or one for the whole array (False).

    Examples
    --------
    >>> import numpy as np
    >>> from sklgan._scaling import RangeScaler
    >>> X = np.array([[0.0, 10.0], [4.0, 20.0]])
    >>> RangeScaler().fit_transform(X)
    array([[-1., -1.],
           [ 1.,  1.]])
    """

    def __init__(self, feature_range=(-1.0, 1.0), per_feature=True):
        self.feature_range = feature_range
        self.per_feature = per_feature

    def fit(self, X, y=None):
        X = validate_data(self, X, dtype=[np.float64, np.float32])
        axis = 0 if self.per_feature else None
        self.data_min_ = np.min(X, axis=axis)
        self.data_max_ = np.max(X, axis=axis)
        data_range = self.data_max_ - self.data_min_
        self.data_range_ = np.where(data_range > 0, data_range, 1.0)
        lo, hi = self.feature_range
        self.scale_ = (hi - lo) / self.data_range_
        self.min_ = lo - self.data_min_ * self.scale_
        return self

    def transform(self, X):
        check_is_fitted(self)
        X = validate_data(self, X, dtype=[np.float64, np.float32], reset=False)
        return (X * self.scale_ + self.min_).astype(X.dtype, copy=False)

    def inverse_transform(self, X):
        check_is_fitted(self)
        X = np.asarray(X)
        return (X - self.min_) / self.scale_
