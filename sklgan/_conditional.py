"""ConditionalGANSampler: class-conditional generation (ACGAN, InfoGAN)."""

import dataclasses
import numbers
from collections import Counter

import numpy as np
import scipy.sparse as sp
import torch
from scipy.special import softmax
from sklearn.base import OneToOneFeatureMixin
from sklearn.preprocessing import label_binarize
from sklearn.utils import ClassifierTags, InputTags, Tags, TransformerTags
from sklearn.utils._param_validation import Interval, StrOptions

# scikit-learn has no public way to give transform's output the container
# that set_output chose (its own transformers use this helper)
from sklearn.utils._set_output import _wrap_data_with_container
from sklearn.utils.metaestimators import available_if
from sklearn.utils.multiclass import check_classification_targets, type_of_target
from sklearn.utils.validation import check_is_fitted, column_or_1d

from ._base import (
    BaseGAN,
    _seed_from,
    check_label_types,
    check_n_samples,
    encode_labels,
    torch_seed,
    training_method,
)
from ._losses import SHIFT_TRANSFORMS, ConditionalObjective, information_maximization_loss

__all__ = ["ConditionalGANSampler", "resampling_targets"]


@dataclasses.dataclass
class SamplerTags:
    """imbalanced-learn's sampler tags, without importing imbalanced-learn.

    Parameters
    ----------
    sample_indices : bool, default=False
        Whether ``fit_resample`` records which input rows it kept
        (``sample_indices_``); an over-sampler that generates rows does not.
    """

    sample_indices: bool = False


@dataclasses.dataclass
class _SamplerInputTags(InputTags):
    """scikit-learn's input tags plus imbalanced-learn's ``dataframe``."""

    dataframe: bool = True


@dataclasses.dataclass
class _SamplerEstimatorTags(Tags):
    """scikit-learn's tags plus imbalanced-learn's ``sampler_tags`` field,
    which imbalanced-learn's checks and pipelines read."""

    sampler_tags: SamplerTags | None = None

_STRATEGIES = {"auto", "minority", "not minority", "not majority", "all"}


def resampling_targets(y, sampling_strategy="auto"):
    """Number of rows to generate per class to reach ``sampling_strategy``.

    The strategies are those of imbalanced-learn's over-samplers:

    - ``"auto"`` / ``"not majority"``: every class but the majority is
      brought up to the majority's count; ``"not minority"``: every class
      but the minority; ``"minority"``: the minority only; ``"all"``: all
      classes.
    - a float (two classes only): the desired ratio of the minority's count
      to the majority's after resampling.
    - a dict ``{class: target count}``; targets may not be below the current
      count.
    - a callable ``f(y) -> dict`` as above.

    Parameters
    ----------
    y : array-like of shape (n_samples,)
        Class labels.
    sampling_strategy : str, float, dict or callable, default="auto"
        The strategy.

    Returns
    -------
    n_new : dict
        Class -> number of rows to generate (zeros included), in the order
        of ``np.unique(y)``.

    Examples
    --------
    >>> from sklgan._conditional import resampling_targets
    >>> resampling_targets([0, 0, 0, 0, 1, 2, 2], "auto")
    {0: 0, 1: 3, 2: 2}
    >>> resampling_targets([0, 0, 0, 0, 1, 1], 0.75)
    {0: 0, 1: 1}
    """
    counts = Counter(np.asarray(y).tolist())
    classes = sorted(counts)
    n_max, n_min = max(counts.values()), min(counts.values())
    majority = [c for c in classes if counts[c] == n_max][0]
    minority = [c for c in classes if counts[c] == n_min][0]
    if callable(sampling_strategy):
        sampling_strategy = sampling_strategy(np.asarray(y))
        if not isinstance(sampling_strategy, dict):
            raise ValueError("A callable sampling_strategy must return a dict "
                             f"{{class: count}}, got {type(sampling_strategy)}.")
    if isinstance(sampling_strategy, str):
        chosen = {"auto": [c for c in classes if c != majority],
                  "not majority": [c for c in classes if c != majority],
                  "not minority": [c for c in classes if c != minority],
                  "minority": [minority],
                  "all": classes}[sampling_strategy]
        return {c: (n_max - counts[c] if c in chosen else 0) for c in classes}
    if isinstance(sampling_strategy, dict):
        unknown = [c for c in sampling_strategy if c not in counts]
        if unknown:
            raise ValueError(
                f"sampling_strategy names classes {unknown!r} that are not in y; "
                f"the classes are {classes!r}.")
        n_new = {c: 0 for c in classes}
        for c, target in sampling_strategy.items():
            if not isinstance(target, numbers.Integral) or target < counts[c]:
                raise ValueError(
                    f"sampling_strategy asks for {target!r} rows of class {c!r}, "
                    f"which has {counts[c]}; an over-sampler can only add rows "
                    "(give an int >= the current count).")
            n_new[c] = int(target) - counts[c]
        return n_new
    # a float ratio
    if len(classes) != 2:
        raise ValueError(
            "A float sampling_strategy is only for two classes; y has "
            f"{len(classes)}. Use a str, a dict or a callable.")
    ratio = float(sampling_strategy)
    n_target = int(ratio * n_max)
    if n_target < n_min:
        raise ValueError(
            f"sampling_strategy={ratio} asks for a minority/majority ratio below "
            f"the current one ({n_min / n_max:.3f}); an over-sampler can only "
            "add rows.")
    return {c: (n_target - counts[c] if c == minority else 0) for c in classes}


def _is_infogan(estimator):
    return estimator.kind == "infogan"


class ConditionalGANSampler(BaseGAN):
    """Class-conditional GAN sampler: ACGAN and InfoGAN.

    The generator takes noise and a one-hot class (ACGAN, Odena et al. 2017)
    and, for InfoGAN (Chen et al. 2016), ``n_continuous`` codes uniform in
    [-1, 1]. The discriminator has a real/fake head and an auxiliary head on
    the same features that recognises the class and recovers the codes;
    both networks minimise the class and code losses, which makes the class
    and the codes control what is generated. Without ``y`` an InfoGAN learns
    ``n_categories`` categories of its own.

    :meth:`sample` draws rows of chosen classes (and codes),
    :meth:`transform` infers an InfoGAN's codes of given rows, and
    :meth:`fit_resample` (the imbalanced-learn sampler API) adds generated
    rows to under-represented classes.

    Read more in the :ref:`User Guide <conditional>`.

    Parameters
    ----------
    kind : {"acgan", "infogan"}, default="acgan"
        The method. ``"acgan"`` needs class labels; ``"infogan"`` adds
        continuous codes and works with or without labels.
    image_shape : tuple of int (channels, height, width) or None, default=None
        If given, rows of ``X`` are flattened images of this shape (one
        range for all pixels; convolutional networks unless ``network``
        says otherwise); if None, a table (fully connected networks).
    network : {"auto", "conv", "mlp"}, default="auto"
        As in :class:`SGANClassifier`: ``"auto"`` picks convolutions for
        images and fully connected layers for tables; ``"mlp"`` reads images
        with fully connected layers (fast on a CPU; ``shift_weight`` still
        applies); ``"conv"`` is for images only.
    categorical_features : "from_dtype", array-like of str, int or bool, or None, \
            default="from_dtype"
        Which columns of a table are categorical, as in
        :class:`~sklearn.ensemble.HistGradientBoostingClassifier`:
        ``"from_dtype"`` takes the DataFrame columns of dtype ``category``,
        ``object``, ``string`` and ``bool`` (none for an array); or column
        names, indices or a boolean mask; None: none. Each categorical column
        is one-hot encoded for the discriminator and generated by its own
        softmax head; NaN is a category of its own. Not with
        ``image_shape``. See the :ref:`User Guide <tables>`.
    numeric_transform : {"range", "quantile", "mode"}, default="range"
        How numeric columns are mapped onto the generator's [-1, 1] range:
        linearly from their observed minimum and maximum (values of new
        rows beyond them are read as the nearest one), or through their
        empirical distribution function (scikit-learn's
        ``QuantileTransformer``, uniform output), which gives long tails
        their share of generated rows and decodes a value shared by many
        rows (a point mass, such as the exact zeros of a float column)
        exactly, or (``"mode"``) by CTGAN's mode-specific normalisation: a
        Gaussian mixture per column, each value encoded as its mode (a
        one-hot block, generated like a category) and its place within
        that mode, for columns with several peaks or long tails (on two
        small tables without them it scored below the other two; see the
        :ref:`User Guide <tables>`). ``"range"`` is the
        default: on numeric data (digits) ``"quantile"`` lowered class
        fidelity and code recovery, while on mixed tables it was level or
        higher in overall quality (see the benchmarks). Generated values stay
        within the observed bounds either way, and integer columns are
        rounded. Images always use one range for all pixels. A numeric
        column with missing values (NaN, pandas' NA) gets a one-hot
        ``[observed, missing]`` block, generated like a category, and its
        generated rows miss values as often as the generator learned
        (images must be complete).
    latent_dim : int, default=64
        Size of the generator's noise vector.
    n_continuous : int, default=2
        InfoGAN: number of continuous codes (ignored by ACGAN).
    n_categories : int, default=10
        InfoGAN fitted without ``y``: number of categories to discover, at
        most the number of rows (ignored when ``y`` is given: the classes
        are the categories).
    hidden_layer_sizes : tuple of int or None, default=None
        Fully connected networks (tables, and images with
        ``network="mlp"``): the discriminator's hidden widths (default
        ``(256, 256)``; the generator gets two layers of the largest width).
        Convolutional networks: the discriminator's three convolution widths
        (default ``(32, 64, 128)``).
    dropout : float in [0, 1), default=0.0
        Dropout rate before each of the discriminator's layers.
    noise_std : float, default=0.1
        Standard deviation of the Gaussian noise on the discriminator's
        (scaled, [-1, 1]) inputs during training.
    hidden_noise_std : float, default=0.3
        Standard deviation of the Gaussian noise on its hidden layers (keeps
        the discriminator from memorising rows, which keeps samples diverse).
    info_weight : float, default=1.0
        Weight of the continuous-code reconstruction loss (InfoGAN's
        lambda).
    category_weight : float, default=1.0
        Weight of the category term: the cross-entropy with which the
        auxiliary head recognises the category of generated rows, in both
        networks' losses (InfoGAN's lambda for its categorical code).
    cluster_weight : float, default=1.0
        InfoGAN without ``y``: weight of the information maximisation of
        the categories of real rows: each row confidently in one category,
        the categories used evenly (regularised information maximisation,
        Krause, Perona & Gomes 2010; with virtual adversarial training as
        in IMSAT, Hu et al. 2017, "Learning discrete representations via
        information maximizing self-augmented training"). It makes the
        discovered categories follow the groups of the real rows rather
        than only what the generator finds easy to tell apart. 0 turns it
        off (the plain InfoGAN). Ignored with ``y``.
    consistency_weight : float, default=1.0
        InfoGAN without ``y``: weight of virtual adversarial training of the
        categories of real rows (Miyato et al. 2018): a row and its most
        sensitive small move keep their category. 0 turns it off. Ignored
        with ``y``.
    consistency_eps : float, default=0.5
        Size of that move relative to the spread of the data (as in
        :class:`SGANClassifier`, whose rows carry labels and take a smaller
        one). Ignored with ``y``.
    shift_weight : float, default=1.0
        InfoGAN without ``y``, with ``image_shape``: weight of the
        consistency of the categories of real images under a random move
        (set by ``shift_transform``; the Π-model of Laine & Aila 2017,
        "Temporal ensembling for semi-supervised learning"): an image and
        its moved copy keep their category, so the categories follow the
        shapes rather than where they sit. On digits as 8x8 images (seeds
        that the benchmark does not use) it raised the matched accuracy of
        the convolutional networks from 0.818 to 0.874 (NMI 0.814 to
        0.871; 0.915 on the benchmark's own seeds), for about 1.2 times
        the fit time, and that of the fully connected ones
        (``network="mlp"``) to 0.883. Ignored with ``y`` and for tables;
        0 turns it off.
    shift_transform : {"affine", "translate"}, default="affine"
        The moves of the ``shift_weight`` term. ``"affine"``: a rotation of
        up to 15 degrees, a change of size of up to 10% and a translation
        of up to ``max(1, min(height, width) // 14)`` pixels along each
        axis, drawn for each image and resampled bilinearly.
        ``"translate"``: translations by whole pixels only, as far (Laine &
        Aila's). Ignored when the term is off.
    n_init : int, default=4
        InfoGAN without ``y``: number of starts from different seeds, as in
        :class:`~sklearn.cluster.KMeans`. Every start trains the first fifth
        of the epochs; the one whose categories of the training rows score
        best on the information-maximisation criterion (mean conditional
        entropy minus twice the entropy of the mean category distribution,
        the ``cluster_loss`` of training, computed on all rows) trains on to
        the end, the others are dropped. Labels are never used to choose. It
        guards against a start that merges two groups into one category; a
        fit costs ``1 + (n_init - 1) / 5`` times a single run. Every start
        runs the ``callbacks``; a start whose criterion is not finite is
        never chosen. 1: one run. Ignored with ``y``, by ACGAN and when
        training continues (``warm_start``, ``partial_fit``).
    generator_loss : {"minimax", "feature_matching"}, default="minimax"
        The generator's GAN term: the non-saturating loss, or matching the
        mean discriminator features of real rows.
    sampling_strategy : str, float, dict or callable, default="auto"
        What :meth:`fit_resample` generates, as in imbalanced-learn:
        ``"auto"`` (= ``"not majority"``), ``"minority"``,
        ``"not minority"``, ``"all"``, a float minority/majority ratio (two
        classes), a dict ``{class: target count}`` or a callable ``y -> dict``.
        Each class is brought up to the majority's count by the str options.
    max_epochs : int or "auto", default=100
        Number of passes over the training rows. ``"auto"`` sizes the
        schedule in updates, as the classifier's default does: at least 100
        epochs and at least 3,000 updates (batches), so 750 epochs for a
        table of 256 rows at the default batch size, and 100 from about
        1,900 rows up. On small tables it raised the quality of the
        generated rows, and brought them closer to the training rows; see
        the :ref:`User Guide <tables>`.
    batch_size : int, default=64
        Real rows, and generated rows, per batch.
    lr : float, default=1e-3
        Adam learning rate of the discriminator. Both rates stay constant for
        the first half of the epochs, then fall linearly towards zero: with
        ``n`` decaying epochs, the last one runs at ``1 / n`` of the rate
        (the engine's ``"lr_schedule"`` callback; see ``callbacks``).
    lr_generator : float or None, default=None
        Adam learning rate of the generator (None: ``lr``).
    device : {"auto", "cpu", "cuda"} or str, default="auto"
        Training device; "auto" uses CUDA when available.
    n_jobs : int or None, default=None
        Number of CPU threads torch uses while the estimator trains,
        predicts, transforms or samples (-1: all cores, -2: all but one, as
        in joblib). None leaves torch's setting alone, which follows
        ``OMP_NUM_THREADS`` and, inside joblib workers
        (``GridSearchCV(n_jobs=2)``), joblib's share of cores per worker.
    precision : {"float32", "bfloat16"}, default="float32"
        ``"bfloat16"`` trains with bfloat16 autocast (mixed precision: the
        forward passes and losses in bfloat16, weights and optimizer state in
        float32). Faster on GPUs with bfloat16 units. Either way samples
        are computed in float32, and predictions in float32 on the image
        path and in float64 otherwise (see the user guide's "Speed and
        memory").
    compile : bool, default=False
        If True, ``torch.compile`` the two networks before training (a
        one-time compilation cost; worth it for long GPU runs).
    accelerator : accelerate.Accelerator or None, default=None
        Train through Hugging Face Accelerate (skorch's ``AccelerateMixin``):
        the networks and optimizers are prepared by the accelerator, and a
        script started with ``accelerate launch`` trains one data-parallel
        replica per process, each on its share of the batches. ``device`` is
        then the accelerator's. None: plain training on ``device``. See
        :doc:`/scale_out`.
    warm_start : bool, default=False
        If True and the sampler is fitted, ``fit`` continues training the
        fitted networks for ``max_epochs`` more epochs (keeping ``scaler_``,
        ``classes_`` and ``class_prior_``) instead of building new ones.
    random_state : int, RandomState instance or None, default=None
        Seeds training (reproducible on CPU); the caller's global random
        state is left as it was.
    verbose : int, default=0
        0 prints nothing; 1 shows a progress bar over each epoch's batches
        and prints a one-line summary per epoch (losses, duration).
    callbacks : list of skorch callbacks or (name, callback) tuples, default=None
        Extra callbacks of the skorch training engine. A skorch
        ``Checkpoint`` also saves the generator (files prefixed
        ``generator_``); with ``LoadInitState`` a new fit resumes from it. A
        ``("lr_schedule", callback)`` tuple replaces the learning-rate
        schedule (``("lr_schedule", None)``: constant rates).

    Attributes
    ----------
    classes_ : ndarray of shape (n_classes,)
        Class labels of ``y``; ``arange(n_categories)`` for an InfoGAN fitted
        without ``y``.
    class_prior_ : ndarray of shape (n_classes,)
        Share of each class in the training rows (uniform without ``y``);
        :meth:`sample` draws classes in these proportions by default.
    labels_ : ndarray of shape (n_samples,)
        ``kind="infogan"`` only: the category (:meth:`predict`) of each row
        of the last ``fit`` or ``partial_fit`` call.
    sampling_strategy_ : dict
        Set by :meth:`fit` and :meth:`fit_resample` when given ``y``, as in
        imbalanced-learn: class -> number of rows that
        :meth:`fit_resample` generates for it to reach
        ``sampling_strategy`` (0 for a class left as it was).
    n_features_in_ : int
        Number of features seen during fit.
    feature_names_in_ : ndarray of shape (`n_features_in_`,)
        Names of the features, when ``X`` has string column names.
    n_iter_ : int
        Number of epochs run.
    history_ : skorch.history.History
        One dict per epoch: ``d_loss``, ``g_loss``, ``adv_loss``,
        ``code_loss``, with labels ``class_loss`` and ``class_acc`` (the
        auxiliary head on real rows), an InfoGAN without labels
        ``cluster_loss`` and ``vat_loss`` (when their weights are not 0),
        and ``dur``.
    net_ : sklgan._engine.GANNet
        The trained skorch engine (``generator_``, ``discriminator_``).
    scaler_ : TabularTransformer or RangeScaler
        Encodes rows for the networks (numeric columns in [-1, 1], one-hot
        blocks for categorical columns; one range for all pixels of images)
        and decodes generated rows to the training columns and dtypes.

    See Also
    --------
    SGANClassifier : Semi-supervised GAN classifier.

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn.datasets import load_iris
    >>> from sklgan import ConditionalGANSampler
    >>> X, y = load_iris(return_X_y=True)
    >>> sampler = ConditionalGANSampler(max_epochs=5, random_state=0).fit(X, y)
    >>> X_new, y_new = sampler.sample(4, y=2, random_state=0)
    >>> X_new.shape, y_new.tolist()
    ((4, 4), [2, 2, 2, 2])
    >>> X_res, y_res = sampler.fit_resample(X[:110], y[:110])  # 50, 50, 10 rows
    >>> np.bincount(y_res)
    array([50, 50, 50])
    """

    # transform follows scikit-learn's set_output (InfoGAN: the only kind
    # with transform and get_feature_names_out)
    _sklearn_auto_wrap_output_keys = {"transform"}

    _parameter_constraints: dict = {
        **BaseGAN._parameter_constraints,
        "kind": [StrOptions({"acgan", "infogan"})],
        "n_continuous": [Interval(numbers.Integral, 1, None, closed="left")],
        "n_categories": [Interval(numbers.Integral, 1, None, closed="left")],
        "info_weight": [Interval(numbers.Real, 0, None, closed="left")],
        "category_weight": [Interval(numbers.Real, 0, None, closed="left")],
        "cluster_weight": [Interval(numbers.Real, 0, None, closed="left")],
        "consistency_weight": [Interval(numbers.Real, 0, None, closed="left")],
        "consistency_eps": [Interval(numbers.Real, 0, None, closed="neither")],
        "shift_weight": [Interval(numbers.Real, 0, None, closed="left")],
        "shift_transform": [StrOptions(set(SHIFT_TRANSFORMS))],
        "n_init": [Interval(numbers.Integral, 1, None, closed="left")],
        "generator_loss": [StrOptions({"minimax", "feature_matching"})],
        "sampling_strategy": [Interval(numbers.Real, 0, 1, closed="right"),
                              StrOptions(_STRATEGIES), dict, callable],
        "max_epochs": [Interval(numbers.Integral, 1, None, closed="left"),
                       StrOptions({"auto"})],
    }

    def __init__(self, kind="acgan", *, image_shape=None, network="auto",
                 categorical_features="from_dtype", numeric_transform="range",
                 latent_dim=64,
                 n_continuous=2, n_categories=10, hidden_layer_sizes=None,
                 dropout=0.0, noise_std=0.1, hidden_noise_std=0.3, info_weight=1.0,
                 category_weight=1.0, cluster_weight=1.0, consistency_weight=1.0,
                 consistency_eps=0.5, shift_weight=1.0, shift_transform="affine",
                 n_init=4,
                 generator_loss="minimax",
                 sampling_strategy="auto",
                 max_epochs=100,
                 batch_size=64, lr=1e-3, lr_generator=None, device="auto",
                 n_jobs=None, precision="float32", compile=False, accelerator=None,
                 warm_start=False, random_state=None, verbose=0, callbacks=None):
        self.kind = kind
        self.image_shape = image_shape
        self.network = network
        self.categorical_features = categorical_features
        self.numeric_transform = numeric_transform
        self.latent_dim = latent_dim
        self.n_continuous = n_continuous
        self.n_categories = n_categories
        self.hidden_layer_sizes = hidden_layer_sizes
        self.dropout = dropout
        self.noise_std = noise_std
        self.hidden_noise_std = hidden_noise_std
        self.info_weight = info_weight
        self.category_weight = category_weight
        self.cluster_weight = cluster_weight
        self.consistency_weight = consistency_weight
        self.consistency_eps = consistency_eps
        self.shift_weight = shift_weight
        self.shift_transform = shift_transform
        self.n_init = n_init
        self.generator_loss = generator_loss
        self.sampling_strategy = sampling_strategy
        self.max_epochs = max_epochs
        self.batch_size = batch_size
        self.lr = lr
        self.lr_generator = lr_generator
        self.device = device
        self.n_jobs = n_jobs
        self.precision = precision
        self.compile = compile
        self.accelerator = accelerator
        self.warm_start = warm_start
        self.random_state = random_state
        self.verbose = verbose
        self.callbacks = callbacks

    _default_hidden_layer_sizes = (256, 256)
    _missing_labels_advice = (
        "The sampler needs the label of every row: drop the rows without one, "
        "or fit kind='infogan' without y to learn categories of unlabeled rows.")

    def _n_continuous(self):
        return self.n_continuous if self.kind == "infogan" else 0

    @training_method
    def fit(self, X, y=None):
        """Train the conditional GAN.

        With ``warm_start=True`` and a fitted sampler, continue training the
        fitted networks for ``max_epochs`` epochs instead (``"auto"``: as
        many as a fit on these rows).

        With ``y``, ``sampling_strategy`` is checked before training and
        ``sampling_strategy_`` set, as imbalanced-learn's samplers do.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
            Training rows (flattened images when ``image_shape`` is set).
        y : array-like of shape (n_samples,) or None, default=None
            Class labels (ints or strings). Required for ``kind="acgan"``;
            an InfoGAN without ``y`` discovers ``n_categories`` categories.
            Every label is a class, ``-1`` included (as in imbalanced-learn,
            where ``{-1, 1}`` is a binary target): unlike
            :class:`SGANClassifier`, the sampler has no unlabeled rows, so
            drop the rows marked ``-1`` of a semi-supervised target first.

        Returns
        -------
        self : ConditionalGANSampler
            The fitted sampler.
        """
        self._fit(X, y, partial=False)
        return self

    @training_method
    def partial_fit(self, X, y=None, classes=None):
        """Train for one epoch over ``X``, continuing the fitted networks.

        The first call builds the networks and fits ``scaler_``,
        ``classes_`` and ``class_prior_`` on its data; later calls keep them
        and train one more epoch each.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
            Training rows.
        y : array-like of shape (n_samples,) or None, default=None
            Class labels, as in :meth:`fit` (given in every call, or in none).
        classes : array-like of shape (n_classes,), default=None
            All the classes, for the first call when its ``y`` does not show
            them all; ignored later.

        Returns
        -------
        self : ConditionalGANSampler
            The sampler.
        """
        self._fit(X, y, partial=True, classes=classes)
        return self

    def _fit(self, X, y, partial, classes=None, seed=None):
        """Train; ``seed`` (one draw of ``random_state`` when None) seeds
        it. Returns the seed of the data stream (for what to resample)."""
        continues = self._continues(partial)
        if continues:
            supervised = self.net_.criterion_.supervised
            if supervised != (y is not None):
                raise ValueError(
                    "This sampler was fitted " + ("with" if supervised else "without")
                    + " y; continue training it " + ("with" if supervised else "without")
                    + " y too.")
        if y is None and self.kind == "acgan":
            raise ValueError(
                "kind='acgan' requires y to be passed, but the target y is "
                "None: give class labels, or use kind='infogan' to learn "
                "categories from unlabeled rows.")
        min_samples = 1 if continues else 2
        raw = X
        if y is None:
            X = self._validate_X(X, ensure_min_samples=min_samples, reset=not continues)
            if not continues and X.shape[0] < self.n_categories:
                # as KMeans refuses more clusters than rows
                raise ValueError(
                    f"n_samples={X.shape[0]} should be >= n_categories="
                    f"{self.n_categories}: an InfoGAN fitted without y cannot "
                    "find more categories than there are rows.")
            classes = np.arange(self.n_categories)
            y_int = np.full(X.shape[0], -1, dtype=np.int64)
            prior = np.full(len(classes), 1.0 / len(classes))
        else:
            _check_single_output(y)
            X, y = self._validate_X(X, y, ensure_min_samples=min_samples,
                                    reset=not continues)
            y = column_or_1d(y, warn=True)
            check_label_types(y)
            check_classification_targets(y)
            if continues:
                classes = self.classes_
            else:
                classes = np.unique(y if classes is None else column_or_1d(classes))
            y_int = encode_labels(y, classes)
            prior = np.bincount(y_int, minlength=len(classes)) / len(y_int)
            if not partial:  # checked before training, as imbalanced-learn's fit
                n_new = resampling_targets(y, self.sampling_strategy)
        if continues:  # the fitted classes and proportions stay
            classes, prior = self.classes_, self.class_prior_
        self._check_structure(X.shape[1])

        torch_seed_, data_seed = self._fit_seeds(continues, seed)
        scaler, X_scaled = self._fit_scaler(X, continues, raw=raw, seed=data_seed)
        objective_params = {
            "n_categories": len(classes), "n_continuous": self._n_continuous(),
            "supervised": y is not None, "class_prior": prior.tolist(),
            "info_weight": self.info_weight, "generator_loss": self.generator_loss,
            "category_weight": self.category_weight,
            "cluster_weight": self.cluster_weight,
            "consistency_weight": self.consistency_weight,
            "consistency_eps": self.consistency_eps,
            "shift_weight": self.shift_weight,
            "shift_transform": self.shift_transform, "image_shape": self.image_shape}
        n_conditions = len(classes) + self._n_continuous()
        network_params = self._network_params(
            X_scaled.shape[1], 1, n_aux=n_conditions, n_conditions=n_conditions,
            scaler=scaler)
        self._fit_engine(X_scaled, y_int.astype(np.int64), ConditionalObjective,
                         objective_params, network_params, torch_seed_,
                         partial=partial)
        self.scaler_ = scaler
        self.classes_ = classes
        self.class_prior_ = prior
        if not partial:  # a fit without y has nothing to resample
            if y is None:
                self.__dict__.pop("sampling_strategy_", None)
            else:
                self.sampling_strategy_ = n_new
        if self.kind == "infogan":  # the categories of the training rows
            self.labels_ = classes[self._aux(X_scaled)[:, :len(classes)].argmax(1)]
        return data_seed

    def _class_indices(self, y, n_samples, rng):
        """Indices into ``classes_`` for ``n_samples`` rows of labels ``y``."""
        if y is None:
            return rng.choice(len(self.classes_), size=n_samples, p=self.class_prior_)
        if np.ndim(y) == 0:
            y = [y] * n_samples
        y = np.asarray(y, dtype=object)  # a list mixing types stays mixed
        if y.ndim != 1 or len(y) != n_samples:
            raise ValueError(
                "y must be one label or one label per row: expected shape "
                f"({n_samples},), got {y.shape}.")
        return encode_labels(y, self.classes_)

    def _check_codes(self, codes, n_samples, rng):
        n_codes = self._n_continuous()
        if codes is None:
            return rng.uniform(-1, 1, size=(n_samples, n_codes))
        if self.kind != "infogan":
            raise ValueError("codes are only for kind='infogan'; this sampler is "
                             f"kind={self.kind!r}.")
        codes = np.asarray(codes, dtype=np.float64)
        if codes.ndim == 1 and n_codes == 1 and len(codes) == n_samples:
            codes = codes[:, None]
        if codes.shape != (n_samples, n_codes):
            raise ValueError(
                f"codes must have shape (n_samples, n_continuous) = "
                f"({n_samples}, {n_codes}), got {codes.shape}.")
        if not np.isfinite(codes).all():
            raise ValueError("codes must be finite numbers.")
        return codes

    def sample(self, n_samples=1, *, y=None, codes=None, noise=None,
               random_state=None):
        """Generate rows of chosen classes (and codes).

        Parameters
        ----------
        n_samples : int, default=1
            Number of rows.
        y : label, array-like of shape (n_samples,) or None, default=None
            The class of every row (one label) or of each row. None draws
            classes in the training proportions (``class_prior_``).
        codes : array-like of shape (n_samples, n_continuous) or None, default=None
            InfoGAN's continuous codes; training drew them uniformly in
            [-1, 1]. None draws them at random.
        noise : array-like of shape (n_samples, latent_dim) or None, default=None
            The generator's noise (training drew it from a standard normal).
            Rows with the same noise, class and codes are the same rows, so
            repeating one noise row while a code varies shows what the code
            controls. None draws it at random.
        random_state : int, RandomState instance or None, default=None
            Seeds the classes, codes and noise that are drawn (same seed,
            same rows).

        Returns
        -------
        X : ndarray or DataFrame of shape (n_samples, n_features)
            Generated rows in the units (and columns) of the training ``X``.
        y : ndarray of shape (n_samples,)
            Their classes.
        """
        check_is_fitted(self, "net_")
        n_samples = check_n_samples(n_samples)
        seed = _seed_from(random_state)
        rng = np.random.RandomState(seed)
        index = self._class_indices(y, n_samples, rng)
        codes = self._check_codes(codes, n_samples, rng)
        if noise is None:
            with torch_seed(seed, "cpu"):
                noise = torch.randn(n_samples, self.latent_dim)
        else:
            noise = np.asarray(noise, dtype=np.float32)
            if noise.shape != (n_samples, self.latent_dim) \
                    or not np.isfinite(noise).all():
                raise ValueError(
                    "noise must hold finite numbers of shape (n_samples, "
                    f"latent_dim) = ({n_samples}, {self.latent_dim}), got "
                    f"shape {noise.shape}.")
            noise = torch.from_numpy(noise)
        condition = self.net_.criterion_.condition(
            torch.as_tensor(index, dtype=torch.long),
            torch.as_tensor(codes, dtype=torch.float32))
        # the categorical heads' draws from the same seed, after the classes
        # and codes
        X = self._generate_scaled(n_samples, rng, inputs=(noise, condition))
        return self._output(X), self.classes_[index]

    @available_if(_is_infogan)
    def transform(self, X):
        """InfoGAN's inferred continuous codes of the rows of ``X``.

        Only for ``kind="infogan"`` (an ACGAN has no codes, and without
        ``transform`` it fits imbalanced-learn pipelines, which refuse steps
        that both transform and resample).

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
            Rows in the units of the training data.

        Returns
        -------
        codes : ndarray or DataFrame of shape (n_samples, n_continuous)
            The recognition head's estimate of the codes that would generate
            each row (about [-1, 1]); a DataFrame with columns ``code0``, ...
            after ``set_output(transform="pandas")``.
        """
        codes = self._map_rows(X, self._aux)[:, len(self.classes_):]
        return _wrap_data_with_container("transform", codes, X, self)

    def get_feature_names_out(self, input_features=None):
        """Names of the output columns.

        For ``kind="infogan"``, the columns of :meth:`transform`: ``code0``,
        ``code1``, ... For ``kind="acgan"``, those of :meth:`fit_resample`
        and :meth:`sample`: the input features (as in imbalanced-learn's
        samplers).

        Parameters
        ----------
        input_features : array-like of str or None, default=None
            InfoGAN: ignored (the codes do not depend on the input columns'
            names). ACGAN: the input features' names, checked against
            ``feature_names_in_``; None uses ``feature_names_in_``, or
            ``x0``, ``x1``, ... without them.

        Returns
        -------
        names : ndarray of str objects
            The column names.
        """
        check_is_fitted(self, "net_")
        if self.kind != "infogan":
            return OneToOneFeatureMixin.get_feature_names_out(self, input_features)
        return np.asarray([f"code{i}" for i in range(self.n_continuous)], dtype=object)

    @available_if(_is_infogan)
    def predict_proba(self, X):
        """InfoGAN's category distribution of the rows of ``X``.

        The recognition head's softmax over the categories: without ``y``,
        the ``n_categories`` categories the model discovered (a clustering);
        with ``y``, the classes. Only for ``kind="infogan"``.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
            Rows in the units of the training data.

        Returns
        -------
        proba : ndarray of shape (n_samples, n_classes)
            Probabilities in the order of ``classes_``; each row sums to 1.
        """
        logits = self._map_rows(X, self._aux)[:, :len(self.classes_)]
        return softmax(logits, axis=1)

    @available_if(_is_infogan)
    def predict(self, X):
        """InfoGAN's most probable category of each row (only for
        ``kind="infogan"``).

        Without ``y`` in fit this is a clustering into the discovered
        categories (``classes_`` is ``arange(n_categories)``; which number
        goes with which group is arbitrary); with ``y``, a classification
        into the classes. :meth:`transform` gives the continuous codes of
        the same rows: the category says which kind of row it is, the codes
        how it varies within its kind.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
            Rows in the units of the training data.

        Returns
        -------
        labels : ndarray of shape (n_samples,)
            Values of ``classes_``.
        """
        check_is_fitted(self, "net_")
        return self.classes_[np.argmax(self.predict_proba(X), axis=1)]

    @available_if(_is_infogan)
    def fit_predict(self, X, y=None):
        """Fit, then return the categories of the training rows (``labels_``;
        only for ``kind="infogan"``).

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
            Training rows.
        y : array-like of shape (n_samples,) or None, default=None
            Class labels, or None to discover ``n_categories`` categories.

        Returns
        -------
        labels : ndarray of shape (n_samples,)
            The category of each row.
        """
        return self.fit(X, y).labels_

    @available_if(_is_infogan)
    def set_output(self, *, transform=None):
        """Choose the container of :meth:`transform`'s output (InfoGAN only).

        scikit-learn's ``set_output`` API: ``"pandas"`` (or ``"polars"``) gives
        a DataFrame of the codes with :meth:`get_feature_names_out` columns
        and the index of ``X``; ``"default"`` an ndarray; None leaves the
        setting (or the global ``sklearn.set_config(transform_output=...)``)
        as it is.

        Parameters
        ----------
        transform : {"default", "pandas", "polars"} or None, default=None
            The container.

        Returns
        -------
        self : ConditionalGANSampler
            The sampler.
        """
        if transform is not None:
            self._sklearn_output_config = {"transform": transform}
        return self

    @available_if(_is_infogan)
    def fit_transform(self, X, y=None):
        """Fit, then return the inferred codes of ``X`` (InfoGAN only).

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
            Training rows.
        y : array-like of shape (n_samples,) or None, default=None
            Class labels, or None to discover ``n_categories`` categories.

        Returns
        -------
        codes : ndarray of shape (n_samples, n_continuous)
            ``transform(X)`` of the fitted sampler.
        """
        return self.fit(X, y).transform(X)

    def _n_init(self, objective_params):
        return 1 if objective_params["supervised"] else self.n_init

    def _start_criterion(self, net, X):
        """Information-maximisation loss of the categories of all rows ``X``
        (scaled), with the balance of training: the model's own measure of
        how confidently and evenly its categories split the rows."""
        logits = torch.as_tensor(self._aux(X, net)[:, :self.n_categories])
        return float(information_maximization_loss(logits,
                                                   net.criterion_.cluster_balance))

    def _aux(self, X_scaled, net=None):
        net = self.net_ if net is None else net
        return net.discriminate(X_scaled, return_all=True)[2].double().numpy()

    @training_method
    def fit_resample(self, X, y):
        """Fit on ``(X, y)``, then add generated rows per ``sampling_strategy``.

        The imbalanced-learn sampler API: usable as a step of
        :class:`imblearn.pipeline.Pipeline` (with ``kind="acgan"``; that
        pipeline refuses steps that also have ``transform``). The output
        takes the form of the input: arrays, lists, SciPy sparse matrices (in
        their format) or DataFrame/Series, with the dtypes of ``X`` and ``y``
        (generated values of an integer ``X`` are rounded), and a
        label-binarized ``y`` (one column per class) comes back binarized.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
            Training rows.
        y : array-like of shape (n_samples,) or (n_samples, n_classes)
            Class labels, or their one-hot (label-binarized) encoding.

        Returns
        -------
        X_resampled : {ndarray, sparse matrix, list, DataFrame} of shape \
                (n_samples_new, n_features)
            The rows of ``X`` first, unchanged, then the generated rows.
        y_resampled : ndarray, list or Series of shape (n_samples_new,) or \
                (n_samples_new, n_classes)
            Their labels.
        """
        if y is None:
            raise ValueError("fit_resample needs class labels y.")
        y_labels, binarized = _resampling_labels(y)
        seed = _seed_from(self.random_state)  # the one draw of this fit
        data_seed = self._fit(X, y_labels, partial=False, seed=seed)
        n_new = self.sampling_strategy_
        labels = np.repeat(np.array(list(n_new), dtype=object), list(n_new.values()))
        frame = hasattr(X, "iloc")
        X_out = X if frame or sp.issparse(X) else _as_numpy(X)
        y_out = np.asarray(y_labels)
        if len(labels):
            X_new, y_new = self.sample(len(labels), y=labels, random_state=data_seed)
            if frame:  # decoded with the columns' dtypes: append the rows
                import pandas as pd

                X_new = X_new.set_axis(X.columns, axis=1)
                X_out = pd.concat([X.reset_index(drop=True), X_new.astype(X.dtypes)],
                                  ignore_index=True)
            else:
                X_new = _as_numpy(X_new)
                if X_out.dtype.kind in "iuf":
                    X_new = X_new.astype(X_out.dtype)
                if sp.issparse(X):  # sparse in, sparse out, in X's format
                    as_sparse = (sp.csr_array if isinstance(X, sp.sparray)
                                 else sp.csr_matrix)
                    X_out = sp.vstack([X, as_sparse(X_new)], format=X.format)
                else:
                    X_out = np.vstack([X_out, X_new])
            y_out = np.concatenate([y_out, y_new.astype(y_out.dtype)])
        elif frame:
            X_out = X.reset_index(drop=True)
        if binarized:
            y_out = label_binarize(y_out, classes=np.arange(np.shape(y)[1]))
        return (X_out if frame else _like(X_out, X)), _like(y_out, y)

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.target_tags.required = self.kind == "acgan"
        if self.kind == "infogan":  # transform() exists
            tags.transformer_tags = TransformerTags(preserves_dtype=[])
            # predict_proba() too, over the classes or the categories (not a
            # classifier: estimator_type stays None, as for GaussianMixture)
            tags.classifier_tags = ClassifierTags()
        fields = {f.name: getattr(tags, f.name) for f in dataclasses.fields(tags)}
        fields["input_tags"] = _SamplerInputTags(**dataclasses.asdict(tags.input_tags))
        return _SamplerEstimatorTags(**fields, sampler_tags=SamplerTags())

def _check_single_output(y):
    """Refuse a 2-d ``y`` of several columns, in imbalanced-learn's words."""
    shape = np.asarray(y).shape
    if len(shape) == 2 and shape[1] > 1:
        raise ValueError(
            "Multilabel and multioutput targets are not supported: y must hold "
            f"one label per row, got an array of shape {shape}.")


def _resampling_labels(y):
    """``fit_resample``'s labels as a 1-d array, and whether ``y`` was
    label-binarized (a one-hot row per sample), with imbalanced-learn's
    checks: more than one class, no multilabel or multioutput targets."""
    y_array = np.asarray(y)
    binarized = (y_array.ndim == 2 and y_array.shape[1] > 1
                 and type_of_target(y_array) == "multilabel-indicator")
    if binarized:
        if not (y_array.sum(axis=1) == 1).all():
            raise ValueError(
                "Multilabel and multioutput targets are not supported: y is 2-d "
                "with rows holding more or less than one 1 (a label-binarized "
                "y, one 1 per row, is supported).")
        y_labels = y_array.argmax(axis=1)
    else:
        _check_single_output(y_array)
        y_labels = column_or_1d(y, warn=True)
        check_label_types(y_labels)
        check_classification_targets(y_labels)
    classes = np.unique(y_labels)
    if len(classes) < 2:
        raise ValueError(
            "fit_resample needs at least two classes in y to balance; got one "
            f"class: {classes.tolist()!r}.")
    return y_labels, binarized


def _as_numpy(X):
    return X.to_numpy() if hasattr(X, "to_numpy") else np.asarray(X)


def _like(values, template):
    """``values`` in the container of ``template``: a DataFrame or Series
    (with its dtypes, such as ``category`` or ``string``, as
    imbalanced-learn's samplers return them) when it is one, a list when it
    is a list."""
    if isinstance(template, list):
        return values.tolist()
    if hasattr(template, "columns"):
        import pandas as pd

        return pd.DataFrame(values, columns=template.columns).astype(template.dtypes)
    if hasattr(template, "name") and hasattr(template, "to_numpy"):
        import pandas as pd

        return pd.Series(values, name=template.name, dtype=template.dtype)
    return values
