"""Encoding of mixed-type tables for the networks, and decoding of
generated rows back to the table's columns, values and dtypes."""

import numbers
import warnings

import numpy as np
import scipy.sparse as sp
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.exceptions import ConvergenceWarning
from sklearn.impute import SimpleImputer
from sklearn.mixture import BayesianGaussianMixture
from sklearn.preprocessing import OneHotEncoder, QuantileTransformer
from sklearn.utils import check_random_state
from sklearn.utils.validation import (
    _num_features,
    check_array,
    check_is_fitted,
    validate_data,
)

from ._scaling import RangeScaler

__all__ = ["MAX_CATEGORIES", "MAX_DECIMALS", "ModeNormalizer", "TabularTransformer",
           "categorical_mask"]

#: A categorical column with more levels than this gets a warning: every
#: level is one input of the discriminator and one output of the generator,
#: and levels seen in a handful of rows cannot be learned.
MAX_CATEGORIES = 100


def _is_categorical_dtype(dtype):
    """pandas ``category``, ``object``, ``string`` and ``bool`` columns (and
    numpy object, string and bool ones): kind "O", "U", "S" or "b"."""
    return getattr(dtype, "kind", "O") in "OUSb"


def _column_names(X):
    columns = getattr(X, "columns", None)
    return None if columns is None else [str(c) for c in columns]


#: Units a column of dates or durations is rounded to on the way back: the
#: largest of them that every value seen in fit is a whole multiple of.
_TIME_UNITS_NS = (86_400 * 10**9, 3_600 * 10**9, 60 * 10**9, 10**9, 10**6, 10**3, 1)


def _is_time_dtype(dtype):
    """Dates (``datetime64``, time-zone aware ones included) and durations
    (``timedelta64``)."""
    return getattr(dtype, "kind", None) in ("m", "M")


def _time_ns(values):
    """A pandas Series of dates or durations as int64 nanoseconds (dates in
    their own wall-clock time: since 1970-01-01 in their time zone), and
    the mask of missing values (NaT)."""
    import pandas as pd

    if values.dtype.kind == "M":
        if getattr(values.dtype, "tz", None) is not None:
            values = values.dt.tz_localize(None)
        values = values.astype("datetime64[ns]")
    else:
        values = values.astype("timedelta64[ns]")
    missing = np.asarray(pd.isna(values))
    return values.to_numpy().view(np.int64), missing


def _time_resolution(ns):
    """The largest of ``_TIME_UNITS_NS`` that every value of ``ns`` is a
    multiple of (days for dates at midnight)."""
    return next(unit for unit in _TIME_UNITS_NS if not np.any(ns % unit))


def _time_seconds(values):
    """A pandas Series of dates or durations as float seconds (since
    1970-01-01, or of duration), NaN where missing."""
    ns, missing = _time_ns(values)
    return np.where(missing, np.nan, ns / 1e9)


def _has_time_columns(X):
    """Whether the DataFrame ``X`` has columns of dates or durations."""
    dtypes = getattr(X, "dtypes", None)
    return dtypes is not None and hasattr(dtypes, "items") and any(
        _is_time_dtype(dtype) for dtype in dtypes)


def _column(X, j):
    """Column ``j`` of a DataFrame (as objects) or of an array."""
    if hasattr(X, "iloc"):
        return X.iloc[:, j].to_numpy(dtype=object)
    return np.asarray(X)[:, j]


def _float_column(X, j):
    """Column ``j`` of a table as float64: dates and durations in seconds,
    missing values (NaN, None, pandas' NA) as NaN. A value that is not a
    number raises NumPy's TypeError or ValueError."""
    if hasattr(X, "iloc") and _is_time_dtype(X.dtypes.iloc[j]):
        return _time_seconds(X.iloc[:, j])
    values = _column(X, j)
    if values.dtype == object:
        # pandas' NA and None (nullable Int64/Float64/boolean columns, object
        # columns) are missing values, as NaN is
        values = np.where(_missing(values), np.nan, values)
    return np.asarray(values, dtype=np.float64)


def _with_month(seconds, month):
    """Dates given as wall-clock seconds, moved to ``month`` of their year
    (the day of the month kept where the month has it, else its last day;
    the time of day kept), as seconds; NaN stays NaN."""
    import pandas as pd

    missing = np.isnan(seconds)
    dates = pd.DatetimeIndex(pd.to_datetime(np.where(missing, 0.0, seconds), unit="s"))
    first = pd.to_datetime(pd.DataFrame({"year": dates.year, "month": month, "day": 1}))
    day = np.minimum(dates.day.to_numpy(), first.dt.days_in_month.to_numpy())
    moved = (first + pd.to_timedelta(day - 1, unit="D")
             + (dates - dates.normalize()).to_numpy())
    out = (moved - pd.Timestamp(0)).dt.total_seconds().to_numpy()
    return np.where(missing, np.nan, out)


#: Most decimals a float column is rounded to on the way back (one whose
#: values need more keeps its generated values as they are).
MAX_DECIMALS = 6


def _numpy_dtype(dtype):
    """The NumPy dtype of a column's values: that of pandas' nullable
    dtypes (``Int64``, ``Float64``) and sparse ones (``Sparse[float64,
    0]``), or ``dtype`` itself."""
    subtype = getattr(dtype, "subtype", None)
    # a SparseDtype has a fill value (IntervalDtype, with a subtype too, not)
    if subtype is not None and getattr(dtype, "fill_value", None) is not None:
        return np.dtype(subtype)
    return getattr(dtype, "numpy_dtype", dtype)


def _summed_duplicates(X):
    """The SciPy sparse matrix ``X`` with its duplicate entries added up, as
    its dense array holds them: ``X`` itself when it has none, else a copy
    (the caller's matrix is left as it is)."""
    if X.has_canonical_format:
        return X
    X = X.copy()
    X.sum_duplicates()
    return X


def _decimals(values, dtype):
    """The fewest decimals (0 to ``MAX_DECIMALS``) that every value of
    ``values`` (observed, float) is written with, or None. Values are
    compared with a tolerance of the dtype's precision, so that 12.8 stored
    as float32 counts as one decimal."""
    tolerance = 1e-9 if np.dtype(_numpy_dtype(dtype)).itemsize >= 8 \
        else 1e-6
    scale = np.maximum(1.0, np.abs(values))
    for decimals in range(MAX_DECIMALS + 1):
        if np.all(np.abs(np.round(values, decimals) - values) <= tolerance * scale):
            return decimals
    return None


def _date_part(seconds, part):
    """The ``"month"`` (1 to 12), ``"day"`` of the month (1 to 31),
    ``"weekday"`` (0 to 6, Monday 0, as pandas' ``dayofweek``) or ``"hour"``
    (0 to 23) of dates given as wall-clock seconds since 1970-01-01 (NaN for
    NaN).

    Examples
    --------
    >>> import numpy as np
    >>> from sklgan._tabular import _date_part
    >>> seconds = np.array([0.0, 4 * 86_400 + 7_200])  # Thu 1 Jan 1970, Mon 5 Jan 2 am
    >>> _date_part(seconds, "weekday"), _date_part(seconds, "hour")
    (array([3., 0.]), array([0., 2.]))
    """
    if part in ("month", "day"):
        import pandas as pd

        dates = pd.DatetimeIndex(pd.to_datetime(seconds, unit="s"))
        return getattr(dates, part).to_numpy(np.float64)
    if part == "weekday":  # 1 January 1970 was a Thursday
        return (np.floor(seconds / 86_400.0) + 3) % 7
    return np.floor(seconds / 3600.0) % 24


def _with_weekday(seconds, weekday):
    """Dates given as wall-clock seconds, moved by fewer than 7 days to the
    ``weekday`` (0: Monday) of their week or of the week before, whichever
    keeps their month (one of the two always does); the time of day kept.

    Examples
    --------
    >>> import numpy as np
    >>> from sklgan._tabular import _with_weekday
    >>> day = 86_400.0
    >>> # Wed 28 Jan 1970 to a Friday: the 30th; Sat 31 Jan to a Monday: the 26th
    >>> (_with_weekday(np.array([27 * day, 30 * day]), np.array([4, 0])) / day).tolist()
    [29.0, 25.0]
    """
    forward = seconds + (weekday - _date_part(seconds, "weekday")) % 7 * 86_400.0
    stays = _date_part(forward, "month") == _date_part(seconds, "month")
    return np.where(stays | np.isnan(seconds), forward, forward - 7 * 86_400.0)


def _with_date_part(seconds, part, value):
    """Dates given as wall-clock seconds, moved to the month (of their year,
    see :func:`_with_month`), the weekday (in their month, see
    :func:`_with_weekday`) or the hour (of their day, minutes and seconds
    kept) ``value``."""
    if part == "month":
        return _with_month(seconds, value)
    if part == "weekday":
        return _with_weekday(seconds, value)
    return seconds + (value - _date_part(seconds, "hour")) * 3600.0


def categorical_mask(X, categorical_features):
    """Boolean mask of the columns of ``X`` that ``categorical_features``
    declares categorical (the convention of scikit-learn's
    ``HistGradientBoostingClassifier``).

    Parameters
    ----------
    X : array-like or DataFrame of shape (n_samples, n_features)
        The table.
    categorical_features : "from_dtype", array-like of int, str or bool, or None
        ``"from_dtype"``: the DataFrame columns of dtype ``category``,
        ``object``, ``string`` or ``bool`` (none for an array); indices,
        column names or a boolean mask; None: no categorical column.

    Returns
    -------
    mask : ndarray of bool of shape (n_features,)

    Examples
    --------
    >>> import pandas as pd
    >>> from sklgan._tabular import categorical_mask
    >>> df = pd.DataFrame({"age": [30, 41], "sex": ["f", "m"]})
    >>> categorical_mask(df, "from_dtype")
    array([False,  True])
    >>> categorical_mask(df, ["sex"])
    array([False,  True])
    """
    n_features = _num_features(X)
    mask = np.zeros(n_features, dtype=bool)
    if categorical_features is None:
        return mask
    if isinstance(categorical_features, str):
        if categorical_features != "from_dtype":
            raise ValueError(
                "categorical_features must be 'from_dtype', None, or column "
                f"names, indices or a boolean mask; got {categorical_features!r}.")
        dtypes = getattr(X, "dtypes", None)
        if dtypes is not None:
            mask[:] = [_is_categorical_dtype(dtype) for dtype in dtypes]
        return mask
    values = np.asarray(categorical_features)
    if values.ndim != 1:
        raise ValueError("categorical_features must be one-dimensional, got shape "
                         f"{values.shape}.")
    if values.dtype.kind == "b":
        if len(values) != n_features:
            raise ValueError(
                f"categorical_features as a boolean mask must have one entry per "
                f"column ({n_features}), got {len(values)}.")
        return values.copy()
    if values.dtype.kind in "iu":
        bad = values[(values < -n_features) | (values >= n_features)]
        if len(bad):
            raise ValueError(
                f"categorical_features holds column indices {bad.tolist()!r} out of "
                f"range for {n_features} columns.")
        mask[values] = True
        return mask
    if values.dtype.kind in "UO" and all(isinstance(v, str) for v in values):
        names = _column_names(X)
        if names is None:
            raise ValueError(
                "categorical_features names columns, but X has no column names "
                "(pass a DataFrame, or give column indices).")
        unknown = [str(v) for v in values if v not in names]
        if unknown:
            raise ValueError(
                f"categorical_features names columns {unknown!r} that are not in X; "
                f"its columns are {names!r}.")
        mask[[names.index(v) for v in values]] = True
        return mask
    if len(values) == 0:
        return mask
    raise ValueError(
        "categorical_features must be 'from_dtype', None, or column names, "
        f"indices or a boolean mask; got {categorical_features!r}.")


def _check_no_missing_labels(y, advice, name="y"):
    """Refuse missing labels (NaN, None, pandas NA) in ``y``, ending the
    error with ``advice`` (what to do instead).

    scikit-learn's checks name NaN in a float ``y``, but take None for a
    label of its own type and fail on pandas NA with "boolean value of NA
    is ambiguous"; and a user may mean a missing label as unlabeled, which
    the classifier spells ``-1``. An array-like that NumPy cannot make an
    array of (a ragged list) is left to the caller's own checks."""
    if hasattr(y, "isna"):  # pandas
        n_missing = int(np.asarray(y.isna()).sum())
    else:
        try:
            values = np.asarray(y)
        except ValueError:
            return
        if values.dtype.kind == "f":
            n_missing = int(np.isnan(values).sum())
        elif values.dtype.kind == "O" and values.ndim:
            n_missing = int(_missing(values.ravel()).sum())
        else:
            return
    if n_missing:
        raise ValueError(
            f"{name} holds {n_missing} missing label{'s' * (n_missing > 1)} (NaN, "
            f"None or pandas NA). {advice}")


def _missing(values):
    """Boolean mask of the missing entries (None, NaN, pandas NA) of an
    object array."""
    try:
        import pandas as pd
    except ImportError:  # pragma: no cover - pandas is there with DataFrames
        return np.array([v is None or (isinstance(v, float) and v != v)
                         for v in values], dtype=bool)
    return np.asarray(pd.isna(values), dtype=bool)


class ModeNormalizer(TransformerMixin, BaseEstimator):
    """Mode-specific normalisation of numeric columns (CTGAN's).

    Each column gets a variational Gaussian mixture
    (:class:`~sklearn.mixture.BayesianGaussianMixture` with a Dirichlet
    process prior, which leaves the modes a column does not need with
    almost no weight). A value is encoded by the mode it most probably
    belongs to, as a one-hot indicator, and by its place within that mode,
    ``(x - mean) / (4 std)`` clipped to [-1, 1], where a mode's mean and
    standard deviation are those of the training values it holds (Xu, Skoularidou,
    Cuesta-Infante & Veeramachaneni, "Modeling tabular data using
    conditional GAN", NeurIPS 2019). A column with several peaks or a long
    tail then reaches the generator as a choice among its modes (a one-hot
    head, drawn like a category) plus a value on the scale of that mode,
    instead of one value in a range that its extremes stretch.

    The within-mode value is clipped to [-1, 1], as in CTGAN: a value more
    than 4 standard deviations from every kept mode (a rare outlier, whose
    own mode weighed too little to be kept) comes back at the edge of its
    mode, not exactly.

    Hand-written: scikit-learn has the mixture but no such encoder, and the
    one of the synthetic-data packages (``rdt``) is not a dependency.
    Unlike CTGAN, which draws each row's mode from the mixture's posterior,
    a row takes its most probable mode, so that :meth:`transform` is a
    function of the row.

    As in scikit-learn's scalers, missing values (NaN) are disregarded in
    fit and kept in transform: a missing value is encoded as NaN, both its
    within-mode value and its block of modes.

    Parameters
    ----------
    max_modes : int, default=10
        Most modes per column (CTGAN's 10).
    weight_threshold : float, default=0.005
        Modes whose weight in the fitted mixture is at most this are
        dropped (CTGAN's 0.005); the heaviest mode is always kept.
    subsample : int, default=10_000
        Most rows the mixtures are fitted on (drawn at random beyond it),
        as :class:`~sklearn.preprocessing.QuantileTransformer` estimates
        its quantiles.
    random_state : int, RandomState instance or None, default=None
        Seeds the subsample and the mixtures' initialisation.

    Attributes
    ----------
    weights_ : list of ndarray
        The share of the training values that each kept mode holds, one
        array per column.
    means_ : list of ndarray
        The kept modes' means, one array per column.
    stds_ : list of ndarray
        The kept modes' standard deviations (at least a thousandth of the
        column's), one array per column.
    n_modes_ : tuple of int
        Number of kept modes per column (the widths of the one-hot blocks).
    n_features_in_ : int
        Number of columns seen in fit.

    Examples
    --------
    >>> import numpy as np
    >>> from sklgan._tabular import ModeNormalizer
    >>> rng = np.random.RandomState(0)
    >>> x = np.r_[rng.normal(0, 1, 300), rng.normal(50, 1, 300)][:, None]
    >>> normalizer = ModeNormalizer(random_state=0).fit(x)
    >>> normalizer.n_modes_
    (2,)
    >>> np.allclose(normalizer.inverse_transform(normalizer.transform(x)), x)
    True
    """

    #: A mode spans ``(mean - 4 std, mean + 4 std)`` on the encoded [-1, 1].
    STD_MULTIPLIER = 4.0

    def __init__(self, max_modes=10, weight_threshold=0.005, subsample=10_000,
                 random_state=None):
        self.max_modes = max_modes
        self.weight_threshold = weight_threshold
        self.subsample = subsample
        self.random_state = random_state

    def fit(self, X, y=None):
        """Fit one mixture per column.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Numeric columns; missing values (NaN) are disregarded, and each
            column needs at least one value.
        y : None
            Ignored.

        Returns
        -------
        self : ModeNormalizer
            The fitted normalizer.
        """
        X = validate_data(self, X, dtype=np.float64, ensure_all_finite="allow-nan")
        rng = check_random_state(self.random_state)
        if len(X) > self.subsample:
            X = X[rng.choice(len(X), self.subsample, replace=False)]
        self.weights_, self.means_, self.stds_ = [], [], []
        for j, column in enumerate(X.T):
            column = column[~np.isnan(column)]
            if not len(column):
                raise ValueError(f"Column {j} holds only missing values (NaN).")
            values = np.unique(column)
            if len(values) == 1:
                self.weights_.append(np.ones(1))
                self.means_.append(values)
                self.stds_.append(np.ones(1))
                continue
            mixture = BayesianGaussianMixture(
                n_components=min(self.max_modes, len(values)),
                weight_concentration_prior_type="dirichlet_process",
                weight_concentration_prior=1e-3,
                random_state=rng.randint(np.iinfo(np.int32).max))
            with warnings.catch_warnings():
                # a mixture stopped before convergence still encodes and
                # decodes exactly: only the modes' placement is rougher
                warnings.simplefilter("ignore", ConvergenceWarning)
                mixture.fit(column[:, None])
            kept = mixture.weights_ > self.weight_threshold
            kept[np.argmax(mixture.weights_)] = True
            # Each value goes to its most probable kept mode (a kept mode
            # that no value prefers is dropped), and a mode's mean and
            # spread are those of its values: the mixture's own variances
            # carry its priors' pull towards the whole column (a column with
            # peaks at 0 and 100 got spreads of 5 for peaks of spread 1 and 2).
            assigned = mixture.predict_proba(column[:, None])[:, kept].argmax(axis=1)
            modes = np.unique(assigned)
            counts = np.array([np.sum(assigned == m) for m in modes])
            means = np.array([column[assigned == m].mean() for m in modes])
            stds = np.array([column[assigned == m].std() for m in modes])
            self.weights_.append(counts / counts.sum())
            self.means_.append(means)
            # a mode of one repeated value (an integer column) keeps a small
            # spread, so that generated values stay next to it
            self.stds_.append(np.maximum(stds, 1e-3 * column.std()))
        self.n_modes_ = tuple(len(m) for m in self.means_)
        return self

    def _modes(self, column, j):
        """The most probable kept mode of each value of column ``j`` (the
        largest weight times Gaussian density, as in the mixture's
        posterior)."""
        z = (column[:, None] - self.means_[j]) / self.stds_[j]
        log_density = np.log(self.weights_[j]) - np.log(self.stds_[j]) - 0.5 * z ** 2
        return np.argmax(log_density, axis=1)

    def transform(self, X):
        """Encode: the within-mode values of all columns, then each column's
        one-hot mode block.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Numeric columns.

        Returns
        -------
        Z : ndarray of shape (n_samples, n_features + sum(n_modes_))
            The encoded rows (NaN where a value is missing).
        """
        check_is_fitted(self, "n_modes_")
        X = validate_data(self, X, dtype=np.float64, reset=False,
                          ensure_all_finite="allow-nan")
        n = len(X)
        values = np.empty((n, self.n_features_in_))
        blocks = []
        for j, column in enumerate(X.T):
            mode = self._modes(column, j)
            values[:, j] = (column - self.means_[j][mode]) / (
                self.STD_MULTIPLIER * self.stds_[j][mode])
            block = np.zeros((n, self.n_modes_[j]))
            block[np.arange(n), mode] = 1.0
            block[np.isnan(column)] = np.nan
            blocks.append(block)
        return np.hstack([np.clip(values, -1.0, 1.0), *blocks])

    def inverse_transform(self, Z):
        """Decode: each column's mode by its block's largest value, then
        ``mean + 4 std`` times the within-mode value.

        Parameters
        ----------
        Z : array-like of shape (n_samples, n_features + sum(n_modes_))
            Encoded (or generated) rows.

        Returns
        -------
        X : ndarray of shape (n_samples, n_features)
            The numeric columns (NaN where the within-mode value is NaN).
        """
        check_is_fitted(self, "n_modes_")
        Z = np.asarray(Z, dtype=np.float64)
        values = np.clip(Z[:, :self.n_features_in_], -1.0, 1.0)
        X = np.empty_like(values)
        start = self.n_features_in_
        for j, size in enumerate(self.n_modes_):
            mode = Z[:, start:start + size].argmax(axis=1)
            X[:, j] = (values[:, j] * self.STD_MULTIPLIER * self.stds_[j][mode]
                       + self.means_[j][mode])
            start += size
        return X

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.allow_nan = True
        return tags


class TabularTransformer(TransformerMixin, BaseEstimator):
    """Encode a mixed-type table for the networks, and decode generated rows.

    Numeric columns are mapped onto [-1, 1] (the generator's tanh range) and
    come first (under ``numeric_transform="mode"`` followed by each numeric
    column's one-hot block of modes); each categorical column follows as a
    one-hot block (:class:`~sklearn.preprocessing.OneHotEncoder`). The
    generator produces every one-hot block with a softmax head of its own.
    :meth:`inverse_transform` takes the table back: categories as the
    original values (NaN in a categorical column is a category of its own),
    integer columns rounded, float columns rounded to the decimals their
    values were written with in fit (at most ``MAX_DECIMALS``), numeric
    values within the range seen in fit,
    and, for a DataFrame, the original columns and dtypes (strings stay
    strings, ``category`` keeps its categories, ``bool`` stays ``bool``).

    A numeric column that holds missing values (NaN, or pandas' NA) in fit
    gets a one-hot block of two, ``[observed, missing]``, after the blocks
    of modes, and its missing entries are encoded as the median of its
    observed values (:class:`~sklearn.impute.SimpleImputer`, as with
    ``add_indicator=True``); :meth:`inverse_transform` gives NaN (pandas'
    NA in a nullable column) where the block says missing. The numeric
    transforms are fitted on the observed values only. A missing entry in
    a column that was complete in fit is encoded as its median, with no
    block, as :class:`~sklearn.impute.SimpleImputer` does.

    DataFrame columns of dates (``datetime64``, time zones included) and of
    durations (``timedelta64``) are numeric columns in seconds (dates in
    their wall-clock time since 1970-01-01), decoded to their dtype and
    rounded to the largest of day, hour, minute, second, millisecond,
    microsecond and nanosecond that every value seen in fit is a multiple
    of; NaT is a missing value. A column of dates that spans more than one
    month also gets a one-hot block of the months seen in fit, and one that
    holds several hours of the day a block of those hours (after the
    ``[observed, missing]`` blocks, before the categorical ones), so that
    the season and the time of day are choices the generator makes, as for
    a category; a decoded date takes its year, day, minutes and seconds
    from the number and its month and hour from the blocks.

    Parameters
    ----------
    categorical_features : "from_dtype", array-like or None, default="from_dtype"
        Which columns are categorical (see :func:`categorical_mask`).
    numeric_transform : {"range", "quantile", "mode"}, default="range"
        How numeric columns reach [-1, 1]. ``"range"``: linearly from the
        observed minimum and maximum (:class:`~sklgan._scaling.RangeScaler`;
        values of new rows beyond them are clipped to them, as the quantile
        transform clips to its extreme quantiles).
        ``"quantile"``: through their empirical distribution function
        (:class:`~sklearn.preprocessing.QuantileTransformer`, uniform
        output): every value range gets its share of the generator's output
        range, so long tails are generated as often as they occur, and a
        value held by many rows (a point mass such as exact zeros) comes
        back exactly, since the whole interval it occupies decodes to it.
        ``"mode"``: CTGAN's mode-specific normalisation
        (:class:`ModeNormalizer`): each column adds a one-hot block of its
        modes (``mode_sizes_``, placed after the numeric values and before
        the categorical blocks) and keeps one value, its place within the
        mode: columns with several peaks or long tails.
    random_state : int, RandomState instance or None, default=None
        Seeds the quantile transform's subsample (more than 10,000 rows)
        and the mode-specific normalisation's mixtures.

    Attributes
    ----------
    categorical_mask_ : ndarray of bool of shape (n_features_in_,)
        The categorical columns.
    integer_mask_ : ndarray of bool of shape (n_features_in_,)
        The numeric columns of an integer dtype (rounded on the way back).
    time_mask_ : ndarray of bool of shape (n_features_in_,)
        The columns of dates or durations (numbers in seconds).
    month_sizes_ : tuple of int
        Width of the block of months of each column of dates that spans
        more than one month (the months seen in fit).
    weekday_sizes_ : tuple of int
        Width of the block of weekdays of each column of dates that is not
        all on one day of the month (the weekdays seen in fit: 5 for
        trading days, 1 for a weekly series).
    hour_sizes_ : tuple of int
        Width of the block of hours of each column of dates that holds
        several hours of the day (the hours seen in fit).
    missing_mask_ : ndarray of bool of shape (n_features_in_,)
        The numeric columns that held missing values in fit (each one
        encoded with a block ``[observed, missing]``).
    categories_ : list of ndarray
        The categories of each categorical column, in column order.
    data_min_, data_max_ : ndarray of shape (n_numeric,)
        Observed bounds of the numeric columns (missing values left out).
    output_sizes_ : tuple of int
        Width of each categorical column's one-hot block.
    mode_sizes_ : tuple of int
        Width of each numeric column's block of modes (``"mode"`` only;
        empty otherwise).
    n_numeric_ : int
        Number of numeric columns (the first ``n_numeric_`` outputs).
    n_features_in_ : int
        Number of columns seen in fit.
    feature_names_in_ : ndarray of str
        The column names, for a DataFrame.

    Examples
    --------
    >>> import pandas as pd
    >>> from sklgan._tabular import TabularTransformer
    >>> df = pd.DataFrame({"n": [0, 0, 3, 7], "pet": ["cat", "dog", "dog", "cat"]})
    >>> t = TabularTransformer(numeric_transform="range").fit(df)
    >>> t.transform(df)
    array([[-1.        ,  1.        ,  0.        ],
           [-1.        ,  0.        ,  1.        ],
           [-0.14285715,  0.        ,  1.        ],
           [ 1.        ,  1.        ,  0.        ]], dtype=float32)
    >>> t.inverse_transform(t.transform(df)).equals(df)
    True

    A numeric column with missing values gets a block ``[observed,
    missing]``, and its missing entry is encoded as the median (3.0):

    >>> df = pd.DataFrame({"x": [1.0, None, 3.0, 7.0]})
    >>> t = TabularTransformer().fit(df)
    >>> t.get_feature_names_out().tolist()
    ['x', 'x_observed', 'x_missing']
    >>> t.transform(df)[1]
    array([-0.33333334,  0.        ,  1.        ], dtype=float32)
    >>> t.inverse_transform(t.transform(df))["x"].isna().tolist()
    [False, True, False, False]

    A column of dates is a number of seconds plus blocks of its months and
    weekdays (Monday 0), and comes back as dates:

    >>> df = pd.DataFrame({"day": pd.to_datetime(["2021-01-05", "2021-03-01",
    ...                                           "2021-07-20"])})
    >>> t = TabularTransformer().fit(df)
    >>> t.get_feature_names_out().tolist()
    ['day', 'day_month1', 'day_month3', 'day_month7', 'day_weekday0', 'day_weekday1']
    >>> t.inverse_transform(t.transform(df)).equals(df)
    True
    """

    def __init__(self, categorical_features="from_dtype", numeric_transform="range",
                 random_state=None):
        self.categorical_features = categorical_features
        self.numeric_transform = numeric_transform
        self.random_state = random_state

    # -- columns ------------------------------------------------------------
    def _name(self, j):
        names = getattr(self, "feature_names_in_", None)
        return repr(str(names[j])) if names is not None else f"{j}"

    def _numeric(self, X, mask):
        """The numeric columns as one float64 array, with errors that name
        the column and the value."""
        index = np.flatnonzero(~mask)
        if not len(index):
            return np.empty((_n_rows(X), 0))
        if not hasattr(X, "iloc") and not mask.any() and X.dtype.kind != "O":
            # numeric arrays as they are
            return check_array(X, dtype=[np.float64, np.float32],
                               ensure_all_finite="allow-nan")
        columns = []
        for j in index:
            try:
                column = _float_column(X, j)
            except (TypeError, ValueError):
                bad = next(v for v in _column(X, j) if not _is_number(v))
                raise ValueError(
                    f"Column {self._name(j)} holds the non-numeric value {bad!r}; "
                    "declare it categorical (categorical_features) or convert "
                    "it to numbers.") from None
            if np.isinf(column).any():
                raise ValueError(f"Column {self._name(j)} holds infinite values.")
            columns.append(column)
        return np.column_stack(columns)

    def _categorical(self, X, mask):
        """The categorical columns as one object array, missing values as NaN."""
        columns = []
        for j in np.flatnonzero(mask):
            values = _column(X, j).astype(object)
            values[_missing(values)] = np.nan
            columns.append(values)
        return np.column_stack(columns) if columns else np.empty((_n_rows(X), 0), object)

    # -- fit / transform ----------------------------------------------------
    def fit(self, X, y=None):
        """Learn the columns' kinds, categories and numeric transforms.

        Parameters
        ----------
        X : array-like, DataFrame or SciPy sparse matrix of shape \
                (n_samples, n_features)
            The table. A sparse matrix of numbers is read column by column
            under ``numeric_transform="range"`` (no dense copy), and made
            dense otherwise.
        y : None
            Ignored.

        Returns
        -------
        self : TabularTransformer
            The fitted transformer.
        """
        if self.numeric_transform not in ("quantile", "range", "mode"):
            raise ValueError("numeric_transform must be 'quantile', 'range' or "
                             f"'mode', got {self.numeric_transform!r}.")
        if sp.issparse(X):
            if (self.numeric_transform == "range" and X.dtype.kind in "fiu"
                    and not categorical_mask(X, self.categorical_features).any()):
                return self._fit_sparse(X)
            X = X.toarray()
        if not hasattr(X, "iloc"):
            X = check_array(X, dtype=None, ensure_all_finite=False)
        names = _column_names(X)
        if names is not None:
            self.feature_names_in_ = np.asarray(names, dtype=object)
        elif hasattr(self, "feature_names_in_"):
            del self.feature_names_in_
        self.n_features_in_ = _num_features(X)
        mask = categorical_mask(X, self.categorical_features)
        dtypes = (list(X.dtypes) if hasattr(X, "dtypes")
                  else [np.asarray(X).dtype] * self.n_features_in_)
        self.dtypes_ = dtypes
        self.categorical_mask_ = mask
        self.integer_mask_ = np.array(
            [not m and getattr(d, "kind", "") in "iu" for m, d in zip(mask, dtypes)])
        if not hasattr(X, "iloc") and _is_time_dtype(X.dtype):
            raise ValueError(f"An array of dates or durations ({X.dtype}) is not a "
                             "table: pass a DataFrame, whose columns keep their dtypes.")
        self.time_mask_ = np.array([not m and _is_time_dtype(d)
                                    for m, d in zip(mask, dtypes)], dtype=bool)
        numeric = self._numeric(X, mask)
        categorical = self._categorical(X, mask)
        empty = np.zeros(self.n_features_in_, dtype=bool)
        empty[~mask] = np.isnan(numeric).all(axis=0)
        empty[mask] = [_missing(column).all() for column in categorical.T]
        if len(numeric) and empty.any():
            raise ValueError(f"Column {self._name(np.argmax(empty))} holds only "
                             "missing values; drop it.")
        self.n_numeric_ = numeric.shape[1]
        self.missing_mask_ = np.zeros(self.n_features_in_, dtype=bool)
        self.missing_mask_[~mask] = np.isnan(numeric).any(axis=0)
        self.data_min_ = np.nanmin(numeric, axis=0) if len(numeric) else np.zeros(0)
        self.data_max_ = np.nanmax(numeric, axis=0) if len(numeric) else np.zeros(0)
        self._fit_numeric(numeric)
        self._fit_dates(X, numeric, mask)
        self._fit_rounding(numeric, mask, dtypes)
        self._fit_categories(categorical, mask)
        return self

    def _fit_numeric(self, numeric):
        """The encoder of ``numeric_transform`` (and the median imputer in
        front of it), fitted to the numeric columns ``numeric``."""
        if self.numeric_transform == "range":
            self._numeric_encoder = RangeScaler(clip=True).set_output(
                transform="default")
        elif self.numeric_transform == "mode":
            self._numeric_encoder = ModeNormalizer(random_state=self.random_state)
        else:
            # as many quantiles as a column has observed values (up to 1000)
            n_observed = int(np.sum(~np.isnan(numeric), axis=0).max(initial=0))
            self._numeric_encoder = QuantileTransformer(
                n_quantiles=min(1000, n_observed), output_distribution="uniform",
                random_state=self.random_state).set_output(transform="default")
        if self.n_numeric_:
            # the transforms disregard missing values in fit, as scikit-learn's
            # scalers do; transform imputes them first
            self._numeric_encoder.fit(numeric)
            self._imputer = SimpleImputer(strategy="median").fit(numeric)
        self.mode_sizes_ = (self._numeric_encoder.n_modes_
                            if self.numeric_transform == "mode" and self.n_numeric_
                            else ())

    def _fit_rounding(self, numeric, mask, dtypes):
        """Float columns whose values are written with few decimals (a
        measurement to 0.1 mm, counts stored as floats) get them back:
        ``_rounding`` lists (index among the numeric columns, decimals)."""
        self._rounding = []
        for k, j in enumerate(np.flatnonzero(~mask)):
            if getattr(dtypes[j], "kind", "") == "f":
                observed = numeric[~np.isnan(numeric[:, k]), k]
                decimals = _decimals(observed, dtypes[j])
                if decimals is not None:
                    self._rounding.append((k, decimals))

    def _fit_categories(self, categorical, mask):
        """The one-hot encoder of the categorical columns ``categorical``
        (the columns of ``mask``; none: an encoder that is never fitted)."""
        self._encoder = OneHotEncoder(sparse_output=False, handle_unknown="ignore",
                                      dtype=np.float32).set_output(transform="default")
        self.categories_ = []
        if mask.any():
            try:
                self._encoder.fit(categorical)
            except TypeError as error:
                raise ValueError(
                    f"A categorical column mixes value types (e.g. numbers and "
                    f"strings): {error}") from None
            self.categories_ = list(self._encoder.categories_)
        self.output_sizes_ = tuple(len(c) for c in self.categories_)
        for j, categories in zip(np.flatnonzero(mask), self.categories_):
            if len(categories) > MAX_CATEGORIES:
                warnings.warn(
                    f"Column {self._name(j)} has {len(categories)} categories, more "
                    f"than {MAX_CATEGORIES}: each is a column of the networks, and "
                    "categories seen in few rows cannot be learned. Consider "
                    "grouping rare ones.", UserWarning, stacklevel=3)

    def _fit_sparse(self, X):
        """:meth:`fit` for a SciPy sparse matrix of numbers under the
        ``"range"`` transform, without making it dense: what that fit learns
        of each column (its bounds, whether it misses values, the median
        that fills them, its decimals) follows from the column's stored
        values and whether it has implicit zeros, so the matrix is read one
        column of stored values at a time (a dense copy would take
        ``n_samples * n_features`` floats). The fitted transformer is the
        one that :meth:`fit` makes of the same rows passed dense."""
        X = _summed_duplicates(check_array(X, accept_sparse="csc", dtype=None,
                                           ensure_all_finite="allow-nan").tocsc())
        if hasattr(self, "feature_names_in_"):
            del self.feature_names_in_
        n_rows, n_columns = X.shape
        self.n_features_in_ = n_columns
        # the numeric dtype of the dense path (_numeric): floats as they are,
        # other numbers as float64
        dtype = X.dtype if X.dtype in (np.float32, np.float64) else np.dtype(np.float64)
        self.dtypes_ = [X.dtype] * n_columns
        self.categorical_mask_ = mask = np.zeros(n_columns, dtype=bool)
        self.integer_mask_ = np.full(n_columns, X.dtype.kind in "iu")
        self.time_mask_ = np.zeros(n_columns, dtype=bool)
        self.n_numeric_ = n_columns
        self.missing_mask_ = np.zeros(n_columns, dtype=bool)
        self.data_min_ = np.empty(n_columns, dtype=dtype)
        self.data_max_ = np.empty(n_columns, dtype=dtype)
        self._rounding = []
        data = X.data.astype(dtype, copy=False)
        for j in range(n_columns):
            values = data[X.indptr[j]:X.indptr[j + 1]]
            missing = np.isnan(values)
            observed = values[~missing]
            if len(values) < n_rows:  # implicit zeros
                observed = np.append(observed, dtype.type(0))
            if not len(observed):
                raise ValueError(f"Column {self._name(j)} holds only missing "
                                 "values; drop it.")
            self.missing_mask_[j] = missing.any()
            self.data_min_[j], self.data_max_[j] = observed.min(), observed.max()
            if X.dtype.kind == "f":
                decimals = _decimals(observed, X.dtype)
                if decimals is not None:
                    self._rounding.append((j, decimals))
        # the range encoder learns the bounds alone
        self._numeric_encoder = RangeScaler(clip=True).set_output(
            transform="default").fit(np.vstack([self.data_min_, self.data_max_]))
        self._imputer = SimpleImputer(strategy="median").fit(X.astype(dtype))
        self.mode_sizes_ = ()
        self._fit_dates(X, None, mask)  # no columns of dates: empty blocks
        self._fit_categories(None, mask)
        return self

    def _fit_dates(self, X, numeric, mask):
        """The unit (ns) each column of dates or durations comes back in,
        and the one-hot blocks of the months, weekdays and hours of the day
        seen in each column of dates: the cycles of a year, a week and a
        day, which one number on the time line cannot carry. A block of
        months or hours needs several of them; one of weekdays needs dates
        on several days of the month.
        ``numeric`` holds the numeric columns of ``X`` (dates in seconds)."""
        self._time_units, dates = [], []
        for k, j in enumerate(np.flatnonzero(~mask)):
            if self.time_mask_[j]:
                ns, missing = _time_ns(X.iloc[:, j])
                self._time_units.append(_time_resolution(ns[~missing]))
                if self.dtypes_[j].kind == "M":
                    observed = numeric[~np.isnan(numeric[:, k]), k]
                    dates.append((k, self._time_units[-1], observed))
        self._date_blocks = []  # (index among numeric columns, part, values, unit)
        for part in ("month", "weekday", "hour"):
            for k, unit, observed in dates:
                if part == "hour" and unit >= _TIME_UNITS_NS[0]:
                    continue  # whole days
                values = np.unique(_date_part(observed, part))
                if part == "weekday":
                    # a weekly series (one weekday) keeps its weekday; dates
                    # on one day of the month (a monthly series) get no block
                    keep = len(np.unique(_date_part(observed, "day"))) > 1
                else:
                    keep = len(values) > 1
                if keep:
                    self._date_blocks.append((k, part, values, unit))
        self.month_sizes_, self.weekday_sizes_, self.hour_sizes_ = (
            tuple(len(values) for _, p, values, _ in self._date_blocks if p == part)
            for part in ("month", "weekday", "hour"))

    def transform(self, X):
        """Encode rows: numeric columns in [-1, 1], then the one-hot blocks
        (the numeric columns' modes under ``"mode"``, the ``[observed,
        missing]`` pairs, the months, weekdays and hours of columns of
        dates, then the categories).

        Parameters
        ----------
        X : array-like or DataFrame of shape (n_samples, n_features)
            Rows with the columns seen in fit.

        Returns
        -------
        Z : ndarray of float32 of shape (n_samples, n_encoded)
            The encoded rows, ``n_encoded = n_numeric_ + sum(mode_sizes_) +
            2 * missing_mask_.sum() + sum(month_sizes_) + sum(weekday_sizes_) +
            sum(hour_sizes_) + sum(output_sizes_)`` values each.
        """
        check_is_fitted(self, "categorical_mask_")
        mask = self.categorical_mask_
        if not hasattr(X, "iloc"):
            # finiteness is checked once, with the numeric columns (_numeric)
            X = check_array(X, dtype=None if mask.any() else [np.float64, np.float32],
                            ensure_all_finite=False)
        if _num_features(X) != self.n_features_in_:
            raise ValueError(f"X has {_num_features(X)} features, but this table has "
                             f"{self.n_features_in_}.")
        if hasattr(X, "dtypes"):
            changed = np.flatnonzero(~mask & (np.array(
                [_is_time_dtype(d) for d in X.dtypes], dtype=bool) != self.time_mask_))
            if len(changed):
                j = changed[0]
                raise ValueError(
                    f"Column {self._name(j)} holds {X.dtypes.iloc[j]} values, but "
                    f"{self.dtypes_[j]} in fit: dates and durations must stay "
                    "dates and durations, and numbers numbers.")
        parts = []
        if self.n_numeric_:
            numeric = self._numeric(X, mask)
            missing = np.isnan(numeric)
            if missing.any():
                numeric = self._imputer.transform(numeric)
            if self.numeric_transform == "quantile":
                parts.append(self._numeric_encoder.transform(numeric) * 2.0 - 1.0)
            else:
                parts.append(self._numeric_encoder.transform(numeric))
            # [observed, missing] for each column that held missing values in fit
            flags = missing[:, self.missing_mask_[~mask]]
            parts += [np.stack([~flag, flag], axis=1) for flag in flags.T]
            parts += [_date_part(numeric[:, k], part)[:, None] == values
                      for k, part, values, _ in self._date_blocks]
        if mask.any():
            categorical = self._categorical(X, mask)
            onehot = self._encoder.transform(categorical)
            start = 0
            for k, (j, size) in enumerate(zip(np.flatnonzero(mask), self.output_sizes_)):
                unknown = onehot[:, start:start + size].sum(axis=1) == 0
                if unknown.any():
                    seen = self.categories_[k].tolist()
                    raise ValueError(
                        f"Column {self._name(j)} holds categories "
                        f"{sorted(set(map(str, categorical[unknown, k])))!r} that "
                        f"were not seen in fit; the categories are {seen!r}.")
                start += size
            parts.append(onehot)
        Z = np.hstack(parts) if len(parts) > 1 else parts[0]
        return Z.astype(np.float32, copy=False)

    def inverse_transform(self, Z):
        """Decode encoded (or generated) rows into the table's columns.

        Each one-hot block is read by its largest value; numeric values are
        mapped back, kept within the bounds seen in fit, and rounded for
        integer columns, or missing (NaN) where their ``[observed,
        missing]`` block says so.

        Parameters
        ----------
        Z : array-like of shape (n_samples, n_encoded)
            Encoded rows (see :meth:`transform`).

        Returns
        -------
        X : ndarray or DataFrame of shape (n_samples, n_features_in_)
            A DataFrame with the fitted columns and dtypes when fitted on
            one; else an array: float (the input's dtype when all columns
            were integers), or object when some columns are categorical.
        """
        check_is_fitted(self, "categorical_mask_")
        Z = np.asarray(Z)
        n = len(Z)
        numeric, start = self._decode_numeric(Z)
        columns = [None] * self.n_features_in_
        for k, j in enumerate(np.flatnonzero(~self.categorical_mask_)):
            columns[j] = numeric[:, k]
        for j, unit in zip(np.flatnonzero(self.time_mask_), self._time_units):
            columns[j] = self._time_values(columns[j], unit, self.dtypes_[j])
        for k, j in enumerate(np.flatnonzero(self.categorical_mask_)):
            size = self.output_sizes_[k]
            chosen = Z[:, start:start + size].argmax(axis=1)
            columns[j] = self.categories_[k][chosen]
            start += size
        if hasattr(self, "feature_names_in_"):
            return _frame(columns, self.feature_names_in_, self.dtypes_, n)
        if self.categorical_mask_.any():
            out = np.empty((n, self.n_features_in_), dtype=object)
            for j, column in enumerate(columns):
                out[:, j] = column
            return out
        out = np.column_stack(columns) if columns else np.empty((n, 0))
        dtype = self.dtypes_[0] if self.dtypes_ else np.float64
        return out.astype(dtype) if dtype.kind in "iuf" else out

    def _decode_numeric(self, Z):
        """The numeric columns of the encoded rows ``Z``, in the table's
        units (missing values and date parts applied), and the index of the
        first categorical block of ``Z``."""
        start = self.n_numeric_ + sum(self.mode_sizes_)
        numeric = Z[:, :start].astype(np.float64)
        if not self.n_numeric_:
            return numeric, start
        if self.numeric_transform == "quantile":
            numeric = self._numeric_encoder.inverse_transform(
                np.clip((numeric + 1.0) / 2.0, 0.0, 1.0))
        else:
            numeric = self._numeric_encoder.inverse_transform(numeric)
        numeric = np.clip(numeric, self.data_min_, self.data_max_)
        integer = self.integer_mask_[~self.categorical_mask_]
        numeric[:, integer] = np.rint(numeric[:, integer])
        for k, decimals in self._rounding:
            numeric[:, k] = np.round(numeric[:, k], decimals)
        for k in np.flatnonzero(self.missing_mask_[~self.categorical_mask_]):
            numeric[Z[:, start + 1] > Z[:, start], k] = np.nan
            start += 2
        moved = set()
        for k, part, values, unit in self._date_blocks:
            if k not in moved:  # the unit first: rounding cannot move it back
                numeric[:, k] = np.rint(numeric[:, k] * (1e9 / unit)) * (unit / 1e9)
                moved.add(k)
            # the date moves to the block's month of its year, weekday of
            # its month, or hour of its day
            chosen = values[Z[:, start:start + len(values)].argmax(axis=1)]
            numeric[:, k] = _with_date_part(numeric[:, k], part, chosen)
            start += len(values)
        for k in moved:
            numeric[:, k] = np.clip(numeric[:, k], self.data_min_[k],
                                    self.data_max_[k])
        return numeric, start

    @staticmethod
    def _time_values(seconds, unit, dtype):
        """Float seconds back to dates or durations of ``dtype``, rounded
        to ``unit`` nanoseconds (NaN: NaT). Dates of a time zone are
        localised to it (an ambiguous wall-clock time takes standard time,
        a nonexistent one moves forward)."""
        import pandas as pd

        missing = np.isnan(seconds)
        steps = np.rint(np.where(missing, 0.0, seconds) * (1e9 / unit))
        ns = steps.astype(np.int64) * np.int64(unit)
        ns[missing] = np.iinfo(np.int64).min  # NaT
        if dtype.kind == "m":
            return pd.Series(ns.view("timedelta64[ns]")).astype(dtype)
        values = pd.Series(ns.view("datetime64[ns]"))
        tz = getattr(dtype, "tz", None)
        if tz is not None:
            values = values.dt.tz_localize(tz, ambiguous=np.zeros(len(ns), dtype=bool),
                                           nonexistent="shift_forward")
        return values.astype(dtype)

    def get_feature_names_out(self, input_features=None):
        """Names of the encoded columns: the numeric columns, then
        ``column_mode0``, ``column_mode1``, ... for each mode of a numeric
        column (``"mode"`` only), ``column_observed`` and ``column_missing``
        for each numeric column that held missing values, ``column_month1``
        to ``column_month12`` and then ``column_hour0`` to ``column_hour23``
        (those seen in fit) for the columns of dates with such blocks, then
        ``column_category`` for each one-hot column.

        Parameters
        ----------
        input_features : array-like of str or None, default=None
            Ignored (the names seen in fit, or ``x0``, ``x1``, ...).

        Returns
        -------
        names : ndarray of str objects
        """
        check_is_fitted(self, "categorical_mask_")
        names = getattr(self, "feature_names_in_", None)
        if names is None:
            names = np.asarray([f"x{j}" for j in range(self.n_features_in_)], object)
        numeric = np.flatnonzero(~self.categorical_mask_)
        out = [str(names[j]) for j in numeric]
        for j, size in zip(numeric, self.mode_sizes_):
            out += [f"{names[j]}_mode{m}" for m in range(size)]
        for j in np.flatnonzero(self.missing_mask_):
            out += [f"{names[j]}_observed", f"{names[j]}_missing"]
        for k, part, values, _ in self._date_blocks:
            out += [f"{names[numeric[k]]}_{part}{int(v)}" for v in values]
        for j, categories in zip(np.flatnonzero(self.categorical_mask_),
                                 self.categories_):
            out += [f"{names[j]}_{c}" for c in categories]
        return np.asarray(out, dtype=object)


def _n_rows(X):
    return X.shape[0] if hasattr(X, "shape") else len(X)


def _is_number(value):
    return isinstance(value, numbers.Number) and not isinstance(value, bool) \
        or _missing(np.array([value], dtype=object))[0]


def _frame(columns, names, dtypes, n):
    """A DataFrame of the decoded ``columns`` with the fitted ``dtypes``."""
    import pandas as pd

    data = {}
    for name, column, dtype in zip(names, columns, dtypes):
        if isinstance(dtype, pd.CategoricalDtype):
            data[name] = pd.Categorical(column, dtype=dtype)
        else:
            try:
                data[name] = pd.Series(column).astype(dtype)
            except (TypeError, ValueError):  # e.g. NaN decoded into a bool column
                data[name] = pd.Series(column, dtype=object)
    return pd.DataFrame(data, columns=list(names), index=pd.RangeIndex(n))
