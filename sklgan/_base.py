"""Shared estimator base: parameters, validation, device, randomness, nets."""

import contextlib
import copy
import functools
import numbers
import warnings

import joblib
import numpy as np
import scipy.sparse as sp
import torch
from sklearn.base import BaseEstimator, _fit_context
from sklearn.exceptions import InconsistentVersionWarning
from sklearn.utils import check_random_state
from sklearn.utils._param_validation import HasMethods, Interval, StrOptions
from sklearn.utils.validation import (
    _num_features,
    _num_samples,
    check_array,
    check_consistent_length,
    check_is_fitted,
    validate_data,
)
from skorch.callbacks import Callback

from ._callbacks import ValidationAccuracy
from ._engine import (
    AcceleratedGANNet,
    DeviceData,
    GANNet,
    SemiSupervisedBatches,
    complete_checkpoints,
)
from ._networks import ConvDiscriminator, ConvGenerator, MLPDiscriminator, MLPGenerator
from ._scaling import RangeScaler
from ._tabular import (
    TabularTransformer,
    _check_no_missing_labels,
    _has_time_columns,
    _is_time_dtype,
    _numpy_dtype,
    _summed_duplicates,
    categorical_mask,
)

__all__ = ["BaseGAN"]


def _resolve_device(device):
    if device == "auto":
        return "cuda" if torch.cuda.is_available() else "cpu"
    if not str(device).startswith(("cpu", "cuda")):
        raise ValueError(
            f"device must be 'auto', 'cpu', 'cuda' or 'cuda:N', got {device!r}."
        )
    if str(device).startswith("cuda") and not torch.cuda.is_available():
        raise ValueError(
            f"device={device!r} was requested but CUDA is not available; use "
            "device='auto' or device='cpu'."
        )
    return str(device)


#: Values (rows times columns) scaled at a time when preparing data and
#: predicting: 16,384 rows of 64 columns, fewer rows of wider ones (bounds
#: the memory used beyond the data itself, whatever its width).
_BLOCK_VALUES = 16384 * 64


def _block_rows(n_values):
    """Rows per block for rows of ``n_values`` values (at least one)."""
    return max(1, _BLOCK_VALUES // max(int(n_values), 1))


#: ``max_epochs="auto"``: a fit runs at least this many epochs ...
AUTO_MIN_EPOCHS = 100
#: ... and at least this many updates (batches), however few the rows.
AUTO_MIN_UPDATES = 3000
#: Restarts (``n_init``): share of a fit's epochs that every start trains
#: before the best one is chosen and trained on alone.
START_FRACTION = 0.2


def _scaled_blocks(scaler, X):
    """``(start, scaled float32 rows)`` for consecutive blocks of ``X`` (an
    array, a CSR sparse matrix or a DataFrame): the one place where data are
    scaled, so that no whole-data temporary is made. A sparse block is made
    dense first: the networks read dense rows."""
    rows = X.iloc if hasattr(X, "iloc") else X
    # the wider of the input and the encoding sets the block's memory
    size = _block_rows(max(_num_features(X), _encoded_width(scaler)))
    for start in range(0, _num_samples(X), size):
        block = _dense(rows[start:start + size])
        block = scaler.transform(block)
        yield start, block.astype(np.float32, copy=False)


def _dense(X):
    """``X``, or its dense array when it is a SciPy sparse matrix or array."""
    return X.toarray() if sp.issparse(X) else X


def _bounds(X):
    """Rows that hold the smallest and the largest value of ``X`` (an array,
    or a SciPy sparse matrix, whose implicit zeros count): all that a
    :class:`RangeScaler` with one range for all values learns, without a
    dense copy of a sparse ``X``."""
    if not sp.issparse(X):
        return X
    X = _summed_duplicates(X)
    values = X.data if X.nnz == np.prod(X.shape) else np.append(X.data, 0)
    return np.vstack([np.full(X.shape[1], values.min(), dtype=X.dtype),
                      np.full(X.shape[1], values.max(), dtype=X.dtype)])


def _ndim(X):
    """Number of dimensions of an array-like (2 when it cannot be told)."""
    ndim = getattr(X, "ndim", None)
    if ndim is None:
        try:
            ndim = np.asarray(X, dtype=object).ndim
        except ValueError:
            ndim = 2
    return ndim


def _integer_dtype(X):
    """The integer dtype of ``X`` (all of its columns', for a DataFrame), or
    None when it holds floats. A list is read as NumPy reads it, as the
    table's encoder reads it, so that a list of ints is integer data on both
    paths."""
    if hasattr(X, "dtypes"):
        dtypes = list(X.dtypes)
    else:
        dtypes = [X.dtype if hasattr(X, "dtype") else np.asarray(X).dtype]
    # the NumPy dtype of pandas' nullable (Int64, ...) and sparse columns
    dtypes = [_numpy_dtype(dtype) for dtype in dtypes]
    if dtypes and all(getattr(dtype, "kind", "") in "iu" for dtype in dtypes):
        return np.result_type(*dtypes)
    return None


def _check_no_dates(estimator, X):
    """Refuse NumPy arrays of dates or durations (``datetime64``,
    ``timedelta64``), which scikit-learn's ``check_array`` would convert to
    numbers in whatever unit the array holds (days, nanoseconds) and train
    on silently. DataFrame columns of dates or durations are read by the
    table's encoder (:class:`TabularTransformer`), which knows their unit."""
    dtype = getattr(X, "dtype", None)
    if not hasattr(X, "dtypes") and _is_time_dtype(dtype):
        raise ValueError(
            f"{type(estimator).__name__} cannot read an array of dates or "
            f"durations ({dtype}). Pass a DataFrame (its columns of dates and "
            "durations are generated as such), or convert it to numbers (for "
            "example the days since a date: (X - X.min()) / np.timedelta64(1, 'D')).")


def _is_word(value):
    """Whether ``value`` is a string that is not a number (``"1.5"`` is read
    as 1.5, as NumPy reads it)."""
    if not isinstance(value, (str, bytes)):
        return False
    try:
        float(value)
    except ValueError:
        return True
    return False


def _has_words(values):
    """Whether an object array holds a string that is not a number: NumPy's
    conversion to floats first (a C loop), and a look at each value only
    when it fails."""
    try:
        values.astype(np.float64)
    except (TypeError, ValueError):
        return any(map(_is_word, values))
    return False


def _strings_error(estimator, X, mask, reset):
    """The error for columns read as numbers that hold strings (None when
    there are none), naming the columns and the way to declare them: NumPy
    fails with only "could not convert string to float". An array has no
    column dtypes, so ``categorical_features="from_dtype"`` finds no
    categorical column in it, as for scikit-learn's
    ``HistGradientBoostingClassifier``."""
    if sp.issparse(X) or _ndim(X) != 2:
        return None
    dtypes = getattr(X, "dtypes", None)
    if dtypes is not None:  # a DataFrame: its columns of text or categories
        candidates = [j for j, dtype in enumerate(dtypes)
                      if getattr(dtype, "kind", "O") in "OUS"]

        def column(j):
            return np.asarray(X.iloc[:, j], dtype=object)
    else:
        dtype = getattr(X, "dtype", None)
        if dtype is not None and dtype.kind not in "OUS":
            return None
        try:
            values = np.asarray(X, dtype=object)
        except ValueError:  # ragged rows: validate_data names the problem
            return None
        if values.ndim != 2:
            return None  # validate_data names the problem
        candidates = range(values.shape[1])

        def column(j):
            return values[:, j]
    n_features = _num_features(X)
    if mask is None:  # fitted on numbers only (images, arrays of numbers)
        mask = np.zeros(n_features, dtype=bool)
    if n_features != len(mask):
        return None  # validate_data names the problem
    columns = [int(j) for j in candidates if not mask[j] and _has_words(column(j))]
    if not columns:
        return None
    example = next(filter(_is_word, column(columns[0])))
    declare = sorted({*np.flatnonzero(mask).tolist(), *columns})
    if dtypes is not None and all(isinstance(name, str) for name in X.columns):
        columns = [X.columns[j] for j in columns]
        declare = [X.columns[j] for j in declare]
    where, them = ((f"column {columns[0]!r}", "it") if len(columns) == 1
                   else (f"columns {columns}", "them"))
    if not reset:
        return ValueError(
            f"X holds strings in {where} (for example {example!r}), which "
            f"{type(estimator).__name__} read as numbers in fit.")
    declared = estimator.categorical_features
    if dtypes is None and isinstance(declared, str):  # "from_dtype"
        reason = ("an array has no column dtypes for "
                  "categorical_features='from_dtype' to read")
        advice = (", or pass a pandas DataFrame, whose columns of dtype "
                  "object, string or category are categorical")
    else:
        reason = f"categorical_features={declared!r} does not declare {them} categorical"
        advice = ""
    return ValueError(
        f"X holds strings in {where} (for example {example!r}), and {reason}. "
        f"Name the categorical columns, e.g. categorical_features={declare}"
        f"{advice}.")


def _generator_widths(hidden):
    """The generator's hidden widths beside a discriminator of hidden widths
    ``hidden``: two layers of the largest."""
    return (max(hidden),) * 2


def _encoded_width(scaler):
    """Number of values per encoded row."""
    if isinstance(scaler, TabularTransformer):
        return scaler.n_numeric_ + sum(_one_hot_sizes(scaler))
    return scaler.n_features_in_


def _categorical_sizes(scaler):
    """Widths of the categorical columns' one-hot blocks (the last ones of an
    encoded row)."""
    return tuple(getattr(scaler, "output_sizes_", ()))


def _one_hot_sizes(scaler):
    """Widths of all the one-hot blocks that follow the numeric values of an
    encoded row: the numeric columns' modes (``numeric_transform="mode"``),
    the ``[observed, missing]`` pairs of the numeric columns that held
    missing values, the months, the weekdays and the hours of the columns of
    dates, then the categorical columns. The generator draws each as a
    one-hot."""
    n_missing = int(np.sum(getattr(scaler, "missing_mask_", ())))
    return (tuple(getattr(scaler, "mode_sizes_", ())) + (2,) * n_missing
            + tuple(getattr(scaler, "month_sizes_", ()))
            + tuple(getattr(scaler, "weekday_sizes_", ()))
            + tuple(getattr(scaler, "hour_sizes_", ())) + _categorical_sizes(scaler))


def _n_threads(n_jobs):
    """Threads for ``n_jobs`` (joblib's convention; None: leave torch's)."""
    if n_jobs is None:
        return None
    n_cpus = joblib.cpu_count()
    return max(n_jobs if n_jobs > 0 else n_cpus + 1 + n_jobs, 1)


@contextlib.contextmanager
def torch_threads(n_jobs):
    """Run torch's CPU operations on ``n_jobs`` threads inside the block.

    ``None`` leaves torch's setting alone: it follows ``OMP_NUM_THREADS``
    and, inside joblib's worker processes, joblib's limit of one core's
    share per worker.
    """
    n = _n_threads(n_jobs)
    previous = torch.get_num_threads()
    if n is None or n == previous:
        yield
        return
    torch.set_num_threads(n)
    try:
        yield
    finally:
        torch.set_num_threads(previous)


@contextlib.contextmanager
def torch_seed(seed, device):
    """Run torch's global random generators from ``seed`` inside the block
    and restore the caller's generator states afterwards, so that training
    is reproducible without touching the user's global random state."""
    devices = []
    if str(device).startswith("cuda"):
        devices = [torch.device(device).index or 0]
    with torch.random.fork_rng(devices=devices):
        torch.manual_seed(seed)
        yield


def _seed_from(random_state):
    """One draw of ``random_state`` (int, RandomState or None): a seed."""
    return int(check_random_state(random_state).randint(np.iinfo(np.int32).max))


def derived_seeds(seed, n, *key):
    """``n`` independent seeds derived from one ``seed`` (and ``key`` ints).

    NumPy's ``SeedSequence`` spawns the children, so that every random part
    of a fit has its own stream from a single draw of ``random_state``,
    whatever the order in which the parts use them.
    """
    root = np.random.SeedSequence([int(seed), *map(int, key)])
    return [int(child.generate_state(1)[0]) for child in root.spawn(n)]


def check_n_samples(n_samples):
    """``n_samples`` as an int, or a ValueError naming it."""
    if not isinstance(n_samples, numbers.Integral) or isinstance(n_samples, bool) \
            or n_samples < 1:
        raise ValueError(f"n_samples must be a positive integer, got {n_samples!r}.")
    return int(n_samples)


def _check_callback(item):
    """Refuse an entry of ``callbacks`` that is neither a skorch callback
    (instance or class) nor a ``(name, callback or None)`` pair, naming it
    (skorch would fail later, on a missing ``set_params``)."""
    def is_callback(value):
        return isinstance(value, Callback) or (
            isinstance(value, type) and issubclass(value, Callback))

    if isinstance(item, (tuple, list)):
        ok = (len(item) == 2 and isinstance(item[0], str)
              and (item[1] is None or is_callback(item[1])))
    else:
        ok = is_callback(item)
    if not ok:
        raise TypeError(
            "callbacks must hold skorch callbacks or (name, callback) pairs "
            f"(callback None turns an engine callback off); got {item!r}.")


def training_method(method):
    """Decorate ``fit`` / ``partial_fit``: scikit-learn's parameter
    validation (``_fit_context``), and nothing left half-fitted when the
    method fails (:meth:`BaseGAN._unchanged_on_error`)."""
    @functools.wraps(method)
    def guarded(self, *args, **kwargs):
        with self._unchanged_on_error():
            return method(self, *args, **kwargs)

    return _fit_context(prefer_skip_nested_validation=True)(guarded)


def _label_kinds(y):
    """Which of "string" and "number" the labels ``y`` hold."""
    y = np.asarray(y)
    if y.dtype.kind in "US":
        return {"string"}
    if y.dtype.kind != "O":
        return {"number"} if y.size else set()
    return {"string" if isinstance(v, str) else "number" for v in y.ravel()}


def check_label_types(y):
    """Refuse labels that mix strings and numbers, with scikit-learn's words;
    return the one kind they hold (a set: empty for no labels).

    Hand-written because ``sklearn.utils.multiclass.unique_labels``, which
    words this error, fails with a ``TypeError`` from sorting when an object
    array starts with a number.
    """
    kinds = _label_kinds(y)
    if len(kinds) > 1:
        raise ValueError(
            "Mix of label input types (string and number) in y: use labels "
            "of one type (for unlabeled rows, -1 with string labels is fine).")
    return kinds


def encode_labels(y, classes):
    """Indices of the labels ``y`` in the sorted ``classes``; a ValueError
    names the labels that are not among them (or of another type)."""
    y = np.asarray(y)
    kinds = check_label_types(y)
    if kinds and kinds != _label_kinds(classes):
        raise ValueError(
            f"Mix of label input types (string and number): y holds "
            f"{kinds.pop()} labels but the classes seen in fit are "
            f"{classes.tolist()!r}.")
    encoded = np.minimum(np.searchsorted(classes, y), len(classes) - 1)
    unknown = classes[encoded] != y
    if unknown.any():
        raise ValueError(
            f"y holds labels {sorted(set(np.asarray(y)[unknown].tolist()))!r} that "
            f"were not seen in fit; the classes are {classes.tolist()!r}.")
    return encoded


#: Names of the engine's own callbacks that a user's ``(name, callback)``
#: replaces.
_ENGINE_CALLBACKS = ("lr_schedule",)


def _is_tuple_of_ints(value):
    return (isinstance(value, (tuple, list)) and len(value) > 0
            and all(isinstance(v, numbers.Integral) and v > 0 for v in value))


class SklganVersionWarning(InconsistentVersionWarning):
    """Warning raised when an estimator is unpickled by another version of
    this package than the one that pickled it.

    A subclass of scikit-learn's
    :class:`~sklearn.exceptions.InconsistentVersionWarning`, so that a filter
    on that warning covers it; scikit-learn's own check only looks at its
    own estimators. The networks, the table's encoder and the fitted
    attributes that one version writes may not be those another version's
    code reads.
    """

    def __str__(self):
        saved = ("a version of sklgan that did not record its version"
                 if self.original_sklearn_version is None
                 else f"sklgan {self.original_sklearn_version}")
        return (
            f"Trying to unpickle {self.estimator_name} pickled by {saved} "
            f"when using sklgan {self.current_sklearn_version}. Its networks, "
            "encoder and fitted attributes may not match this version's code, "
            "which might lead to breaking code or invalid results: refit it, "
            "or load it with the version that saved it.")


class BaseGAN(BaseEstimator):
    """Base class of the GAN estimators.

    It owns what every estimator of the package shares: the parameter
    constraints of the networks and the optimisation, input validation and
    scaling to the generator's range, the device, reproducible randomness,
    the construction of the skorch training engine and :meth:`sample`.
    Subclasses implement ``fit`` around :meth:`_fit_engine`.
    """

    _parameter_constraints: dict = {
        "image_shape": [tuple, list, None],
        "network": [StrOptions({"auto", "mlp", "conv"})],
        "categorical_features": [StrOptions({"from_dtype"}), "array-like", None],
        "numeric_transform": [StrOptions({"quantile", "range", "mode"})],
        "latent_dim": [Interval(numbers.Integral, 1, None, closed="left")],
        "hidden_layer_sizes": [tuple, list, None],
        "dropout": [Interval(numbers.Real, 0, 1, closed="left")],
        "noise_std": [Interval(numbers.Real, 0, None, closed="left")],
        "hidden_noise_std": [Interval(numbers.Real, 0, None, closed="left")],
        "max_epochs": [Interval(numbers.Integral, 1, None, closed="left")],
        "batch_size": [Interval(numbers.Integral, 1, None, closed="left")],
        "lr": [Interval(numbers.Real, 0, None, closed="neither")],
        "lr_generator": [Interval(numbers.Real, 0, None, closed="neither"), None],
        "device": [StrOptions({"auto", "cpu", "cuda"}), str],
        "n_jobs": [Interval(numbers.Integral, None, -1, closed="right"),
                   Interval(numbers.Integral, 1, None, closed="left"), None],
        "precision": [StrOptions({"float32", "bfloat16"})],
        "compile": ["boolean"],
        "accelerator": [None, HasMethods(["prepare", "backward", "autocast"])],
        "warm_start": ["boolean"],
        "random_state": ["random_state"],
        "verbose": ["verbose"],
        "callbacks": [list, None],
    }

    #: The networks' sizes when ``hidden_layer_sizes`` is None (the one
    #: place they are set): the discriminator's hidden widths for tabular
    #: data, and its three convolution widths for images.
    _default_hidden_layer_sizes = (500, 250, 250)
    _default_conv_channels = (32, 64, 128)

    #: What a user with missing labels in ``y`` should do (the end of the
    #: error ``fit`` raises).
    _missing_labels_advice = "Every row needs a label."

    def __getstate__(self):
        # scikit-learn records its own version, and checks it, for its own
        # estimators only; this records and checks the package's
        from . import __version__

        return dict(super().__getstate__(), _sklgan_version=__version__)

    def __setstate__(self, state):
        from . import __version__

        state = dict(state)
        version = state.pop("_sklgan_version", None)
        if version != __version__:
            warnings.warn(SklganVersionWarning(
                estimator_name=type(self).__name__,
                current_sklearn_version=__version__,
                original_sklearn_version=version))
        super().__setstate__(state)

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        # missing numeric values of tables are encoded (TabularTransformer);
        # images must be complete
        tags.input_tags.allow_nan = self.image_shape is None
        # SciPy sparse rows are read, block by block (_scaled_blocks)
        tags.input_tags.sparse = True
        return tags

    def _convolutional(self):
        """Whether the networks are convolutional: images (``image_shape``)
        with ``network`` ``"auto"`` or ``"conv"``."""
        return self.image_shape is not None and self.network != "mlp"

    def _default_hidden(self, n_features):
        """The discriminator's and the generator's hidden widths for
        ``n_features`` encoded values when ``hidden_layer_sizes`` is None
        (tabular data)."""
        hidden = self._default_hidden_layer_sizes
        return hidden, _generator_widths(hidden)

    # -- validation -------------------------------------------------------
    def _check_structure(self, n_features):
        """Check the network-shape parameters against the data."""
        if self.image_shape is not None:
            if not _is_tuple_of_ints(self.image_shape) or len(self.image_shape) != 3:
                raise ValueError(
                    "image_shape must be a tuple (channels, height, width) of "
                    f"positive ints, got {self.image_shape!r}."
                )
            n_pixels = int(np.prod(self.image_shape))
            if n_pixels != n_features:
                raise ValueError(
                    f"image_shape={tuple(self.image_shape)} holds {n_pixels} "
                    f"values per row but X has {n_features} features."
                )
            if min(self.image_shape[1:]) < 4:
                channels, height, width = self.image_shape
                hint = (f" It reads as {channels} channels of {height}x{width} "
                        "pixels; for images stored channels last, pass "
                        f"image_shape={(width, channels, height)} and rows "
                        "flattened from (channels, height, width) arrays."
                        if width < 4 <= channels else "")
                raise ValueError(
                    "image_shape is (channels, height, width) and needs images "
                    f"of at least 4x4 pixels, got {tuple(self.image_shape)}.{hint}"
                )
        if self.hidden_layer_sizes is not None and not _is_tuple_of_ints(
                self.hidden_layer_sizes):
            raise ValueError(
                "hidden_layer_sizes must be a non-empty tuple of positive ints, "
                f"got {self.hidden_layer_sizes!r}."
            )
        if self.network == "conv" and self.image_shape is None:
            raise ValueError(
                "network='conv' needs image_shape=(channels, height, width): "
                "convolutions read rows as images. Tables take network='auto' "
                "or 'mlp'.")
        if self._convolutional() and self.hidden_layer_sizes is not None \
                and len(self.hidden_layer_sizes) != 3:
            raise ValueError(
                "With convolutional networks (image_shape, network='auto' or "
                "'conv'), hidden_layer_sizes gives the discriminator's three "
                "convolution widths, e.g. (32, 64, 128); got "
                f"{self.hidden_layer_sizes!r}. For fully connected networks on "
                "images, set network='mlp'."
            )

    def _validate_X(self, X, y="no_validation", *, reset, ensure_min_samples=1):
        """``validate_data`` for the networks' input: a float array, or, for
        a table with categorical columns, the table itself (with its column
        names and count checked), which ``scaler_`` encodes."""
        _check_no_dates(self, X)
        _check_no_missing_labels(y, self._missing_labels_advice)
        ndim = _ndim(X)
        if ndim > 2 and self.image_shape is not None:
            channels_last = (" (images of shape (n, height, width, channels): "
                             "X.transpose(0, 3, 1, 2).reshape(len(X), -1))"
                             if ndim == 4 else "")
            raise ValueError(
                f"X has {ndim} dimensions; the image path takes one flattened "
                "image per row, in (channels, height, width) order: pass "
                f"X.reshape(len(X), -1){channels_last}.")
        if ndim != 2:  # validate_data names the problem
            mask = None
        elif reset:
            mask = categorical_mask(X, self.categorical_features)
        else:
            mask = getattr(self.scaler_, "categorical_mask_", None)
        if mask is None or not (mask.any() or _has_time_columns(X)):
            # tables may miss numeric values (the encoder marks them); images
            # may not
            # sparse rows stay sparse (CSR, cut into dense blocks as they are
            # scaled; see _scaled_blocks)
            kwargs = dict(dtype=[np.float64, np.float32], reset=reset,
                          accept_sparse="csr", ensure_min_samples=ensure_min_samples,
                          ensure_all_finite=self.image_shape is not None or "allow-nan")
            try:
                return validate_data(self, X, y, **kwargs)
            except ValueError:
                # looked for only now, so that rows of numbers cost nothing
                error = _strings_error(self, X, mask, reset)
                if error is None:
                    raise
            raise error
        error = _strings_error(self, X, mask, reset)
        if error is not None:
            raise error
        if self.image_shape is not None:
            raise ValueError("image_shape is for images, whose values are all "
                             "numeric; X has categorical columns or columns of "
                             "dates or durations.")
        if not hasattr(X, "iloc"):
            # a sparse matrix with columns of category codes: a small table
            X = check_array(_dense(X), dtype=None, ensure_all_finite=False)
        validate_data(self, X, skip_check_array=True, reset=reset)
        if _num_samples(X) < ensure_min_samples:
            raise ValueError(
                f"Found array with {_num_samples(X)} sample(s) (shape={X.shape}) "
                f"while a minimum of {ensure_min_samples} is required.")
        if isinstance(y, str) and y == "no_validation":
            return X
        if y is None:
            raise ValueError(f"{type(self).__name__} requires y to be passed, but "
                             "the target y is None.")
        check_consistent_length(X, y)
        return X, y

    def _fit_scaler(self, X, continues=False, raw=None, seed=None):
        """The encoder of this fit and ``X`` encoded by it: a new one fitted
        to ``X`` (``raw``, when given, is the input before validation, whose
        dtypes say which columns hold integers), or the fitted ``scaler_``
        when training continues.

        Images get one :class:`RangeScaler` for all pixels, tables a
        :class:`TabularTransformer`. The encoded rows are the one float32
        copy of the data that training uses; they are written block by
        block, so that no float64 intermediate of the whole data is ever
        held.
        """
        if continues:
            scaler = self.scaler_
        elif self.image_shape is not None:
            # arrays out, whatever sklearn's global transform_output says
            scaler = RangeScaler(
                per_feature=False, clip=True,
                output_dtype=_integer_dtype(X if raw is None else raw),
            ).set_output(transform="default").fit(_bounds(X))
        else:
            # a SciPy sparse matrix is read column by column (the encoder
            # makes it dense only for the numeric transforms that need
            # whole columns, "quantile" and "mode")
            scaler = TabularTransformer(
                categorical_features=self.categorical_features,
                numeric_transform=self.numeric_transform, random_state=seed,
            ).set_output(transform="default").fit(X if raw is None else raw)
        X_scaled = np.empty((_num_samples(X), _encoded_width(scaler)),
                            dtype=np.float32)
        for start, block in _scaled_blocks(scaler, X):
            X_scaled[start:start + len(block)] = block
        return scaler, X_scaled

    def _map_rows(self, X, function):
        """``function`` of the scaled rows of ``X``, block by block.

        ``X`` is validated once (no copy of a float array) and scaled one
        block of rows at a time, so memory beyond ``X`` and the result stays
        bounded however many rows there are. ``function`` takes a float32
        block and returns a 2-d array with one row per input row.
        """
        check_is_fitted(self, "net_")
        X = self._validate_X(X, reset=False)
        out = None
        with torch_threads(self.n_jobs):
            for start, block in _scaled_blocks(self.scaler_, X):
                part = function(block)
                if out is None:
                    out = np.empty((_num_samples(X), part.shape[1]), dtype=part.dtype)
                out[start:start + len(part)] = part
        return out

    def _output(self, X):
        """Rows in the units of the training data, as a DataFrame with the
        training columns (and dtypes) when the estimator was fitted on one."""
        X = self.scaler_.inverse_transform(X)
        if hasattr(self, "feature_names_in_") and not hasattr(X, "columns"):
            import pandas as pd

            return pd.DataFrame(X, columns=self.feature_names_in_)
        return X

    # -- engine -----------------------------------------------------------
    def _input_noise_std(self, scaler):
        """Standard deviation of the discriminator's input noise for rows
        encoded by ``scaler`` (the ``noise_std`` parameter here)."""
        return self.noise_std

    def _network_params(self, n_features, n_logits, n_aux=0, n_conditions=0,
                        scaler=None):
        """skorch parameters that build the two networks for rows of
        ``n_features`` values encoded by ``scaler`` (None: numeric rows), the
        last of which are one-hot blocks (:func:`_one_hot_sizes`; see also
        :meth:`_input_noise_std`)."""
        sizes = tuple(int(v) for v in _one_hot_sizes(scaler))
        common = {"dropout": self.dropout,
                  "noise_std": self._input_noise_std(scaler),
                  "hidden_noise_std": self.hidden_noise_std, "n_aux": n_aux}
        if not self._convolutional():
            if self.hidden_layer_sizes is None:
                hidden, generator_hidden = self._default_hidden(n_features)
            else:
                hidden = tuple(self.hidden_layer_sizes)
                generator_hidden = _generator_widths(hidden)
            return dict(
                compile=self.compile,
                module=MLPDiscriminator, module__n_features=n_features,
                module__n_outputs=n_logits, module__hidden_layer_sizes=hidden,
                **{f"module__{k}": v for k, v in common.items()},
                generator=MLPGenerator, generator__latent_dim=self.latent_dim,
                generator__n_features=n_features,
                generator__hidden_layer_sizes=generator_hidden,
                generator__n_conditions=n_conditions,
                generator__categorical_sizes=sizes,
            )
        shape = tuple(int(v) for v in self.image_shape)
        channels = tuple(self.hidden_layer_sizes or self._default_conv_channels)
        return dict(
            compile=self.compile,
            module=ConvDiscriminator, module__image_shape=shape,
            module__n_outputs=n_logits, module__channels=channels,
            **{f"module__{k}": v for k, v in common.items()},
            generator=ConvGenerator, generator__latent_dim=self.latent_dim,
            generator__image_shape=shape,
            generator__channels=(channels[2], channels[1]),
            generator__n_conditions=n_conditions,
        )

    def _lr_generator(self):
        return self.lr if self.lr_generator is None else self.lr_generator

    def _n_epochs(self, n_rows):
        """Epochs of one fit (or continuation) on ``n_rows`` training rows:
        ``max_epochs`` when it is an int; ``"auto"`` sizes the schedule in
        updates, so that small data get enough steps: at least
        ``AUTO_MIN_EPOCHS`` epochs and at least ``AUTO_MIN_UPDATES`` batches."""
        if self.max_epochs != "auto":
            return int(self.max_epochs)
        per_epoch = SemiSupervisedBatches.epoch_batches(n_rows, self.batch_size)
        return max(AUTO_MIN_EPOCHS, -(-AUTO_MIN_UPDATES // per_epoch))

    def _make_net(self, objective, objective_params, network_params, device,
                  max_epochs):
        # validation scoring first, so that the user's callbacks (skorch's
        # EarlyStopping(monitor="valid_acc")) see each epoch's score: an
        # empty slot, given rows by each call that holds some out
        callbacks, replaced = [("valid_acc", ValidationAccuracy())], {}
        for item in complete_checkpoints(copy.deepcopy(list(self.callbacks or []))):
            _check_callback(item)
            if isinstance(item, (tuple, list)) and item[0] in _ENGINE_CALLBACKS:
                # a callback named like one of the engine's replaces it (None: off)
                replaced[f"callbacks__{item[0]}"] = item[1]
            else:
                callbacks.append(item)
        callbacks += self._engine_callbacks()
        if self.accelerator is None:
            engine, extra = GANNet, {}
        else:
            engine, extra = AcceleratedGANNet, {"accelerator": self.accelerator}
        # torch's fused Adam: one kernel per step instead of a dozen
        # elementwise passes per parameter (CPU and CUDA only)
        fused = torch.device(device).type in ("cpu", "cuda")
        return engine(
            criterion=objective,
            **{f"criterion__{k}": v for k, v in objective_params.items()},
            **network_params,
            lr=self.lr, optimizer__betas=(0.5, 0.999), optimizer__fused=fused,
            optimizer_gen__lr=self._lr_generator(), optimizer_gen__betas=(0.5, 0.999),
            optimizer_gen__fused=fused,
            max_epochs=max_epochs, batch_size=self.batch_size,
            callbacks=callbacks, verbose=int(self.verbose), device=device,
            precision=self.precision, **replaced, **extra,
        )

    def _engine_callbacks(self):
        """``(name, callback)`` pairs that the estimator's own parameters
        configure (none here; a subclass adds its schedules)."""
        return []

    def _update_engine_callbacks(self, net):
        """Give a continued engine the callbacks of the current parameters."""
        current = dict(net.callbacks_)
        changed = {f"callbacks__{name}": cb for name, cb in self._engine_callbacks()
                   if current[name].get_params() != cb.get_params()}
        if changed:
            net.set_params(**changed)

    @contextlib.contextmanager
    def _unchanged_on_error(self):
        """Put the estimator's attributes back as they were when the block
        fails, so that a failed fit leaves nothing half-fitted (a failed
        continuation: the previous model)."""
        saved = dict(vars(self))
        try:
            yield
        except BaseException:
            vars(self).clear()
            vars(self).update(saved)
            raise

    def _continues(self, partial):
        """Whether this fit continues training the fitted networks."""
        return (partial or self.warm_start) and hasattr(self, "net_")

    def _fit_seeds(self, continues, seed=None):
        """Seeds of the random parts of this fit: ``(torch, data)``.

        One draw of ``random_state`` (or the given ``seed``) is split into
        independent streams: ``torch`` seeds the networks' initialisation
        and training, ``data`` the estimator's own choices (which labels to
        keep, which rows to hold out, what to resample). A continuation
        trains on another torch stream, fixed by ``random_state`` and the
        epochs already run, and makes the same data choices.
        """
        if seed is None:
            seed = _seed_from(self.random_state)
        torch_seed, data_seed = derived_seeds(seed, 2)
        if continues:
            (torch_seed,) = derived_seeds(torch_seed, 1, len(self.net_.history))
        return torch_seed, data_seed

    def _fit_engine(self, X, y, objective, objective_params, network_params,
                    seed, partial=False, valid=None, neighbors=None):
        """Build the skorch engine and train it on already scaled data.

        ``X`` is already scaled (float32), ``y`` holds integer targets with
        -1 for unlabeled rows, ``seed`` seeds torch. A fit trains new
        networks for the epochs of ``max_epochs`` (see :meth:`_n_epochs`), or,
        with ``warm_start``, the fitted ones for as many more; ``partial``
        trains one epoch,
        continuing the fitted networks when there are some. ``valid``, scaled
        rows and their integer labels, is scored after every epoch
        (``valid_acc`` in the history). ``neighbors`` (row indices of shape
        ``(n_rows, k)``) gives the training batches a neighbour of each row
        (see :class:`~sklgan._engine.DeviceData`). Sets ``net_`` only when
        training succeeded; a failed continuation leaves ``net_`` as it was.
        """
        epochs = 1 if partial else None
        n_epochs = self._n_epochs(len(X))
        continues = self._continues(partial)
        if continues:
            epochs = epochs or n_epochs
            net = self.net_
            self._check_same_networks(net, objective_params, network_params)
            net.set_params(lr=self.lr, optimizer_gen__lr=self._lr_generator(),
                           batch_size=self.batch_size, verbose=int(self.verbose),
                           precision=self.precision)
            self._update_engine_callbacks(net)
            device = net.device
        else:
            device = (_resolve_device(self.device) if self.accelerator is None
                      else str(self.accelerator.device))
            make_net = functools.partial(self._make_net, objective, objective_params,
                                         network_params, device, n_epochs)
        data = DeviceData(X, y, device=device, neighbors=neighbors)
        n_init = 1 if continues or partial else self._n_init(objective_params)
        if n_init > 1:
            net, seed = self._best_start(data, n_init, seed, n_epochs, make_net)
            if seed is None:  # interrupted while the starts trained
                self.net_ = net
                self.n_iter_ = len(net.history)
                return self
        elif not continues:
            net = make_net()
        with torch_seed(seed, device), torch_threads(self.n_jobs):
            if not net.initialized_:
                net.initialize()
            # the held-out rows go to the scoring callback itself, not through
            # set_params: that would store them in the net's parameters and
            # re-initialize every callback (the user's too) after training
            valid_acc = dict(net.callbacks_)["valid_acc"]
            valid_acc.X, valid_acc.y = valid if valid is not None else (None, None)
            try:
                net.partial_fit(data, epochs=epochs)
            finally:
                valid_acc.X = valid_acc.y = None  # the model keeps no held-out rows
        self.net_ = net
        self.n_iter_ = len(net.history)
        return self

    def _n_init(self, objective_params):
        """Number of starts of a new fit (see :meth:`_best_start`); 1 here,
        a subclass with a criterion to choose by may run more."""
        return 1

    def _start_criterion(self, net, X):
        """Score of a start after its first epochs (lower: better)."""
        raise NotImplementedError

    def _best_start(self, data, n_init, seed, n_epochs, make_net):
        """Train ``n_init`` new engines (``make_net()``) for the first epochs
        of the fit's ``n_epochs``, each from its own seed, and keep the one
        that :meth:`_start_criterion` scores best on the training rows.

        Restarts are how scikit-learn's clusterers (``KMeans``,
        ``GaussianMixture``) escape bad local optima; training each start
        only for the first ``START_FRACTION`` of the epochs and going on
        with the winner alone keeps the cost at ``1 + (n_init - 1) *
        START_FRACTION`` fits. Returns the winner, paused after its first
        epochs, and the seed of the rest of its training. A start that was
        interrupted (Ctrl-C) ends the search: it is returned as it was kept,
        with the seed None (train no further).
        """
        stop_at = max(1, int(round(START_FRACTION * n_epochs)))
        best = None
        for start_seed in derived_seeds(seed, n_init):
            net = make_net()
            with torch_seed(start_seed, net.device), torch_threads(self.n_jobs):
                net.initialize()
                net.partial_fit(data, stop_at=stop_at)
                if len(net.history) < stop_at:  # interrupted: keep what it has
                    return net, None
                score = self._start_criterion(net, data.X)
            if not np.isfinite(score):  # a start gone astray never wins
                score = np.inf
            if best is None or score < best[0]:
                best = (score, net, start_seed)
        _, net, start_seed = best
        (rest_seed,) = derived_seeds(start_seed, 1, stop_at)
        return net, rest_seed

    def _check_same_networks(self, net, objective_params, network_params):
        """A continuation must train the networks it was given."""
        current = net.get_params()
        wanted = {**network_params,
                  **{f"criterion__{k}": v for k, v in objective_params.items()}}
        for key, value in wanted.items():
            if current.get(key) != value:
                name = key.split("__", 1)[-1]
                raise ValueError(
                    f"Cannot continue training (warm_start=True or partial_fit): "
                    f"{name} was {current.get(key)!r} when the networks were "
                    f"built and is now {value!r}. Fit a new model "
                    "(warm_start=False) to change it.")

    # -- fitted views -----------------------------------------------------
    @property
    def history_(self):
        """Per-epoch training record (a skorch ``History``: list of dicts)."""
        check_is_fitted(self, "net_")
        return self.net_.history_

    @property
    def generator_(self):
        """The trained generator network (a ``torch.nn.Module``)."""
        check_is_fitted(self, "net_")
        return self.net_.generator_

    @property
    def discriminator_(self):
        """The trained discriminator network (a ``torch.nn.Module``)."""
        check_is_fitted(self, "net_")
        return self.net_.module_

    def _generate_scaled(self, n_samples, random_state, inputs=None):
        """Encoded rows from the generator, with every random draw seeded by
        ``random_state``: the noise (unless ``inputs`` are given) and the
        one-hot heads' Gumbel draws of a table's categories and modes, which
        remain random even for given inputs."""
        check_is_fitted(self, "net_")
        n_samples = check_n_samples(n_samples)
        seed = _seed_from(random_state)
        with torch_threads(self.n_jobs), torch_seed(seed, self.net_.device):
            return self.net_.generate(int(n_samples), inputs=inputs).numpy()
