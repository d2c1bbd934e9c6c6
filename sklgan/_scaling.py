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

    With ``clip=True`` (what the estimators use), values of new rows beyond
    the minimum and maximum seen in fit are clipped to them before scaling,
    so every encoded value lies in ``feature_range``, the only values the
    networks were trained on. A column that was constant in fit then
    encodes every new row as that constant. Without clipping, an unseen
    pixel intensity in a column that was blank in every training image maps
    hundreds of times beyond the range and swamps the network's first
    layer, whose weights for that column were never trained. Unlike
    :class:`sklearn.preprocessing.MinMaxScaler`'s ``clip``, which clips the
    scaled values to ``feature_range`` (and so maps a new value of a
    constant column to either end of it), the raw values are clipped.

    Parameters
    ----------
    feature_range : tuple (min, max), default=(-1.0, 1.0)
        Target range.
    per_feature : bool, default=True
        One range per column (True) or one for the whole array (False).
    clip : bool, default=False
        Clip values outside the range seen in fit to that range in
        ``transform``.
    output_dtype : integer dtype or None, default=None
        The dtype of :meth:`inverse_transform`'s output: an integer dtype
        (that of 8-bit images, say) rounds the values and keeps them within
        the range seen in fit; None gives floats.

    Examples
    --------
    >>> import numpy as np
    >>> from sklgan._scaling import RangeScaler
    >>> X = np.array([[0.0, 10.0], [4.0, 20.0]])
    >>> RangeScaler().fit_transform(X)
    array([[-1., -1.],
           [ 1.,  1.]])
    >>> RangeScaler(clip=True).fit(X).transform([[8.0, 15.0]])
    array([[1., 0.]])
    >>> RangeScaler(output_dtype=np.uint8).fit(X).inverse_transform([[0.3, 1.2]])
    array([[ 3, 20]], dtype=uint8)
    """

    def __init__(self, feature_range=(-1.0, 1.0), per_feature=True, clip=False,
                 output_dtype=None):
        self.feature_range = feature_range
        self.per_feature = per_feature
        self.clip = clip
        self.output_dtype = output_dtype

    def fit(self, X, y=None):
        X = validate_data(self, X, dtype=[np.float64, np.float32],
                          ensure_all_finite="allow-nan")
        axis = 0 if self.per_feature else None
        self.data_min_ = np.nanmin(X, axis=axis)
        self.data_max_ = np.nanmax(X, axis=axis)
        data_range = self.data_max_ - self.data_min_
        self.data_range_ = np.where(data_range > 0, data_range, 1.0)
        lo, hi = self.feature_range
        self.scale_ = (hi - lo) / self.data_range_
        self.min_ = lo - self.data_min_ * self.scale_
        return self

    def transform(self, X):
        check_is_fitted(self)
        X = validate_data(self, X, dtype=[np.float64, np.float32], reset=False,
                          ensure_all_finite="allow-nan")
        dtype = X.dtype
        if self.clip:
            X = np.clip(X, self.data_min_, self.data_max_)
        return (X * self.scale_ + self.min_).astype(dtype, copy=False)

    def inverse_transform(self, X):
        check_is_fitted(self)
        X = (np.asarray(X) - self.min_) / self.scale_
        if self.output_dtype is None:
            return X
        X = np.clip(np.rint(X), self.data_min_, self.data_max_)
        return X.astype(self.output_dtype)

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.allow_nan = True
        return tags
