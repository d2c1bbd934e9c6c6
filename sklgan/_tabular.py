"""Encoding of mixed-type tables for the networks, and decoding of
generated rows back to the table's columns, values and dtypes."""

import numbers
import warnings

import numpy as np
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.preprocessing import OneHotEncoder, QuantileTransformer
from sklearn.utils.validation import _num_features, check_array, check_is_fitted

from ._scaling import RangeScaler

__all__ = ["MAX_CATEGORIES", "TabularTransformer", "categorical_mask"]

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


class TabularTransformer(TransformerMixin, BaseEstimator):
    """Encode a mixed-type table for the networks, and decode generated rows.

    Numeric columns are mapped onto [-1, 1] (the generator's tanh range) and
    come first; each categorical column follows as a one-hot block
    (:class:`~sklearn.preprocessing.OneHotEncoder`), which the generator
    produces with one softmax head per column. :meth:`inverse_transform`
    takes the table back: categories as the original values (NaN in a
    categorical column is a category of its own), integer columns rounded,
    numeric values within the range seen in fit, and, for a DataFrame, the
    original columns and dtypes (strings stay strings, ``category`` keeps
    its categories, ``bool`` stays ``bool``).

    Numeric columns may not hold missing values: impute them first (for
    example with :class:`~sklearn.impute.SimpleImputer`), or declare the
    column categorical.

    Parameters
    ----------
    categorical_features : "from_dtype", array-like or None, default="from_dtype"
        Which columns are categorical (see :func:`categorical_mask`).
    numeric_transform : {"range", "quantile"}, default="range"
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
    random_state : int, RandomState instance or None, default=None
        Seeds the quantile transform's subsample (more than 10,000 rows).

    Attributes
    ----------
    categorical_mask_ : ndarray of bool of shape (n_features_in_,)
        The categorical columns.
    integer_mask_ : ndarray of bool of shape (n_features_in_,)
        The numeric columns of an integer dtype (rounded on the way back).
    categories_ : list of ndarray
        The categories of each categorical column, in column order.
    data_min_, data_max_ : ndarray of shape (n_numeric,)
        Observed bounds of the numeric columns.
    output_sizes_ : tuple of int
        Width of each categorical column's one-hot block.
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
    """

    def __init__(self, categorical_features="from_dtype", numeric_transform="range",
                 random_state=None):
        self.categorical_features = categorical_features
        self.numeric_transform = numeric_transform
        self.random_state = random_state

    # -- columns ------------------------------------------------------------
    def _column(self, X, j):
        if hasattr(X, "iloc"):
            return X.iloc[:, j].to_numpy(dtype=object)
        return np.asarray(X)[:, j]

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
            return check_array(X, dtype=[np.float64, np.float32])
        columns = []
        for j in index:
            values = self._column(X, j)
            if values.dtype == object:
                # pandas' NA and None (nullable Int64/Float64/boolean columns,
                # object columns) are missing values, as NaN is
                values = np.where(_missing(values), np.nan, values)
            try:
                column = np.asarray(values, dtype=np.float64)
            except (TypeError, ValueError):
                bad = next(v for v in values if not _is_number(v))
                raise ValueError(
                    f"Column {self._name(j)} holds the non-numeric value {bad!r}; "
                    "declare it categorical (categorical_features) or convert "
                    "it to numbers.") from None
            missing = np.isnan(column)
            if missing.all():
                raise ValueError(f"Column {self._name(j)} holds only missing values; "
                                 "drop it.")
            n_missing = int(missing.sum())
            if n_missing:
                raise ValueError(
                    f"Column {self._name(j)} holds missing values (NaN) in "
                    f"{n_missing} row{'s' * (n_missing > 1)}; numeric columns must be "
                    "complete: impute them first (e.g. sklearn.impute.SimpleImputer), "
                    "or declare the column categorical to keep NaN as a category.")
            if not np.isfinite(column).all():
                raise ValueError(f"Column {self._name(j)} holds infinite values.")
            columns.append(column)
        return np.column_stack(columns)

    def _categorical(self, X, mask):
        """The categorical columns as one object array, missing values as NaN."""
        columns = []
        for j in np.flatnonzero(mask):
            values = self._column(X, j).astype(object)
            missing = _missing(values)
            if missing.all():
                raise ValueError(f"Column {self._name(j)} holds only missing values; "
                                 "drop it.")
            values[missing] = np.nan
            columns.append(values)
        return np.column_stack(columns) if columns else np.empty((_n_rows(X), 0), object)

    # -- fit / transform ----------------------------------------------------
    def fit(self, X, y=None):
        """Learn the columns' kinds, categories and numeric transforms.

        Parameters
        ----------
        X : array-like or DataFrame of shape (n_samples, n_features)
            The table.
        y : None
            Ignored.

        Returns
        -------
        self : TabularTransformer
            The fitted transformer.
        """
        if self.numeric_transform not in ("quantile", "range"):
            raise ValueError("numeric_transform must be 'quantile' or 'range', got "
                             f"{self.numeric_transform!r}.")
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
        numeric = self._numeric(X, mask)
        self.n_numeric_ = numeric.shape[1]
        self.data_min_ = numeric.min(axis=0) if len(numeric) else np.zeros(0)
        self.data_max_ = numeric.max(axis=0) if len(numeric) else np.zeros(0)
        if self.numeric_transform == "range":
            self._numeric_encoder = RangeScaler(clip=True).set_output(
                transform="default")
        else:
            self._numeric_encoder = QuantileTransformer(
                n_quantiles=min(1000, len(numeric)), output_distribution="uniform",
                random_state=self.random_state).set_output(transform="default")
        if self.n_numeric_:
            self._numeric_encoder.fit(numeric)
        categorical = self._categorical(X, mask)
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
                    "grouping rare ones.", UserWarning, stacklevel=2)
        return self

    def transform(self, X):
        """Encode rows: numeric columns in [-1, 1], then the one-hot blocks.

        Parameters
        ----------
        X : array-like or DataFrame of shape (n_samples, n_features)
            Rows with the columns seen in fit.

        Returns
        -------
        Z : ndarray of float32 of shape (n_samples, n_numeric_ + sum(output_sizes_))
            The encoded rows.
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
        parts = []
        if self.n_numeric_:
            numeric = self._numeric(X, mask)
            if self.numeric_transform == "range":
                parts.append(self._numeric_encoder.transform(numeric))
            else:
                parts.append(self._numeric_encoder.transform(numeric) * 2.0 - 1.0)
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
        integer columns.

        Parameters
        ----------
        Z : array-like of shape (n_samples, n_numeric_ + sum(output_sizes_))
            Encoded rows.

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
        numeric = Z[:, :self.n_numeric_].astype(np.float64)
        if self.n_numeric_:
            if self.numeric_transform == "range":
                numeric = self._numeric_encoder.inverse_transform(numeric)
            else:
                numeric = self._numeric_encoder.inverse_transform(
                    np.clip((numeric + 1.0) / 2.0, 0.0, 1.0))
            numeric = np.clip(numeric, self.data_min_, self.data_max_)
            integer = self.integer_mask_[~self.categorical_mask_]
            numeric[:, integer] = np.rint(numeric[:, integer])
        columns = [None] * self.n_features_in_
        for k, j in enumerate(np.flatnonzero(~self.categorical_mask_)):
            columns[j] = numeric[:, k]
        start = self.n_numeric_
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

    def get_feature_names_out(self, input_features=None):
        """Names of the encoded columns: the numeric columns, then
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
        out = [str(names[j]) for j in np.flatnonzero(~self.categorical_mask_)]
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
