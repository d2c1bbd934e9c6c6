"""SGANClassifier: the semi-supervised GAN classifier."""

import numbers
import warnings

import numpy as np
from sklearn.base import ClassifierMixin
from sklearn.metrics import accuracy_score
from sklearn.neighbors import NearestNeighbors
from sklearn.utils import _safe_indexing
from sklearn.utils._param_validation import Interval, StrOptions
from sklearn.utils.multiclass import check_classification_targets
from sklearn.utils.validation import (
    check_consistent_length,
    check_is_fitted,
    column_or_1d,
)

from ._base import (
    BaseGAN,
    _block_rows,
    _categorical_sizes,
    _encoded_width,
    check_label_types,
    encode_labels,
    torch_threads,
    training_method,
)
from ._callbacks import RampUp
from ._losses import SHIFT_TRANSFORMS, SGANObjective
from ._tabular import TabularTransformer, _check_no_missing_labels

__all__ = ["SGANClassifier", "dequantization_widths", "labeled_mask",
           "neighbor_graph"]

UNLABELED = -1


def labeled_mask(y):
    """Boolean mask of the labeled entries of ``y`` (unlabeled: ``-1``).

    ``-1`` marks an unlabeled row, as in :mod:`sklearn.semi_supervised`.
    Among string labels the string ``"-1"`` marks one too: NumPy turns
    ``-1`` into ``"-1"`` in a string array, and a pandas Series of strings
    or categories (an object array once converted) holds it that way. So in
    an object array both the number ``-1`` and the string ``"-1"`` are
    unlabeled.
    """
    y = np.asarray(y)
    if y.dtype.kind in "US":
        return y != "-1"
    if y.dtype.kind == "O":
        return np.array([not (isinstance(v, str) and v == "-1"
                              or isinstance(v, numbers.Number) and v == UNLABELED)
                         for v in y], dtype=bool)
    return y != UNLABELED


def labeled_rows(y, sample_weight, caller, name="y"):
    """Mask of the labeled entries of ``y`` and the weights of those rows,
    for an accuracy over the labeled rows (:meth:`SGANClassifier.score` and
    :func:`sklgan.metrics.labeled_accuracy_score`); an error naming
    ``caller`` when no row is labeled."""
    mask = labeled_mask(y)
    if not mask.any():
        raise ValueError(f"{caller} needs at least one labeled row ({name} != -1).")
    if sample_weight is not None:
        sample_weight = np.asarray(sample_weight)[mask]
    return mask, sample_weight


#: ``noise_std="auto"``: the discriminator's input noise (the published
#: recipe), and that for tables with categorical columns (see
#: ``SGANClassifier._input_noise_std``).
AUTO_NOISE_STD = 0.3
AUTO_NOISE_STD_CATEGORICAL = 0.1

#: Width of the uniform noise on each one-hot value, in steps of one (see
#: ``sklgan._sgan.dequantization_widths``).
ONE_HOT_DEQUANTIZATION = 2.0


def dequantization_widths(scaler):
    """Width of the uniform noise that dequantizes each encoded column, or
    None when no column is discrete.

    Integer numeric columns scaled by their range get one step (the encoded
    size of a difference of 1), so that their values' cells tile the range
    without gaps, as uniform dequantization of discrete data does (Uria,
    Murray & Larochelle, "RNADE: the real-valued neural autoregressive
    density-estimator", NIPS 2013; Theis, van den Oord & Bethge, "A note on
    the evaluation of generative models", ICLR 2016). One-hot values get
    ``ONE_HOT_DEQUANTIZATION`` steps: with one step, the cells of two
    categories, ``[0.5, 1.5] x [-0.5, 0.5]`` and ``[-0.5, 0.5] x [0.5,
    1.5]`` for a pair of one-hot values, touch only at a corner, and the
    gap between them remains; with two they overlap. Continuous columns,
    constant columns, integer columns under the quantile transform, and
    images get none.
    Hand-written: scikit-learn and torch have no dequantization of encoded
    columns.
    """
    if not isinstance(scaler, TabularTransformer):
        return None
    widths = np.zeros(_encoded_width(scaler))
    if scaler.n_numeric_ and scaler.numeric_transform == "range":
        encoder = scaler._numeric_encoder
        # integer columns that vary (a constant one has no gaps to fill)
        integer = (scaler.integer_mask_[~scaler.categorical_mask_]
                   & (encoder.data_max_ > encoder.data_min_))
        widths[:scaler.n_numeric_] = np.where(integer, encoder.scale_, 0.0)
    widths[scaler.n_numeric_:] = ONE_HOT_DEQUANTIZATION
    return tuple(widths.tolist()) if widths.any() else None


def _hold_out(y_encoded, fraction, rng):
    """Sorted indices of about ``fraction`` of each class's labeled rows,
    leaving every class at least one labeled training row."""
    index = np.flatnonzero(y_encoded >= 0)
    held = []
    for c in np.unique(y_encoded[index]):
        rows = index[y_encoded[index] == c]
        n = min(int(round(fraction * len(rows))), len(rows) - 1)
        held.append(rng.choice(rows, size=n, replace=False))
    held = np.sort(np.concatenate(held))
    if not len(held):
        raise ValueError(
            f"validation_fraction={fraction} holds out no labeled row: too few "
            f"labels ({len(index)}) for that fraction, or classes with a single "
            "labeled row. Use a larger fraction or validation_fraction=None.")
    return held


def _choose_labeled(y_encoded, index, num_labeled, rng):
    """Stratified choice of ``num_labeled`` of the labeled ``index`` rows,
    at least one per class (largest-remainder allocation)."""
    classes, counts = np.unique(y_encoded, return_counts=True)
    if num_labeled < len(classes):
        raise ValueError(
            f"num_labeled={num_labeled} is smaller than the number of classes "
            f"({len(classes)}): keeping at least one label per class needs "
            f"num_labeled >= {len(classes)}."
        )
    quota = counts / counts.sum() * (num_labeled - len(classes))
    alloc = 1 + np.floor(quota).astype(int)
    alloc = np.minimum(alloc, counts)
    remainder = quota - np.floor(quota)
    for k in np.argsort(-remainder, kind="stable"):
        if alloc.sum() >= num_labeled:
            break
        if alloc[k] < counts[k]:
            alloc[k] += 1
    while alloc.sum() < num_labeled:  # classes that ran out pass on their share
        k = int(np.argmax(counts - alloc))
        alloc[k] += 1
    chosen = [rng.choice(index[y_encoded == c], size=a, replace=False)
              for c, a in zip(classes, alloc)]
    return np.sort(np.concatenate(chosen))


#: Rows up to which the neighbour graph is exact (see :func:`neighbor_graph`).
NEIGHBOR_BLOCK = 10_000


def neighbor_graph(X, n_neighbors, seed=0, block=NEIGHBOR_BLOCK):
    """Indices of shape ``(n_rows, k)`` of each row's nearest other rows.

    Euclidean k-nearest neighbours by scikit-learn's
    :class:`~sklearn.neighbors.NearestNeighbors` (a row is not its own
    neighbour), ``k = min(n_neighbors, n_rows - 1)``; None for a single row.
    Exact up to ``block`` rows. Beyond, the rows are shuffled (with
    ``seed``) into nearly equal blocks of at most ``block`` rows and each
    row's neighbours are its nearest ones in its block: the cost grows
    linearly in the rows instead of quadratically, and the neighbours of a
    large data set's rows stay close ones.
    """
    n = len(X)
    n_blocks = -(-n // block)
    k = min(n_neighbors, n // n_blocks - 1)
    if k < 1:
        return None
    if n_blocks == 1:
        return NearestNeighbors(n_neighbors=k).fit(X).kneighbors(
            return_distance=False)
    graph = np.empty((n, k), dtype=np.intp)
    for rows in np.array_split(np.random.RandomState(seed).permutation(n), n_blocks):
        local = NearestNeighbors(n_neighbors=k).fit(X[rows]).kneighbors(
            return_distance=False)
        graph[rows] = rows[local]
    return graph


class SGANClassifier(ClassifierMixin, BaseGAN):
    """Semi-supervised GAN classifier (K real classes + "fake").

    A generator is trained against a discriminator that is also a K-class
    classifier (Odena 2016; Salimans et al. 2016). The discriminator learns
    the classes from the labeled rows and, from the unlabeled rows and the
    generated ones, what real data look like; the generator matches the
    statistics of the discriminator's features on real rows. Virtual
    adversarial training and entropy minimisation on the real rows
    (``consistency_weight``, ``entropy_weight``) make the class boundaries
    smooth around the data and keep them out of dense regions; a
    class-proportion term (``prior_weight``) keeps the predicted classes in
    the labeled proportions, and an optional nearest-neighbour term
    (``neighbor_weight``) gives neighbouring rows the same class. The fitted
    discriminator is the classifier; the generator draws new rows with
    :meth:`sample`.

    Read more in the :ref:`User Guide <sgan>`.

    Parameters
    ----------
    image_shape : tuple of int (channels, height, width) or None, default=None
        If given, each row of ``X`` is an image of this shape, flattened in
        (channels, height, width) order, scaled with one range for all
        pixels, and both networks are convolutional (see ``network``); if
        None, the rows are tables and the networks fully connected.
    network : {"auto", "conv", "mlp"}, default="auto"
        The networks' kind. ``"auto"``: convolutional with ``image_shape``,
        fully connected without. ``"mlp"`` with ``image_shape``: fully
        connected networks on the flattened images, which keep what the
        image path knows (one range for all pixels, the image terms such as
        ``shift_weight``) at the cost of a table's networks: the fast choice
        for images on a CPU, where convolutions are slow (see the
        :ref:`User Guide <sgan>`). ``"conv"`` needs ``image_shape``.
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
        How numeric columns are mapped onto the networks' [-1, 1] range:
        linearly from their observed minimum and maximum (values of new
        rows beyond them are read as the nearest one), through their
        empirical distribution function (scikit-learn's
        ``QuantileTransformer``), which gives long tails and values shared
        by many rows (such as exact zeros) their share of generated rows,
        or (``"mode"``) by CTGAN's mode-specific normalisation (a mode
        indicator and a value within the mode per column; it is meant for
        sampling: the classifier scored lower with it in six of seven
        measurements, by up to 5 points; see the :ref:`User Guide
        <tables>`).
        ``"range"`` is the default, with which the classifier's accuracy was
        measured. Images always use one range for all pixels. A numeric
        column with missing values (NaN, pandas' NA) is read as its median
        plus a one-hot ``[observed, missing]`` block, so that whether a
        value is missing counts as evidence, and ``sample`` gives missing
        values back (images must be complete).
    latent_dim : int, default=100
        Size of the generator's noise vector.
    hidden_layer_sizes : tuple of int or None, default=None
        Fully connected networks (tables, and images with
        ``network="mlp"``): widths of the discriminator's hidden layers (default
        ``(500, 250, 250)``, and for rows of more than 500 encoded values,
        such as flattened 28x28 images, the deeper ``(1000, 500, 250, 250,
        250)`` of Salimans et al. 2016 for MNIST, with that recipe's
        generator of two layers of 500; otherwise the generator gets two
        layers of the largest width).
        Convolutional networks: the discriminator's three convolution
        widths (default ``(32, 64, 128)``).
    dropout : float in [0, 1), default=0.0
        Dropout rate before each of the discriminator's layers.
    noise_std : float or "auto", default="auto"
        Standard deviation of the Gaussian noise added to the discriminator's
        (scaled, [-1, 1]) inputs during training. ``"auto"``: 0.3, the
        published recipe (Salimans et al. 2016), except 0.1 for a table
        with categorical columns (see ``categorical_features``): on the
        two mixed tables of the benchmarks, 0.1 gained 4.3 and 1.3 points
        over 0.3, while on numeric tables (wine, breast cancer) it did not
        help. See the User Guide.
    hidden_noise_std : float, default=0.5
        Standard deviation of the Gaussian noise added to the discriminator's
        hidden layers during training (the published recipe's main
        regulariser).
    dequantize : bool, default=True
        Tables: add uniform noise to the discrete columns of every row the
        discriminator reads in training (real and generated), one step wide
        for integer columns (scaled by their range) and two steps for each
        one-hot value of a categorical column, so that their values leave
        no empty gaps between them. The semi-supervised terms move the class
        boundaries into low-density regions; without the noise, the gaps
        between a year's values or a category's levels are such regions,
        and the classes get split along columns unrelated to them. Rows with
        no discrete column (float columns, images) are unaffected. See
        ``sklgan._sgan.dequantization_widths`` and the User Guide.
    consistency_weight : float, default=1.0
        Weight of virtual adversarial training (Miyato et al. 2018, "Virtual
        adversarial training: a regularization method for supervised and
        semi-supervised learning") on the real rows: the KL divergence
        between the class distribution of a row and that of the row moved by
        the small perturbation that changes it most (found by one power
        iteration). 0 turns it off.
    consistency_eps : float, default=0.2
        Size of that perturbation relative to the spread of the data: its
        L2 norm is ``consistency_eps`` times the root sum of the per-column
        variances of the (scaled) batch, so one setting suits narrow and
        wide, tight and spread-out data.
    entropy_weight : float, default=1.0
        Weight of the mean entropy of the class distribution on the real
        rows (entropy minimisation, Grandvalet & Bengio 2005, "Semi-supervised
        learning by entropy minimization"; with a GAN: Dai et al. 2017). It
        pushes the class boundaries into low-density regions. 0 turns it off.
    prior_weight : float, default=3.0
        Weight of the KL divergence from the class proportions of the
        labeled rows (in each batch) to the mean class distribution of the
        unlabeled rows (the marginal term of regularised information
        maximisation, Krause, Perona & Gomes 2010, aimed at the labeled
        proportions as in the distribution alignment of Berthelot et al.
        2020, "ReMixMatch"). Entropy minimisation alone lets a class grow
        over its neighbours' rows; this term keeps the predicted proportions
        near the labeled ones. It assumes that the labeled rows show the
        classes in their real proportions (``num_labeled`` draws them
        stratified). The default 3 (1 before) was chosen on development
        splits: with a few labels per class, a group of rows that no labeled
        row resembles (such as the ones written with a serif) otherwise goes
        to a neighbouring class. 0 turns it off.
    neighbor_weight : float, default=0.0
        Weight of the consistency of each real row's class distribution with
        that of one of its ``n_neighbors`` nearest training rows (Euclidean,
        on the scaled rows; computed once per fit with scikit-learn's
        :class:`~sklearn.neighbors.NearestNeighbors`): the KL divergence from
        the row's distribution to its neighbour's (graph regularisation over
        a k-nearest-neighbour graph, Belkin, Niyogi & Sindhwani 2006,
        "Manifold regularization"; for deep networks Weston, Ratle &
        Collobert 2008, "Deep learning via semi-supervised embedding"). It
        brings the graph of the data, which label propagation relies on,
        into the network. On more than 10,000 rows the neighbours are
        searched within random blocks of 10,000 rows, so that the search
        grows linearly with the rows. 0 (the default) turns it off and skips
        the neighbour search. Weight 1 helped digits with 50 labels on
        development splits (96.0 -> 96.6) but not on the benchmark's
        splits (95.8 -> 95.7), so it is not on by default; see the
        :ref:`User Guide <sgan>`.
    n_neighbors : int, default=5
        Size of each row's neighbour list for ``neighbor_weight`` (fewer
        when the fit has fewer other rows). Small lists keep the pairs
        within a class: on digits, 98% of the 5 nearest rows share the
        row's class, 96% of the 10 nearest.
    interpolation_weight : float, default=0.0
        Weight of interpolation consistency on the real rows (Verma et
        al. 2019, "Interpolation consistency training for semi-supervised
        learning"): the class distribution of a mix of two rows is pulled
        towards the same mix of their distributions, with one mixing share
        per batch drawn uniformly from [0, 1]. It asks the classifier to
        change linearly between rows, so that its boundaries pass where
        rows are sparse, and costs one more pass of the discriminator over
        the real rows of each batch (a tenth to a sixth more fit time on
        digits). It is not on by default: at weight 1 it was level with the
        defaults on development splits (digits with 50 labels 96.4
        against 96.3, wine with 9 labels 97.8 both) and on the benchmark's
        splits (digits 95.9 against 95.8, breast cancer with 20 labels 94.9
        against 94.6); search it on your data (see the
        :ref:`User Guide <sgan>`). 0 turns it off.
    shift_weight : float, default=1.0
        Images (``image_shape``) only: weight of the consistency of each
        unlabeled image's class distribution with that of a randomly moved
        copy (the Π-model of Laine & Aila 2017, "Temporal ensembling for
        semi-supervised learning"; the moves are set by
        ``shift_transform``): the classes follow the shapes rather than the
        pixels they sit on. It gives fully connected networks
        (``network="mlp"``) a prior that convolutions have by construction:
        on digits as 8x8 images with 50 labels they score 97.0 with it and
        96.3 without, on real 28x28 digits with 100 labels 97.2 with it,
        against 93.6 for the tabular path. With the convolutional networks
        it is level on the 8x8 digits (97.3 against 97.0), and on the real
        digits averaged down to 14x14 it scored 97.6 against 96.0 (4
        splits). It costs two more passes of the discriminator over the
        unlabeled images of each batch (about a fifth more fit time); see
        the :ref:`User Guide <sgan>`. Ignored for tables; 0 turns it off.
    shift_transform : {"affine", "translate"}, default="affine"
        The moves of the ``shift_weight`` term. ``"affine"``: a rotation of
        up to 15 degrees, a change of size of up to 10% and a translation
        of up to ``max(1, min(height, width) // 14)`` pixels along each
        axis, drawn for each image and resampled bilinearly.
        ``"translate"``: translations by whole pixels only, as far (Laine &
        Aila's). Ignored when the term is off.
    rampup_fraction : float in [0, 1], default=0.3
        Share of the fit's epochs over which the consistency, entropy, prior,
        neighbour, interpolation and shift weights rise from near zero (``exp(-5)``
        of their value) to their full value along ``exp(-5 (1 - t)^2)``, the
        ramp-up of Laine & Aila 2017 ("Temporal ensembling for
        semi-supervised learning"): early predictions on unlabeled rows are noise, and
        making them confident and locally constant from the start locks in
        mistakes. Counted over the epochs of the history (``partial_fit``
        calls ramp up too; a continuation of a finished fit trains at the
        full weights). 0 applies the full weights from the first epoch.
    num_labeled : int or None, default=None
        If an int, keep only this many labels (stratified, at least one per
        class, drawn with ``random_state``) and treat the other rows as
        unlabeled; with no more labeled rows than that, every label is kept.
        This turns ``GridSearchCV`` over ``num_labeled`` into a label-budget
        study on fully labeled data. None keeps every label.
    validation_fraction : float in (0, 1) or None, default=None
        If a float, hold out this fraction of each class's labeled rows
        (after ``num_labeled``; every class keeps at least one training
        label), do not train on them, and record their accuracy after every
        epoch as ``valid_acc`` in ``history_`` (printed with ``verbose=1``;
        usable by skorch's ``EarlyStopping(monitor="valid_acc",
        lower_is_better=False)``).
    fake_class : {"implicit", "explicit"}, default="implicit"
        ``"implicit"``: K logits, the fake logit fixed at 0 (Salimans et al.);
        ``"explicit"``: a (K+1)-th logit for "fake" (Odena).
    generator_loss : {"feature_matching", "minimax"}, default="feature_matching"
        Feature matching (best for classification) or the non-saturating
        GAN loss (better-looking samples).
    max_epochs : int or "auto", default="auto"
        Number of passes over the training rows. ``"auto"`` sizes the
        schedule in updates rather than passes, so that small data get
        enough steps: at least 100 epochs and at least 3,000 updates
        (batches), e.g. 100 epochs for 4,000 rows, 215 for 1,347 and 1,500
        for 133 rows at the default batch size.
    batch_size : int, default=100
        Rows per batch (real, and generated); labeled rows are drawn
        ``min(batch_size, n_labeled)`` per batch, cycling over the labels.
    lr : float, default=2e-3
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
        If True and the classifier is fitted, ``fit`` continues training the
        fitted networks for ``max_epochs`` more epochs (``"auto"``: as many as
        a fit on these rows; keeping ``scaler_`` and
        ``classes_``; new labels must be among ``classes_``) instead of
        building new ones.
    random_state : int, RandomState instance or None, default=None
        Seeds the label choice and torch's generators for the fit
        (reproducible on CPU); the caller's global random state is left as it
        was.
    verbose : int, default=0
        0 prints nothing; 1 shows a progress bar over each epoch's batches
        and prints a one-line summary per epoch (losses, ``sup_acc``,
        ``valid_acc`` with ``validation_fraction``, duration).
    callbacks : list of skorch callbacks or (name, callback) tuples, default=None
        Extra callbacks of the skorch training engine (early stopping,
        checkpoints, ...). They receive the engine (``net_``) as ``net``.
        A skorch ``Checkpoint`` also saves the generator (files prefixed
        ``generator_``); with ``LoadInitState`` a new fit resumes from the
        checkpoint and runs only the epochs left of its schedule. A
        ``("lr_schedule", callback)`` tuple replaces the learning-rate
        schedule (for example skorch's ``LRScheduler``, which steps the
        discriminator's optimizer; ``("lr_schedule", None)``: constant
        rates).

    Attributes
    ----------
    classes_ : ndarray of shape (n_classes,)
        Class labels seen among the labeled rows.
    n_features_in_ : int
        Number of features seen during fit.
    feature_names_in_ : ndarray of shape (`n_features_in_`,)
        Names of the features, when ``X`` has string column names.
    n_labeled_ : int
        Number of labeled rows used for training.
    transduction_ : ndarray of shape (n_samples,)
        Label of each row of the last ``fit`` or ``partial_fit`` call, as in
        :mod:`sklearn.semi_supervised`: the label a row was trained with,
        and the predicted class (:meth:`predict`) of each row trained as
        unlabeled (marked ``-1``, dropped by ``num_labeled`` or held out by
        ``validation_fraction``).
    n_iter_ : int
        Number of epochs run.
    history_ : skorch.history.History
        One dict per epoch: ``d_loss``, ``g_loss``, ``sup_loss``,
        ``unsup_loss``, ``vat_loss``, ``entropy``, ``prior_loss`` and
        ``neighbor_loss`` (when their weights are not 0), ``sup_acc``
        (accuracy on the labeled training batches), ``valid_acc`` (with
        ``validation_fraction``) and ``dur``.
    net_ : sklgan._engine.GANNet
        The trained skorch engine; ``discriminator_`` and ``generator_`` are
        its two networks.
    scaler_ : TabularTransformer or RangeScaler
        Encodes rows for the networks (numeric columns in [-1, 1], one-hot
        blocks for categorical columns; one range for all pixels of images)
        and decodes generated rows to the training columns and dtypes.

    See Also
    --------
    ConditionalGANSampler : Class-conditional GANs (ACGAN, InfoGAN).
    sklearn.semi_supervised.LabelSpreading : Labels spread over a graph of
        the rows, the baseline of the benchmarks.
    sklearn.semi_supervised.SelfTrainingClassifier : A supervised classifier
        retrained on its own confident predictions.

    Notes
    -----
    ``-1`` always means "unlabeled": with binary labels ``{-1, 1}``, recode
    them (for example to ``{0, 1}``) before fitting.

    Pressing Ctrl-C during ``fit`` stops training and keeps the model of the
    last finished epoch, with a warning. When the losses become non-finite
    (the GAN diverged), ``fit`` raises ``FloatingPointError`` and keeps no
    model; a failed continuation leaves the previous model in place.

    Examples
    --------
    >>> from sklearn.datasets import load_digits
    >>> from sklgan import SGANClassifier
    >>> X, y = load_digits(return_X_y=True)
    >>> clf = SGANClassifier(num_labeled=100, max_epochs=5, random_state=0)
    >>> clf.fit(X, y).predict(X[:3]).shape
    (3,)
    >>> clf.sample(2, random_state=0).shape
    (2, 64)
    >>> clf.set_params(warm_start=True, max_epochs=2).fit(X, y).n_iter_  # 2 more
    7
    """

    _missing_labels_advice = (
        "SGANClassifier marks an unlabeled row with -1, as "
        "sklearn.semi_supervised does: replace them with -1 (for a pandas "
        "Series of any dtype, y.astype(object).fillna(-1)).")

    _parameter_constraints: dict = {
        **BaseGAN._parameter_constraints,
        "num_labeled": [Interval(numbers.Integral, 1, None, closed="left"), None],
        "validation_fraction": [Interval(numbers.Real, 0, 1, closed="neither"), None],
        "dequantize": ["boolean"],
        "noise_std": [Interval(numbers.Real, 0, None, closed="left"),
                      StrOptions({"auto"})],
        "consistency_weight": [Interval(numbers.Real, 0, None, closed="left")],
        "consistency_eps": [Interval(numbers.Real, 0, None, closed="neither")],
        "entropy_weight": [Interval(numbers.Real, 0, None, closed="left")],
        "prior_weight": [Interval(numbers.Real, 0, None, closed="left")],
        "neighbor_weight": [Interval(numbers.Real, 0, None, closed="left")],
        "n_neighbors": [Interval(numbers.Integral, 1, None, closed="left")],
        "interpolation_weight": [Interval(numbers.Real, 0, None, closed="left")],
        "shift_weight": [Interval(numbers.Real, 0, None, closed="left")],
        "shift_transform": [StrOptions(set(SHIFT_TRANSFORMS))],
        "rampup_fraction": [Interval(numbers.Real, 0, 1, closed="both")],
        "max_epochs": [Interval(numbers.Integral, 1, None, closed="left"),
                       StrOptions({"auto"})],
        "fake_class": [StrOptions({"implicit", "explicit"})],
        "generator_loss": [StrOptions({"feature_matching", "minimax"})],
    }

    def __init__(self, image_shape=None, network="auto",
                 categorical_features="from_dtype",
                 numeric_transform="range", latent_dim=100, hidden_layer_sizes=None,
                 dropout=0.0, noise_std="auto", hidden_noise_std=0.5, dequantize=True,
                 consistency_weight=1.0, consistency_eps=0.2, entropy_weight=1.0,
                 prior_weight=3.0, neighbor_weight=0.0, n_neighbors=5,
                 interpolation_weight=0.0, shift_weight=1.0, shift_transform="affine",
                 rampup_fraction=0.3,
                 num_labeled=None,
                 validation_fraction=None, fake_class="implicit",
                 generator_loss="feature_matching", max_epochs="auto", batch_size=100,
                 lr=2e-3, lr_generator=None, device="auto", n_jobs=None,
                 precision="float32", compile=False, accelerator=None,
                 warm_start=False, random_state=None, verbose=0, callbacks=None):
        self.image_shape = image_shape
        self.network = network
        self.categorical_features = categorical_features
        self.numeric_transform = numeric_transform
        self.latent_dim = latent_dim
        self.hidden_layer_sizes = hidden_layer_sizes
        self.dropout = dropout
        self.noise_std = noise_std
        self.hidden_noise_std = hidden_noise_std
        self.dequantize = dequantize
        self.consistency_weight = consistency_weight
        self.consistency_eps = consistency_eps
        self.entropy_weight = entropy_weight
        self.prior_weight = prior_weight
        self.neighbor_weight = neighbor_weight
        self.n_neighbors = n_neighbors
        self.interpolation_weight = interpolation_weight
        self.shift_weight = shift_weight
        self.shift_transform = shift_transform
        self.rampup_fraction = rampup_fraction
        self.num_labeled = num_labeled
        self.validation_fraction = validation_fraction
        self.fake_class = fake_class
        self.generator_loss = generator_loss
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

    #: The networks of Salimans et al. (2016) for MNIST's 784 pixels: the
    #: default for inputs wider than the default first layer. Their
    #: generator has two layers of 500, not of the discriminator's 1000.
    _wide_hidden_layer_sizes = (1000, 500, 250, 250, 250)
    _wide_generator_sizes = (500, 500)

    def _default_hidden(self, n_features):
        """``(500, 250, 250)`` beside a generator of two layers of 500, or
        for more than 500 input values (wider than that first layer, such as
        flattened 28x28 images) the published MNIST networks: the
        discriminator ``(1000, 500, 250, 250, 250)`` beside a generator of
        two layers of 500 (about a sixth less time per fit on 784 pixels
        than two of 1000)."""
        if n_features > self._default_hidden_layer_sizes[0]:
            return self._wide_hidden_layer_sizes, self._wide_generator_sizes
        return super()._default_hidden(n_features)

    def _input_noise_std(self, scaler):
        """``noise_std``, with ``"auto"`` resolved for rows encoded by
        ``scaler``: ``AUTO_NOISE_STD_CATEGORICAL`` for a table with
        categorical columns, else ``AUTO_NOISE_STD``."""
        if self.noise_std != "auto":
            return self.noise_std
        if _categorical_sizes(scaler):
            return AUTO_NOISE_STD_CATEGORICAL
        return AUTO_NOISE_STD

    def _encode_targets(self, y, classes=None):
        """Targets as ints (-1 unlabeled) and the classes, after the checks.

        ``classes`` (a continuation, or ``partial_fit``'s argument) fixes the
        classes: the labels must be among them and a batch may be unlabeled.
        """
        y = column_or_1d(y, warn=True)
        mask = labeled_mask(y)
        if classes is None and not mask.any():
            raise ValueError(
                "y has no labeled row: every entry is -1 (unlabeled). "
                "SGANClassifier needs labeled rows of at least two classes."
            )
        y_labeled = y[mask]
        if len(y_labeled):
            check_label_types(y_labeled)
            check_classification_targets(y_labeled)
        derived = classes is None
        if derived:
            classes = np.unique(y_labeled)
        if len(classes) < 2:
            raise ValueError(
                "SGANClassifier needs at least two classes among the labeled "
                f"rows; got {len(classes)}: {classes.tolist()!r}."
            )
        encoded = encode_labels(y_labeled, classes)
        counts = np.bincount(encoded, minlength=len(classes))
        if derived and counts.min() == 1:
            single = classes[counts == 1]
            warnings.warn(
                f"Classes {single.tolist()!r} have a single labeled row; the "
                "classifier can only learn them from that one example.",
                UserWarning,
            )
        y_int = np.full(len(y), -1, dtype=np.int64)
        y_int[mask] = encoded
        return y_int, classes

    @training_method
    def fit(self, X, y):
        """Fit the classifier on labeled and unlabeled rows.

        With ``warm_start=True`` and a fitted classifier, continue training
        the fitted networks for as many epochs as a fit runs instead.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
            Training rows (flattened images when ``image_shape`` is set).
        y : array-like of shape (n_samples,)
            Labels; ``-1`` marks unlabeled rows. Ints or strings (with
            strings, ``-1`` or ``"-1"``).

        Returns
        -------
        self : SGANClassifier
            The fitted classifier.
        """
        return self._fit(X, y, partial=False)

    @training_method
    def partial_fit(self, X, y, classes=None):
        """Train for one epoch over ``X``, continuing the fitted networks.

        The first call builds the networks and fits ``scaler_`` on its ``X``;
        later calls keep both (and ``classes_``) and train one more epoch each.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
            Training rows.
        y : array-like of shape (n_samples,)
            Labels; ``-1`` marks unlabeled rows. After the first call a batch
            may be entirely unlabeled.
        classes : array-like of shape (n_classes,), default=None
            All the classes, for the first call when its ``y`` does not show
            them all; ignored later. None: the labels of the first call.

        Returns
        -------
        self : SGANClassifier
            The classifier.
        """
        return self._fit(X, y, partial=True, classes=classes)

    def _fit(self, X, y, partial, classes=None):
        continues = self._continues(partial)
        raw = X
        X, y = self._validate_X(X, y, ensure_min_samples=1 if continues else 2,
                                reset=not continues)
        self._check_structure(X.shape[1])
        if continues:
            classes = self.classes_
        elif classes is not None:
            classes = np.unique(column_or_1d(classes)[labeled_mask(classes)])
        y_int, classes = self._encode_targets(y, classes)
        torch_seed, data_seed = self._fit_seeds(continues)
        rng = np.random.RandomState(data_seed)  # label choice, then hold-out
        if self.num_labeled is not None:
            index = np.flatnonzero(y_int >= 0)
            if self.num_labeled < len(index):
                keep = _choose_labeled(y_int[index], index, self.num_labeled, rng)
                drop = np.setdiff1d(index, keep)
                y_int[drop] = -1

        scaler, X_scaled = self._fit_scaler(X, continues, raw=raw, seed=data_seed)
        X_fit, y_fit = X_scaled, y_int  # every row, for transduction_
        valid = None
        if self.validation_fraction is not None:
            held = _hold_out(y_int, self.validation_fraction, rng)
            valid = (X_scaled[held], y_int[held])
            train = np.ones(len(y_int), dtype=bool)
            train[held] = False
            X_scaled, y_int = X_scaled[train], y_int[train]
            y_fit = np.where(train, y_fit, -1)
        objective_params = {"fake_class": self.fake_class,
                            "generator_loss": self.generator_loss,
                            "consistency_weight": self.consistency_weight,
                            "consistency_eps": self.consistency_eps,
                            "entropy_weight": self.entropy_weight,
                            "prior_weight": self.prior_weight,
                            "neighbor_weight": self.neighbor_weight,
                            "interpolation_weight": self.interpolation_weight,
                            "shift_weight": self.shift_weight,
                            "shift_transform": self.shift_transform,
                            "image_shape": self.image_shape,
                            "dequantization_widths": (
                                dequantization_widths(scaler) if self.dequantize
                                else None)}
        n_logits = SGANObjective(**objective_params).n_logits(len(classes))
        self._fit_engine(X_scaled, y_int, SGANObjective, objective_params,
                         self._network_params(
                             X_scaled.shape[1], n_logits,
                             scaler=scaler), torch_seed,
                         partial=partial, valid=valid,
                         neighbors=self._neighbors(X_scaled, data_seed))
        self.scaler_ = scaler
        self.classes_ = classes
        self.n_labeled_ = int((y_int >= 0).sum())
        self.transduction_ = self._transduction(X_fit, y_fit)
        return self

    def _transduction(self, X_scaled, y_int):
        """Labels of the scaled rows ``X_scaled``: the trained-with label
        ``y_int`` where there is one (not -1), else the predicted class,
        classified one block of rows at a time (as ``predict`` does), so
        that no probabilities of all the rows are held."""
        if (y_int >= 0).all():
            return self.classes_[y_int]
        predicted = np.empty(len(X_scaled), dtype=np.intp)
        with torch_threads(self.n_jobs):
            size = _block_rows(X_scaled.shape[1])
            for start in range(0, len(X_scaled), size):
                block = X_scaled[start:start + size]
                predicted[start:start + len(block)] = self._proba_scaled(block).argmax(1)
        return self.classes_[np.where(y_int >= 0, y_int, predicted)]

    def _neighbors(self, X_scaled, seed=0):
        """Each training row's ``n_neighbors`` nearest other rows (None when
        ``neighbor_weight`` is 0 or there is no other row); see
        :func:`neighbor_graph`."""
        if not self.neighbor_weight:
            return None
        return neighbor_graph(X_scaled, self.n_neighbors, seed)

    def _engine_callbacks(self):
        return [("rampup", RampUp(fraction=self.rampup_fraction))]

    def predict_proba(self, X):
        """Class probabilities (given the row is real).

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
            Rows to classify.

        Returns
        -------
        proba : ndarray of shape (n_samples, n_classes)
            Probabilities in the order of ``classes_``; each row sums to 1.
        """
        proba = self._map_rows(X, self._proba_scaled)
        proba /= proba.sum(axis=1, keepdims=True)
        return proba

    def _proba_scaled(self, X_scaled):
        logits = self.net_.discriminate(X_scaled)
        return self.net_.criterion_.predict_proba(logits).double().numpy()

    def predict_log_proba(self, X):
        """Logarithm of the class probabilities (given the row is real).

        Computed from the discriminator's class logits (a log-softmax in
        float64), so that it stays finite and exact where
        :meth:`predict_proba` rounds a probability to 0.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
            Rows to classify.

        Returns
        -------
        log_proba : ndarray of shape (n_samples, n_classes)
            Log-probabilities in the order of ``classes_``.
        """
        return self._map_rows(X, self._log_proba_scaled)

    def _log_proba_scaled(self, X_scaled):
        logits = self.net_.discriminate(X_scaled)
        return self.net_.criterion_.predict_log_proba(logits).numpy()

    def predict(self, X):
        """Most probable class of each row.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
            Rows to classify.

        Returns
        -------
        y : ndarray of shape (n_samples,)
            Predicted labels (values of ``classes_``).
        """
        check_is_fitted(self, "net_")
        return self.classes_[np.argmax(self.predict_proba(X), axis=1)]

    def score(self, X, y, sample_weight=None):
        """Accuracy on the labeled rows (``y != -1``) of ``X``.

        Rows marked unlabeled are ignored, so cross-validation folds that
        hold unlabeled rows score correctly.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
            Test rows.
        y : array-like of shape (n_samples,)
            True labels; ``-1`` rows are skipped.
        sample_weight : array-like of shape (n_samples,), default=None
            Weights of the rows.

        Returns
        -------
        score : float
            Mean accuracy over the labeled rows.
        """
        _check_no_missing_labels(y, self._missing_labels_advice)
        y = column_or_1d(y)
        check_consistent_length(X, y, sample_weight)
        mask, sample_weight = labeled_rows(y, sample_weight, "score")
        X = _safe_indexing(X, mask)  # arrays, DataFrames and lists alike
        return accuracy_score(y[mask], self.predict(X), sample_weight=sample_weight)

    def sample(self, n_samples=1, random_state=None):
        """Draw rows from the generator.

        Parameters
        ----------
        n_samples : int, default=1
            Number of rows.
        random_state : int, RandomState instance or None, default=None
            Seeds the noise (same seed, same rows).

        Returns
        -------
        X : ndarray or DataFrame of shape (n_samples, n_features)
            Generated rows in the units (and columns) of the training ``X``.
        """
        return self._output(self._generate_scaled(n_samples, random_state))
