"""Bad input gets an error that names the problem, and leaves nothing fitted.

``BAD_FIT`` and ``BAD_AFTER_FIT`` are the tables of bad inputs tried; each
case says which error and which words of its message are expected.
"""

import numpy as np
import pandas as pd
import pytest
import scipy.sparse as sp
import torch
from sklearn.exceptions import NotFittedError
from sklearn.utils._param_validation import InvalidParameterError

from sklgan import ConditionalGANSampler, SGANClassifier

SMALL = dict(max_epochs=1, batch_size=16, latent_dim=4, hidden_layer_sizes=(8,),
             random_state=0)
RNG = np.random.RandomState(0)
X10 = RNG.rand(10, 3)
Y10 = np.arange(10) % 2
WORDS10 = np.c_[X10[:, :2], np.where(Y10 == 0, "red", "blue")].astype(object)
WORDS10[:, :2] = X10[:, :2]
DATES10 = pd.DataFrame({"amount": X10[:, 0],
                        "day": pd.date_range("2020-01-01", periods=10),
                        "wait": pd.to_timedelta(np.arange(10), unit="h")})


def _with(X, row, col, value):
    X = X.copy()
    X[row, col] = value
    return X


def _sgan(**params):
    return SGANClassifier(**{**SMALL, **params})


def _acgan(**params):
    return ConditionalGANSampler(**{**SMALL, **params})


def _infogan(**params):
    return ConditionalGANSampler(kind="infogan", **{**SMALL, **params})


ESTIMATORS = {"sgan": _sgan, "acgan": _acgan, "infogan": _infogan}

# (case, estimators, params, X, y, error, words of the message)
BAD_FIT = [
    # tables may miss numeric values (tests/test_tabular.py), images may not
    ("NaN in images", "sgan acgan infogan", {"image_shape": (1, 1, 3)},
     _with(X10, 2, 1, np.nan), Y10, ValueError, "Input X contains NaN"),
    ("a column of missing values", "sgan acgan infogan", {},
     np.c_[X10, np.full(10, np.nan)], Y10, ValueError,
     "Column 3 holds only missing values; drop it"),
    ("inf in X", "sgan acgan infogan", {}, _with(X10, 0, 0, np.inf), Y10, ValueError,
     "Input X contains infinity"),
    # sparse X is read (tests/test_sgan.py, tests/test_conditional.py), and
    # checked as dense X is
    ("inf in sparse X", "sgan acgan infogan", {}, sp.csr_matrix(_with(X10, 0, 0, np.inf)),
     Y10, ValueError, "Input X contains infinity"),
    ("NaN in sparse images", "sgan acgan infogan", {"image_shape": (1, 1, 3)},
     sp.csr_matrix(_with(X10, 2, 1, np.nan)), Y10, ValueError, "Input X contains NaN"),
    # DataFrame columns of dates are read (tests/test_tabular.py); images not
    ("dates with image_shape", "sgan acgan infogan", {"image_shape": (1, 1, 3)},
     DATES10, Y10, ValueError, "image_shape is for images, whose values are all "
     "numeric; X has categorical columns or columns of dates or durations"),
    ("an array of dates", "sgan acgan infogan", {},
     np.datetime64("2020-01-01") + np.arange(30).reshape(10, 3), Y10, ValueError,
     r"cannot read an array of dates or durations \(datetime64\[D\]\)\. "
     "Pass a DataFrame"),
    ("an array of durations", "sgan acgan", {},
     np.arange(30).reshape(10, 3).astype("timedelta64[h]"), Y10, ValueError,
     r"cannot read an array of dates or durations \(timedelta64\[h\]\)"),
    ("missing labels (None)", "sgan", {}, X10,
     np.array(["a", None, "b", "a", None, "b", "a", "b", "a", "b"], dtype=object),
     ValueError, r"y holds 2 missing labels \(NaN, None or pandas NA\)\. "
     "SGANClassifier marks an unlabeled row with -1"),
    ("missing labels (pandas NA)", "sgan acgan infogan", {}, X10,
     pd.Series(["a", "b", None, "a", "b", "a", "b", "a", "b", "a"], dtype="string"),
     ValueError, "y holds 1 missing label "),
    ("missing labels (NaN)", "acgan infogan", {}, X10, np.r_[np.nan, Y10[1:]],
     ValueError, "y holds 1 missing label .* The sampler needs the label of every row"),
    # an array has no column dtypes: strings need their columns named
    ("strings in an array", "sgan acgan infogan", {}, WORDS10, Y10, ValueError,
     r"X holds strings in column 2 \(for example 'red'\), and an array has no "
     r"column dtypes for categorical_features='from_dtype' to read\. Name the "
     r"categorical columns, e.g. categorical_features=\[2\], or pass a pandas "
     "DataFrame"),
    ("strings in a list", "sgan", {}, WORDS10.tolist(), Y10, ValueError,
     r"X holds strings in column 2 \(for example 'red'\)"),
    ("strings in an undeclared column", "sgan acgan", {"categorical_features": [0]},
     WORDS10, Y10, ValueError, r"X holds strings in column 2 \(for example 'red'\), "
     r"and categorical_features=\[0\] does not declare it categorical\. Name the "
     r"categorical columns, e.g. categorical_features=\[0, 2\]\.$"),
    ("text columns declared numeric", "sgan acgan",
     {"categorical_features": None},
     pd.DataFrame({"x": X10[:, 0], "colour": WORDS10[:, 2], "size": ["s", "l"] * 5}),
     Y10, ValueError, r"X holds strings in columns \['colour', 'size'\] \(for "
     r"example 'red'\), and categorical_features=None does not declare them "
     r"categorical\. Name the categorical columns, e.g. categorical_features="
     r"\['colour', 'size'\]\.$"),
    ("complex X", "sgan acgan", {}, X10 + 1j, Y10, ValueError, "Complex data"),
    ("X is 1-d", "sgan acgan", {}, X10[:, 0], Y10, ValueError, "Expected 2D array"),
    ("a single row", "sgan acgan", {}, X10[:1], Y10[:1], ValueError,
     "minimum of 2 is required"),
    ("y of another length", "sgan acgan", {}, X10, Y10[:7], ValueError,
     "inconsistent numbers of samples"),
    ("continuous y", "sgan acgan", {}, X10, RNG.rand(10), ValueError,
     "Unknown label type: continuous"),
    ("no labeled row", "sgan", {}, X10, np.full(10, -1), ValueError, "no labeled row"),
    ("one labeled class", "sgan", {}, X10, np.r_[np.zeros(5), -np.ones(5)], ValueError,
     "at least two classes among the labeled rows; got 1"),
    ("ACGAN without y", "acgan", {}, X10, None, ValueError, "requires y"),
    ("more categories than rows", "infogan", {"n_categories": 11}, X10, None,
     ValueError, "n_samples=10 should be >= n_categories=11"),
    ("a callback that is not one", "sgan acgan", {"callbacks": ["nope"]}, X10, Y10,
     TypeError, "callbacks must hold skorch callbacks .* got 'nope'"),
    ("a pair without a callback", "sgan", {"callbacks": [("x", 3)]}, X10, Y10,
     TypeError, r"got \('x', 3\)"),
    ("image_shape vs n_features", "sgan acgan infogan", {"image_shape": (1, 4, 4)},
     RNG.rand(10, 15), Y10, ValueError, r"image_shape=\(1, 4, 4\) holds 16 values per "
     "row but X has 15 features"),
    ("image_shape not (c, h, w)", "sgan acgan", {"image_shape": (4, 4)},
     RNG.rand(10, 16), Y10, ValueError, r"tuple \(channels, height, width\)"),
    ("image smaller than 4x4", "sgan", {"image_shape": (1, 2, 8)}, RNG.rand(10, 16),
     Y10, ValueError, r"at least 4x4 pixels, got \(1, 2, 8\)\.$"),
    ("image_shape given channels last", "sgan acgan", {"image_shape": (4, 4, 1)},
     RNG.rand(10, 16), Y10, ValueError, r"It reads as 4 channels of 4x1 pixels; "
     r"for images stored channels last, pass image_shape=\(1, 4, 4\)"),
    ("images not flattened", "sgan acgan infogan", {"image_shape": (1, 4, 4)},
     RNG.rand(10, 4, 4), Y10, ValueError, r"X has 3 dimensions; the image path takes "
     r"one flattened image per row.* pass X.reshape\(len\(X\), -1\)\.$"),
    ("images channels last, not flattened", "sgan", {"image_shape": (1, 4, 4)},
     RNG.rand(10, 4, 4, 1), Y10, ValueError, r"X has 4 dimensions.*"
     r"X.transpose\(0, 3, 1, 2\).reshape\(len\(X\), -1\)\)\.$"),
    ("hidden_layer_sizes=(0,)", "sgan acgan", {"hidden_layer_sizes": (0,)}, X10, Y10,
     ValueError, "hidden_layer_sizes must be a non-empty tuple of positive ints"),
    ("dropout=1.5", "sgan acgan", {"dropout": 1.5}, X10, Y10, InvalidParameterError,
     r"The 'dropout' parameter of \w+ must be a float in the range \[0.0, 1.0\)"),
    ("lr=0", "sgan acgan", {"lr": 0.0}, X10, Y10, InvalidParameterError,
     "The 'lr' parameter"),
    ("max_epochs=0", "sgan", {"max_epochs": 0}, X10, Y10, InvalidParameterError,
     "The 'max_epochs' parameter"),
    ("batch_size=-1", "sgan", {"batch_size": -1}, X10, Y10, InvalidParameterError,
     "The 'batch_size' parameter"),
    ("n_jobs=0", "sgan acgan", {"n_jobs": 0}, X10, Y10, InvalidParameterError,
     "The 'n_jobs' parameter"),
    ("fake_class='nope'", "sgan", {"fake_class": "nope"}, X10, Y10,
     InvalidParameterError, "The 'fake_class' parameter"),
    ("kind='gan'", "acgan", {"kind": "gan"}, X10, Y10, InvalidParameterError,
     "The 'kind' parameter of ConditionalGANSampler must be a str among"),
    ("device='tpu'", "sgan acgan", {"device": "tpu"}, X10, Y10, ValueError,
     "device must be 'auto', 'cpu', 'cuda' or 'cuda:N'"),
    ("labels mixing ints and strings", "sgan acgan", {}, X10,
     np.array([0, 1, 2, "u", 0, 1, 2, "u", 0, 1], dtype=object), ValueError,
     r"Mix of label input types \(string and number\)"),
    ("labels mixing strings and ints", "sgan acgan", {}, X10,
     np.array(["a", "b", 3, "a", "b", 3, "a", "b", 3, -1], dtype=object), ValueError,
     r"Mix of label input types \(string and number\)"),
    ("consistency_weight=-1", "sgan", {"consistency_weight": -1.0}, X10, Y10,
     InvalidParameterError, "The 'consistency_weight' parameter"),
    ("consistency_eps=0", "sgan", {"consistency_eps": 0.0}, X10, Y10,
     InvalidParameterError, "The 'consistency_eps' parameter"),
    ("entropy_weight=-1", "sgan", {"entropy_weight": -1.0}, X10, Y10,
     InvalidParameterError, "The 'entropy_weight' parameter"),
    ("neighbor_weight=-1", "sgan", {"neighbor_weight": -1.0}, X10, Y10,
     InvalidParameterError, "The 'neighbor_weight' parameter"),
    ("n_neighbors=0", "sgan", {"n_neighbors": 0}, X10, Y10,
     InvalidParameterError, "The 'n_neighbors' parameter"),
    ("interpolation_weight=-1", "sgan", {"interpolation_weight": -1.0}, X10, Y10,
     InvalidParameterError, "The 'interpolation_weight' parameter"),
    ("shift_weight=-1", "sgan infogan", {"shift_weight": -1.0}, X10, Y10,
     InvalidParameterError, "The 'shift_weight' parameter"),
    ("shift_transform='rotate'", "sgan infogan", {"shift_transform": "rotate"}, X10,
     Y10, InvalidParameterError, "The 'shift_transform' parameter"),
    ("network='cnn'", "sgan acgan", {"network": "cnn"}, X10, Y10,
     InvalidParameterError, "The 'network' parameter"),
    ("network='conv' for a table", "sgan acgan infogan", {"network": "conv"}, X10, Y10,
     ValueError, r"network='conv' needs image_shape=\(channels, height, width\)"),
    ("conv widths not three", "sgan acgan", {"image_shape": (1, 4, 4),
                                             "hidden_layer_sizes": (8, 8)},
     RNG.rand(10, 16), Y10, ValueError, r"three convolution widths.*got \(8, 8\)\. "
     r"For fully connected networks on images, set network='mlp'\.$"),
]

if not torch.cuda.is_available():
    BAD_FIT.append(("device='cuda' without CUDA", "sgan acgan", {"device": "cuda"},
                    X10, Y10, ValueError, "CUDA is not available"))


def _fit_cases():
    for case, names, params, X, y, error, match in BAD_FIT:
        for name in names.split():
            yield pytest.param(name, params, X, y, error, match, id=f"{name}: {case}")


@pytest.mark.parametrize("name, params, X, y, error, match", list(_fit_cases()))
def test_bad_fit_input_names_the_problem(name, params, X, y, error, match):
    est = ESTIMATORS[name](**params)
    with pytest.raises(error, match=match):
        est.fit(X, y)
    assert not hasattr(est, "net_") and not hasattr(est, "n_features_in_")


def test_single_labeled_row_of_a_class_warns():
    y = np.full(20, -1)
    y[:3] = [0, 0, 1]
    with pytest.warns(UserWarning, match=r"Classes \[1\] have a single labeled row"):
        clf = _sgan().fit(RNG.rand(20, 4), y)
    assert clf.predict(RNG.rand(2, 4)).shape == (2,)


@pytest.fixture(scope="module")
def fitted():
    X = RNG.rand(40, 3)
    y = np.arange(40) % 3
    return {name: make().fit(X, y) for name, make in ESTIMATORS.items()}


# (case, estimators, call, error, words of the message)
BAD_AFTER_FIT = [
    ("wrong number of features", "sgan", lambda e: e.predict(RNG.rand(4, 5)),
     ValueError, "X has 5 features, but SGANClassifier is expecting 3 features"),
    ("wrong number of features", "infogan", lambda e: e.transform(RNG.rand(4, 5)),
     ValueError, "X has 5 features, but ConditionalGANSampler is expecting 3"),
    ("inf at predict", "sgan", lambda e: e.predict_proba(_with(RNG.rand(4, 3), 0, 0,
                                                               np.inf)),
     ValueError, "Input X contains infinity"),
    ("dates at predict", "sgan",
     lambda e: e.predict(np.datetime64("2020-01-01") + np.arange(12).reshape(4, 3)),
     ValueError, r"cannot read an array of dates or durations \(datetime64\[D\]\)"),
    ("strings at predict", "sgan", lambda e: e.predict(WORDS10), ValueError,
     r"X holds strings in column 2 \(for example 'red'\), which SGANClassifier "
     r"read as numbers in fit\.$"),
    ("strings at transform", "infogan", lambda e: e.transform(WORDS10), ValueError,
     r"X holds strings in column 2 \(for example 'red'\), which "
     r"ConditionalGANSampler read as numbers in fit\.$"),
    ("score with a missing label", "sgan",
     lambda e: e.score(RNG.rand(3, 3), np.array([0, None, 1], dtype=object)),
     ValueError, "y holds 1 missing label .* marks an unlabeled row with -1"),
    ("sample(0)", "sgan acgan", lambda e: e.sample(0), ValueError,
     "n_samples must be a positive integer, got 0"),
    ("sample(-3)", "sgan", lambda e: e.sample(-3), ValueError,
     "n_samples must be a positive integer, got -3"),
    ("sample(2.5)", "sgan acgan", lambda e: e.sample(2.5), ValueError,
     "n_samples must be a positive integer, got 2.5"),
    ("sample of an unknown class", "acgan", lambda e: e.sample(2, y=7), ValueError,
     r"y holds labels \[7\] that were not seen in fit; the classes are \[0, 1, 2\]"),
    ("partial_fit with a new label", "sgan acgan",
     lambda e: e.partial_fit(RNG.rand(6, 3), np.r_[0, 1, 2, 5, 5, 0]), ValueError,
     r"y holds labels \[5\] that were not seen in fit; the classes are \[0, 1, 2\]"),
    ("partial_fit with other features", "sgan",
     lambda e: e.partial_fit(RNG.rand(6, 4), np.arange(6) % 3), ValueError,
     "X has 4 features, but SGANClassifier is expecting 3"),
    ("warm start with other networks", "sgan",
     lambda e: e.set_params(warm_start=True, dropout=0.2).fit(RNG.rand(6, 3),
                                                              np.arange(6) % 3),
     ValueError, "Cannot continue training .* dropout was 0.0 when the networks "
     "were built and is now 0.2"),
    ("partial_fit with string labels after int labels", "sgan acgan",
     lambda e: e.partial_fit(RNG.rand(3, 3), np.array(["a", "b", "a"])), ValueError,
     r"Mix of label input types \(string and number\): y holds string labels"),
    ("sample of labels mixing ints and strings", "acgan",
     lambda e: e.sample(2, y=np.array([0, "u"], dtype=object)), ValueError,
     r"Mix of label input types \(string and number\)"),
    ("fit_resample of labels mixing ints and strings", "acgan",
     lambda e: e.fit_resample(RNG.rand(6, 3),
                              np.array([0, 1, 2, "u", "u", 0], dtype=object)),
     ValueError, r"Mix of label input types \(string and number\)"),
    ("partial_fit without y after a fit with y", "infogan",
     lambda e: e.partial_fit(RNG.rand(6, 3)), ValueError,
     "fitted with y; continue training it with y too"),
]


def _after_fit_cases():
    for case, names, call, error, match in BAD_AFTER_FIT:
        for name in names.split():
            yield pytest.param(name, call, error, match, id=f"{name}: {case}")


@pytest.mark.parametrize("name, call, error, match", list(_after_fit_cases()))
def test_bad_input_after_fit_names_the_problem(fitted, name, call, error, match):
    import copy

    est = copy.deepcopy(fitted[name])
    n_iter = est.n_iter_
    with pytest.raises(error, match=match):
        call(est)
    # a refused call changes nothing
    assert est.n_iter_ == n_iter and len(est.history_) == n_iter


@pytest.mark.parametrize("name", ["sgan", "acgan"])
def test_unfitted_estimator_says_so(name):
    with pytest.raises(NotFittedError):
        ESTIMATORS[name]().sample(2)


def test_other_feature_names_at_predict_are_refused():
    pd = pytest.importorskip("pandas")
    X = pd.DataFrame(RNG.rand(20, 3), columns=["a", "b", "c"])
    clf = _sgan().fit(X, np.arange(20) % 2)
    with pytest.raises(ValueError, match="feature names should match"):
        clf.predict(X.rename(columns={"c": "z"}))


@pytest.mark.parametrize("name", ["sgan", "acgan", "infogan"])
@pytest.mark.parametrize("n_rows", [15, 16, 17, 33, 49])
def test_any_number_of_rows_trains(name, n_rows):
    # a last batch of one row (17 = 16 + 1, 33, 49) once crashed the
    # generator's batch norm
    X = RNG.rand(n_rows, 3)
    y = np.arange(n_rows) % 2
    est = ESTIMATORS[name](max_epochs=2).fit(X, y)
    assert est.n_iter_ == 2 and np.isfinite(est.history_[-1, "d_loss"])
    # one-row continuations as well
    est.partial_fit(X[:1], y[:1])
    assert est.n_iter_ == 3


def test_strings_of_numbers_and_declared_text_columns_are_read():
    # NumPy reads "0.25" as 0.25: such arrays fit as their numbers do, and
    # strings are refused only where they are not numbers
    X_text = X10.astype(str)
    assert X_text.dtype.kind == "U"
    a = _sgan().fit(X_text, Y10).predict_proba(X10)
    b = _sgan().fit(X10, Y10).predict_proba(X10)
    np.testing.assert_allclose(a, b)
    # the column the error names, declared, fits and samples its words
    sampler = _acgan(categorical_features=[2]).fit(WORDS10, Y10)
    X_new, _ = sampler.sample(6, random_state=0)
    assert set(X_new[:, 2]) <= {"red", "blue"}


def test_score_takes_a_list_of_lists():
    X, y = RNG.rand(20, 3), np.arange(20) % 2
    clf = _sgan().fit(X, y)
    y_test = y.copy()
    y_test[::3] = -1
    assert clf.score(X.tolist(), y_test) == clf.score(X, y_test)


@pytest.mark.parametrize("method", ["predict", "predict_proba", "score"])
def test_images_not_flattened_after_fit_get_the_remedy(method):
    images = RNG.rand(12, 1, 4, 4)
    clf = _sgan(image_shape=(1, 4, 4), hidden_layer_sizes=(4, 4, 4)).fit(
        images.reshape(12, -1), np.arange(12) % 2)
    args = (images, np.arange(12) % 2) if method == "score" else (images,)
    with pytest.raises(ValueError, match=r"X has 4 dimensions.* pass "
                       r"X.reshape\(len\(X\), -1\)"):
        getattr(clf, method)(*args)
    flat = clf.predict_proba(images.reshape(12, -1))
    assert flat.shape == (12, 2)
