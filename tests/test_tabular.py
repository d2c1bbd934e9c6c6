"""The mixed-type table encoder and the generator's categorical heads."""

import numpy as np
import pytest
import scipy.sparse as sp
import torch
from sklearn.utils.estimator_checks import parametrize_with_checks

from sklgan._networks import MLPGenerator, TabularOutput
from sklgan._scaling import RangeScaler
from sklgan._tabular import (
    MAX_CATEGORIES,
    ModeNormalizer,
    TabularTransformer,
    categorical_mask,
)

pd = pytest.importorskip("pandas")


def table(n=60, seed=0):
    rng = np.random.RandomState(seed)
    return pd.DataFrame({
        "count": rng.poisson(1.0, n).astype(np.int64),
        "pet": pd.Categorical(rng.choice(["cat", "dog", "fish"], n),
                              categories=["fish", "dog", "cat", "bird"]),
        "name": pd.Series(rng.choice(["ann", "bob"], n), dtype="str"),
        "flag": rng.uniform(size=n) < 0.5,
        "amount": np.round(rng.lognormal(2, 1, n), 2),
        "small": rng.randint(-3, 3, n).astype(np.int32),
    })


def test_categorical_mask_conventions():
    df = table()
    expected = np.array([False, True, True, True, False, False])
    np.testing.assert_array_equal(categorical_mask(df, "from_dtype"), expected)
    np.testing.assert_array_equal(categorical_mask(df, ["pet", "name", "flag"]),
                                  expected)
    np.testing.assert_array_equal(categorical_mask(df, [1, 2, -3]), expected)
    np.testing.assert_array_equal(categorical_mask(df, expected), expected)
    assert not categorical_mask(df, None).any()
    # arrays have no dtypes per column: none from_dtype, explicit ones work
    assert not categorical_mask(np.zeros((3, 2)), "from_dtype").any()
    np.testing.assert_array_equal(categorical_mask(np.zeros((3, 2)), [1]),
                                  [False, True])


@pytest.mark.parametrize("spec, match", [
    (["colour"], "names columns \\['colour'\\] that are not in X"),
    ([7], "out of range"),
    ([True, False], "one entry per column"),
    ("auto", "must be 'from_dtype'"),
])
def test_categorical_mask_errors_name_the_problem(spec, match):
    with pytest.raises(ValueError, match=match):
        categorical_mask(table(), spec)


def test_column_names_need_a_dataframe():
    with pytest.raises(ValueError, match="X has no column names"):
        categorical_mask(np.zeros((3, 2)), ["a"])


@pytest.mark.parametrize("numeric_transform", ["quantile", "range", "mode"])
def test_round_trip_keeps_values_and_dtypes(numeric_transform):
    df = table()
    df.loc[3, "name"] = np.nan  # NaN is a category of its own
    t = TabularTransformer(numeric_transform=numeric_transform, random_state=0).fit(df)
    Z = t.transform(df)
    assert Z.dtype == np.float32
    # numeric, the numeric columns' modes, then pet, name (+NaN), flag
    assert Z.shape == (len(df), 3 + sum(t.mode_sizes_) + 3 + 3 + 2)
    assert t.output_sizes_ == (3, 3, 2)
    assert (len(t.mode_sizes_) == 3) == (numeric_transform == "mode")
    back = t.inverse_transform(Z)
    pd.testing.assert_frame_equal(back, df)
    assert back["pet"].cat.categories.tolist() == ["fish", "dog", "cat", "bird"]
    assert back["name"].isna().sum() == 1


@pytest.mark.parametrize("numeric_transform", ["quantile", "range", "mode"])
def test_decoded_generated_rows_are_valid_values(numeric_transform):
    df = table(200)
    t = TabularTransformer(numeric_transform=numeric_transform, random_state=0).fit(df)
    Z = np.random.RandomState(0).uniform(-1, 1, size=(500, t.transform(df).shape[1]))
    out = t.inverse_transform(Z)
    assert (out.dtypes == df.dtypes).all()
    for column in ("count", "amount", "small"):
        assert out[column].min() >= df[column].min()
        assert out[column].max() <= df[column].max()
    assert set(out["name"]) <= set(df["name"])
    assert (out["count"] == np.round(out["count"])).all()


def test_quantile_transform_reproduces_a_point_mass_exactly():
    rng = np.random.RandomState(0)
    x = np.where(rng.uniform(size=1000) < 0.4, 0.0, rng.lognormal(0, 1, 1000))
    t = TabularTransformer(numeric_transform="quantile").fit(x[:, None])
    # the encoded range's share held by the zeros decodes to exact zeros
    grid = np.linspace(-1, 1, 2001)[:, None]
    decoded = t.inverse_transform(grid)[:, 0]
    assert abs(np.mean(decoded == 0.0) - np.mean(x == 0)) < 0.005
    # a linear scaling spreads them out instead
    t_range = TabularTransformer(numeric_transform="range").fit(x[:, None])
    assert np.mean(t_range.inverse_transform(grid)[:, 0] == 0.0) < 0.01


def two_peaks(n=400, seed=0):
    rng = np.random.RandomState(seed)
    return np.r_[rng.normal(0, 1, n // 2), rng.normal(100, 2, n - n // 2)]


def test_mode_normalizer_finds_the_modes_and_round_trips():
    x = two_peaks()
    lognormal = np.random.RandomState(1).lognormal(0, 1, len(x))
    X = np.c_[x, lognormal, np.full(len(x), 7.0)]
    normalizer = ModeNormalizer(random_state=0).fit(X)
    assert normalizer.n_modes_[0] == 2 and normalizer.n_modes_[2] == 1
    assert normalizer.n_modes_[1] > 1  # a long tail takes modes of its own
    assert sorted(normalizer.means_[0]) == pytest.approx([0, 100], abs=0.5)
    assert sorted(normalizer.stds_[0]) == pytest.approx([1, 2], rel=0.2)
    for weights in normalizer.weights_:
        assert weights.sum() == pytest.approx(1.0)
    Z = normalizer.transform(X)
    assert Z.shape == (len(X), 3 + sum(normalizer.n_modes_))
    assert np.abs(Z[:, :3]).max() <= 1.0
    blocks = np.split(Z[:, 3:], np.cumsum(normalizer.n_modes_)[:-1], axis=1)
    for block in blocks:  # one mode per value
        assert set(np.unique(block)) == {0.0, 1.0} or block.shape[1] == 1
        assert (block.sum(axis=1) == 1).all()
    # each peak is one mode, and the value sits on that mode's scale
    peak = blocks[0].argmax(axis=1)
    assert len(set(peak[x < 50])) == 1 and len(set(peak[x > 50])) == 1
    # on the mode's own scale: a standard deviation is a quarter, no clipping
    for side in (x < 50, x > 50):
        assert Z[side, 0].std() == pytest.approx(0.25, rel=0.01)
    assert np.abs(Z[:, 0]).max() < 1
    np.testing.assert_allclose(normalizer.inverse_transform(Z), X, rtol=1e-12)


@parametrize_with_checks([ModeNormalizer(random_state=0)])
def test_mode_normalizer_is_a_scikit_learn_transformer(estimator, check):
    check(estimator)


def test_mode_normalizer_is_reproducible_and_subsamples():
    X = np.c_[two_peaks(3000), np.random.RandomState(2).lognormal(0, 1, 3000)]
    a = ModeNormalizer(random_state=0).fit(X)
    b = ModeNormalizer(random_state=0).fit(X)
    assert all(np.array_equal(u, v) for u, v in zip(a.means_, b.means_))
    small = ModeNormalizer(subsample=500, random_state=0).fit(X)
    assert sorted(small.means_[0]) == pytest.approx([0, 100], abs=1.0)


def test_mode_normalizer_clips_a_rare_outlier_to_the_edge_of_its_mode():
    """A value too rare for a mode of its own, more than 4 standard
    deviations from the kept mode, is encoded at the edge of that mode."""
    x = np.r_[np.zeros(499), 1.0][:, None]
    normalizer = ModeNormalizer(random_state=0).fit(x)
    assert normalizer.n_modes_ == (1,)
    Z = normalizer.transform(x)
    assert Z[-1, 0] == 1.0
    edge = normalizer.means_[0][0] + 4 * normalizer.stds_[0][0]
    assert normalizer.inverse_transform(Z)[-1, 0] == pytest.approx(edge)
    np.testing.assert_allclose(normalizer.inverse_transform(Z)[:-1], 0.0, atol=1e-12)


def test_mode_decoding_keeps_values_near_the_modes():
    """Any encoded value decodes within 4 standard deviations of one of the
    column's modes, so a generator cannot fill the gap between two peaks,
    which a linear range spans."""
    x = two_peaks()
    grid = np.random.RandomState(0).uniform(-1, 1, (1000, 1))
    t = TabularTransformer(numeric_transform="mode", random_state=0).fit(x[:, None])
    Z = np.hstack([grid, np.random.RandomState(1).uniform(
        size=(1000, sum(t.mode_sizes_)))])
    decoded = t.inverse_transform(Z)[:, 0]
    assert not ((decoded > 10) & (decoded < 90)).any()
    assert (decoded < 10).any() and (decoded > 90).any()
    spread = TabularTransformer(numeric_transform="range").fit(x[:, None])
    decoded = spread.inverse_transform(grid)[:, 0]
    assert ((decoded > 10) & (decoded < 90)).mean() > 0.5


def test_mode_feature_names_and_layout():
    df = table()[["amount", "flag", "count"]]
    t = TabularTransformer(numeric_transform="mode", random_state=0).fit(df)
    names = t.get_feature_names_out().tolist()
    modes = [f"amount_mode{m}" for m in range(t.mode_sizes_[0])]
    modes += [f"count_mode{m}" for m in range(t.mode_sizes_[1])]
    assert names == ["amount", "count", *modes, "flag_False", "flag_True"]
    assert len(names) == t.transform(df).shape[1]


def test_numeric_arrays_scale_as_the_range_scaler_did():
    X = np.random.RandomState(0).normal(size=(50, 4)) * [1, 10, 100, 1000]
    t = TabularTransformer(numeric_transform="range").fit(X)
    expected = RangeScaler().fit_transform(X).astype(np.float32)
    np.testing.assert_array_equal(t.transform(X), expected)
    np.testing.assert_allclose(t.inverse_transform(t.transform(X)), X, rtol=1e-5)
    assert t.inverse_transform(t.transform(X)).dtype == np.float64


def test_integer_arrays_come_back_as_integers():
    X = np.random.RandomState(0).randint(0, 9, size=(40, 3))
    t = TabularTransformer().fit(X)
    out = t.inverse_transform(np.random.RandomState(1).uniform(-1, 1, (10, 3)))
    assert out.dtype == X.dtype


def test_object_array_with_declared_categorical_column():
    X = np.array([[1.5, "a"], [2.5, "b"], [3.5, "a"]], dtype=object)
    t = TabularTransformer(categorical_features=[1]).fit(X)
    out = t.inverse_transform(t.transform(X))
    assert out.dtype == object
    assert out[:, 1].tolist() == ["a", "b", "a"]
    np.testing.assert_allclose(out[:, 0].astype(float), [1.5, 2.5, 3.5])


@pytest.mark.parametrize("numeric_transform", ["range", "quantile", "mode"])
def test_numeric_missing_values_get_a_block_and_come_back(numeric_transform):
    """A numeric column with missing values is encoded as its median plus a
    block ``[observed, missing]`` after the modes and before the categories,
    and decoded to NaN exactly where the block says missing."""
    df = table()
    df["amount"] = df["amount"].astype(float)
    df.loc[[2, 5], "amount"] = np.nan
    t = TabularTransformer(numeric_transform=numeric_transform, random_state=0).fit(df)
    np.testing.assert_array_equal(t.missing_mask_, [False] * 4 + [True, False])
    names = list(t.get_feature_names_out())
    start = t.n_numeric_ + sum(t.mode_sizes_)
    assert names[start:start + 2] == ["amount_observed", "amount_missing"]
    assert names[start + 2].startswith("pet_")
    Z = t.transform(df)
    assert Z.shape[1] == len(names) and not np.isnan(Z).any()
    np.testing.assert_array_equal(Z[:, start + 1], df["amount"].isna())
    np.testing.assert_array_equal(Z[:, start], df["amount"].notna())
    # the missing entries are encoded as the observed values' median
    median = t.transform(df.fillna({"amount": df["amount"].median()}))
    np.testing.assert_array_equal(Z[:, :start], median[:, :start])
    back = t.inverse_transform(Z)
    assert back.dtypes.equals(df.dtypes)
    np.testing.assert_array_equal(back["amount"].isna(), df["amount"].isna())
    np.testing.assert_allclose(back["amount"], df["amount"], rtol=1e-3)
    # the block alone decides: flipping it hides a value, or brings one back
    Z[:, [start, start + 1]] = Z[:, [start + 1, start]]
    flipped = t.inverse_transform(Z)["amount"]
    np.testing.assert_array_equal(flipped.isna(), df["amount"].notna())
    assert flipped.notna().sum() == 2


def test_numeric_transforms_are_fitted_on_the_observed_values():
    rng = np.random.RandomState(0)
    x = rng.lognormal(0, 1, 400)
    with_nan = np.where(rng.uniform(size=400) < 0.5, np.nan, x)[:, None]
    observed = with_nan[~np.isnan(with_nan[:, 0])]
    for numeric_transform in ("range", "quantile", "mode"):
        a = TabularTransformer(numeric_transform=numeric_transform, random_state=0)
        b = TabularTransformer(numeric_transform=numeric_transform, random_state=0)
        a.fit(with_nan)
        b.fit(observed)
        new = np.linspace(x.min(), x.max(), 50)[:, None]
        # the same encoding of values as without the missing rows (beside
        # the block, which says "observed")
        np.testing.assert_allclose(a.transform(new)[:, :-2], b.transform(new), atol=1e-6)
        np.testing.assert_array_equal(a.transform(new)[:, -2:], [[1, 0]] * 50)
    assert a.data_min_[0] == observed.min() and a.data_max_[0] == observed.max()


@pytest.mark.parametrize("column, dtype", [("count", "Int64"), ("amount", "Float64")])
def test_pandas_missing_value_in_a_nullable_numeric_column_comes_back_as_na(
        column, dtype):
    # pandas' NA (not NaN) marks the missing entries of nullable columns
    df = table()
    df[column] = df[column].astype(dtype)
    df.loc[3, column] = pd.NA
    t = TabularTransformer().fit(df)
    assert t.missing_mask_.sum() == 1
    back = t.inverse_transform(t.transform(df))
    assert back[column].dtype == dtype and back[column].isna().tolist() == (
        df[column].isna().tolist())
    pd.testing.assert_series_equal(back[column], df[column], rtol=1e-3)


def test_missing_value_in_a_column_complete_in_fit_is_imputed():
    """As scikit-learn's SimpleImputer: the median, and no block, since the
    networks have none for that column."""
    df = table()
    t = TabularTransformer().fit(df)
    assert not t.missing_mask_.any()
    row = df.iloc[:1].copy()
    row["amount"] = np.nan
    median = df.iloc[:1].copy()
    median["amount"] = df["amount"].median()
    np.testing.assert_allclose(t.transform(row), t.transform(median))
    # an array row of missing values in every numeric column
    X = df[["count", "amount", "small"]].to_numpy(float)
    t = TabularTransformer().fit(X)
    np.testing.assert_allclose(t.transform(np.full((1, 3), np.nan)),
                               t.transform(np.median(X, axis=0, keepdims=True)))


def test_a_row_missing_a_category_seen_in_fit_transforms_alone():
    """A batch of one row whose categorical value is NaN (a category seen in
    fit) is encoded, not taken for a column of missing values."""
    df = table()
    df["name"] = df["name"].astype(object)
    df.loc[3, "name"] = np.nan
    t = TabularTransformer().fit(df)
    Z = t.transform(df.iloc[[3]])
    assert t.inverse_transform(Z)["name"].isna().all()


def test_mode_normalizer_disregards_missing_values_in_fit_and_keeps_them():
    X = np.c_[two_peaks(400), np.random.RandomState(3).normal(0, 1, 400)]
    with_nan = X.copy()
    with_nan[::7, 0] = np.nan
    a = ModeNormalizer(random_state=0).fit(with_nan)
    b = ModeNormalizer(random_state=0).fit(np.r_[X[np.arange(400) % 7 > 0, :1]])
    np.testing.assert_allclose(np.sort(a.means_[0]), np.sort(b.means_[0]))
    Z = a.transform(with_nan)
    start = 2  # the first column's block of modes follows the two values
    assert np.isnan(Z[::7, 0]).all() and not np.isnan(Z[1::7, 0]).any()
    assert np.isnan(Z[::7, start:start + a.n_modes_[0]]).all()
    assert not np.isnan(Z[:, 1]).any()
    back = a.inverse_transform(Z)
    np.testing.assert_array_equal(np.isnan(back), np.isnan(with_nan))


def test_all_missing_column_is_refused():
    df = table()
    df["empty"] = pd.Series([None] * len(df), dtype=object)
    with pytest.raises(ValueError, match="Column 'empty' holds only missing values"):
        TabularTransformer().fit(df)


def test_non_numeric_value_in_a_numeric_column_is_named():
    X = np.array([[1.0, "a"], [2.0, "b"]], dtype=object)
    with pytest.raises(ValueError, match="Column 1 holds the non-numeric value 'a'"):
        TabularTransformer(categorical_features=[]).fit(X)


def test_unknown_category_at_transform_names_column_and_value():
    df = table()
    t = TabularTransformer().fit(df)
    other = df.copy()
    other["name"] = other["name"].astype(object)
    other.loc[0, "name"] = "zoe"
    with pytest.raises(ValueError, match="Column 'name' holds categories \\['zoe'\\] "
                                         "that were not seen in fit"):
        t.transform(other)


def test_single_value_columns_are_handled():
    df = pd.DataFrame({"const": [5] * 10, "one": ["x"] * 10, "v": np.arange(10.0)})
    t = TabularTransformer().fit(df)
    out = t.inverse_transform(np.random.RandomState(0).uniform(-1, 1, (7, 3)))
    assert (out["const"] == 5).all() and (out["one"] == "x").all()


def test_many_categories_warn():
    df = pd.DataFrame({"id": [f"c{i}" for i in range(MAX_CATEGORIES + 1)]})
    with pytest.warns(UserWarning, match=f"'id' has {MAX_CATEGORIES + 1} categories"):
        TabularTransformer().fit(df)


def test_feature_names_out_list_the_encoded_columns():
    df = table()[["amount", "flag"]]
    t = TabularTransformer().fit(df)
    assert t.get_feature_names_out().tolist() == ["amount", "flag_False", "flag_True"]


def test_tabular_output_gives_exact_one_hots_with_gradients():
    torch.manual_seed(0)
    head = TabularOutput(2, (3, 2))
    logits = torch.randn(64, 7, requires_grad=True)
    out = head(logits)
    assert out[:, :2].abs().max() < 1  # tanh
    blocks = out[:, 2:].split([3, 2], dim=1)
    for block in blocks:
        assert set(block.unique().tolist()) <= {0.0, 1.0}
        assert (block.sum(1) == 1).all()
    (out[:, 2:5] * torch.tensor([1.0, 0.0, 0.0])).sum().backward()
    assert logits.grad[:, 2:5].abs().sum() > 0  # straight-through gradient


def test_tabular_output_samples_the_learned_proportions():
    torch.manual_seed(0)
    head = TabularOutput(0, (2,)).eval()
    logits = torch.log(torch.tensor([[0.8, 0.2]])).repeat(4000, 1)
    share = head(logits)[:, 0].mean().item()
    assert abs(share - 0.8) < 0.03


def test_generator_with_categorical_heads():
    G = MLPGenerator(4, 5, (8,), categorical_sizes=(2, 2)).eval()
    out = G(torch.randn(10, 4))
    assert out.shape == (10, 5)
    assert (out[:, 1:3].sum(1) == 1).all() and (out[:, 3:].sum(1) == 1).all()


def dated_table(n=90, seed=0):
    rng = np.random.RandomState(seed)
    days = pd.Timestamp("2021-01-01") + pd.to_timedelta(rng.randint(0, 700, n), unit="D")
    df = pd.DataFrame({
        "day": days,                                               # whole days
        "seconds": days.astype("datetime64[s]") + pd.to_timedelta(
            rng.randint(0, 86_400, n), unit="s"),                  # unit "s"
        "local": pd.Series(pd.date_range("2021-03-20", periods=n, freq="37min",
                                         tz="Europe/Paris")),      # a time zone
        "wait": pd.to_timedelta(rng.randint(0, 500, n), unit="min"),
        "amount": rng.lognormal(0, 1, n),
    })
    df.loc[[3, 7], "wait"] = pd.NaT
    return df


@pytest.mark.parametrize("numeric_transform", ["range", "quantile", "mode"])
def test_dates_and_durations_are_numbers_that_come_back_in_their_unit(
        numeric_transform):
    """Columns of dates and durations are encoded as seconds, like numeric
    columns, and decoded to their dtype (unit and time zone included),
    rounded to the largest unit that every value seen in fit is a multiple
    of; NaT is a missing value."""
    df = dated_table()
    t = TabularTransformer(numeric_transform=numeric_transform, random_state=0).fit(df)
    np.testing.assert_array_equal(t.time_mask_, [True, True, True, True, False])
    assert t.missing_mask_.tolist() == [False, False, False, True, False]
    back = t.inverse_transform(t.transform(df))
    assert back.dtypes.equals(df.dtypes)
    for column in ("day", "local", "wait"):
        pd.testing.assert_series_equal(back[column], df[column])
    # whole seconds over two years are finer than the float32 encoding holds
    # (about 4 s in 6e7): they come back to within a few seconds
    assert (back["seconds"] - df["seconds"]).abs().max() <= pd.Timedelta("10s")
    # generated rows: within the range seen in fit, in whole units
    Z = np.random.RandomState(1).uniform(-1, 1, (200, t.transform(df).shape[1]))
    new = t.inverse_transform(Z)
    assert new.dtypes.equals(df.dtypes)
    for column in ("day", "seconds", "local"):
        assert new[column].between(df[column].min(), df[column].max()).all()
    assert (new["day"] == new["day"].dt.normalize()).all()  # midnight
    assert (new["seconds"].dt.microsecond == 0).all()
    assert (new["local"].dt.second == 0).all()  # every 37 minutes: minutes
    assert (new["wait"].dropna() % pd.Timedelta("1min") == pd.Timedelta(0)).all()
    assert new["wait"].isna().any() and new["wait"].notna().any()


def test_a_column_that_changes_between_dates_and_numbers_is_named():
    df = dated_table()
    t = TabularTransformer().fit(df)
    other = df.assign(day=np.arange(len(df), dtype=float))
    with pytest.raises(ValueError, match="Column 'day' holds float64 values, but "
                                         "datetime64"):
        t.transform(other)
    with pytest.raises(ValueError, match="An array of dates or durations"):
        TabularTransformer().fit(df[["day"]].to_numpy())


def test_columns_of_dates_get_blocks_of_their_months_weekdays_and_hours():
    """A column of dates that spans several months gets a one-hot block of
    the months seen in fit, one that is not all on one day of the month a
    block of the weekdays seen, and one that holds several hours of the day
    a block of those hours (after the [observed, missing] pairs, before the
    categories); decoding moves each date to its block's month of the same
    year (keeping the day where the month has it), weekday of the same
    month (fewer than 7 days away) and hour of the same day."""
    df = dated_table().assign(pet=pd.Categorical(["cat", "dog"] * 45))
    t = TabularTransformer().fit(df)
    # "local" spans three days of March (Saturday to Monday): no block of
    # months, three weekdays; "day" holds whole days: no block of hours
    assert t.month_sizes_ == (12, 12) and t.hour_sizes_ == (24, 24)
    assert t.weekday_sizes_ == (7, 7, 3)
    names = list(t.get_feature_names_out())
    start = t.n_numeric_ + 2  # after the values and wait's pair
    assert names[start:start + 2] == ["day_month1", "day_month2"]
    assert names[start + 12] == "seconds_month1"
    assert names[start + 24:start + 26] == ["day_weekday0", "day_weekday1"]
    assert names[start + 38:start + 41] == ["local_weekday0", "local_weekday5",
                                            "local_weekday6"]
    assert names[start + 41:start + 43] == ["seconds_hour0", "seconds_hour1"]
    assert names[start + 65] == "local_hour0" and names[start + 89] == "pet_cat"
    Z = t.transform(df)
    np.testing.assert_array_equal(Z[:, start + 24:start + 31].argmax(axis=1),
                                  df["day"].dt.dayofweek)
    # Friday for every row: the Friday of the same month fewer than 7 days
    # away, which a date already on a Friday keeps
    Z[:, start + 24:start + 31] = np.eye(7)[4]
    moved = t.inverse_transform(Z)["day"]
    assert (moved.dt.dayofweek == 4).all()
    np.testing.assert_array_equal(moved.dt.month, df["day"].dt.month)
    assert (abs(moved - df["day"]) < pd.Timedelta(days=7)).all()
    friday = df["day"].dt.dayofweek == 4
    np.testing.assert_array_equal(moved[friday], df["day"][friday])
    Z = t.transform(df)
    np.testing.assert_array_equal(Z[:, start:start + 12].argmax(axis=1) + 1,
                                  df["day"].dt.month)
    # February for every row: same year, the day kept (or the last of
    # February), then moved by fewer than 7 days to the row's own weekday
    Z[:, start:start + 12] = np.eye(12)[1]
    moved = t.inverse_transform(Z)["day"]
    assert (moved.dt.month == 2).all()
    # (the dates span 2021-01-01 to late 2022: no February leaves that range)
    np.testing.assert_array_equal(moved.dt.year, df["day"].dt.year)
    np.testing.assert_array_equal(moved.dt.dayofweek, df["day"].dt.dayofweek)
    assert (abs(moved.dt.day - np.minimum(df["day"].dt.day, 28)) < 7).all()
    # 1 pm for every row of "local": same day, same minutes
    Z = t.transform(df)
    Z[:, start + 65:start + 89] = np.eye(24)[13]
    local = t.inverse_transform(Z)["local"]
    inside = df["local"].dt.day < 22  # the last day ends at 6:53 am: clipped
    assert (local.dt.hour[inside] == 13).all()
    np.testing.assert_array_equal(local.dt.minute[inside],
                                  df["local"].dt.minute[inside])
    np.testing.assert_array_equal(local.dt.day[inside], df["local"].dt.day[inside])
    assert (local[~inside] == df["local"].max()).all()


def test_float_columns_come_back_with_their_decimals():
    """A float column whose values are written with few decimals (a
    measurement to 0.1, counts stored as floats beside NaN) gets generated
    values with those decimals; one with arbitrary values keeps them."""
    rng = np.random.RandomState(0)
    df = pd.DataFrame({
        "tenths": np.round(rng.normal(40, 5, 200), 1),
        "counts": np.where(rng.uniform(size=200) < 0.1, np.nan,
                           rng.poisson(3, 200)).astype(float),
        "free": rng.normal(size=200),
        "small": np.float32(np.round(rng.uniform(0, 1, 200), 2)),
    })
    t = TabularTransformer().fit(df)
    Z = np.random.RandomState(1).uniform(-1, 1, (300, t.transform(df).shape[1]))
    new = t.inverse_transform(Z)
    assert new.dtypes.equals(df.dtypes)
    np.testing.assert_array_equal(new["tenths"], np.round(new["tenths"], 1))
    assert not np.array_equal(new["tenths"], np.round(new["tenths"]))
    counts = new["counts"].dropna()
    np.testing.assert_array_equal(counts, np.round(counts))
    np.testing.assert_allclose(new["small"], np.round(new["small"], 2), atol=1e-7)
    assert not np.allclose(new["free"], np.round(new["free"], 6), atol=0, rtol=1e-12)
    # the encoding of the training rows is unchanged: a round trip is exact
    back = t.inverse_transform(t.transform(df))
    np.testing.assert_allclose(back["tenths"], df["tenths"])


def _sparse_table(dtype, missing):
    """200 rows of 6 numeric columns, 60% zeros, one column without zeros
    (so without implicit ones), one of small integers, values with two
    decimals and, if ``missing``, 5% NaN."""
    rng = np.random.RandomState(0)
    X = rng.normal(size=(200, 6)).round(2)
    X[rng.rand(*X.shape) < 0.6] = 0
    X[:, 3] = np.abs(X[:, 3]) + 1
    X[:, 4] = rng.randint(0, 3, 200)
    if missing:
        X[rng.rand(*X.shape) < 0.05] = np.nan
    return X.astype(dtype)


@pytest.mark.parametrize("dtype, missing", [(np.float64, True), (np.float32, True),
                                            (np.int64, False)])
@pytest.mark.parametrize("to_sparse", [sp.csr_matrix, sp.csc_matrix, sp.coo_array])
def test_sparse_fit_learns_what_the_dense_fit_learns(dtype, missing, to_sparse):
    """A SciPy sparse matrix is fitted column by column on its stored values
    and its implicit zeros, and the encoder learns what it learns from the
    dense array: bounds, missing values, medians, decimals, integers."""
    X = _sparse_table(dtype, missing)
    dense, sparse = TabularTransformer().fit(X), TabularTransformer().fit(to_sparse(X))
    for name in ("data_min_", "data_max_", "missing_mask_", "integer_mask_",
                 "categorical_mask_", "output_sizes_", "mode_sizes_", "n_numeric_",
                 "n_features_in_", "_rounding"):
        np.testing.assert_array_equal(getattr(sparse, name), getattr(dense, name))
    assert sparse.data_min_.dtype == dense.data_min_.dtype
    assert sparse.missing_mask_.any() == missing
    # column 3 has no zero: its bounds are its stored values' own
    assert dense.data_min_[3] >= 1
    np.testing.assert_array_equal(sparse._imputer.statistics_,
                                  dense._imputer.statistics_)
    Z = dense.transform(X)
    np.testing.assert_array_equal(sparse.transform(X), Z)
    np.testing.assert_array_equal(sparse.inverse_transform(Z), dense.inverse_transform(Z))


def test_sparse_fit_makes_no_dense_copy():
    """The sparse fit reads stored values only: its peak memory stays far
    below the dense array's (20,000 x 500 floats, 80 MB)."""
    import tracemalloc

    X = sp.random(20_000, 500, density=0.002, format="csr", random_state=0)
    tracemalloc.start()
    TabularTransformer().fit(X)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert peak < X.shape[0] * X.shape[1] * 8 / 20


def test_sparse_matrix_is_made_dense_for_the_transforms_that_read_whole_columns():
    """Under "quantile" and "mode" (whole columns), and with declared
    categorical columns, the sparse matrix is fitted as its dense array."""
    X = _sparse_table(np.float64, missing=False)
    for params in ({"numeric_transform": "quantile"},
                   {"categorical_features": [4]}):
        dense = TabularTransformer(**params).fit(X)
        sparse = TabularTransformer(**params).fit(sp.csr_matrix(X))
        np.testing.assert_array_equal(sparse.transform(X), dense.transform(X))
