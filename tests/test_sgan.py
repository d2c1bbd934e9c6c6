import numpy as np
import pytest
import scipy.sparse as sp
import torch
from sklearn.base import clone
from sklearn.model_selection import GridSearchCV
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from sklgan import SGANClassifier
from sklgan._sgan import _choose_labeled, labeled_mask, neighbor_graph
from sklgan.datasets import make_mixed_table


def test_fit_predict_proba_sample(digits_semi, fast_params):
    X, y, y_semi = digits_semi
    clf = SGANClassifier(**fast_params).fit(X, y_semi)
    np.testing.assert_array_equal(clf.classes_, np.arange(10))
    proba = clf.predict_proba(X)
    assert proba.shape == (len(X), 10) and proba.dtype == np.float64
    np.testing.assert_allclose(proba.sum(1), 1, atol=1e-12)
    assert set(clf.predict(X)) <= set(clf.classes_)
    assert clf.n_features_in_ == 64 and clf.n_labeled_ == 60
    assert clf.n_iter_ == 3 == len(clf.history_)
    for key in ("d_loss", "g_loss", "sup_loss", "unsup_loss", "sup_acc", "dur"):
        assert np.isfinite(clf.history_[-1, key])
    samples = clf.sample(7, random_state=1)
    assert samples.shape == (7, 64)
    # in the units of X: inside the training range
    assert samples.min() >= X.min() - 1e-6 and samples.max() <= X.max() + 1e-6
    np.testing.assert_array_equal(samples, clf.sample(7, random_state=1))
    assert not np.array_equal(samples, clf.sample(7, random_state=2))


def test_learns_digits_with_few_labels(digits_semi):
    X, y, y_semi = digits_semi
    clf = SGANClassifier(max_epochs=30, hidden_layer_sizes=(128, 64), random_state=0)
    clf.fit(X, y_semi)
    unlabeled = y_semi == -1
    # far above chance (0.1) on the rows whose labels it never saw
    assert clf.score(X[unlabeled], y[unlabeled]) > 0.8


def test_reproducible_and_leaves_global_rng(digits_semi, fast_params):
    X, _, y_semi = digits_semi
    torch.manual_seed(123)
    state = torch.get_rng_state()
    a = SGANClassifier(**fast_params).fit(X, y_semi)
    assert torch.equal(state, torch.get_rng_state())
    b = SGANClassifier(**fast_params).fit(X, y_semi)
    np.testing.assert_array_equal(a.predict_proba(X), b.predict_proba(X))
    np.testing.assert_array_equal(a.sample(3, random_state=0),
                                  b.sample(3, random_state=0))


def test_string_labels_object_array_with_unlabeled(digits_semi, fast_params):
    X, _, y_semi = digits_semi
    names = np.array(["zero", "one", "two", "three", "four", "five", "six", "seven",
                      "eight", "nine"], dtype=object)
    y_obj = np.where(y_semi >= 0, names[np.clip(y_semi, 0, 9)], -1).astype(object)
    clf = SGANClassifier(**fast_params).fit(X, y_obj)
    assert sorted(clf.classes_) == sorted(names)
    assert set(clf.predict(X[:20])) <= set(names)
    # strings already coerced by NumPy: "-1" is unlabeled as well
    y_str = np.array([str(v) for v in y_obj])
    assert labeled_mask(y_str).sum() == 60
    assert labeled_mask(y_obj).sum() == 60


@pytest.mark.parametrize("dtype", [object, "string", "category"])
def test_pandas_string_labels_marked_with_the_string_minus_one(
        digits_semi, fast_params, dtype):
    # a Series of strings is an object array once converted, with "-1" kept
    # as a string: it marks unlabeled rows as in a NumPy string array
    pd = pytest.importorskip("pandas")
    X, _, y_semi = digits_semi
    y_str = np.where(y_semi >= 0, np.char.add("digit ", y_semi.astype(str)), "-1")
    y_pd = pd.Series(y_str, dtype=dtype)
    assert labeled_mask(y_pd).sum() == labeled_mask(y_str).sum() == 60
    a = SGANClassifier(**fast_params).fit(X, y_pd)
    b = SGANClassifier(**fast_params).fit(X, y_str)
    assert "-1" not in a.classes_ and len(a.classes_) == 10
    np.testing.assert_array_equal(a.classes_, b.classes_)
    np.testing.assert_array_equal(a.predict_proba(X[:20]), b.predict_proba(X[:20]))
    # score skips the rows marked "-1" as well
    assert a.score(X, y_pd) == b.score(X, y_str)


def test_cross_validation_of_string_labels_marked_with_the_string_minus_one(
        digits_semi, fast_params):
    # scikit-learn's splitters sort the labels, which an object array of
    # strings and the int -1 cannot do; a string array with "-1" can
    from sklearn.model_selection import (
        StratifiedKFold,
        cross_val_predict,
        cross_val_score,
    )
    X, _, y_semi = digits_semi
    y_str = np.where(y_semi >= 0, np.char.add("digit ", y_semi.astype(str)), "-1")
    scores = cross_val_score(SGANClassifier(**fast_params), X, y_str, cv=2)
    # each fold scored on its labeled test rows only, as a fit by hand is
    folds = list(StratifiedKFold(2).split(X, y_str))
    fitted = [SGANClassifier(**fast_params).fit(X[train], y_str[train])
              for train, _ in folds]
    by_hand = [clf.score(X[test], y_str[test]) for clf, (_, test) in zip(fitted, folds)]
    np.testing.assert_allclose(scores, by_hand)
    assert all(0.0 < s <= 1.0 for s in scores)
    # cross_val_predict's "predict" passes the labels (and "-1") as they are
    predicted = cross_val_predict(SGANClassifier(**fast_params), X, y_str, cv=2)
    for clf, (_, test) in zip(fitted, folds):
        np.testing.assert_array_equal(predicted[test], clf.predict(X[test]))
    assert "-1" not in set(predicted)


def test_pandas_float32(digits_semi, fast_params):
    pd = pytest.importorskip("pandas")
    X, _, y_semi = digits_semi
    df = pd.DataFrame(X.astype(np.float32), columns=[f"px{i}" for i in range(64)])
    clf = SGANClassifier(**fast_params).fit(df, pd.Series(y_semi))
    assert list(clf.feature_names_in_) == list(df.columns)
    out = clf.sample(4, random_state=0)
    assert isinstance(out, pd.DataFrame) and list(out.columns) == list(df.columns)
    assert clf.predict(df).shape == (len(df),)


@pytest.mark.parametrize("to_sparse", [sp.csr_matrix, sp.csc_matrix, sp.coo_matrix,
                                       sp.lil_matrix, sp.csr_array],
                         ids=["csr", "csc", "coo", "lil", "csr_array"])
def test_sparse_rows_train_as_their_dense_array(digits_semi, fast_params, to_sparse):
    # digits are 49% zeros: the sparse matrix's implicit zeros are zeros,
    # not missing values, so every format gives the dense array's model
    X, _, y_semi = digits_semi
    dense = SGANClassifier(**fast_params).fit(X, y_semi)
    sparse = SGANClassifier(**fast_params).fit(to_sparse(X), y_semi)
    assert sparse.scaler_.missing_mask_.sum() == 0
    np.testing.assert_array_equal(sparse.transduction_, dense.transduction_)
    np.testing.assert_allclose(sparse.predict_proba(to_sparse(X)),
                               dense.predict_proba(X), rtol=1e-6)
    np.testing.assert_allclose(sparse.sample(5, random_state=0),
                               dense.sample(5, random_state=0))


def test_sparse_rows_of_images_and_of_integers_train_as_dense(digits_semi, fast_params):
    X, _, y_semi = digits_semi
    X = X.astype(np.int64)
    for params in ({}, {"image_shape": (1, 8, 8), "hidden_layer_sizes": (4, 8, 8)}):
        params = {**fast_params, **params}
        dense = SGANClassifier(**params).fit(X, y_semi)
        sparse = SGANClassifier(**params).fit(sp.csr_matrix(X), y_semi)
        np.testing.assert_allclose(sparse.predict_proba(sp.csr_matrix(X)),
                                   dense.predict_proba(X), rtol=1e-6)
        # integer pixels come back as integers, as from the dense array
        np.testing.assert_array_equal(sparse.sample(4, random_state=0),
                                      dense.sample(4, random_state=0))
        assert sparse.sample(1, random_state=0).dtype == np.int64


def test_sparse_rows_are_predicted_block_by_block(digits_semi, fast_params,
                                                  monkeypatch):
    import sklgan._base

    X, _, y_semi = digits_semi
    clf = SGANClassifier(**fast_params).fit(X, y_semi)
    expected = clf.predict_proba(X)
    monkeypatch.setattr(sklgan._base, "_BLOCK_VALUES", 7 * 64)  # 86 blocks, the last of 5
    np.testing.assert_allclose(clf.predict_proba(sp.csr_matrix(X)), expected,
                               rtol=1e-6)


def test_blocks_hold_a_bounded_number_of_values(monkeypatch):
    """Rows are scaled in blocks of a bounded number of values, so wide
    rows come in fewer rows a block; the wider of the input and its
    encoding (one-hot blocks) sets the size."""
    import pandas as pd

    import sklgan._base
    from sklgan._base import _scaled_blocks
    from sklgan._scaling import RangeScaler
    from sklgan._tabular import TabularTransformer

    monkeypatch.setattr(sklgan._base, "_BLOCK_VALUES", 1000)
    X = np.random.RandomState(0).rand(50, 300)
    scaler = RangeScaler().fit(X)
    blocks = list(_scaled_blocks(scaler, X))
    assert [len(block) for _, block in blocks] == [3] * 16 + [2]
    np.testing.assert_allclose(np.vstack([block for _, block in blocks]),
                               scaler.transform(X), rtol=1e-6)
    # 3 columns of 60 categories each: 180 encoded values a row
    table = pd.DataFrame({f"c{k}": [f"v{i}" for i in range(60)] for k in range(3)})
    encoder = TabularTransformer().fit(table)
    assert [len(block) for _, block in _scaled_blocks(encoder, table)] == [5] * 12


def test_nan_stored_in_a_sparse_matrix_is_a_missing_value(fast_params):
    rng = np.random.RandomState(0)
    X = rng.rand(80, 4)
    X[X < 0.5] = 0.0
    X[::9, 1] = np.nan
    y = np.where(np.arange(80) < 20, np.arange(80) % 2, -1)
    sparse = SGANClassifier(**fast_params).fit(sp.csr_matrix(X), y)
    dense = SGANClassifier(**fast_params).fit(X, y)
    # only column 1 gets the [observed, missing] block: a zero is observed
    np.testing.assert_array_equal(sparse.scaler_.missing_mask_,
                                  [False, True, False, False])
    np.testing.assert_allclose(sparse.predict_proba(sp.csr_matrix(X)),
                               dense.predict_proba(X), rtol=1e-6)


def test_pipeline_with_a_text_vectorizer_learns_topics_from_ten_labels():
    # TfidfVectorizer gives a sparse matrix: the pipeline of a few-label
    # text classifier, as with LabelSpreading
    from sklearn.feature_extraction.text import TfidfVectorizer

    rng = np.random.RandomState(0)
    vocab = {"sport": "goal match team score league coach player win".split(),
             "food": "bread cheese soup spice oven recipe taste sugar".split()}
    shared = "the a and of today very".split()
    topics = np.array(["sport", "food"] * 60, dtype=object)
    docs = [" ".join(rng.permutation(list(rng.choice(vocab[t], 4))
                                     + list(rng.choice(shared, 3))))
            for t in topics]
    y = np.where(np.arange(120) < 10, topics, "-1").astype(object)
    model = make_pipeline(TfidfVectorizer(), SGANClassifier(
        max_epochs=5, batch_size=32, latent_dim=8, hidden_layer_sizes=(32,),
        random_state=0)).fit(docs, y)
    assert np.mean(model.predict(docs[10:]) == topics[10:]) >= 0.9
    assert model.predict(["cheese oven the soup", "team goal score"]).tolist() == [
        "food", "sport"]


def test_score_ignores_unlabeled_rows(digits_semi, fast_params):
    X, y, y_semi = digits_semi
    clf = SGANClassifier(**fast_params).fit(X, y_semi)
    y_test = y.copy()
    y_test[::2] = -1
    mask = y_test != -1
    assert clf.score(X, y_test) == pytest.approx(
        np.mean(clf.predict(X[mask]) == y[mask]))
    with pytest.raises(ValueError, match="labeled row"):
        clf.score(X[:5], np.full(5, -1))
    # weights count over the labeled rows only
    weights = np.where(np.arange(len(X)) < 100, 0.0, 1.0)
    np.testing.assert_allclose(
        clf.score(X, y_test, sample_weight=weights),
        np.average(clf.predict(X[mask]) == y[mask], weights=weights[mask]))
    for bad in [dict(X=X[:-1], y=y_test), dict(X=X, y=y_test, sample_weight=weights[:5])]:
        with pytest.raises(ValueError, match="inconsistent numbers of samples"):
            clf.score(**bad)


@pytest.mark.parametrize("fake_class", ["implicit", "explicit"])
def test_predict_log_proba_is_the_log_of_predict_proba(digits_semi, fast_params,
                                                       fake_class):
    X, _, y_semi = digits_semi
    clf = SGANClassifier(fake_class=fake_class, **fast_params).fit(X, y_semi)
    log_proba, proba = clf.predict_log_proba(X[:50]), clf.predict_proba(X[:50])
    assert log_proba.shape == (50, len(clf.classes_))
    assert np.isfinite(log_proba).all() and (log_proba <= 0).all()
    # over the real classes only: an explicit fake logit is left out
    np.testing.assert_allclose(np.exp(log_proba), proba, rtol=1e-6, atol=1e-12)
    np.testing.assert_array_equal(clf.classes_[log_proba.argmax(1)], clf.predict(X[:50]))


def test_transduction_keeps_the_trained_labels_and_predicts_the_rest(digits_semi,
                                                                     fast_params):
    # sklearn.semi_supervised's transduction_: one label per row of the fit
    X, y, y_semi = digits_semi
    names = np.array(list("abcdefghij"), dtype=object)
    y_obj = np.where(y_semi >= 0, names[np.clip(y_semi, 0, 9)], -1).astype(object)
    clf = SGANClassifier(**fast_params).fit(X, y_obj)
    labeled = y_semi >= 0
    assert clf.transduction_.shape == (len(X),)
    np.testing.assert_array_equal(clf.transduction_[labeled], y_obj[labeled])
    np.testing.assert_array_equal(clf.transduction_[~labeled], clf.predict(X[~labeled]))
    # a label the classifier did not train with is predicted: labels dropped by
    # num_labeled and rows held out by validation_fraction
    from sklgan._sgan import _hold_out

    clf = SGANClassifier(num_labeled=40, validation_fraction=0.25,
                         **fast_params).fit(X, y)
    _, data_seed = clf._fit_seeds(continues=False)  # the fit's choices, again
    rng = np.random.RandomState(data_seed)
    kept = _choose_labeled(y, np.arange(len(y)), 40, rng)
    held = _hold_out(np.where(np.isin(np.arange(len(y)), kept), y, -1), 0.25, rng)
    trained = np.setdiff1d(kept, held)
    assert clf.n_labeled_ == len(trained) == 30
    expected = clf.predict(X)
    expected[trained] = y[trained]
    np.testing.assert_array_equal(clf.transduction_, expected)
    # partial_fit: the rows of the last call
    clf = SGANClassifier(**fast_params).partial_fit(X, y_semi)
    clf.partial_fit(X[:100], np.full(100, -1))
    np.testing.assert_array_equal(clf.transduction_, clf.predict(X[:100]))


def test_num_labeled_stratified(digits_semi, fast_params):
    X, y, _ = digits_semi
    clf = SGANClassifier(num_labeled=25, **fast_params).fit(X, y)
    assert clf.n_labeled_ == 25
    rng = np.random.RandomState(0)
    chosen = _choose_labeled(y, np.arange(len(y)), 25, rng)
    assert len(chosen) == 25 and len(set(y[chosen])) == 10
    with pytest.raises(ValueError, match="num_labeled=3"):
        SGANClassifier(num_labeled=3, **fast_params).fit(X, y)


def test_num_labeled_above_the_labels_keeps_every_label(digits_semi, fast_params):
    X, _, y_semi = digits_semi
    n_labels = int((y_semi != -1).sum())
    clf = SGANClassifier(num_labeled=n_labels + 100, **fast_params).fit(X, y_semi)
    assert clf.n_labeled_ == n_labels


def test_grid_search_over_num_labeled_and_dropout(digits_semi, fast_params):
    X, y, _ = digits_semi
    fast_params["max_epochs"] = 2
    search = GridSearchCV(SGANClassifier(**fast_params),
                          {"num_labeled": [20, 40], "dropout": [0.0, 0.2]}, cv=2)
    search.fit(X[:300], y[:300])
    assert search.cv_results_["mean_test_score"].shape == (4,)
    assert 0 <= search.best_score_ <= 1


def test_grid_search_over_the_semi_supervised_terms(digits_semi, fast_params):
    X, y, _ = digits_semi
    fast_params.update(max_epochs=1, num_labeled=30)
    grid = {"consistency_weight": [0.0, 1.0], "entropy_weight": [0.0, 0.5]}
    search = GridSearchCV(SGANClassifier(**fast_params), grid, cv=2).fit(X[:300],
                                                                         y[:300])
    assert [p["consistency_weight"] for p in search.cv_results_["params"]] == \
        [0.0, 0.0, 1.0, 1.0]
    assert np.isfinite(search.cv_results_["mean_test_score"]).all()
    best = search.best_estimator_
    assert (("vat_loss" in best.history_[-1]) == (best.consistency_weight > 0)
            and ("entropy" in best.history_[-1]) == (best.entropy_weight > 0))


def test_pipeline_and_clone(digits_semi, fast_params):
    X, _, y_semi = digits_semi
    pipe = make_pipeline(StandardScaler(), SGANClassifier(**fast_params))
    pipe.fit(X, y_semi)
    assert pipe.predict_proba(X).shape == (len(X), 10)
    clf = pipe[-1]
    cloned = clone(clf)
    assert not hasattr(cloned, "net_")
    assert cloned.get_params() == clf.get_params()


@pytest.mark.parametrize("fake_class", ["implicit", "explicit"])
@pytest.mark.parametrize("generator_loss", ["feature_matching", "minimax"])
def test_heads_and_generator_losses(digits_semi, fast_params, fake_class,
                                    generator_loss):
    X, y, y_semi = digits_semi
    clf = SGANClassifier(fake_class=fake_class, generator_loss=generator_loss,
                         **fast_params).fit(X, y_semi)
    n_logits = 11 if fake_class == "explicit" else 10
    assert clf.discriminator_(torch.zeros(1, 64)).shape == (1, n_logits)
    np.testing.assert_allclose(clf.predict_proba(X[:10]).sum(1), 1)
    # every head and generator loss trains a classifier: after 3 short
    # epochs, 42% to 54% of the unlabeled rows (chance: 10%)
    unlabeled = y_semi == -1
    assert clf.score(X[unlabeled], y[unlabeled]) > 0.3
    # and the generator loss is the one asked for
    other = "minimax" if generator_loss == "feature_matching" else "feature_matching"
    g_loss = clf.history_[:, "g_loss"]
    assert not np.allclose(g_loss, clone(clf).set_params(generator_loss=other)
                           .fit(X, y_semi).history_[:, "g_loss"])


def test_image_path_learns_the_classes(digits_semi):
    """The convolutional networks learn digits from 60 labels: well above
    the 10% of chance on the unlabeled rows after 15 short epochs."""
    X, y, y_semi = digits_semi
    clf = SGANClassifier(image_shape=(1, 8, 8), max_epochs=15, latent_dim=16,
                         random_state=0).fit(X, y_semi)
    assert "Conv" in type(clf.discriminator_).__name__
    unlabeled = y_semi == -1
    assert clf.score(X[unlabeled], y[unlabeled]) > 0.5
    assert clf.predict_proba(X[:5]).shape == (5, 10)
    samples = clf.sample(3, random_state=0)
    assert samples.shape == (3, 64)
    assert samples.min() >= X.min() - 1e-6 and samples.max() <= X.max() + 1e-6


def test_fully_connected_networks_on_images_keep_the_image_scaling(digits_semi):
    """network="mlp" with image_shape: fully connected networks of the
    given widths, and the image path's scaling, one range for all pixels
    (a pixel beyond the brightest one seen is read as it, where a table's
    blank column would read it as its own maximum, 0), with 8-bit images
    sampled back as 8-bit images."""
    X, y, y_semi = digits_semi
    params = dict(max_epochs=2, latent_dim=8, hidden_layer_sizes=(32, 16),
                  random_state=0)
    clf = SGANClassifier(image_shape=(1, 8, 8), network="mlp", **params).fit(X, y_semi)
    assert type(clf.discriminator_).__name__ == "MLPDiscriminator"
    assert [m.out_features for m in clf.discriminator_.modules()
            if hasattr(m, "out_features")][:2] == [32, 16]
    odd, bright = X[:10].copy(), X[:10].copy()
    odd[:, 0], bright[:, 0] = 100.0, 16.0  # column 0 is blank in every image
    np.testing.assert_allclose(clf.predict_proba(odd), clf.predict_proba(bright),
                               rtol=1e-5, atol=1e-6)
    assert not np.allclose(clf.predict_proba(X[:10]), clf.predict_proba(bright))
    # the same network on the same rows read as a table: one range per column
    table = SGANClassifier(**params).fit(X, y_semi)
    np.testing.assert_allclose(table.predict_proba(odd), table.predict_proba(X[:10]),
                               rtol=1e-5, atol=1e-6)
    pixels = SGANClassifier(image_shape=(1, 8, 8), network="mlp", **params).fit(
        X.astype(np.uint8), y_semi).sample(5, random_state=0)
    assert pixels.dtype == np.uint8 and pixels.max() <= 16


def test_shift_weight_trains_on_images_only(digits_semi):
    """The shift-consistency term changes a fit on images (fully connected
    or convolutional networks), is on at weight 1 by default there, and is
    recorded in history_; a table fits exactly the same with it on or off."""
    X, y, y_semi = digits_semi
    common = dict(max_epochs=2, latent_dim=8, random_state=0)

    def fit(shift_weight, **params):
        return SGANClassifier(shift_weight=shift_weight, **common, **params).fit(
            X, y_semi)

    for image in (dict(image_shape=(1, 8, 8), network="mlp",
                       hidden_layer_sizes=(32, 16)),
                  dict(image_shape=(1, 8, 8), hidden_layer_sizes=(4, 8, 8))):
        on, off = fit(1.0, **image), fit(0.0, **image)
        assert (np.asarray(on.history_[:, "shift_loss"]) > 0).all()
        assert "shift_loss" not in off.history_[-1]
        assert not np.allclose(on.predict_proba(X[:20]), off.predict_proba(X[:20]))
        default = SGANClassifier(**common, **image).fit(X, y_semi)
        np.testing.assert_array_equal(default.predict_proba(X[:20]),
                                      on.predict_proba(X[:20]))
        # the moves matter: whole-pixel translations fit otherwise; with the
        # term off the choice of moves changes nothing
        translated = fit(1.0, shift_transform="translate", **image)
        assert not np.allclose(on.predict_proba(X[:20]),
                               translated.predict_proba(X[:20]))
        np.testing.assert_array_equal(
            off.predict_proba(X[:20]),
            fit(0.0, shift_transform="translate", **image).predict_proba(X[:20]))
    on, off = fit(1.0, hidden_layer_sizes=(32, 16)), fit(0.0, hidden_layer_sizes=(32, 16))
    assert "shift_loss" not in on.history_[-1]
    assert "shift_loss" not in SGANClassifier(**common).fit(X, y_semi).history_[-1]
    np.testing.assert_array_equal(on.predict_proba(X[:20]), off.predict_proba(X[:20]))


@pytest.mark.parametrize("image_shape", [None, (1, 8, 8)])
def test_new_rows_beyond_the_training_range_are_clipped_to_it(digits_semi,
                                                              image_shape):
    """A value beyond every training row's is read as the largest one seen
    (in its column for tables, over all pixels for images): ink in a pixel
    that was blank in every training image (digits' first pixel is) or a
    brighter pixel than any seen cannot swamp the network. Without the
    clip, an intensity of 100 in the blank column is 200 units beyond the
    [-1, 1] range of training (tabular path) and moves the prediction."""
    X, y, y_semi = digits_semi
    assert X[:, 0].max() == 0 and X.max() == 16
    params = dict(max_epochs=3, batch_size=64, latent_dim=16, random_state=0)
    if image_shape is None:
        params["hidden_layer_sizes"] = (32, 16)
    clf = SGANClassifier(image_shape=image_shape, **params).fit(X, y_semi)
    odd = X[:20].copy()
    odd[:, 0] = 100.0       # blank in training
    odd[:, 30] = 1000.0     # beyond the brightest training pixel
    expected = X[:20].copy()
    expected[:, 30] = 16.0
    if image_shape is not None:  # one range for all pixels: 0 to 16
        expected[:, 0] = 16.0
    np.testing.assert_allclose(clf.predict_proba(odd), clf.predict_proba(expected),
                               rtol=1e-5, atol=1e-6)
    assert not np.allclose(clf.predict_proba(X[:20]), clf.predict_proba(expected))


@pytest.mark.parametrize("shape", [(1, 28, 28), (3, 32, 32)])
def test_conv_path_larger_images(shape):
    rng = np.random.RandomState(0)
    n = 40
    X = rng.rand(n, int(np.prod(shape))).astype(np.float32)
    y = np.repeat([0, 1], n // 2)
    y[::3] = -1
    clf = SGANClassifier(image_shape=shape, max_epochs=1, batch_size=20, latent_dim=8,
                         hidden_layer_sizes=(4, 8, 8), random_state=0).fit(X, y)
    assert clf.sample(2, random_state=0).shape == (2, X.shape[1])
    assert clf.predict(X[:3]).shape == (3,)


@pytest.mark.parametrize("estimator", ["sgan", "sampler"])
def test_image_samples_keep_the_integer_dtype_of_8_bit_images(estimator):
    # 8-bit images in, 8-bit images out: rounded pixels within the training
    # range, as the tabular path gives integer columns back
    from sklgan import ConditionalGANSampler

    rng = np.random.RandomState(0)
    X = rng.randint(30, 220, size=(40, 16)).astype(np.uint8)
    y = np.repeat([0, 1], 20)
    params = dict(image_shape=(1, 4, 4), max_epochs=1, batch_size=20, latent_dim=8,
                  hidden_layer_sizes=(4, 8, 8), random_state=0)
    if estimator == "sgan":
        fitted = SGANClassifier(**params).fit(X, y)
        rows = fitted.sample(50, random_state=0)
    else:
        fitted = ConditionalGANSampler(**params).fit(X, y)
        rows = fitted.sample(50, random_state=0)[0]
    assert rows.dtype == np.uint8
    assert X.min() <= rows.min() and rows.max() <= X.max()
    # the same network fitted on the same pixels as floats draws the same
    # rows, unrounded
    as_float = type(fitted)(**params).fit(X.astype(np.float64), y)
    floats = (as_float.sample(50, random_state=0) if estimator == "sgan"
              else as_float.sample(50, random_state=0)[0])
    assert floats.dtype == np.float64 and not np.all(floats == np.rint(floats))
    np.testing.assert_array_equal(rows, np.clip(np.rint(floats), X.min(), X.max()))


def test_image_samples_of_a_list_of_ints_are_ints_as_on_the_tabular_path():
    rng = np.random.RandomState(0)
    X = rng.randint(0, 17, size=(40, 16)).tolist()
    y = np.repeat([0, 1], 20)
    params = dict(max_epochs=1, batch_size=20, latent_dim=8, random_state=0)
    images = SGANClassifier(image_shape=(1, 4, 4), hidden_layer_sizes=(4, 8, 8),
                            **params).fit(X, y).sample(20, random_state=0)
    table = SGANClassifier(hidden_layer_sizes=(8,), **params).fit(X, y).sample(
        20, random_state=0)
    assert images.dtype == table.dtype == np.int64
    assert 0 <= images.min() and images.max() <= 16


def _linear_widths(module):
    return [m.out_features for m in module.modules()
            if isinstance(m, torch.nn.Linear)]


@pytest.mark.parametrize("n_features, widths, generator_widths", [
    (500, [500, 250, 250], [500, 500]),        # as wide as the first layer
    # wider: the MNIST networks of Salimans et al., whose generator is
    # narrower than the discriminator's first layer
    (501, [1000, 500, 250, 250, 250], [500, 500]),
])
def test_default_network_follows_input_width(n_features, widths, generator_widths):
    rng = np.random.RandomState(0)
    X = rng.rand(30, n_features).astype(np.float32)
    y = np.repeat([0, 1, -1], 10)
    clf = SGANClassifier(max_epochs=1, batch_size=10, latent_dim=4,
                         random_state=0).fit(X, y)
    assert _linear_widths(clf.net_.module_.body) == widths
    assert _linear_widths(clf.net_.generator_) == generator_widths + [n_features]
    # hidden_layer_sizes given: used as is, whatever the width, and the
    # generator gets two layers of its largest width
    for hidden in [(16, 8), (1000, 500, 250, 250, 250)]:
        clf = SGANClassifier(max_epochs=1, batch_size=10, latent_dim=4,
                             hidden_layer_sizes=hidden, random_state=0).fit(X, y)
        assert _linear_widths(clf.net_.module_.body) == list(hidden)
        assert _linear_widths(clf.net_.generator_) == [max(hidden)] * 2 + [n_features]


def test_callbacks_and_verbose(digits_semi, fast_params, capsys):
    from skorch.callbacks import Callback

    class Count(Callback):
        def initialize(self):
            self.epochs = 0
            return self

        def on_epoch_end(self, net, **kwargs):
            self.epochs += 1

    X, _, y_semi = digits_semi
    counter = Count()
    clf = SGANClassifier(callbacks=[("count", counter)], verbose=1, **fast_params)
    clf.fit(X, y_semi)
    out = capsys.readouterr().out
    assert "d_loss" in out and "sup_acc" in out
    # the estimator's parameter is not mutated; the engine holds a copy
    assert clf.callbacks[0][1] is counter
    assert dict(clf.net_.callbacks_)["count"].epochs == fast_params["max_epochs"]
    SGANClassifier(**fast_params).fit(X, y_semi)
    assert capsys.readouterr().out == ""


def _lr_watcher(seen):
    from skorch.callbacks import Callback

    class Watch(Callback):
        def on_epoch_begin(self, net, **kwargs):
            seen.append((net.optimizer_.param_groups[0]["lr"],
                         net.optimizer_gen_.param_groups[0]["lr"]))

    return Watch()


def test_lr_holds_then_decays_linearly_then_restores(digits_semi, fast_params):
    """Both optimizers: the set rate for half the epochs, then a linear decay
    whose last epoch runs at 1 / n_decay of it; the set rates afterwards."""
    X, _, y_semi = digits_semi
    seen = []
    fast_params["max_epochs"] = 6
    clf = SGANClassifier(lr=1e-3, lr_generator=2e-3,
                         callbacks=[("watch", _lr_watcher(seen))], **fast_params)
    clf.fit(X, y_semi)
    factors = [1, 1, 1, 1, 2 / 3, 1 / 3]
    assert [d for d, _ in seen] == pytest.approx([1e-3 * f for f in factors])
    assert [g for _, g in seen] == pytest.approx([2e-3 * f for f in factors])
    assert clf.net_.optimizer_.param_groups[0]["lr"] == pytest.approx(1e-3)
    assert clf.net_.optimizer_gen_.param_groups[0]["lr"] == pytest.approx(2e-3)
    # a continuation decays over its own epochs
    seen.clear()
    clf.set_params(warm_start=True, max_epochs=4).fit(X, y_semi)
    assert [d for d, _ in seen] == pytest.approx([1e-3, 1e-3, 1e-3, 0.5e-3])


def test_lr_schedule_is_one_replaceable_callback(digits_semi, fast_params):
    from skorch.callbacks import LRScheduler

    from sklgan._callbacks import LinearDecay

    X, _, y_semi = digits_semi
    fast_params["max_epochs"] = 4
    seen = []
    off = [("lr_schedule", None), ("watch", _lr_watcher(seen))]
    clf = SGANClassifier(lr=1e-3, callbacks=off, **fast_params).fit(X, y_semi)
    assert [d for d, _ in seen] == pytest.approx([1e-3] * 4)  # constant
    assert "lr_schedule" not in dict(clf.net_.callbacks_)
    seen.clear()
    earlier = [("lr_schedule", LinearDecay(start=0.25)), ("watch", _lr_watcher(seen))]
    SGANClassifier(lr=1e-3, callbacks=earlier, **fast_params).fit(X, y_semi)
    assert [d for d, _ in seen] == pytest.approx([1e-3, 1e-3, 2e-3 / 3, 1e-3 / 3])
    seen.clear()
    step = [("lr_schedule", LRScheduler("StepLR", step_size=1, gamma=0.5)),
            ("watch", _lr_watcher(seen))]
    SGANClassifier(lr=1e-3, callbacks=step, **fast_params).fit(X, y_semi)
    assert [d for d, _ in seen] == pytest.approx([1e-3, 5e-4, 2.5e-4, 1.25e-4])


def test_verbose_progress_bar_and_epoch_summary(digits_semi, fast_params, capfd):
    X, _, y_semi = digits_semi
    SGANClassifier(verbose=1, validation_fraction=0.2, **fast_params).fit(X, y_semi)
    out, err = capfd.readouterr()
    lines = out.strip().splitlines()
    assert "valid_acc" in lines[0] and "sup_acc" in lines[0] and "g_loss" in lines[0]
    assert len(lines) == 2 + fast_params["max_epochs"]  # header, rule, one per epoch
    assert "epoch 1" in err and "batch" in err  # tqdm's bar (stderr)
    SGANClassifier(verbose=0, validation_fraction=0.2, **fast_params).fit(X, y_semi)
    assert capfd.readouterr() == ("", "")


def test_validation_fraction_holds_out_labeled_rows(digits_semi, fast_params):
    X, y, y_semi = digits_semi
    clf = SGANClassifier(validation_fraction=0.5, **fast_params).fit(X, y_semi)
    assert clf.n_labeled_ == 30  # half of the 6 labels of each class
    accs = [row["valid_acc"] for row in clf.history_]
    assert len(accs) == fast_params["max_epochs"]
    assert all(0 <= a <= 1 and a * 30 == round(a * 30) for a in accs)
    # the held-out labels are not trained on: the same rows unlabeled give the
    # same model
    from sklgan._sgan import _hold_out

    _, data_seed = SGANClassifier(**fast_params)._fit_seeds(continues=False)
    rng = np.random.RandomState(data_seed)
    held = _hold_out(np.where(y_semi >= 0, y_semi, -1), 0.5, rng)
    keep = np.setdiff1d(np.arange(len(X)), held)
    ref = SGANClassifier(**fast_params).fit(X[keep], y_semi[keep])
    assert np.allclose(ref.predict_proba(X[:50]), clf.predict_proba(X[:50]))
    # scored on the held-out rows
    assert clf.score(X[held], y[held]) == pytest.approx(accs[-1])
    with pytest.raises(ValueError, match="holds out no labeled row"):
        SGANClassifier(validation_fraction=0.01, **fast_params).fit(X, y_semi)


def test_predict_proba_runs_in_blocks(digits_semi, fast_params, monkeypatch):
    import sklgan._base

    X, _, y_semi = digits_semi
    clf = SGANClassifier(**fast_params).fit(X, y_semi)
    whole = clf.predict_proba(X)
    monkeypatch.setattr(sklgan._base, "_BLOCK_VALUES", 7 * 64)  # 7 rows of digits
    assert np.allclose(clf.predict_proba(X), whole, atol=1e-6)
    # the training copy is written in blocks too, and is the same
    scaler, X_scaled = clf._fit_scaler(X)
    assert X_scaled.dtype == np.float32
    assert np.array_equal(X_scaled, scaler.transform(X).astype(np.float32))


def test_global_pandas_output_does_not_change_the_classifier(digits_semi,
                                                             fast_params):
    import sklearn

    X, _, y_semi = digits_semi
    reference = SGANClassifier(**fast_params).fit(X, y_semi).predict_proba(X[:20])
    with sklearn.config_context(transform_output="pandas"):
        clf = SGANClassifier(**fast_params).fit(X, y_semi)
        proba = clf.predict_proba(X[:20])
    assert isinstance(proba, np.ndarray) and np.allclose(proba, reference)


def _mean_entropy(proba):
    return float(-(proba * np.log(np.clip(proba, 1e-12, None))).sum(1).mean())


def test_semi_supervised_terms_are_recorded_and_can_be_turned_off(digits_semi,
                                                                  fast_params):
    X, _, y_semi = digits_semi
    on = SGANClassifier(consistency_weight=1.0, entropy_weight=1.0, prior_weight=1.0,
                        neighbor_weight=1.0, interpolation_weight=1.0,
                        **fast_params).fit(X, y_semi)
    keys = ("vat_loss", "entropy", "prior_loss", "neighbor_loss",
            "interpolation_loss")
    for key in keys:
        assert np.isfinite(on.history_[-1, key]) and on.history_[-1, key] >= 0
    off = SGANClassifier(consistency_weight=0.0, entropy_weight=0.0, prior_weight=0.0,
                         neighbor_weight=0.0, interpolation_weight=0.0,
                         **fast_params).fit(X, y_semi)
    for key in keys:
        assert key not in off.history_[-1]


def test_entropy_minimisation_makes_unlabeled_predictions_confident(digits_semi,
                                                                   fast_params):
    X, _, y_semi = digits_semi
    fast_params.update(max_epochs=8, consistency_weight=0.0, prior_weight=0.0)
    unlabeled = X[y_semi == -1]
    plain = SGANClassifier(entropy_weight=0.0, **fast_params).fit(X, y_semi)
    sharp = SGANClassifier(entropy_weight=2.0, **fast_params).fit(X, y_semi)
    assert (_mean_entropy(sharp.predict_proba(unlabeled))
            < 0.6 * _mean_entropy(plain.predict_proba(unlabeled)))  # measured: 0.36


def test_prior_term_keeps_class_proportions_near_the_labeled_ones(digits_semi,
                                                                 fast_params):
    """Strong entropy minimisation alone hands most unlabeled rows to a few
    classes; the prior term keeps the mean predicted distribution near the
    labeled rows' proportions (uniform here: 6 labels per class)."""
    X, y, y_semi = digits_semi
    fast_params.update(max_epochs=8, consistency_weight=0.0, entropy_weight=3.0)
    unlabeled = y_semi == -1

    def distance_and_accuracy(prior_weight):
        clf = SGANClassifier(prior_weight=prior_weight, **fast_params).fit(X, y_semi)
        mean = clf.predict_proba(X[unlabeled]).mean(axis=0)
        return np.abs(mean - 0.1).sum(), clf.score(X[unlabeled], y[unlabeled])

    (far, acc_without), (near, acc_with) = map(distance_and_accuracy, (0.0, 5.0))
    assert near < 0.3 * far  # measured: 0.11 vs 1.66
    assert acc_with > acc_without + 0.2  # measured: 0.60 vs 0.10


def test_consistency_makes_predictions_stable_under_small_moves(digits_semi,
                                                                fast_params):
    X, _, y_semi = digits_semi
    fast_params.update(max_epochs=8, entropy_weight=0.0)
    rng = np.random.RandomState(0)
    # moves of 1.5 grey levels (of 16) per pixel, in random directions
    moved = X + 1.5 * rng.choice([-1.0, 1.0], size=X.shape)

    def change(clf):
        p, q = clf.predict_proba(X), clf.predict_proba(moved)
        return float(np.abs(p - q).sum(1).mean())

    plain = SGANClassifier(consistency_weight=0.0, **fast_params).fit(X, y_semi)
    smooth = SGANClassifier(consistency_weight=3.0, consistency_eps=0.4,
                            **fast_params).fit(X, y_semi)
    assert change(smooth) < 0.85 * change(plain)  # measured: 0.72


def test_neighbour_graph_lists_each_rows_nearest_other_rows(digits_semi):
    X, _, _ = digits_semi
    Z = X[:200] / 16.0
    graph = SGANClassifier(neighbor_weight=1.0, n_neighbors=4)._neighbors(Z)
    distances = ((Z[:, None, :] - Z[None, :, :]) ** 2).sum(-1)
    np.fill_diagonal(distances, np.inf)
    for i in range(len(Z)):
        assert i not in graph[i]
        nearest = np.sort(distances[i])[:4]
        assert np.allclose(np.sort(distances[i, graph[i]]), nearest)
    assert SGANClassifier()._neighbors(Z) is None  # off by default
    # fewer other rows than n_neighbors: all of them; a single row: none
    on = SGANClassifier(neighbor_weight=1.0)
    assert on._neighbors(Z[:3]).shape == (3, 2)
    assert on._neighbors(Z[:1]) is None


def test_neighbour_graph_of_large_data_searches_within_blocks(digits_semi):
    """Beyond ``block`` rows each row's neighbours are its nearest in a
    random block of rows: the graph never links more rows than a block
    holds, within a block it is exact, and the seed fixes the blocks."""
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components

    X = digits_semi[0][:200] / 16.0
    graph = neighbor_graph(X, 4, seed=3, block=50)
    assert graph.shape == (200, 4)
    edges = coo_matrix((np.ones(graph.size), (np.repeat(np.arange(200), 4),
                                              graph.ravel())), shape=(200, 200))
    _, component = connected_components(edges, directed=False)
    assert np.bincount(component).max() <= 50
    for i in range(200):
        group = np.flatnonzero((component == component[i]) & (np.arange(200) != i))
        nearest = np.sort(((X[group] - X[i]) ** 2).sum(1))[:4]  # ties: distances
        assert set(graph[i]) <= set(group)
        assert np.allclose(np.sort(((X[graph[i]] - X[i]) ** 2).sum(1)), nearest)
    assert np.array_equal(graph, neighbor_graph(X, 4, seed=3, block=50))
    assert not np.array_equal(graph, neighbor_graph(X, 4, seed=4, block=50))
    assert np.array_equal(neighbor_graph(X, 4, block=200), neighbor_graph(X, 4))


def test_neighbour_term_makes_neighbours_agree(digits_semi, fast_params):
    """The term pulls the class distributions of nearest training rows
    together: after training, rows and their neighbours disagree less."""
    X, _, y_semi = digits_semi
    fast_params.update(max_epochs=8, consistency_weight=0.0, entropy_weight=0.0,
                       prior_weight=0.0, rampup_fraction=0.0)
    plain = SGANClassifier(neighbor_weight=0.0, **fast_params).fit(X, y_semi)
    smooth = SGANClassifier(neighbor_weight=10.0, **fast_params).fit(X, y_semi)
    graph = smooth._neighbors(smooth.scaler_.transform(X))  # the fit's graph

    def disagreement(clf):
        p = clf.predict_proba(X)
        q = p[graph].mean(axis=1)  # the neighbours' mean distribution
        return float(np.abs(p - q).sum(1).mean())

    assert disagreement(smooth) < 0.7 * disagreement(plain)  # measured: 0.48


def test_interpolation_term_makes_predictions_linear_between_rows(digits_semi,
                                                                  fast_params):
    """The term asks the class distribution of a mix of two rows to be the
    same mix of their distributions: after training, mixes of unlabeled
    rows stray less from that."""
    X, _, y_semi = digits_semi
    fast_params.update(max_epochs=8, consistency_weight=0.0, entropy_weight=0.0,
                       prior_weight=0.0, rampup_fraction=0.0)
    plain = SGANClassifier(interpolation_weight=0.0, **fast_params).fit(X, y_semi)
    linear = SGANClassifier(interpolation_weight=10.0, **fast_params).fit(X, y_semi)
    rng = np.random.RandomState(0)
    unlabeled = X[y_semi == -1]
    a, b = unlabeled[rng.permutation(len(unlabeled))], unlabeled
    lam = rng.uniform(size=(len(a), 1))

    def departure(clf):
        mixed = clf.predict_proba(lam * a + (1 - lam) * b)
        expected = lam * clf.predict_proba(a) + (1 - lam) * clf.predict_proba(b)
        return float(((mixed - expected) ** 2).sum(1).mean())

    assert departure(linear) < 0.7 * departure(plain)  # measured: 0.58


def test_classifier_learns_from_categorical_columns_and_samples_tables():
    pd = pytest.importorskip("pandas")
    rng = np.random.RandomState(0)
    n = 300
    y = rng.randint(0, 3, n)
    X = pd.DataFrame({
        # only the category tells the classes apart
        "kind": pd.Series(np.array(["x", "y", "z"])[y], dtype="str"),
        "noise": rng.normal(size=n),
        "count": rng.poisson(2, n),
    })
    y_few = np.where(np.arange(n) < 15, y, -1)
    clf = SGANClassifier(max_epochs=20, hidden_layer_sizes=(32, 32), latent_dim=8,
                         random_state=0).fit(X, y_few)
    assert clf.score(X, y) > 0.95
    rows = clf.sample(50, random_state=0)
    assert (rows.dtypes == X.dtypes).all()
    assert set(rows["kind"]) <= {"x", "y", "z"}


def test_dequantization_widths_follow_the_column_types():
    """One step for integer columns scaled by their range, two for each
    one-hot value, none for float columns, integer columns under the
    quantile transform, images or tables without a discrete column."""
    pd = pytest.importorskip("pandas")
    from sklgan._scaling import RangeScaler
    from sklgan._sgan import ONE_HOT_DEQUANTIZATION, dequantization_widths
    from sklgan._tabular import TabularTransformer

    X = pd.DataFrame({"length": [1.5, 2.5, 4.0, 3.0],
                      "year": np.array([2007, 2008, 2009, 2008]),
                      "grams": np.array([3000, 3500, 5000, 4000]),
                      "island": ["a", "b", "a", "c"]})
    widths = dequantization_widths(TabularTransformer().fit(X))
    # year: a range of 2 maps to 2 units, so one year is 1 unit; grams: 2/2000
    assert widths == pytest.approx((0.0, 1.0, 0.001) + (ONE_HOT_DEQUANTIZATION,) * 3)
    assert ONE_HOT_DEQUANTIZATION == 2.0
    constant = dequantization_widths(TabularTransformer().fit(X.assign(year=2008)))
    assert constant[1] == 0.0 and constant[2] == pytest.approx(0.001)
    quantile = TabularTransformer(numeric_transform="quantile").fit(X)
    assert dequantization_widths(quantile) == (0.0, 0.0, 0.0, 2.0, 2.0, 2.0)
    # mode-specific normalisation: no width on the values within the modes,
    # two on each value of the blocks of modes, as on categories
    mode = TabularTransformer(numeric_transform="mode", random_state=0).fit(X)
    n_blocks = sum(mode.mode_sizes_) + 3
    assert dequantization_widths(mode) == (0.0,) * 3 + (2.0,) * n_blocks
    floats = X[["length"]].assign(other=[0.1, 0.2, 0.3, 0.4])
    assert dequantization_widths(TabularTransformer().fit(floats)) is None
    assert dequantization_widths(RangeScaler().fit(np.eye(4))) is None


def test_classifier_reads_which_values_are_missing():
    """The class is only in whether ``v`` is missing: the observed values
    are all 1, the median that fills the missing ones, so the classifier
    must read the ``[observed, missing]`` block. Rows to predict may miss
    values too, in any numeric column (one complete in fit is imputed)."""
    pd = pytest.importorskip("pandas")
    rng = np.random.RandomState(0)
    n = 240
    y = rng.randint(0, 2, n)
    X = pd.DataFrame({"noise": rng.normal(size=n), "v": np.where(y == 1, np.nan, 1.0)})
    y_semi = np.where(np.arange(n) % 6 == 0, y, -1)
    clf = SGANClassifier(max_epochs=30, random_state=0).fit(X, y_semi)
    assert clf.score(X, y) > 0.95
    assert clf.scaler_.missing_mask_.tolist() == [False, True]
    X_new = X.copy()
    X_new.loc[:9, "noise"] = np.nan
    assert clf.score(X_new, y) > 0.95
    assert np.isfinite(clf.predict_proba(X_new)).all()
    # generated rows miss values of v as the classes do (about half)
    assert 0.2 < clf.sample(400, random_state=0)["v"].isna().mean() < 0.8


def test_classifier_reads_dates_and_durations():
    """The class is whether a date falls after mid-2022, which the
    classifier reads from the column of dates (as seconds); a duration
    column rides along, and predictions take new rows of both."""
    pd = pytest.importorskip("pandas")
    rng = np.random.RandomState(0)
    n = 240
    day = pd.Timestamp("2021-01-01") + pd.to_timedelta(rng.randint(0, 1000, n), unit="D")
    X = pd.DataFrame({"day": day, "wait": pd.to_timedelta(rng.randint(0, 90, n),
                                                          unit="min")})
    y = np.asarray(day > pd.Timestamp("2022-07-01")).astype(int)
    y_semi = np.where(np.arange(n) % 6 == 0, y, -1)
    clf = SGANClassifier(max_epochs=30, random_state=0).fit(X, y_semi)
    assert clf.score(X, y) > 0.9
    new = pd.DataFrame({"day": pd.to_datetime(["2021-02-01", "2023-08-01"]),
                        "wait": pd.to_timedelta([5, 50], unit="min")})
    assert clf.predict(new).tolist() == [0, 1]
    assert clf.sample(5, random_state=0).dtypes.equals(X.dtypes)


def test_dequantize_acts_on_tables_with_discrete_columns_only(digits_semi,
                                                              fast_params):
    """The fit of a table with an integer column changes with ``dequantize``;
    a float table's fit is the same either way (no noise is even drawn)."""
    X, y, y_semi = digits_semi
    fits = {flag: SGANClassifier(dequantize=flag, **fast_params).fit(X, y_semi)
            for flag in (True, False)}
    assert fits[True].net_.criterion_.dequantization_widths is None
    np.testing.assert_array_equal(fits[True].predict_proba(X),
                                  fits[False].predict_proba(X))
    X_int = X.astype(np.int64)  # the same pixels as integers: 16 steps
    fits = {flag: SGANClassifier(dequantize=flag, **fast_params).fit(X_int, y_semi)
            for flag in (True, False)}
    widths = np.array(fits[True].net_.criterion_.dequantization_widths)
    # one step of each pixel column that varies: 2 / its range; none when blank
    pixel_range = X_int.max(axis=0) - X_int.min(axis=0)
    np.testing.assert_allclose(widths, np.where(pixel_range > 0, 2 / np.maximum(
        pixel_range, 1), 0.0))
    assert (widths == 0).any() and widths.min() >= 0
    assert fits[False].net_.criterion_.dequantization_widths is None
    assert not np.allclose(fits[True].predict_proba(X_int),
                           fits[False].predict_proba(X_int))
    with pytest.raises(ValueError, match="dequantize"):
        SGANClassifier(dequantize="yes").fit(X, y_semi)


def test_auto_input_noise_is_smaller_on_tables_with_categorical_columns(fast_params):
    """``noise_std="auto"`` builds the discriminator with input noise 0.1 for
    a table with categorical columns and 0.3 otherwise; a number is kept;
    anything else is refused."""
    from sklgan._networks import GaussianNoise
    from sklgan._sgan import AUTO_NOISE_STD, AUTO_NOISE_STD_CATEGORICAL

    X, y = make_mixed_table(120, random_state=0)
    y_semi = y.astype(object)
    y_semi[30:] = -1

    def input_noise(model):
        first = next(m for m in model.discriminator_.modules()
                     if isinstance(m, GaussianNoise))
        return first.std

    params = {**fast_params, "max_epochs": 1}
    assert (AUTO_NOISE_STD, AUTO_NOISE_STD_CATEGORICAL) == (0.3, 0.1)
    assert input_noise(SGANClassifier(**params).fit(X, y_semi)) == 0.1
    numeric = X.select_dtypes("number")  # integers and floats, no category
    assert input_noise(SGANClassifier(**params).fit(numeric, y_semi)) == 0.3
    declared = SGANClassifier(categorical_features=["age"], **params)
    assert input_noise(declared.fit(numeric, y_semi)) == 0.1
    # the blocks of modes of numeric columns are not categorical columns
    modes = SGANClassifier(numeric_transform="mode", **params).fit(numeric, y_semi)
    assert modes.scaler_.mode_sizes_ and input_noise(modes) == 0.3
    assert input_noise(SGANClassifier(noise_std=0.2, **params).fit(X, y_semi)) == 0.2
    with pytest.raises(ValueError, match="noise_std"):
        SGANClassifier(noise_std="large").fit(X, y_semi)


@pytest.mark.parametrize("n_rows, batch_size, expected", [
    (4000, 100, 100),   # 40 batches an epoch: 100 epochs give 4,000 updates
    (2500, 100, 120),   # 25 batches: 3,000 updates need 120 epochs
    (1347, 100, 215),   # 14 batches: 3,000 updates need 215 epochs
    (133, 100, 1500),   # 2 batches
    (50, 100, 3000),    # one batch of all the rows
])
def test_auto_epochs_sized_in_updates(n_rows, batch_size, expected):
    clf = SGANClassifier(batch_size=batch_size)
    assert clf.max_epochs == "auto"
    assert clf._n_epochs(n_rows) == expected
    per_epoch = -(-n_rows // min(batch_size, n_rows))
    assert expected * per_epoch >= 3000
    assert (expected - 1) * per_epoch < 3000 or expected == 100
    assert clf.set_params(max_epochs=7)._n_epochs(n_rows) == 7


def test_auto_epochs_drive_the_fit_and_its_schedules(digits_semi, fast_params,
                                                       monkeypatch):
    import sklgan._base

    monkeypatch.setattr(sklgan._base, "AUTO_MIN_EPOCHS", 2)
    monkeypatch.setattr(sklgan._base, "AUTO_MIN_UPDATES", 25)
    X, _, y_semi = digits_semi  # 600 rows, batch 64: 10 batches an epoch
    clf = SGANClassifier(**{**fast_params, "max_epochs": "auto"}).fit(X, y_semi)
    assert clf.n_iter_ == 3 == clf.net_.max_epochs
    assert sum(clf.history_[:, "train_batch_count"]) == 30
    # the learning rate decays over the auto schedule: constant, then falling
    assert clf.net_.callbacks_[[n for n, _ in clf.net_.callbacks_].index(
        "lr_schedule")][1].n_epochs_ == 3
    # a warm start continues for as many epochs again
    clf.set_params(warm_start=True).fit(X, y_semi)
    assert clf.n_iter_ == 6
    with pytest.raises(ValueError, match="max_epochs"):
        SGANClassifier(max_epochs="many").fit(X, y_semi)
