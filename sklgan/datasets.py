"""A mixed-type table made by code, for examples, tests and benchmarks."""

import numbers

import numpy as np
from sklearn.utils import check_random_state
from sklearn.utils._param_validation import Interval, validate_params

__all__ = ["make_mixed_table"]


@validate_params(
    {"n_samples": [Interval(numbers.Integral, 10, None, closed="left")],
     "random_state": ["random_state"]},
    prefer_skip_nested_validation=True,
)
def make_mixed_table(n_samples=2000, *, random_state=None):
    """A loan-like table with the column types of real tables, and a class.

    The columns are what most tables with a class column hold, with the
    shapes that generators get wrong:

    ============== ============ =================================================
    column         dtype        shape
    ============== ============ =================================================
    ``region``     category     5 levels of unequal frequency
    ``education``  object (str) 3 levels, tied to ``age``
    ``employed``   bool         80% True
    ``age``        int64        18 to 90
    ``n_accounts`` int64        a count (Poisson, mean 2.5)
    ``n_late``     int64        a count, two thirds exact zeros, and the
                                rule ``n_late <= 2 * n_accounts``
    ``usage``      float64      a share in [0, 1], exactly 0 in 15% of rows
    ``amount``     float64      long-tailed (log-normal, skew about 5)
    ============== ============ =================================================

    The class (``"low"``, ``"medium"``, ``"high"`` risk, in about 60 / 25 /
    15% of rows) follows a noisy score of ``n_late``, ``usage``,
    ``employed``, ``amount`` and ``region``.

    Read more in the :ref:`User Guide <tables>`.

    Parameters
    ----------
    n_samples : int, default=2000
        Number of rows.
    random_state : int, RandomState instance or None, default=None
        Seeds the table.

    Returns
    -------
    X : pandas.DataFrame of shape (n_samples, 8)
        The table.
    y : ndarray of str of shape (n_samples,)
        The risk class of each row.

    Examples
    --------
    >>> from sklgan.datasets import make_mixed_table
    >>> X, y = make_mixed_table(500, random_state=0)
    >>> X.shape, sorted(set(y.tolist()))
    ((500, 8), ['high', 'low', 'medium'])
    >>> bool((X.n_late <= 2 * X.n_accounts).all())
    True
    """
    import pandas as pd

    rng = check_random_state(random_state)
    n = n_samples
    regions = np.array(["north", "south", "east", "west", "central"])
    region = rng.choice(5, size=n, p=[0.35, 0.25, 0.2, 0.15, 0.05])
    age = np.clip(np.rint(rng.normal(42, 13, size=n)), 18, 90).astype(np.int64)
    # older people hold more degrees (a dependence between two columns)
    p_uni = np.clip(0.1 + (age - 18) / 150, 0, 0.6)
    u = rng.uniform(size=n)
    education = np.where(u < p_uni, "university",
                         np.where(u < p_uni + 0.35, "college", "school")).astype(object)
    employed = rng.uniform(size=n) < 0.8
    n_accounts = rng.poisson(2.5, size=n).astype(np.int64)
    late = np.where(rng.uniform(size=n) < 0.45, 0, rng.negative_binomial(1, 0.35, n))
    n_late = np.minimum(late, 2 * n_accounts).astype(np.int64)
    usage = np.where(rng.uniform(size=n) < 0.15, 0.0, rng.beta(2, 3, size=n))
    amount = np.round(np.exp(rng.normal(6.0, 1.2, size=n)), 2)
    score = (0.6 * np.minimum(n_late, 6) + 2.0 * usage - 0.8 * employed
             + 0.3 * (np.log(amount) - 6.0) + np.array([0, 0.3, -0.3, 0.5, 1.0])[region]
             + rng.normal(0, 0.6, size=n))
    low, high = np.quantile(score, [0.6, 0.85])
    y = np.where(score < low, "low", np.where(score < high, "medium", "high"))
    X = pd.DataFrame({
        "region": pd.Categorical(regions[region], categories=list(regions)),
        "education": pd.Series(education, dtype="str"),
        "employed": employed,
        "age": age, "n_accounts": n_accounts, "n_late": n_late,
        "usage": usage, "amount": amount,
    })
    return X, y
