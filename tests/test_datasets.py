"""The code-made mixed-type table."""

import numpy as np
import pytest

from sklgan.datasets import make_mixed_table

pytest.importorskip("pandas")


def test_mixed_table_has_the_promised_columns():
    X, y = make_mixed_table(3000, random_state=0)
    assert X.shape == (3000, 8)
    assert str(X["region"].dtype) == "category"
    assert X["employed"].dtype == bool
    assert all(X[c].dtype == np.int64 for c in ("age", "n_accounts", "n_late"))
    assert X["age"].between(18, 90).all()
    assert 0.5 < (X["n_late"] == 0).mean() < 0.8
    assert (X["n_late"] <= 2 * X["n_accounts"]).all()
    assert X["usage"].between(0, 1).all() and 0.1 < (X["usage"] == 0).mean() < 0.2
    assert X["amount"].skew() > 3
    shares = {c: np.mean(y == c) for c in ("low", "medium", "high")}
    assert shares["low"] > shares["medium"] > shares["high"]


def test_mixed_table_is_reproducible():
    X1, y1 = make_mixed_table(100, random_state=3)
    X2, y2 = make_mixed_table(100, random_state=3)
    assert X1.equals(X2) and (y1 == y2).all()
    X3, _ = make_mixed_table(100, random_state=4)
    assert not X1.equals(X3)
