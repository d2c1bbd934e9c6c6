"""Sample-quality measures for conditional generators.

They need no downloaded weights: each one trains a small scikit-learn model
(or none) on data at hand. Like :mod:`sklearn.metrics`, they take arrays and
return floats (higher is better for the scores, lower for the distance).

- :func:`class_fidelity_score`: does a classifier trained on real rows
  recognise the class each synthetic row was generated for?
- :func:`tstr_score`: "train on synthetic, test on real" accuracy.
- :func:`column_wasserstein_distance`: how far each synthetic column's
  distribution is from the real one.

For mixed-type tables (DataFrames with categorical columns), numbers a
user can read without another package:

- :func:`column_distances`: per column, the total variation distance
  (categorical) or the Kolmogorov-Smirnov statistic (numeric), in [0, 1].
- :func:`association_difference`: per pair of columns, how much their
  association (Spearman's rho, Cramer's V or the correlation ratio)
  differs between the real and the synthetic table.
- :func:`tabular_quality_score`: one number in [0, 1] from the two.

And one clustering measure that scikit-learn lacks (it has the adjusted Rand
index and the normalised mutual information):

- :func:`matched_accuracy_score`: accuracy of cluster labels after the best
  one-to-one matching of clusters to classes.

And one for comparing semi-supervised classifiers in cross-validation:

- :func:`labeled_accuracy_score`: accuracy over the rows whose true label
  is not ``-1`` (unlabeled).
"""

import numpy as np
from scipy.optimize import linear_sum_assignment
from scipy.stats import spearmanr, wasserstein_distance
from scipy.stats.contingency import association, crosstab
from sklearn.base import clone
from sklearn.compose import make_column_transformer
from sklearn.impute import SimpleImputer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score
from sklearn.metrics.cluster import contingency_matrix
from sklearn.metrics.cluster._supervised import check_clusterings
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import FunctionTransformer, OneHotEncoder, StandardScaler
from sklearn.utils import check_array, check_consistent_length
from sklearn.utils._param_validation import HasMethods, StrOptions, validate_params
from sklearn.utils.validation import _num_features

from ._sgan import labeled_rows
from ._tabular import (
    _check_no_missing_labels,
    _column,
    _float_column,
    _has_time_columns,
    _is_categorical_dtype,
    _missing,
    categorical_mask,
)

__all__ = ["association_difference", "class_fidelity_score", "column_distances",
           "column_wasserstein_distance", "labeled_accuracy_score",
           "matched_accuracy_score", "tabular_quality_score", "tstr_score"]


def _as_floats(X):
    """The numeric columns of a table as one float array: dates and durations
    in seconds, missing values (pandas' NA included) as NaN."""
    if not hasattr(X, "iloc"):
        return check_array(X, dtype=np.float64, ensure_all_finite="allow-nan")
    columns = [_float_column(X, j) for j in range(X.shape[1])]
    return np.column_stack(columns) if columns else np.empty((len(X), 0))


def _default_estimator(mask):
    """``StandardScaler`` and ``LogisticRegression``; the columns of a table
    that ``mask`` marks categorical are one-hot encoded instead of scaled.
    The numeric columns are read as floats (dates and durations in seconds),
    and a missing value as the column's median plus an indicator
    (``SimpleImputer``, which changes nothing on complete columns)."""
    model = LogisticRegression(max_iter=2000)
    numeric = make_pipeline(FunctionTransformer(_as_floats),
                            SimpleImputer(strategy="median", add_indicator=True),
                            StandardScaler())
    if not mask.any():
        return make_pipeline(numeric, model)
    encoder = make_column_transformer(
        (OneHotEncoder(handle_unknown="ignore"), mask), remainder=numeric)
    return make_pipeline(encoder, model)


def _aligned(X_a, X_b, names):
    """``X_b`` with its columns in the order of ``X_a``'s when both are
    DataFrames of the same column names; a DataFrame with other names is
    refused, with the names that differ."""
    if not (hasattr(X_a, "columns") and hasattr(X_b, "columns")):
        return X_b
    a, b = list(X_a.columns), list(X_b.columns)
    if a == b:
        return X_b
    if len(a) != len(b) or set(a) != set(b):
        missing = [c for c in a if c not in b]
        extra = [c for c in b if c not in a]
        raise ValueError(
            f"{names[0]} and {names[1]} must have the same columns; "
            f"{names[1]} lacks {missing} and has {extra} besides.")
    return X_b[a]


def _numeric_table(X, name):
    """``X`` as a float array; a table whose conversion fails and that has
    categorical columns (strings or categories; bool columns are read as 0
    and 1) is refused by naming them. The dtypes are not refused before
    conversion: an object column of numbers converts."""
    try:
        return check_array(X, dtype=np.float64)
    except ValueError as error:
        categorical = [column for column, dtype in getattr(X, "dtypes", {}).items()
                       if _is_categorical_dtype(dtype) and dtype.kind != "b"]
        if not categorical:
            raise
        raise ValueError(
            f"column_wasserstein_distance compares numeric columns, but {name} "
            f"has categorical columns {categorical}: use column_distances (the "
            "total variation distance for categorical columns) or "
            "tabular_quality_score.") from error


def _check_pair(X_a, X_b, names, convert=True):
    """Two tables of the same columns (float arrays when ``convert``; as
    they are otherwise, for an estimator that reads tables itself). Two
    DataFrames are matched by column name."""
    X_b = _aligned(X_a, X_b, names)
    if convert:  # for the default judge, which imputes missing values
        X_a = check_array(X_a, dtype=np.float64, ensure_all_finite="allow-nan")
        X_b = check_array(X_b, dtype=np.float64, ensure_all_finite="allow-nan")
    elif _num_features(X_a) != _num_features(X_b):
        raise ValueError(
            f"{names[0]} has {_num_features(X_a)} features but {names[1]} has "
            f"{_num_features(X_b)}; they must describe the same columns.")
    if convert and X_a.shape[1] != X_b.shape[1]:
        raise ValueError(
            f"{names[0]} has {X_a.shape[1]} features but {names[1]} has "
            f"{X_b.shape[1]}; they must describe the same columns.")
    return X_a, X_b


def _fit_and_score(X_fit, y_fit, X_score, y_score, estimator, names):
    """Accuracy on ``(X_score, y_score)`` of ``estimator`` (cloned; None: the
    default) fitted on ``(X_fit, y_fit)``."""
    convert = False  # an estimator of the user's reads the tables itself
    if estimator is None:
        mask = categorical_mask(X_fit, "from_dtype")
        # the default reads float arrays, or the table
        convert = not mask.any() and not _has_time_columns(X_fit)
        estimator = _default_estimator(mask)
    X_fit, X_score = _check_pair(X_fit, X_score, names, convert=convert)
    check_consistent_length(X_fit, y_fit)
    check_consistent_length(X_score, y_score)
    for name, y in zip(names, (y_fit, y_score)):
        _check_no_missing_labels(y, "Every row needs its class.", name=f"y{name[1:]}")
    model = clone(estimator)
    model.fit(X_fit, np.asarray(y_fit))
    return float(model.score(X_score, np.asarray(y_score)))


@validate_params(
    {"X_real": ["array-like"], "y_real": ["array-like"],
     "X_synthetic": ["array-like"], "y_synthetic": ["array-like"],
     "estimator": [None, HasMethods(["fit", "score"])]},
    prefer_skip_nested_validation=True,
)
def class_fidelity_score(X_real, y_real, X_synthetic, y_synthetic, *, estimator=None):
    """Accuracy, on synthetic rows, of a classifier trained on real rows.

    High when each generated row looks like the class it was generated for.

    Parameters
    ----------
    X_real : array-like of shape (n_real, n_features)
        Real rows to train the judging classifier on.
    y_real : array-like of shape (n_real,)
        Their labels.
    X_synthetic : array-like of shape (n_synthetic, n_features)
        Generated rows.
    y_synthetic : array-like of shape (n_synthetic,)
        The classes they were generated for.
    estimator : classifier or None, default=None
        The judge (cloned before fitting). None: ``StandardScaler`` followed
        by ``LogisticRegression``; for a DataFrame with categorical columns
        (``category``, ``object``, ``string`` or ``bool`` dtypes) those
        columns are one-hot encoded instead of scaled. Dates and durations
        are read in seconds, and a missing numeric value as the column's
        median plus an indicator (``SimpleImputer(add_indicator=True)``).

    Returns
    -------
    score : float
        Accuracy in [0, 1].

    Examples
    --------
    >>> from sklearn.datasets import load_iris
    >>> from sklgan.metrics import class_fidelity_score
    >>> X, y = load_iris(return_X_y=True)
    >>> class_fidelity_score(X, y, X[::10], y[::10]) > 0.9  # right classes
    True
    >>> class_fidelity_score(X, y, X[::10], (y[::10] + 1) % 3) < 0.1  # wrong ones
    True
    """
    return _fit_and_score(X_real, y_real, X_synthetic, y_synthetic, estimator,
                          ("X_real", "X_synthetic"))


@validate_params(
    {"X_synthetic": ["array-like"], "y_synthetic": ["array-like"],
     "X_test": ["array-like"], "y_test": ["array-like"],
     "estimator": [None, HasMethods(["fit", "score"])]},
    prefer_skip_nested_validation=True,
)
def tstr_score(X_synthetic, y_synthetic, X_test, y_test, *, estimator=None):
    """Train on synthetic, test on real: accuracy on real held-out rows.

    Compare it with the same estimator trained on the real training rows
    ("train on real, test on real"): the closer, the more useful the
    synthetic data.

    Parameters
    ----------
    X_synthetic : array-like of shape (n_synthetic, n_features)
        Generated training rows.
    y_synthetic : array-like of shape (n_synthetic,)
        Their classes.
    X_test : array-like of shape (n_test, n_features)
        Real rows held out from the generator's training.
    y_test : array-like of shape (n_test,)
        Their labels.
    estimator : classifier or None, default=None
        The model to train (cloned). None: ``StandardScaler`` followed by
        ``LogisticRegression``; for a DataFrame with categorical columns
        (``category``, ``object``, ``string`` or ``bool`` dtypes) those
        columns are one-hot encoded instead of scaled. Dates and durations
        are read in seconds, and a missing numeric value as the column's
        median plus an indicator (``SimpleImputer(add_indicator=True)``).

    Returns
    -------
    score : float
        Accuracy in [0, 1].

    Examples
    --------
    >>> from sklearn.datasets import load_iris
    >>> from sklgan.metrics import tstr_score
    >>> X, y = load_iris(return_X_y=True)
    >>> tstr_score(X[::2], y[::2], X[1::2], y[1::2]) > 0.9
    True
    """
    return _fit_and_score(X_synthetic, y_synthetic, X_test, y_test, estimator,
                          ("X_synthetic", "X_test"))


@validate_params(
    {"X_real": ["array-like"], "X_synthetic": ["array-like"],
     "multioutput": [StrOptions({"uniform_average", "raw_values"})]},
    prefer_skip_nested_validation=True,
)
def column_wasserstein_distance(X_real, X_synthetic, *, multioutput="uniform_average"):
    """Wasserstein-1 distance between real and synthetic columns.

    Each column's distance is divided by the standard deviation of the real
    column (1 for constant columns), so it reads in "real standard
    deviations" whatever the units: 0 for identical distributions, about
    ``|shift|`` for a column shifted by ``shift`` standard deviations.

    Parameters
    ----------
    X_real : array-like of shape (n_real, n_features)
        Real rows.
    X_synthetic : array-like of shape (n_synthetic, n_features)
        Generated rows.
    multioutput : {"uniform_average", "raw_values"}, default="uniform_average"
        Return the mean over columns, or one distance per column (as in
        :mod:`sklearn.metrics`).

    Returns
    -------
    distance : float or ndarray of shape (n_features,)
        Scaled distance (mean, or per column).

    Examples
    --------
    >>> import numpy as np
    >>> from sklgan.metrics import column_wasserstein_distance
    >>> X = np.random.RandomState(0).normal(loc=5, scale=2, size=(2000, 2))
    >>> column_wasserstein_distance(X, X)
    0.0
    >>> shifted = X + [2 * X[:, 0].std(), 0.0]  # first column: 2 std to the right
    >>> column_wasserstein_distance(X, shifted, multioutput="raw_values")
    array([2., 0.])
    """
    names = ("X_real", "X_synthetic")
    X_synthetic = _aligned(X_real, X_synthetic, names)
    X_real, X_synthetic = (_numeric_table(X, name)
                           for X, name in zip((X_real, X_synthetic), names))
    X_real, X_synthetic = _check_pair(X_real, X_synthetic, names, convert=False)
    scale = X_real.std(axis=0)
    scale = np.where(scale > 0, scale, 1.0)
    distances = np.array([
        wasserstein_distance(X_real[:, j], X_synthetic[:, j]) / scale[j]
        for j in range(X_real.shape[1])])
    if multioutput == "raw_values":
        return distances
    return float(distances.mean())


@validate_params(
    {"labels_true": ["array-like"], "labels_pred": ["array-like"]},
    prefer_skip_nested_validation=True,
)
def matched_accuracy_score(labels_true, labels_pred):
    """Clustering accuracy after the best one-to-one matching of clusters
    to classes (the "unsupervised clustering accuracy").

    Each cluster is matched to at most one class, and each class to at most
    one cluster, so as to maximise the number of rows whose cluster is
    matched to their class (the Hungarian method, scipy's
    ``linear_sum_assignment``, on scikit-learn's contingency matrix); the
    score is that number over the number of rows. Rows of clusters left
    unmatched (more clusters than classes) count as errors. Like the
    adjusted Rand index and unlike plain accuracy, it does not depend on
    how the clusters are numbered.

    Parameters
    ----------
    labels_true : array-like of shape (n_samples,)
        The classes.
    labels_pred : array-like of shape (n_samples,)
        The clusters.

    Returns
    -------
    score : float
        In [0, 1]; 1 for a clustering that is the classes up to renaming.

    Examples
    --------
    >>> from sklgan.metrics import matched_accuracy_score
    >>> matched_accuracy_score([0, 0, 1, 1, 2, 2], [5, 5, 3, 3, 3, 4])
    0.8333333333333334
    """
    # the checks of scikit-learn's clustering metrics (adjusted_rand_score,
    # normalized_mutual_info_score): 1-d, same length, no NaN, and a warning
    # for continuous values
    labels_true, labels_pred = check_clusterings(labels_true, labels_pred)
    if not len(labels_true):
        raise ValueError("matched_accuracy_score needs at least one row.")
    counts = contingency_matrix(labels_true, labels_pred)
    rows, cols = linear_sum_assignment(counts, maximize=True)
    return float(counts[rows, cols].sum() / len(labels_true))


# -- mixed-type tables ------------------------------------------------------
_TABLE_PARAMS = {"X_real": ["array-like"], "X_synthetic": ["array-like"],
                 "categorical_features": [StrOptions({"from_dtype"}), "array-like",
                                          None]}


def _table_columns(X_real, X_synthetic, categorical_features):
    """Both tables as lists of columns, and the categorical mask (read from
    the real table): categorical columns as strings (missing values as
    ``"nan"``), numeric ones as floats (missing values, pandas' NA
    included, as NaN; dates and durations in seconds)."""
    n_real, n_synthetic = _num_features(X_real), _num_features(X_synthetic)
    X_synthetic = _aligned(X_real, X_synthetic, ("X_real", "X_synthetic"))
    if n_real != n_synthetic:
        raise ValueError(f"X_real has {n_real} features but X_synthetic has "
                         f"{n_synthetic}; they must describe the same columns.")
    mask = categorical_mask(X_real, categorical_features)

    def columns(X):
        if not hasattr(X, "iloc"):
            X = check_array(X, dtype=None if mask.any() else np.float64,
                            ensure_all_finite=False)
        out = []
        for j in range(len(mask)):
            if mask[j]:
                values = np.asarray(_column(X, j), dtype=object)
                out.append(np.where(_missing(values), "nan", values.astype(str)))
            else:
                out.append(_float_column(X, j))
        return out

    return columns(X_real), columns(X_synthetic), mask


def _total_variation(a, b):
    categories = np.union1d(a, b)
    p = np.array([np.mean(a == c) for c in categories])
    q = np.array([np.mean(b == c) for c in categories])
    return 0.5 * float(np.abs(p - q).sum())


@validate_params(_TABLE_PARAMS, prefer_skip_nested_validation=True)
def column_distances(X_real, X_synthetic, *, categorical_features="from_dtype"):
    """How far each synthetic column's distribution is from the real one.

    Categorical columns: the total variation distance between the category
    frequencies (half the sum of their absolute differences; a missing value
    is a category). Numeric columns: the Kolmogorov-Smirnov statistic (the
    largest gap between the two empirical distribution functions; a
    missing value, NaN, counts as larger than every value, infinite ones
    included, so that a difference in the share of missing values counts
    too). Both read in
    [0, 1]: 0 for identical distributions, 1 for disjoint ones.

    Parameters
    ----------
    X_real : array-like or DataFrame of shape (n_real, n_features)
        Real rows.
    X_synthetic : array-like or DataFrame of shape (n_synthetic, n_features)
        Generated rows, with the same columns (DataFrames are matched by
        column name).
    categorical_features : "from_dtype", array-like or None, default="from_dtype"
        Which columns are categorical, as in :class:`sklgan.SGANClassifier`
        (read from ``X_real``).

    Returns
    -------
    distances : ndarray of shape (n_features,)
        One distance per column.

    Examples
    --------
    >>> import pandas as pd
    >>> from sklgan.metrics import column_distances
    >>> real = pd.DataFrame({"pet": ["cat", "dog", "dog", "cat"], "n": [1, 2, 3, 4]})
    >>> fake = pd.DataFrame({"pet": ["cat", "cat", "cat", "dog"], "n": [1, 2, 3, 4]})
    >>> column_distances(real, fake)
    array([0.25, 0.  ])
    """
    real, synthetic, mask = _table_columns(X_real, X_synthetic, categorical_features)
    return np.array([
        _total_variation(a, b) if categorical else _ks_statistic(a, b)
        for a, b, categorical in zip(real, synthetic, mask)])


def _ks_statistic(a, b):
    """The two-sample Kolmogorov-Smirnov statistic, with missing values
    (NaN) counted as larger than every value, infinite ones included.

    Written out rather than taken from scipy's ``ks_2samp``, which leaves
    NaN out or propagates it: mapping NaN to +inf for it would count a
    missing value and an infinite one as the same value. The distribution
    functions here run over the observed values and reach ``1 - missing
    share`` below the missing values; on complete columns the statistic is
    ``ks_2samp``'s.
    """
    observed = [np.sort(x[~np.isnan(x)]) for x in (a, b)]
    grid = np.concatenate(observed)
    # the gap at the top of the observed values is the gap in missing shares
    gap = abs(len(observed[0]) / len(a) - len(observed[1]) / len(b))
    if len(grid):
        cdf_a, cdf_b = (np.searchsorted(o, grid, side="right") / len(x)
                        for o, x in zip(observed, (a, b)))
        gap = max(gap, np.abs(cdf_a - cdf_b).max())
    return float(gap)


def _association(a, b, a_categorical, b_categorical):
    """Association of two columns: Spearman's rho for two numeric columns (in
    [-1, 1]), Cramer's V for two categorical ones, the correlation ratio for
    a numeric and a categorical one (both in [0, 1]); NaN for a constant
    column. Rows missing a numeric value (NaN) are left out (pairwise
    deletion); a missing category is a category of its own."""
    keep = np.ones(len(a), dtype=bool)
    for values, categorical in ((a, a_categorical), (b, b_categorical)):
        if not categorical:
            keep &= ~np.isnan(values)
    a, b = a[keep], b[keep]
    if len(a) < 2:
        return np.nan
    if not a_categorical and not b_categorical:
        if np.ptp(a) == 0 or np.ptp(b) == 0:
            return np.nan
        return float(spearmanr(a, b).statistic)
    if a_categorical and b_categorical:
        table = crosstab(a, b).count
        if min(table.shape) < 2:
            return np.nan
        return float(association(table, method="cramer"))
    values, groups = (b, a) if a_categorical else (a, b)
    total = ((values - values.mean()) ** 2).sum()
    if total == 0:
        return np.nan
    between = sum(
        (groups == g).sum() * (values[groups == g].mean() - values.mean()) ** 2
        for g in np.unique(groups))
    return float(np.sqrt(between / total))


@validate_params(_TABLE_PARAMS, prefer_skip_nested_validation=True)
def association_difference(X_real, X_synthetic, *, categorical_features="from_dtype"):
    """How much the association of each pair of columns differs between the
    real and the synthetic table.

    The association of two numeric columns is Spearman's rank correlation,
    of two categorical columns Cramer's V, of a numeric and a categorical
    column the correlation ratio (the share of the numeric column's spread
    that the categories explain, square-rooted). The difference is the
    absolute difference of the two tables' associations, halved for
    Spearman's rho, so that every entry reads in [0, 1]. Each association
    is computed on the rows where neither column misses a numeric value
    (a missing category is a category of its own).

    Parameters
    ----------
    X_real : array-like or DataFrame of shape (n_real, n_features)
        Real rows.
    X_synthetic : array-like or DataFrame of shape (n_synthetic, n_features)
        Generated rows, with the same columns (DataFrames are matched by
        column name).
    categorical_features : "from_dtype", array-like or None, default="from_dtype"
        Which columns are categorical (read from ``X_real``).

    Returns
    -------
    differences : ndarray of shape (n_features, n_features)
        Symmetric, 0 on the diagonal; NaN for pairs with a column that is
        constant in either table. ``np.nanmean`` of the upper triangle is
        the mean difference.

    Examples
    --------
    >>> import numpy as np
    >>> from sklgan.metrics import association_difference
    >>> rng = np.random.RandomState(0)
    >>> a = rng.normal(size=500)
    >>> real = np.column_stack([a, a + 0.1 * rng.normal(size=500)])  # rho ~ 1
    >>> fake = np.column_stack([a, rng.normal(size=500)])            # rho ~ 0
    >>> float(association_difference(real, fake)[0, 1].round(1))
    0.5
    """
    real, synthetic, mask = _table_columns(X_real, X_synthetic, categorical_features)
    n = len(mask)
    out = np.zeros((n, n))
    for i in range(n):
        for j in range(i + 1, n):
            a = _association(real[i], real[j], mask[i], mask[j])
            b = _association(synthetic[i], synthetic[j], mask[i], mask[j])
            scale = 0.5 if not mask[i] and not mask[j] else 1.0
            out[i, j] = out[j, i] = scale * abs(a - b)
    return out


@validate_params(_TABLE_PARAMS, prefer_skip_nested_validation=True)
def tabular_quality_score(X_real, X_synthetic, *, categorical_features="from_dtype"):
    """One number for how well a synthetic table follows a real one.

    The mean of two scores in [0, 1]: column shapes, one minus the mean of
    :func:`column_distances`, and column pairs, one minus the mean of
    :func:`association_difference` over the pairs (ignoring pairs with a
    constant column). The same construction as SDMetrics' quality report,
    with these distances.

    Parameters
    ----------
    X_real : array-like or DataFrame of shape (n_real, n_features)
        Real rows.
    X_synthetic : array-like or DataFrame of shape (n_synthetic, n_features)
        Generated rows, with the same columns (DataFrames are matched by
        column name).
    categorical_features : "from_dtype", array-like or None, default="from_dtype"
        Which columns are categorical (read from ``X_real``).

    Returns
    -------
    score : float
        In [0, 1]; higher is better, 1 for identical tables.

    Examples
    --------
    >>> import pandas as pd
    >>> from sklgan.metrics import tabular_quality_score
    >>> real = pd.DataFrame({"pet": ["cat", "dog"] * 50, "n": range(100)})
    >>> tabular_quality_score(real, real)
    1.0
    """
    shapes = 1.0 - float(np.mean(column_distances(
        X_real, X_synthetic, categorical_features=categorical_features)))
    pairs = association_difference(X_real, X_synthetic,
                                   categorical_features=categorical_features)
    upper = pairs[np.triu_indices(len(pairs), k=1)]
    if not len(upper) or np.isnan(upper).all():
        return shapes
    return float((shapes + 1.0 - np.nanmean(upper)) / 2.0)


@validate_params(
    {"y_true": ["array-like"], "y_pred": ["array-like"],
     "sample_weight": ["array-like", None]},
    prefer_skip_nested_validation=True,
)
def labeled_accuracy_score(y_true, y_pred, *, sample_weight=None):
    """Accuracy over the labeled rows: those whose true label is not ``-1``.

    ``-1`` marks an unlabeled row, as in :mod:`sklearn.semi_supervised`
    (and, among string labels, ``"-1"``, as for
    :class:`~sklgan.SGANClassifier`). :meth:`SGANClassifier.score
    <sklgan.SGANClassifier.score>` skips those rows; scikit-learn's
    semi-supervised estimators count them as errors, and a scorer named in
    ``scoring`` compares every row with its label. So to compare several
    semi-supervised classifiers in ``cross_val_score`` or ``GridSearchCV``
    on a target with unlabeled rows (which then stay in every training
    fold), score them all with ``make_scorer(labeled_accuracy_score)``.

    Parameters
    ----------
    y_true : array-like of shape (n_samples,)
        True labels, ``-1`` for an unlabeled row.
    y_pred : array-like of shape (n_samples,)
        Predicted labels.
    sample_weight : array-like of shape (n_samples,), default=None
        Weights of the rows.

    Returns
    -------
    score : float
        Accuracy in [0, 1] over the labeled rows.

    Examples
    --------
    >>> from sklgan.metrics import labeled_accuracy_score
    >>> labeled_accuracy_score([0, 1, -1, -1], [0, 0, 1, 0])  # two labeled rows
    0.5

    Comparing a semi-supervised peer with the same scorer:

    >>> import numpy as np
    >>> from sklearn.datasets import load_iris
    >>> from sklearn.linear_model import LogisticRegression
    >>> from sklearn.metrics import make_scorer
    >>> from sklearn.model_selection import cross_val_score
    >>> from sklearn.semi_supervised import SelfTrainingClassifier
    >>> X, y = load_iris(return_X_y=True)
    >>> y_semi = np.where(np.arange(len(y)) % 5 == 0, y, -1)
    >>> scores = cross_val_score(SelfTrainingClassifier(LogisticRegression()), X,
    ...                          y_semi, scoring=make_scorer(labeled_accuracy_score))
    >>> bool(scores.mean() > 0.8)
    True
    """
    _check_no_missing_labels(y_true, "Mark an unlabeled row with -1.", name="y_true")
    y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)
    check_consistent_length(y_true, y_pred, sample_weight)
    mask, sample_weight = labeled_rows(y_true, sample_weight, "labeled_accuracy_score",
                                       name="y_true")
    return float(accuracy_score(y_true[mask], y_pred[mask],
                                sample_weight=sample_weight))
