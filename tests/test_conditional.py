import numpy as np
import pytest
import scipy.sparse as sp
import torch
from sklearn.base import clone
from sklearn.datasets import load_digits
from sklearn.dummy import DummyClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import r2_score

from sklgan import ConditionalGANSampler
from sklgan._conditional import resampling_targets

SMALL = dict(hidden_layer_sizes=(64, 64), latent_dim=8, random_state=0)


@pytest.fixture(scope="module")
def iris_acgan(iris):
    X, y = iris
    return ConditionalGANSampler(max_epochs=100, **SMALL).fit(X, y)


@pytest.fixture(scope="module")
def iris_infogan(iris):
    X, y = iris
    return ConditionalGANSampler("infogan", n_continuous=1, max_epochs=100,
                                 **SMALL).fit(X, y)


def test_acgan_samples_the_requested_class(iris, iris_acgan):
    X, y = iris
    judge = LogisticRegression(max_iter=1000).fit(X, y)
    X_new, y_new = iris_acgan.sample(300, y=np.repeat([0, 1, 2], 100),
                                     random_state=0)
    assert X_new.shape == (300, 4) and y_new.tolist() == [0] * 100 + [1] * 100 + [2] * 100
    # a classifier trained on real rows recognises the class asked for
    assert judge.score(X_new, y_new) >= 0.9
    # samples live in the units of X (iris: positive centimetres)
    assert X_new.min() > -0.5 and abs(X_new.mean() - X.mean()) < 1.0


def test_sample_defaults_follow_class_prior(iris_acgan):
    _, y_new = iris_acgan.sample(3000, random_state=0)
    assert np.allclose(np.bincount(y_new) / 3000, iris_acgan.class_prior_, atol=0.03)


def test_sample_is_reproducible(iris_acgan):
    a = iris_acgan.sample(5, y=1, random_state=3)
    b = iris_acgan.sample(5, y=1, random_state=3)
    c = iris_acgan.sample(5, y=1, random_state=4)
    assert np.array_equal(a[0], b[0]) and not np.array_equal(a[0], c[0])


def test_fit_is_reproducible(iris):
    X, y = iris
    a = ConditionalGANSampler(max_epochs=3, **SMALL).fit(X, y).sample(4, random_state=0)
    b = ConditionalGANSampler(max_epochs=3, **SMALL).fit(X, y).sample(4, random_state=0)
    assert np.array_equal(a[0], b[0])


@pytest.mark.parametrize("kwargs, match", [
    (dict(y=7), "not seen in fit"),
    (dict(y=[0, 1]), "one label per row"),
    (dict(y="setosa"), "string labels but the classes seen in fit"),
    (dict(codes=np.zeros((5, 1))), "only for kind='infogan'"),
])
def test_sample_rejects_bad_requests(iris_acgan, kwargs, match):
    with pytest.raises(ValueError, match=match):
        iris_acgan.sample(5, **kwargs)


@pytest.mark.parametrize("n", [0, -1, 2.5])
def test_sample_rejects_bad_n_samples(iris_acgan, n):
    with pytest.raises(ValueError, match="n_samples"):
        iris_acgan.sample(n)


def test_acgan_needs_y(iris):
    with pytest.raises(ValueError, match="requires y"):
        ConditionalGANSampler(max_epochs=1).fit(iris[0])


def test_transform_only_for_infogan(iris_acgan, iris_infogan):
    assert not hasattr(iris_acgan, "transform")
    assert not hasattr(ConditionalGANSampler(), "fit_transform")
    assert hasattr(iris_infogan, "transform")


def test_infogan_recovers_codes(iris, iris_infogan):
    codes = np.linspace(-1, 1, 300)[:, None]
    X_new, _ = iris_infogan.sample(300, codes=codes, random_state=0)
    inferred = iris_infogan.transform(X_new)
    assert inferred.shape == (300, 1) and inferred.dtype == np.float64
    assert r2_score(codes, inferred) > 0.7
    # 1-d codes are accepted for a single code
    a, _ = iris_infogan.sample(300, codes=codes.ravel(), random_state=0)
    assert np.array_equal(a, X_new)


@pytest.mark.parametrize("codes", [np.zeros((5, 2)), np.zeros((4, 1)),
                                   np.full((5, 1), np.nan)])
def test_infogan_rejects_bad_codes(iris_infogan, codes):
    with pytest.raises(ValueError, match="codes"):
        iris_infogan.sample(5, codes=codes)


def test_unsupervised_infogan(iris):
    X, _ = iris
    sampler = ConditionalGANSampler("infogan", n_categories=3, n_continuous=2,
                                    max_epochs=3, **SMALL).fit(X)
    assert sampler.classes_.tolist() == [0, 1, 2]
    assert np.allclose(sampler.class_prior_, 1 / 3)
    X_new, y_new = sampler.sample(6, y=[0, 1, 2, 0, 1, 2], random_state=0)
    assert X_new.shape == (6, 4) and y_new.tolist() == [0, 1, 2, 0, 1, 2]
    assert sampler.transform(X[:7]).shape == (7, 2)
    assert "class_loss" not in sampler.history_[-1]
    assert np.isfinite(sampler.history_[-1, "code_loss"])


def test_string_labels_and_pandas(iris):
    pd = pytest.importorskip("pandas")
    X, y = iris
    names = np.array(["setosa", "versicolor", "virginica"])[y]
    frame = pd.DataFrame(X, columns=["sl", "sw", "pl", "pw"])
    sampler = ConditionalGANSampler(max_epochs=2, **SMALL).fit(frame, names)
    assert sampler.classes_.tolist() == names[[0, 50, 100]].tolist()
    X_new, y_new = sampler.sample(3, y="virginica", random_state=0)
    assert list(X_new.columns) == ["sl", "sw", "pl", "pw"]
    assert y_new.tolist() == ["virginica"] * 3
    X_res, y_res = sampler.fit_resample(frame.iloc[:120], pd.Series(names[:120],
                                                                    name="kind"))
    assert isinstance(X_res, pd.DataFrame) and list(X_res.columns) == list(frame.columns)
    assert isinstance(y_res, pd.Series) and y_res.name == "kind"
    assert y_res.value_counts().to_dict() == {"setosa": 50, "versicolor": 50,
                                              "virginica": 50}


@pytest.mark.parametrize("dtype", ["category", "string", "Int64"])
def test_fit_resample_keeps_the_dtype_of_a_label_series(iris, dtype):
    # as imbalanced-learn's samplers do: a categorical y stays categorical
    pd = pytest.importorskip("pandas")
    X, y = iris
    X, y = X[:120], y[:120]  # 50, 50 and 20 rows
    labels = y if dtype == "Int64" else np.array(["setosa", "versicolor",
                                                   "virginica"])[y]
    y_in = pd.Series(labels, name="kind", dtype=dtype)
    _, y_res = ConditionalGANSampler(max_epochs=2, **SMALL).fit_resample(X, y_in)
    assert y_res.dtype == y_in.dtype and y_res.name == "kind"
    assert y_res.iloc[:120].equals(y_in)  # the real labels first, unchanged
    assert y_res.value_counts().tolist() == [50, 50, 50]


def test_minus_one_is_an_ordinary_class_for_the_sampler(iris):
    X, y = iris
    y = np.where(y == 0, -1, y)
    sampler = ConditionalGANSampler(max_epochs=2, **SMALL).fit(X, y)
    assert sampler.classes_.tolist() == [-1, 1, 2]


def test_fit_resample_keeps_originals_first(iris):
    X, y = iris
    X, y = X[:110], y[:110]  # 50, 50, 10
    sampler = ConditionalGANSampler(max_epochs=2, **SMALL)
    X_res, y_res = sampler.fit_resample(X, y)
    assert np.array_equal(X_res[:110], X) and np.array_equal(y_res[:110], y)
    assert np.bincount(y_res).tolist() == [50, 50, 50]
    assert (y_res[110:] == 2).all()
    nothing = clone(sampler).set_params(sampling_strategy={2: 10})
    X_same, y_same = nothing.fit_resample(X, y)
    assert np.array_equal(X_same, X) and np.array_equal(y_same, y)


@pytest.mark.parametrize("to_sparse", [sp.csr_matrix, sp.csc_matrix, sp.coo_array],
                         ids=["csr", "csc", "coo_array"])
def test_fit_resample_keeps_sparse_input_sparse(iris, to_sparse):
    # as imbalanced-learn's over-samplers: sparse in, sparse out, in the
    # input's format and dtype, with the rows of the dense array's run
    X, y = iris
    X, y = np.round(X[:110]).astype(np.int64), y[:110]  # 50, 50, 10
    X[X < 2] = 0
    sampler = ConditionalGANSampler(max_epochs=2, **SMALL)
    X_res, y_res = sampler.fit_resample(to_sparse(X), y)
    X_dense, y_dense = clone(sampler).fit_resample(X, y)
    assert sp.issparse(X_res) and X_res.format == to_sparse(X).format
    assert isinstance(X_res, sp.sparray) == isinstance(to_sparse(X), sp.sparray)
    assert X_res.dtype == np.int64 and X_res.shape == (150, 4)
    np.testing.assert_array_equal(X_res.toarray(), X_dense)
    np.testing.assert_array_equal(X_res.toarray()[:110], X)
    np.testing.assert_array_equal(y_res, y_dense)


def test_sparse_columns_of_a_dataframe_come_back_sparse(iris):
    pd = pytest.importorskip("pandas")
    X, y = iris
    X = np.where(X < 1.5, 0.0, X)
    frame = pd.DataFrame(X, columns=list("abcd")).astype(pd.SparseDtype(float, 0.0))
    sampler = ConditionalGANSampler(max_epochs=2, **SMALL).fit(frame, y)
    X_new, _ = sampler.sample(6, y=2, random_state=0)
    assert list(X_new.columns) == list("abcd")
    assert all(isinstance(dtype, pd.SparseDtype) for dtype in X_new.dtypes)
    dense = ConditionalGANSampler(max_epochs=2, **SMALL).fit(X, y)
    np.testing.assert_allclose(X_new.to_numpy(), dense.sample(6, y=2, random_state=0)[0])


def test_infogan_finds_the_same_categories_in_sparse_rows():
    X = load_digits().data[:300]
    dense = ConditionalGANSampler("infogan", max_epochs=3, **SMALL).fit(X)
    sparse = ConditionalGANSampler("infogan", max_epochs=3, **SMALL).fit(sp.csr_matrix(X))
    np.testing.assert_array_equal(sparse.labels_, dense.labels_)
    np.testing.assert_array_equal(sparse.predict(sp.csc_matrix(X)), dense.labels_)
    np.testing.assert_allclose(sparse.transform(sp.csr_matrix(X)), dense.transform(X),
                               rtol=1e-6)


def test_fit_resample_in_imblearn_pipeline(iris):
    imblearn = pytest.importorskip("imblearn")
    from imblearn.pipeline import make_pipeline

    X, y = iris
    X, y = X[:110], y[:110]
    pipe = make_pipeline(ConditionalGANSampler(max_epochs=2, **SMALL),
                         DummyClassifier(strategy="prior"))
    pipe.fit(X, y)  # 50, 50 and 10 rows
    # the classifier was trained on the balanced rows...
    np.testing.assert_allclose(pipe[-1].class_prior_, [1 / 3] * 3)
    assert pipe[0].sampling_strategy_ == {0: 0, 1: 0, 2: 40}
    # ...and prediction passes the rows through untouched
    assert pipe.predict_proba(X).shape == (110, 3)
    assert imblearn.__version__


@pytest.mark.parametrize("strategy, expected", [
    ("auto", {0: 0, 1: 1, 2: 3}),
    ("not majority", {0: 0, 1: 1, 2: 3}),
    ("minority", {0: 0, 1: 0, 2: 3}),
    ("not minority", {0: 0, 1: 1, 2: 0}),
    ("all", {0: 0, 1: 1, 2: 3}),
    ({1: 5, 2: 2}, {0: 0, 1: 2, 2: 1}),
    (lambda y: {2: 4}, {0: 0, 1: 0, 2: 3}),
])
def test_resampling_targets(strategy, expected):
    y = [0, 0, 0, 0, 1, 1, 1, 2]
    assert resampling_targets(y, strategy) == expected


def test_resampling_targets_float_and_errors():
    assert resampling_targets([0] * 10 + [1] * 2, 0.5) == {0: 0, 1: 3}
    with pytest.raises(ValueError, match="only add rows"):
        resampling_targets([0] * 10 + [1] * 6, 0.5)
    with pytest.raises(ValueError, match="two classes"):
        resampling_targets([0, 0, 1, 2], 0.5)
    with pytest.raises(ValueError, match="not in y"):
        resampling_targets([0, 0, 1], {5: 10})
    with pytest.raises(ValueError, match="only add rows"):
        resampling_targets([0, 0, 1], {0: 1})
    with pytest.raises(ValueError, match="must return a dict"):
        resampling_targets([0, 0, 1], lambda y: 3)


def test_fit_resample_rejects_bad_strategy(iris):
    X, y = iris
    sampler = ConditionalGANSampler(sampling_strategy="most", max_epochs=1)
    with pytest.raises(ValueError, match="sampling_strategy"):
        sampler.fit_resample(X, y)
    assert not hasattr(sampler, "net_")  # nothing half-fitted


def test_fit_sets_sampling_strategy_as_imblearn_does(iris):
    """As imbalanced-learn's samplers, fit with y records (and checks) what
    fit_resample would generate; the rows fit_resample adds are those."""
    X, y = iris
    X, y = X[:110], y[:110]  # 50, 50, 10
    sampler = ConditionalGANSampler(sampling_strategy={1: 60, 2: 30}, max_epochs=1,
                                    **SMALL).fit(X, y)
    assert sampler.sampling_strategy_ == {0: 0, 1: 10, 2: 20}
    _, y_res = clone(sampler).fit_resample(X, y)
    assert np.bincount(y_res[110:], minlength=3).tolist() == [0, 10, 20]
    # a strategy that fit_resample would refuse is refused before training
    for bad, match in [({2: 5}, "only add rows"), ({7: 60}, "not in y"),
                       (0.5, "two classes")]:
        refused = ConditionalGANSampler(sampling_strategy=bad, max_epochs=1, **SMALL)
        with pytest.raises(ValueError, match=match):
            refused.fit(X, y)
        assert not hasattr(refused, "net_")  # nothing half-fitted
    # an InfoGAN refitted without y has nothing to resample
    info = ConditionalGANSampler("infogan", max_epochs=1, **SMALL).fit(X, y)
    assert info.sampling_strategy_ == {0: 0, 1: 0, 2: 40}
    assert not hasattr(info.fit(X), "sampling_strategy_")


def test_conv_path_on_images():
    """The convolutional InfoGAN controls its images with the codes: the
    recognition head recovers the codes of generated images."""
    X, y = load_digits(return_X_y=True)
    sampler = ConditionalGANSampler("infogan", image_shape=(1, 8, 8), max_epochs=3,
                                    latent_dim=8, random_state=0).fit(X[:600], y[:600])
    assert isinstance(sampler.discriminator_.body[1].layer, torch.nn.Conv2d)
    X_new, y_new = sampler.sample(4, y=3, codes=np.zeros((4, 2)), random_state=0)
    assert X_new.shape == (4, 64) and y_new.tolist() == [3] * 4
    codes = np.random.RandomState(0).uniform(-1, 1, (200, 2))
    X_new, _ = sampler.sample(200, codes=codes, random_state=0)
    recovered = sampler.transform(X_new)
    for i in range(2):
        assert np.corrcoef(codes[:, i], recovered[:, i])[0, 1] > 0.5


def test_infogan_transform_follows_set_output(iris):
    import pandas as pd
    import sklearn

    X, y = iris
    frame = pd.DataFrame(X, columns=["a", "b", "c", "d"], index=np.arange(len(X)) + 100)
    info = ConditionalGANSampler("infogan", n_continuous=2, max_epochs=2, **SMALL)
    info.fit(frame, y)
    codes = info.transform(frame)
    assert isinstance(codes, np.ndarray) and codes.shape == (len(X), 2)
    assert list(info.get_feature_names_out()) == ["code0", "code1"]
    out = clone(info).set_output(transform="pandas").fit_transform(frame, y)
    assert isinstance(out, pd.DataFrame)
    assert list(out.columns) == ["code0", "code1"] and (out.index == frame.index).all()
    assert np.allclose(out.to_numpy(), codes)
    assert isinstance(info.set_output(transform="default").transform(frame), np.ndarray)
    # ACGAN has no transform, so no set_output either (imblearn pipelines);
    # its feature names are those of fit_resample's output: the input's
    acgan = ConditionalGANSampler(max_epochs=1, **SMALL)
    assert not hasattr(acgan, "set_output")
    names = acgan.fit(frame, y).get_feature_names_out()
    assert names.tolist() == frame.columns.tolist() and names.dtype == object
    # a global pandas output changes transform only, not training or sampling
    with sklearn.config_context(transform_output="pandas"):
        info2 = ConditionalGANSampler("infogan", n_continuous=2, max_epochs=2, **SMALL)
        assert isinstance(info2.fit_transform(X, y), pd.DataFrame)
        X_new, _ = acgan.fit(X, y).sample(3, random_state=0)
        assert isinstance(X_new, np.ndarray)


def test_infogan_reads_rows_beyond_the_training_range_at_its_edge(iris):
    """New rows are clipped to the range seen in fit before the recognition
    head reads them: a value far beyond it gets the categories and codes of
    the range's end."""
    X, _ = iris
    sampler = ConditionalGANSampler("infogan", n_categories=3, n_continuous=1,
                                    max_epochs=5, **SMALL).fit(X)
    far = X[:10].copy()
    far[:, 2] = 1e4
    edge = X[:10].copy()
    edge[:, 2] = X[:, 2].max()
    np.testing.assert_allclose(sampler.predict_proba(far),
                               sampler.predict_proba(edge), rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(sampler.transform(far), sampler.transform(edge),
                               rtol=1e-5, atol=1e-6)


def test_infogan_categories_of_real_rows():
    """An InfoGAN fitted without y clusters rows into its categories:
    predict / predict_proba / fit_predict / labels_ agree with each other,
    and the categories of well-separated blobs are the blobs."""
    from sklearn.datasets import make_blobs

    from sklgan.metrics import matched_accuracy_score

    pd = pytest.importorskip("pandas")

    X, blob = make_blobs(n_samples=300, centers=3, cluster_std=0.5, random_state=0)
    sampler = ConditionalGANSampler("infogan", n_categories=3, max_epochs=60,
                                    **SMALL)
    labels = sampler.fit_predict(X)
    assert labels is sampler.labels_ and labels.shape == (300,)
    assert set(labels.tolist()) <= {0, 1, 2}
    proba = sampler.predict_proba(X)
    np.testing.assert_allclose(proba.sum(axis=1), 1.0)
    np.testing.assert_array_equal(sampler.predict(X), proba.argmax(axis=1))
    np.testing.assert_array_equal(sampler.predict(X), labels)
    assert matched_accuracy_score(blob, labels) > 0.9
    # with y the categories are the classes, in the labels' own values
    names = pd.Series(np.array(["a", "b", "c"])[blob], dtype="category")
    supervised = ConditionalGANSampler("infogan", max_epochs=30, **SMALL).fit(X, names)
    assert supervised.classes_.tolist() == names.cat.categories.tolist()
    assert (supervised.predict(X) == names.to_numpy()).mean() > 0.9
    # an ACGAN keeps exactly the sampler's methods (imblearn pipelines)
    acgan = ConditionalGANSampler("acgan")
    for method in ("predict", "predict_proba", "fit_predict", "transform"):
        assert not hasattr(acgan, method)


def _record_starts(monkeypatch, scores=None):
    """Record every engine a fit builds and the criterion of every start;
    ``scores`` (one per start) replaces the criterion's values."""
    built, scored = [], []
    make_net = ConditionalGANSampler._make_net
    criterion = ConditionalGANSampler._start_criterion

    def spy_make_net(self, *args, **kwargs):
        built.append(make_net(self, *args, **kwargs))
        return built[-1]

    def spy_criterion(self, net, X):
        value = criterion(self, net, X)
        if scores is not None:
            value = scores[len(scored)]
        scored.append((net, len(net.history), value))
        return value

    monkeypatch.setattr(ConditionalGANSampler, "_make_net", spy_make_net)
    monkeypatch.setattr(ConditionalGANSampler, "_start_criterion", spy_criterion)
    return built, scored


@pytest.mark.parametrize("scores, winner", [([3.0, 1.0, 2.0], 1), ([0.5, 1.0, 2.0], 0),
                                            ([3.0, 2.0, -1.0], 2),
                                            ([np.nan, 2.0, 1.5], 2)])
def test_infogan_restarts_keep_the_best_start(iris, monkeypatch, scores, winner):
    """n_init starts train the first fifth of the epochs; the start with the
    lowest criterion trains on to max_epochs, the others are dropped."""
    X, _ = iris
    built, scored = _record_starts(monkeypatch, scores)
    sampler = ConditionalGANSampler("infogan", n_categories=3, n_init=3,
                                    max_epochs=10, **SMALL).fit(X)
    assert len(built) == 3 and [n for _, n, _ in scored] == [2, 2, 2]
    assert sampler.net_ is built[winner] and sampler.n_iter_ == 10
    assert [h["epoch"] for h in sampler.history_] == list(range(1, 11))
    # the starts differ (each has its own seed)
    first_losses = {net.history[0, "d_loss"] for net in built}
    assert len(first_losses) == 3


def test_infogan_start_criterion_is_the_information_maximisation_loss(iris):
    """The criterion is the cluster_loss of training computed on all rows:
    a start that puts every row in one category scores worse than the
    fitted model, which splits the rows evenly and confidently."""
    from sklgan._losses import information_maximization_loss

    X, _ = iris
    sampler = ConditionalGANSampler("infogan", n_categories=3, n_init=1,
                                    max_epochs=40, **SMALL).fit(X)
    X_scaled = torch.as_tensor(sampler.scaler_.transform(X), dtype=torch.float32)
    value = sampler._start_criterion(sampler.net_, X_scaled)
    logits = torch.as_tensor(np.log(sampler.predict_proba(X)))
    assert value == pytest.approx(float(information_maximization_loss(logits, 2.0)),
                                  abs=1e-6)
    one_category = torch.tensor([[5.0, 0.0, 0.0]]).repeat(len(X), 1)
    assert value < float(information_maximization_loss(one_category, 2.0))


def test_restarts_are_reproducible_and_one_start_is_a_plain_fit(iris, monkeypatch):
    X, _ = iris
    params = dict(n_categories=3, max_epochs=10, **SMALL)
    a = ConditionalGANSampler("infogan", n_init=3, **params).fit(X)
    b = ConditionalGANSampler("infogan", n_init=3, **params).fit(X)
    np.testing.assert_array_equal(a.predict_proba(X), b.predict_proba(X))
    built, scored = _record_starts(monkeypatch)
    ConditionalGANSampler("infogan", n_init=1, **params).fit(X)
    assert len(built) == 1 and not scored


@pytest.mark.parametrize("kind, with_y", [("acgan", True), ("infogan", True)])
def test_no_restarts_with_labels(iris, monkeypatch, kind, with_y):
    X, y = iris
    built, scored = _record_starts(monkeypatch)
    ConditionalGANSampler(kind, n_init=3, max_epochs=5, **SMALL).fit(X, y)
    assert len(built) == 1 and not scored


def test_no_restarts_when_training_continues(iris, monkeypatch):
    X, _ = iris
    sampler = ConditionalGANSampler("infogan", n_categories=3, n_init=2,
                                    max_epochs=5, **SMALL).fit(X)
    built, scored = _record_starts(monkeypatch)
    sampler.set_params(warm_start=True).fit(X)
    sampler.partial_fit(X)
    assert sampler.n_iter_ == 11 and not built and not scored
    fresh = ConditionalGANSampler("infogan", n_categories=3, n_init=2, **SMALL)
    fresh.partial_fit(X)
    assert fresh.n_iter_ == 1 and len(built) == 1 and not scored


def test_ctrl_c_while_the_starts_train_keeps_that_start(iris, monkeypatch):
    from skorch.callbacks import Callback

    class Interrupt(Callback):
        def on_batch_end(self, net, **kwargs):
            if len(net.history) == 2 and len(net.history[-1]["batches"]) == 1:
                raise KeyboardInterrupt

    X, _ = iris
    built, scored = _record_starts(monkeypatch)
    sampler = ConditionalGANSampler("infogan", n_categories=3, n_init=3,
                                    max_epochs=20, callbacks=[Interrupt()], **SMALL)
    with pytest.warns(UserWarning, match="kept as it was at the end of epoch 1"):
        sampler.fit(X)
    assert len(built) == 1 and not scored and sampler.n_iter_ == 1
    assert sampler.net_ is built[0] and sampler.labels_.shape == (150,)


# -- mixed-type tables ------------------------------------------------------
def mixed_table(n=240, seed=0):
    """A table whose class fixes its ``colour`` category."""
    pd = pytest.importorskip("pandas")
    rng = np.random.RandomState(seed)
    y = np.array(["a", "b"])[rng.randint(0, 2, n)]
    X = pd.DataFrame({
        "colour": pd.Categorical(np.where(y == "a", "red", "blue")),
        "size": np.where(y == "a", rng.randint(0, 3, n), rng.randint(10, 14, n)),
        "flag": rng.uniform(size=n) < 0.3,
        "weight": rng.lognormal(1, 0.5, n),
    })
    return X, y


def test_sampler_generates_tables_with_their_dtypes_and_values():
    X, y = mixed_table()
    sampler = ConditionalGANSampler(max_epochs=40, random_state=0).fit(X, y)
    assert sampler.net_.generator_.net[-1].categorical_sizes == (2, 2)
    X_new, y_new = sampler.sample(200, y="a", random_state=0)
    assert list(X_new.columns) == list(X.columns)
    assert (X_new.dtypes == X.dtypes).all()
    assert X_new["colour"].cat.categories.tolist() == ["blue", "red"]
    assert set(X_new["colour"]) <= {"red", "blue"}
    assert X_new["size"].between(X["size"].min(), X["size"].max()).all()
    assert X_new["weight"].between(X["weight"].min(), X["weight"].max()).all()
    # the class controls the category and the integer column
    assert (X_new["colour"] == "red").mean() > 0.9
    assert (X_new["size"] < 5).mean() > 0.9
    X_b, _ = sampler.sample(200, y="b", random_state=0)
    assert (X_b["colour"] == "blue").mean() > 0.9


def test_mode_normalisation_generates_numbers_near_their_modes():
    """Under ``numeric_transform="mode"`` the generator draws each numeric
    column's mode with a one-hot head of its own and a value within it, so
    even a barely trained generator puts no value in the empty gap between
    two peaks, which the linear range fills."""
    pd = pytest.importorskip("pandas")
    rng = np.random.RandomState(0)
    n = 200
    y = np.array(["a", "b"])[rng.randint(0, 2, n)]
    X = pd.DataFrame({
        "peaks": np.where(rng.uniform(size=n) < 0.5, 0.0, 100.0) + rng.normal(size=n),
        "colour": pd.Categorical(np.where(y == "a", "red", "blue")),
    })

    def gap_share(numeric_transform):
        sampler = ConditionalGANSampler(numeric_transform=numeric_transform,
                                        max_epochs=2, random_state=0).fit(X, y)
        X_new, _ = sampler.sample(300, random_state=0)
        assert (X_new.dtypes == X.dtypes).all()
        return sampler, X_new["peaks"].between(10, 90).mean()

    sampler, share = gap_share("mode")
    assert share == 0.0
    assert sampler.scaler_.mode_sizes_ == (2,)
    assert sampler.net_.generator_.net[-1].categorical_sizes == (2, 2)
    assert gap_share("range")[1] > 0.2


def test_fit_resample_appends_rows_of_the_same_dtypes():
    X, y = mixed_table()
    keep = (y == "a") | (np.arange(len(y)) % 4 == 0)
    X, y = X[keep], y[keep]
    sampler = ConditionalGANSampler(max_epochs=5, random_state=0)
    X_res, y_res = sampler.fit_resample(X, y)
    assert (X_res.dtypes == X.dtypes).all()
    assert (y_res == "a").sum() == (y_res == "b").sum()
    # the real rows first, unchanged
    assert X_res.iloc[:len(X)].equals(X.reset_index(drop=True))


def test_categorical_columns_of_an_array_by_index():
    X, y = mixed_table()
    values = X.to_numpy(dtype=object)
    sampler = ConditionalGANSampler(categorical_features=[0, 2], max_epochs=3,
                                    random_state=0).fit(values, y)
    X_new, _ = sampler.sample(5, random_state=0)
    assert isinstance(X_new, np.ndarray) and X_new.dtype == object
    assert set(X_new[:, 0]) <= {"red", "blue"}


@pytest.mark.parametrize("numeric_transform", ["range", "quantile"])
def test_sampler_generates_missing_values_as_often_as_each_class_has_them(
        numeric_transform):
    """Half of class a's weights are missing and none of class b's: the
    generated rows of each class follow (the ``[observed, missing]`` head
    is conditioned on the class like every other)."""
    pd = pytest.importorskip("pandas")
    X, y = mixed_table()
    rng = np.random.RandomState(1)
    X.loc[(y == "a") & (rng.uniform(size=len(y)) < 0.5), "weight"] = np.nan
    sampler = ConditionalGANSampler(max_epochs=40, numeric_transform=numeric_transform,
                                    random_state=0).fit(X, y)
    assert sampler.scaler_.missing_mask_.tolist() == [False, False, False, True]
    X_a, _ = sampler.sample(400, y="a", random_state=0)
    X_b, _ = sampler.sample(400, y="b", random_state=0)
    assert 0.3 < X_a["weight"].isna().mean() < 0.75  # a GAN's rates are rough
    assert X_b["weight"].isna().mean() < 0.05
    observed = X_a["weight"].dropna()
    assert observed.between(X["weight"].min(), X["weight"].max()).all()
    assert observed.nunique() > 50  # values, not the median filled in
    # fit_resample keeps the real rows' missing values, and generates some
    X_res, y_res = sampler.set_params(sampling_strategy={"a": 400}).fit_resample(X, y)
    pd.testing.assert_frame_equal(X_res.iloc[:len(X)], X)
    assert X_res["weight"].iloc[len(X):].isna().mean() > 0.3


def test_mixed_tables_refuse_what_they_cannot_handle():
    X, y = mixed_table()
    with pytest.raises(ValueError, match="image_shape is for images"):
        ConditionalGANSampler(image_shape=(1, 2, 2), max_epochs=1).fit(X, y)
    sampler = ConditionalGANSampler(kind="infogan", max_epochs=1, random_state=0)
    sampler.fit(X, y)
    other = X.copy()
    other["colour"] = other["colour"].astype(object)
    other.loc[0, "colour"] = "green"
    with pytest.raises(ValueError, match="Column 'colour' holds categories "
                                         "\\['green'\\]"):
        sampler.transform(other)
    assert sampler.predict(X).shape == (len(X),)


def test_shift_weight_acts_on_images_without_labels_only():
    """The shift-consistency term changes an InfoGAN fitted on images
    without labels (convolutional or fully connected networks), where it is
    on at weight 1 by default, and nothing else: a table, or images with
    labels, fit the same with it off."""
    X, y = load_digits(return_X_y=True)
    X, y = X[:300], y[:300]
    common = dict(n_init=1, max_epochs=2, latent_dim=8, random_state=0)

    def proba(shift_weight, y=None, **params):
        sampler = ConditionalGANSampler("infogan", shift_weight=shift_weight,
                                        **common, **params).fit(X, y)
        return sampler.predict_proba(X) if y is None else sampler.transform(X)

    for image in (dict(image_shape=(1, 8, 8), hidden_layer_sizes=(8, 8, 8)),
                  dict(image_shape=(1, 8, 8), network="mlp",
                       hidden_layer_sizes=(32, 32))):
        assert not np.allclose(proba(0.0, **image), proba(1.0, **image))
        default = ConditionalGANSampler("infogan", **common, **image).fit(X)
        np.testing.assert_array_equal(default.predict_proba(X), proba(1.0, **image))
        assert "shift_loss" in default.history_[-1]
        assert not np.allclose(proba(1.0, **image),
                               proba(1.0, shift_transform="translate", **image))
        np.testing.assert_array_equal(proba(0.0, y, **image), proba(1.0, y, **image))
    np.testing.assert_array_equal(proba(0.0, hidden_layer_sizes=(32, 32)),
                                  proba(1.0, hidden_layer_sizes=(32, 32)))


@pytest.mark.parametrize("kind", ["acgan", "infogan"])
def test_auto_epochs_size_the_samplers_schedule_in_updates(iris, monkeypatch, kind):
    """``max_epochs="auto"``: the classifier's rule (at least so many epochs
    and so many updates), for both kinds, restarts and warm starts included."""
    import sklgan._base

    monkeypatch.setattr(sklgan._base, "AUTO_MIN_EPOCHS", 2)
    monkeypatch.setattr(sklgan._base, "AUTO_MIN_UPDATES", 25)
    X, y = iris  # 150 rows, batch 64: 3 batches an epoch
    sampler = ConditionalGANSampler(kind, max_epochs="auto", n_init=2, latent_dim=4,
                                    hidden_layer_sizes=(8,), random_state=0).fit(X, y)
    assert ConditionalGANSampler().max_epochs == 100  # the default stays fixed
    assert sampler.n_iter_ == 9 == sampler.net_.max_epochs
    assert sum(sampler.history_[:, "train_batch_count"]) == 27
    sampler.set_params(warm_start=True).fit(X, y)
    assert sampler.n_iter_ == 18
    with pytest.raises(ValueError, match="max_epochs"):
        ConditionalGANSampler(max_epochs="many").fit(X, y)


def test_sampler_generates_dates_of_each_class():
    """A column of dates: class a's rows fall in 2020, class b's in 2023,
    January to October; generated rows are dates (whole days, the column's
    dtype) of their class's years, in the months seen in fit."""
    pd = pytest.importorskip("pandas")
    X, y = mixed_table()
    rng = np.random.RandomState(2)
    year = np.where(y == "a", "2020-01-01", "2023-01-01").astype("datetime64[D]")
    X["opened"] = pd.Series(year + rng.randint(0, 300, len(y)).astype("timedelta64[D]"),
                            dtype="datetime64[s]")
    sampler = ConditionalGANSampler(max_epochs=80, random_state=0).fit(X, y)
    assert sampler.scaler_.time_mask_.tolist() == [False] * 4 + [True]
    assert sampler.scaler_.month_sizes_ == (10,)  # January to October
    for label, later in (("a", False), ("b", True)):
        X_new, _ = sampler.sample(200, y=label, random_state=0)
        assert X_new.dtypes.equals(X.dtypes)
        assert (X_new["opened"] == X_new["opened"].dt.normalize()).all()
        assert ((X_new["opened"].dt.year >= 2022) == later).mean() > 0.9
        assert (X_new["opened"].dt.month <= 10).all()  # the months seen in fit


@pytest.mark.parametrize("freq, end, cycle", [
    ("D", "2022-12-31", "year"),       # the season: high in July
    ("h", "2021-02-28 23:00", "day"),  # the time of day: high at 2 pm
])
def test_sampler_generates_the_cycles_of_a_column_of_dates(freq, end, cycle):
    """A value that follows the year's or the day's cycle: the generated
    rows' values follow their month or hour too, which the blocks of months
    and hours carry (one number on the time line could not: -0.11 for the
    season and 0.0 for the hours without the blocks)."""
    pd = pytest.importorskip("pandas")
    rng = np.random.RandomState(0)
    when = pd.Series(pd.date_range("2021-01-01", end, freq=freq))

    def distance(dates):  # from the cycle's peak
        if cycle == "year":
            return np.abs(dates.dt.dayofyear.to_numpy() - 196) / 30
        return np.abs(dates.dt.hour.to_numpy() - 14)

    X = pd.DataFrame({"when": when,
                      "warmth": -distance(when) + rng.normal(0, 0.5, len(when))})
    y = rng.randint(0, 2, len(when))
    sampler = ConditionalGANSampler(max_epochs=40, random_state=0).fit(X, y)
    X_new, _ = sampler.sample(500, random_state=0)
    assert np.corrcoef(distance(X["when"]), X["warmth"])[0, 1] < -0.9
    # (40 epochs: -0.72 for the hours, -0.88 at 100; 0.0 without a block)
    assert np.corrcoef(distance(X_new["when"]), X_new["warmth"])[0, 1] < -0.4


def test_sampler_generates_the_weekdays_of_a_column_of_dates():
    """Sales that are high at weekends: the generated days' sales follow
    their weekday, which the block of weekdays carries (-0.03 without it).
    Trading days come back on weekdays only (24% at weekends without the
    block), a weekly series on its weekday, and a monthly one gets no block."""
    pd = pytest.importorskip("pandas")
    rng = np.random.RandomState(0)
    when = pd.Series(pd.date_range("2021-01-01", "2022-12-31", freq="D"))
    weekend = (when.dt.dayofweek >= 5).to_numpy()
    sales = np.where(weekend, 3.0, 1.0) + rng.normal(0, 0.3, len(when))
    X = pd.DataFrame({"when": when, "sales": sales})
    y = rng.randint(0, 2, len(when))
    sampler = ConditionalGANSampler(max_epochs=40, random_state=0).fit(X, y)
    assert sampler.scaler_.weekday_sizes_ == (7,)
    X_new, _ = sampler.sample(1000, random_state=0)
    generated_weekend = (X_new["when"].dt.dayofweek >= 5).to_numpy()
    # (40 epochs: 0.88, 0.95 in the real rows)
    assert np.corrcoef(generated_weekend, X_new["sales"])[0, 1] > 0.5
    for freq, weekdays in [("B", [0, 1, 2, 3, 4]), ("W-MON", [0]), ("MS", None)]:
        X = pd.DataFrame({"when": pd.date_range("2021-01-01", periods=150, freq=freq),
                          "value": rng.normal(size=150)})
        sampler = ConditionalGANSampler(max_epochs=2, random_state=0).fit(X, y[:150])
        X_new, _ = sampler.sample(300, random_state=0)
        if weekdays is None:  # months are all on their first day
            assert sampler.scaler_.weekday_sizes_ == ()
        else:
            assert sampler.scaler_.weekday_sizes_ == (len(weekdays),)
            assert set(X_new["when"].dt.dayofweek) <= set(weekdays)
