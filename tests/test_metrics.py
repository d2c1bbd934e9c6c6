import numpy as np
import pytest
from scipy.stats import ks_2samp
from sklearn.tree import DecisionTreeClassifier

from sklgan.metrics import class_fidelity_score, column_wasserstein_distance, tstr_score


def test_class_fidelity_rewards_right_classes(iris):
    X, y = iris
    assert class_fidelity_score(X, y, X, y) > 0.95
    assert class_fidelity_score(X, y, X, (y + 1) % 3) < 0.05
    tree = DecisionTreeClassifier(random_state=0)
    assert class_fidelity_score(X, y, X, y, estimator=tree) == 1.0


def test_tstr_is_accuracy_of_a_model_trained_on_synthetic(iris):
    X, y = iris
    assert tstr_score(X[::2], y[::2], X[1::2], y[1::2]) > 0.9
    # labels scrambled in the synthetic set: the model learns nothing useful
    scrambled = np.random.RandomState(0).permutation(y[::2])
    assert tstr_score(X[::2], scrambled, X[1::2], y[1::2]) < 0.6


def test_column_wasserstein_distance_is_scale_free():
    rng = np.random.RandomState(0)
    X = rng.normal(size=(3000, 3)) * [1.0, 100.0, 0.01]
    per_column = column_wasserstein_distance(X, X * [1, 1, 1] + [0, 50.0, 0],
                                             multioutput="raw_values")
    assert per_column.shape == (3,)
    assert per_column[0] == 0 and per_column[2] == 0
    assert per_column[1] == pytest.approx(0.5, rel=0.05)
    assert column_wasserstein_distance(X, X) == 0.0
    constant = np.ones((10, 1))
    assert column_wasserstein_distance(constant, constant + 2) == pytest.approx(2.0)


def test_metrics_reject_mismatched_columns(iris):
    X, y = iris
    for call in (lambda: class_fidelity_score(X, y, X[:, :3], y),
                 lambda: tstr_score(X, y, X[:, :2], y),
                 lambda: column_wasserstein_distance(X, X[:, :1])):
        with pytest.raises(ValueError, match="same columns"):
            call()
    with pytest.raises(ValueError, match="inconsistent numbers of samples"):
        tstr_score(X, y[:10], X, y)
    with pytest.raises(ValueError, match="multioutput"):
        column_wasserstein_distance(X, X, multioutput="mean")


# -- mixed-type tables ------------------------------------------------------
def _table(n=400, seed=0):
    pd = pytest.importorskip("pandas")
    rng = np.random.RandomState(seed)
    a = rng.normal(size=n)
    return pd.DataFrame({
        "a": a, "b": a + 0.2 * rng.normal(size=n),
        "pet": np.where(a > 0, "cat", "dog"),
        "n": rng.poisson(2, n),
    })


def test_column_distances_read_in_zero_to_one():
    from sklgan.metrics import column_distances

    real = _table()
    np.testing.assert_array_equal(column_distances(real, real), 0.0)
    other = real.copy()
    other["pet"] = "bird"           # disjoint categories: distance 1
    other["a"] = real["a"] + 100    # disjoint values: KS statistic 1
    np.testing.assert_allclose(column_distances(real, other), [1, 0, 1, 0])


def test_association_difference_sees_a_broken_dependency():
    from sklgan.metrics import association_difference

    real = _table()
    shuffled = real.copy()
    rng = np.random.RandomState(1)
    shuffled["b"] = rng.permutation(shuffled["b"].to_numpy())
    shuffled["pet"] = rng.permutation(shuffled["pet"].to_numpy())
    diff = association_difference(real, shuffled)
    assert np.allclose(diff, diff.T) and (np.diag(diff) == 0).all()
    assert diff[0, 1] > 0.4    # a and b: rho ~ 0.98 -> ~ 0, halved
    assert diff[0, 2] > 0.6    # a and pet: correlation ratio ~ 0.8 -> ~ 0
    assert diff[0, 3] < 0.1    # a and n were independent and still are


def test_tabular_quality_score_orders_copies_and_noise():
    from sklgan.metrics import tabular_quality_score

    real = _table()
    assert tabular_quality_score(real, real) == 1.0
    close = _table(seed=2)
    noise = close.copy()
    rng = np.random.RandomState(0)
    for column in noise:
        noise[column] = rng.permutation(noise[column].to_numpy())
    noise["a"] = noise["a"] * 3
    assert tabular_quality_score(real, close) > tabular_quality_score(real, noise)


def test_table_metrics_reject_mismatched_columns():
    from sklgan.metrics import column_distances

    real = _table()
    with pytest.raises(ValueError, match="same columns"):
        column_distances(real, real[["a", "b"]])


def test_fidelity_with_an_estimator_that_reads_tables():
    from sklearn.compose import make_column_transformer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import OneHotEncoder

    from sklgan.metrics import class_fidelity_score

    X = _table()
    y = (X["pet"] == "cat").to_numpy().astype(int)
    judge = make_pipeline(make_column_transformer(
        (OneHotEncoder(), ["pet"]), remainder="passthrough"), LogisticRegression())
    assert class_fidelity_score(X, y, X, y, estimator=judge) == 1.0
    assert class_fidelity_score(X, y, X, 1 - y, estimator=judge) == 0.0


def test_default_judge_one_hot_encodes_the_categorical_columns_of_a_table():
    from sklearn.compose import make_column_transformer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import OneHotEncoder, StandardScaler

    from sklgan.datasets import make_mixed_table

    X, y = make_mixed_table(300, random_state=0)
    X_test, y_test = make_mixed_table(200, random_state=1)
    categorical = ["region", "education", "employed"]  # category, object, bool
    explicit = make_pipeline(make_column_transformer(
        (OneHotEncoder(handle_unknown="ignore"), categorical),
        remainder=StandardScaler()), LogisticRegression(max_iter=2000))
    # what a user would have to write by hand, for the default judge
    assert tstr_score(X, y, X_test, y_test) == tstr_score(
        X, y, X_test, y_test, estimator=explicit)
    assert class_fidelity_score(X, y, X_test, y_test) == class_fidelity_score(
        X, y, X_test, y_test, estimator=explicit)
    assert 0.5 < tstr_score(X, y, X_test, y_test) < 1.0


def test_tables_are_matched_by_column_name():
    from sklgan.metrics import column_distances, tabular_quality_score

    real, synthetic = _table(seed=0), _table(seed=1)
    shuffled = synthetic[["n", "pet", "b", "a"]]
    np.testing.assert_array_equal(column_distances(real, shuffled),
                                  column_distances(real, synthetic))
    assert tabular_quality_score(real, shuffled) == tabular_quality_score(
        real, synthetic)
    y = (real["pet"] == "cat").to_numpy().astype(int)
    assert tstr_score(real, y, shuffled, y) == tstr_score(real, y, synthetic, y)
    renamed = synthetic.rename(columns={"pet": "animal"})
    with pytest.raises(ValueError, match=r"lacks \['pet'\] and has \['animal'\]"):
        column_distances(real, renamed)
    with pytest.raises(ValueError, match="same columns"):
        class_fidelity_score(real, y, renamed, y)


def _best_over_renamings(labels_true, labels_pred):
    """Brute force: the best accuracy over every one-to-one renaming of the
    clusters to classes (clusters left over count as errors)."""
    import itertools

    classes, clusters = np.unique(labels_true), np.unique(labels_pred)
    best = 0.0
    for chosen in itertools.permutations(classes, min(len(classes), len(clusters))):
        for kept in itertools.combinations(clusters, len(chosen)):
            for order in itertools.permutations(kept):
                mapping = dict(zip(order, chosen))
                hits = sum(mapping.get(c) == t for c, t in zip(labels_pred, labels_true))
                best = max(best, hits / len(labels_true))
    return best


@pytest.mark.parametrize("seed", range(6))
def test_matched_accuracy_is_the_best_one_to_one_renaming(seed):
    from sklgan.metrics import matched_accuracy_score

    rng = np.random.RandomState(seed)
    labels_true = rng.randint(3, size=12)
    labels_pred = rng.randint(2 + seed % 3, size=12)  # 2 to 4 clusters
    assert matched_accuracy_score(labels_true, labels_pred) == pytest.approx(
        _best_over_renamings(labels_true, labels_pred))


def test_matched_accuracy_ignores_how_clusters_are_named():
    from sklgan.metrics import matched_accuracy_score

    assert matched_accuracy_score([0, 0, 1, 1, 2], [7, 7, 3, 3, 5]) == 1.0
    assert matched_accuracy_score(["a", "a", "b"], [5, 5, 7]) == 1.0
    # one cluster for all: only the largest class is matched
    assert matched_accuracy_score([0, 1, 1, 2], [4, 4, 4, 4]) == 0.5
    # more clusters than classes: rows of unmatched clusters are errors
    assert matched_accuracy_score([0, 0, 1, 1], [0, 1, 2, 3]) == 0.5


def test_matched_accuracy_checks_its_input_as_scikit_learn_clustering_metrics():
    from sklearn.metrics import adjusted_rand_score

    from sklgan.metrics import matched_accuracy_score

    for metric in (adjusted_rand_score, matched_accuracy_score):
        with pytest.raises(ValueError, match="Input contains NaN"):
            metric([0, np.nan, 1], [0, 1, 1])
        with pytest.raises(ValueError, match="inconsistent numbers of samples"):
            metric([0, 1], [0])
        with pytest.raises(ValueError, match="must be 1D"):
            metric([[0, 1]], [[0, 1]])
        with pytest.warns(UserWarning, match="expects discrete values"):
            metric([0.5, 1.5], [0, 1])
    with pytest.raises(ValueError, match="at least one row"):
        matched_accuracy_score([], [])


def test_column_wasserstein_distance_names_categorical_columns():
    real, synthetic = _table(seed=0), _table(seed=1)
    with pytest.raises(ValueError, match=r"has categorical columns \['pet'\]: use "
                                         "column_distances"):
        column_wasserstein_distance(real, synthetic)
    # the numeric columns alone, and bool columns read as 0 and 1, are fine
    numeric = ["a", "b", "n"]
    assert column_wasserstein_distance(real[numeric], synthetic[numeric]) > 0
    flags = real[numeric].assign(flag=real["a"] > 0)
    assert column_wasserstein_distance(flags, flags) == 0.0
    # only X_synthetic has them; an object column of numbers converts
    with pytest.raises(ValueError, match=r"X_synthetic has categorical columns \['a'\]"):
        column_wasserstein_distance(real[numeric], synthetic[numeric].astype({"a": str})
                                    .assign(a=lambda t: "x" + t["a"]))
    as_objects = synthetic[numeric].astype({"a": object})
    assert column_wasserstein_distance(real[numeric], as_objects) == \
        column_wasserstein_distance(real[numeric], synthetic[numeric])
    # other columns are named as such, whatever their dtypes
    with pytest.raises(ValueError, match=r"must have the same columns; X_synthetic "
                                         r"lacks \['pet'\]"):
        column_wasserstein_distance(real, synthetic[numeric].assign(z=1.0))


def test_table_metrics_read_missing_numeric_values():
    from sklgan.metrics import association_difference, column_distances

    real = _table(n=100)
    holes = real.copy()
    holes.loc[:19, "a"] = np.nan  # 20% of one numeric column missing
    # a missing value counts as larger than every value: the share of
    # missing values is the distance between otherwise equal columns
    distances = column_distances(real, real.assign(a=real["a"].sort_values().to_numpy()))
    assert distances[0] == 0.0
    assert column_distances(holes, holes)[0] == 0.0
    shifted = real.assign(a=np.r_[real["a"].to_numpy()[20:], [np.nan] * 20])
    assert column_distances(real, shifted)[0] == pytest.approx(0.2)
    # ... infinite ones included: a missing value is not an infinite one
    infinite = real.assign(a=np.r_[real["a"].to_numpy()[20:], [np.inf] * 20])
    assert column_distances(infinite, shifted)[0] == pytest.approx(0.2)
    assert column_distances(infinite, infinite)[0] == 0.0
    # on complete columns the statistic is scipy's
    other = _table(n=70, seed=3)
    np.testing.assert_allclose(column_distances(real, other)[[0, 1, 3]], [
        ks_2samp(real[c], other[c]).statistic for c in ["a", "b", "n"]])
    # associations leave out the rows that miss a numeric value
    same = association_difference(holes, holes)
    assert not np.isnan(same).any() and np.all(same == 0)
    # the pairs with column "a" (its first row) are those of the rows it has
    kept = association_difference(holes.iloc[20:], real)
    np.testing.assert_allclose(association_difference(holes, real)[0], kept[0])
    assert not np.allclose(association_difference(holes, real)[1], kept[1])
    # pandas' NA of a nullable column reads as NaN
    nullable = holes.assign(a=holes["a"].astype("Float64"))
    assert nullable["a"].isna().sum() == 20
    np.testing.assert_array_equal(column_distances(nullable, holes), 0.0)
    np.testing.assert_allclose(column_distances(nullable, real),
                               column_distances(holes, real))


def test_table_metrics_read_dates_and_missing_values():
    """Dates are compared in seconds, and the default judge of
    class_fidelity_score and tstr_score reads dates and missing values
    (the median and an indicator) instead of failing."""
    pd = pytest.importorskip("pandas")
    from sklgan.metrics import class_fidelity_score, column_distances, tstr_score

    rng = np.random.RandomState(0)
    n = 200
    y = rng.randint(0, 2, n)
    day = pd.Timestamp("2020-01-01") + pd.to_timedelta(365 * y + rng.randint(0, 300, n),
                                                       unit="D")
    X = pd.DataFrame({"day": day, "v": np.where(y == 1, np.nan, rng.normal(size=n))})
    later = X.assign(day=X["day"] + pd.Timedelta(days=3000))
    assert column_distances(X, X)[0] == 0.0 and column_distances(X, later)[0] == 1.0
    # the class is in the date, and in whether v is missing
    assert class_fidelity_score(X, y, X, y) > 0.95
    assert tstr_score(X[["v"]], y, X[["v"]], y) == 1.0  # the indicator alone


def test_fidelity_and_tstr_name_missing_labels(iris):
    X, y = iris
    holes = y.astype(object)
    holes[[3, 70]] = None
    with pytest.raises(ValueError, match=r"y_synthetic holds 2 missing label"):
        class_fidelity_score(X, y, X, holes)
    with pytest.raises(ValueError, match=r"y_test holds 1 missing label"):
        tstr_score(X, y, X, np.r_[np.nan, y[1:]])


def test_labeled_accuracy_score_skips_unlabeled_rows():
    from sklgan.metrics import labeled_accuracy_score

    y_true = np.array([0, 1, -1, 1, -1])
    y_pred = np.array([0, 0, 1, 1, 0])
    assert labeled_accuracy_score(y_true, y_pred) == pytest.approx(2 / 3)
    # weights of the labeled rows only
    assert labeled_accuracy_score(y_true, y_pred,
                                  sample_weight=[1, 3, 9, 1, 9]) == pytest.approx(2 / 5)
    # string labels: "-1" (and the number -1 in an object array) is unlabeled
    words = np.array(["a", "b", "-1", "b", "-1"])
    guess = np.array(["a", "a", "b", "b", "a"])
    assert labeled_accuracy_score(words, guess) == pytest.approx(2 / 3)
    mixed = np.array(["a", "b", -1, "b", "-1"], dtype=object)
    assert labeled_accuracy_score(mixed, guess) == pytest.approx(2 / 3)
    with pytest.raises(ValueError, match="at least one labeled row"):
        labeled_accuracy_score([-1, -1], [0, 1])
    with pytest.raises(ValueError, match="y_true holds 1 missing label"):
        labeled_accuracy_score(np.array([0, None, 1], dtype=object), [0, 1, 1])


def test_labeled_accuracy_scorer_compares_semi_supervised_peers():
    """In cross-validation on a target with unlabeled rows, the scorer gives
    SGANClassifier its own score, and scikit-learn's semi-supervised
    estimators the accuracy on the labeled rows of each fold, where their
    own score counts the unlabeled rows as errors."""
    from sklearn.datasets import load_iris
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import make_scorer
    from sklearn.model_selection import cross_val_score
    from sklearn.semi_supervised import SelfTrainingClassifier

    from sklgan import SGANClassifier
    from sklgan.metrics import labeled_accuracy_score

    X, y = load_iris(return_X_y=True)
    y_semi = np.where(np.arange(len(y)) % 3 == 0, y, -1)
    scorer = make_scorer(labeled_accuracy_score)
    sgan = SGANClassifier(max_epochs=3, hidden_layer_sizes=(16,), random_state=0)
    np.testing.assert_allclose(cross_val_score(sgan, X, y_semi, cv=3, scoring=scorer),
                               cross_val_score(sgan, X, y_semi, cv=3))
    peer = SelfTrainingClassifier(LogisticRegression(max_iter=1000))
    fair = cross_val_score(peer, X, y_semi, cv=3, scoring=scorer)
    counted = cross_val_score(peer, X, y_semi, cv=3)  # its own score
    assert fair.min() > 0.8 and counted.max() < 0.5
