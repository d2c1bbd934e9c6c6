"""Loss functions over logits, and the SGAN objective built from them.

The functions are pure: tensors in, scalar tensor out. The objective classes
(:class:`SGANObjective`, :class:`ConditionalObjective`) are the skorch
``criterion`` of the training engine:
they hold the few choices of a method (fake-class head, generator loss) and
say how a discriminator step and a generator step turn a batch into losses.
"""

import torch
import torch.nn.functional as F
from torch import nn

__all__ = [
    "ConditionalObjective",
    "SGANObjective",
    "class_logits",
    "conditional_entropy",
    "feature_matching_loss",
    "interpolation_consistency_loss",
    "masked_cross_entropy",
    "neighbor_consistency_loss",
    "nonsaturating_generator_loss",
    "prior_divergence",
    "random_affine",
    "random_shift",
    "real_fake_logit",
    "real_fake_loss",
    "shift_consistency_loss",
    "virtual_adversarial_loss",
]


def real_fake_logit(logits, fake_class="implicit"):
    """Logit of "real" (vs generated) from the K (or K+1) class logits.

    With the implicit head (Salimans et al. 2016) the fake logit is fixed at
    zero, so ``D(x) = Z / (Z + 1)`` with ``Z = sum_k exp(l_k)`` and the
    real-vs-fake logit is ``logsumexp(l)``. With the explicit head the last
    logit is the fake class, and the real-vs-fake logit is
    ``logsumexp(l[:K]) - l[K]``. ``logsumexp`` keeps both finite for any
    logits.
    """
    if fake_class == "explicit":
        return torch.logsumexp(logits[:, :-1], dim=1) - logits[:, -1]
    return torch.logsumexp(logits, dim=1)


def class_logits(logits, fake_class="implicit"):
    """The K real-class logits (drops the fake logit of an explicit head)."""
    return logits[:, :-1] if fake_class == "explicit" else logits


def masked_cross_entropy(logits, target, mask=None):
    """Mean cross-entropy over the rows where ``mask`` is true.

    Returns an exact zero (that still carries a gradient graph) when no row
    is selected, instead of the NaN of an empty mean.
    """
    if mask is None:
        return F.cross_entropy(logits, target)
    losses = F.cross_entropy(logits, target.clamp(min=0), reduction="none")
    mask = mask.to(losses.dtype)
    return (losses * mask).sum() / mask.sum().clamp(min=1.0)


def real_fake_loss(real_logit, fake_logit):
    """Discriminator's binary cross-entropy: real rows -> 1, generated -> 0."""
    return F.softplus(-real_logit).mean() + F.softplus(fake_logit).mean()


def nonsaturating_generator_loss(fake_logit):
    """The generator's classic (non-saturating) loss ``-log D(G(z))``."""
    return F.softplus(-fake_logit).mean()


def feature_matching_loss(real_features, fake_features):
    """Squared distance between the mean features of real and generated rows."""
    return (real_features.mean(dim=0) - fake_features.mean(dim=0)).pow(2).mean()


def conditional_entropy(logits):
    """Mean entropy of the class distributions ``softmax(logits)``.

    Minimising it on unlabeled rows (entropy minimisation, Grandvalet &
    Bengio 2005) pushes the decision boundary away from dense regions of
    the data.
    """
    log_p = F.log_softmax(logits, dim=1)
    return -(log_p.exp() * log_p).sum(dim=1).mean()


def prior_divergence(logits, prior):
    """KL divergence from the class proportions ``prior`` to the mean class
    distribution of the rows: ``sum_k prior_k log(prior_k / mean_rows p_k)``.

    Zero when the rows are predicted, on average, in the proportions of
    ``prior``. Added to entropy minimisation on unlabeled rows it keeps the
    classifier from growing some classes at the expense of others (the
    marginal term of regularised information maximisation, Krause, Perona &
    Gomes 2010, aimed at the labeled rows' proportions instead of uniform
    ones, as the distribution alignment of Berthelot et al. 2020,
    "ReMixMatch"). Classes with ``prior_k = 0`` add nothing.
    """
    mean = F.softmax(logits.float(), dim=1).mean(dim=0)
    prior = prior.to(mean.dtype)
    ratio = torch.log(prior.clamp(min=1e-12)) - torch.log(mean.clamp(min=1e-12))
    return (prior * ratio).sum()


def neighbor_consistency_loss(logits, logits_neighbor):
    """KL divergence from each row's class distribution to that of one of
    its nearest neighbours among the training rows.

    ``KL(softmax(logits) || softmax(logits_neighbor))``, averaged over the
    rows, with the row's own distribution as a fixed target (no gradient),
    so the neighbour is pulled towards the row's class. Minimised over the
    pairs of a k-nearest-neighbour graph of the training rows it makes the
    classifier smooth along the data manifold: graph regularisation of
    manifold regularisation (Belkin, Niyogi & Sindhwani 2006, "Manifold
    regularization: a geometric framework for learning from labeled and
    unlabeled examples"), applied to a deep network's outputs over
    neighbour pairs as in Weston, Ratle & Collobert 2008 ("Deep learning via
    semi-supervised embedding"). It carries what label propagation uses,
    the graph of the data, into the network; virtual adversarial training
    only smooths it within a small ball around each row.
    """
    return _kl_to_target(_fixed_target(logits), logits_neighbor)


def _fixed_target(logits):
    """Class distribution of ``logits`` as a target: float32, no gradient."""
    return F.softmax(logits.detach().float(), dim=1)


def _kl_to_target(target, logits):
    """Mean over the rows of ``KL(target || softmax(logits))``, the
    divergence the consistency terms minimise."""
    return F.kl_div(F.log_softmax(logits.float(), dim=1), target,
                    reduction="batchmean")


def batch_spread(x):
    """The spread of a batch of rows: the root sum of its per-value
    variances (the L2 norm of the per-value standard deviations), the unit
    in which the virtual adversarial perturbation is sized."""
    return x.detach().flatten(1).var(dim=0, unbiased=False).sum().sqrt()


def information_maximization_loss(logits, balance=1.0):
    """Negative mutual information between rows and their categories.

    ``mean_rows H(p(c|x)) - balance * H(mean_rows p(c|x))``: low when every
    row is confidently in one category (small conditional entropy) and the
    categories are used evenly (large marginal entropy). The objective of
    regularised information maximisation (Krause, Perona & Gomes 2010,
    "Discriminative clustering by regularized information maximization")
    and of IMSAT (Hu et al. 2017, "Learning discrete representations via
    information maximizing self-augmented training").
    """
    conditional = conditional_entropy(logits.float())
    marginal = torch.softmax(logits.float(), dim=1).mean(0)
    marginal_entropy = -(marginal * torch.log(marginal.clamp(min=1e-12))).sum()
    return conditional - balance * marginal_entropy


def virtual_adversarial_loss(classify, x, logits, eps, xi=1e-1):
    """Virtual adversarial loss (Miyato et al. 2018, "Virtual adversarial
    training: a regularization method for supervised and semi-supervised
    learning", IEEE TPAMI).

    The KL divergence between the class distribution of each row ``x`` and
    that of ``x + r``, where ``r`` of norm ``eps`` is the direction that
    changes the distribution most, found by one power iteration from a
    random direction of norm ``xi``. The distribution of ``x`` (from
    ``logits``) is a fixed target; the gradient flows through the
    perturbed pass only.

    Parameters
    ----------
    classify : callable
        Maps a batch of rows to class logits.
    x : Tensor of shape (n, n_values)
        The rows (flat, as every network of the package takes them).
    logits : Tensor of shape (n, n_classes)
        Class logits of ``x`` (detached here).
    eps : float
        L2 norm of the adversarial perturbation of each row.
    xi : float, default=1e-1
        L2 norm of the probing perturbation of the power iteration.

    Returns
    -------
    loss : scalar Tensor
        Mean KL divergence over the rows.
    """
    target = _fixed_target(logits)
    d = (xi * F.normalize(torch.randn_like(x), dim=1)).requires_grad_()
    probe = _kl_to_target(target, classify(x + d))
    (grad,) = torch.autograd.grad(probe, d)
    r = eps * F.normalize(grad.detach(), dim=1)
    return _kl_to_target(target, classify(x + r))


def interpolation_consistency_loss(classify, x, logits):
    """Interpolation consistency loss (Verma et al. 2019, "Interpolation
    consistency training for semi-supervised learning", IJCAI).

    Each row ``x_i`` is mixed with another row of the batch,
    ``lam * x_i + (1 - lam) * x_j``, with one ``lam`` drawn uniformly from
    [0, 1] for the batch (the paper's ``Beta(1, 1)``) and ``j`` a random
    permutation of the rows; the class distribution of the mix is pulled
    towards the same mix of the two rows' distributions. The distributions
    of ``x`` (from ``logits``) are fixed targets, as the teacher's in the
    paper; the gradient flows through the mixed pass only. It asks the
    classifier to change linearly between rows, so that its boundaries
    pass where the rows are sparse, a perturbation that needs no notion
    of distance. Written here because torchvision's ``MixUp`` mixes
    images and one-hot labels, not rows and a model's own distributions.

    Parameters
    ----------
    classify : callable
        Maps a batch of rows to class logits.
    x : Tensor of shape (n, n_values)
        The real rows of a batch (labeled or not), flat; with one row, it
        is mixed with itself and the loss is that of the row alone.
    logits : Tensor of shape (n, n_classes)
        Their class logits, the teacher's distributions (detached here).

    Returns
    -------
    loss : scalar Tensor
        Mean over the rows of the squared distance between the two class
        distributions (the paper's mean squared error, summed over classes).
    """
    target = _fixed_target(logits)
    lam = torch.rand((), device=x.device)
    perm = torch.randperm(len(x), device=x.device)
    mixed = lam * x + (1 - lam) * x[perm]
    target = lam * target + (1 - lam) * target[perm]
    proba = F.softmax(classify(mixed).float(), dim=1)
    return (proba - target).pow(2).sum(dim=1).mean()


def random_shift(x, image_shape, max_shift, fill=-1.0):
    """Each image of a flat batch moved by its own random whole-pixel offset.

    Every image is padded by ``max_shift`` pixels of value ``fill`` on each
    side and cropped back to its size at an offset drawn uniformly from
    ``-max_shift`` to ``max_shift`` in each direction (the random
    translation of Laine & Aila 2017, "Temporal ensembling for
    semi-supervised learning", and of torchvision's
    ``RandomCrop(padding=...)``, whose default fill is black). Hand-written
    because torchvision's transforms draw one offset per call, so a whole
    batch would move together, while a consistency term needs one offset
    per image; ``grid_sample`` would interpolate where a copy is exact.

    Parameters
    ----------
    x : Tensor of shape (n, channels * height * width)
        Flat images.
    image_shape : tuple of int (channels, height, width)
        Shape of each image.
    max_shift : int
        Largest move, in pixels, along each axis.
    fill : float, default=-1.0
        Value of the uncovered pixels: the low end of the scaled range, where
        one range for all pixels puts the data's darkest value.

    Returns
    -------
    shifted : Tensor of the shape of ``x``
    """
    n = len(x)
    channels, height, width = image_shape
    padded = F.pad(x.view(n, channels, height, width), (max_shift,) * 4, value=fill)
    dx = torch.randint(0, 2 * max_shift + 1, (n,), device=x.device)
    dy = torch.randint(0, 2 * max_shift + 1, (n,), device=x.device)
    rows = (dy[:, None] + torch.arange(height, device=x.device))[:, None, :, None]
    cols = (dx[:, None] + torch.arange(width, device=x.device))[:, None, None, :]
    images = torch.arange(n, device=x.device)[:, None, None, None]
    planes = torch.arange(channels, device=x.device)[None, :, None, None]
    return padded[images, planes, rows, cols].reshape(n, -1)


#: ``random_affine``: the largest rotation (degrees) and relative change of
#: size of a moved copy.
AFFINE_ROTATION = 15.0
AFFINE_SCALE = 0.1


def random_affine(x, image_shape, max_shift, max_rotation=AFFINE_ROTATION,
                  max_scale=AFFINE_SCALE, fill=-1.0):
    """Each image of a flat batch moved by its own small random affine map.

    Every image is rotated by an angle drawn uniformly from
    ``-max_rotation`` to ``max_rotation`` degrees, scaled by a factor from
    ``1 - max_scale`` to ``1 + max_scale`` and translated by up to
    ``max_shift`` pixels along each axis (not only whole pixels), about its
    centre, and resampled bilinearly; the pixels that come from outside the
    image take the value ``fill``. These are the class-preserving moves of
    handwritten-digit augmentation (small rotations, scalings and
    translations, as in Simard, Steinkraus & Platt 2003, "Best practices for
    convolutional neural networks applied to visual document analysis", and
    the affine moves of the invariant information clustering of Ji,
    Henriques & Vedaldi 2019). Built on ``torch.nn.functional.affine_grid``
    and ``grid_sample`` because torchvision's ``RandomAffine`` draws one
    map per call, so that a whole batch would move together, while a
    consistency term needs one map per image.

    Parameters
    ----------
    x : Tensor of shape (n, channels * height * width)
        Flat images.
    image_shape : tuple of int (channels, height, width)
        Shape of each image.
    max_shift : float
        Largest translation, in pixels, along each axis.
    max_rotation : float, default=15.0
        Largest rotation, in degrees.
    max_scale : float, default=0.1
        Largest relative change of size.
    fill : float, default=-1.0
        Value of the uncovered pixels: the low end of the scaled range.

    Returns
    -------
    moved : Tensor of the shape of ``x``
    """
    n = len(x)
    channels, height, width = image_shape

    def uniform(bound):
        return (torch.rand(n, device=x.device, dtype=x.dtype) * 2 - 1) * bound

    angle = uniform(max_rotation * torch.pi / 180)
    # the grid maps output coordinates to input ones: the inverse of a
    # scaling by `size`, in coordinates from -1 to 1 along each axis
    size = 1 + uniform(max_scale)
    cos, sin = torch.cos(angle) / size, torch.sin(angle) / size
    tx, ty = uniform(2 * max_shift / width), uniform(2 * max_shift / height)
    theta = torch.stack([torch.stack([cos, -sin, tx], dim=1),
                         torch.stack([sin, cos, ty], dim=1)], dim=1)
    shape = (n, channels, height, width)
    grid = F.affine_grid(theta, shape, align_corners=False)
    # the zero padding of grid_sample, moved to `fill`
    moved = F.grid_sample(x.view(shape) - fill, grid, mode="bilinear",
                          padding_mode="zeros", align_corners=False)
    return (moved + fill).reshape(n, -1)


#: The moves of the shift-consistency term, by ``shift_transform``.
_MOVES = {"affine": random_affine, "translate": random_shift}
SHIFT_TRANSFORMS = tuple(_MOVES)


def shift_size(image_shape):
    """Largest translation of a moved copy, in pixels along each axis:
    ``max(1, min(height, width) // 14)``, the 2 pixels of Laine & Aila 2017
    on 32x32 images, at least one.

    Examples
    --------
    >>> from sklgan._losses import shift_size
    >>> shift_size((1, 8, 8)), shift_size((1, 28, 28)), shift_size((3, 32, 32))
    (1, 2, 2)
    """
    return max(1, min(image_shape[1:]) // 14)


def shift_consistency_loss(classify, x, image_shape, transform="affine"):
    """Divergence from the class distribution of each image of ``x`` to
    that of a moved copy.

    The Π-model of Laine & Aila 2017 ("Temporal ensembling for
    semi-supervised learning") with random moves of the images: an image
    and its moved copy should get the same class, so the classes follow the
    shapes rather than the pixels they sit on, a prior that fully connected
    networks do not have. The target is each image's own distribution, from
    a separate pass without gradient. The largest translation is
    :func:`shift_size` pixels along each axis.

    Parameters
    ----------
    classify : callable
        Maps a batch of flat images to logits (training noise on).
    x : Tensor of shape (n, channels * height * width)
        Flat images, scaled to [-1, 1] with one range for all pixels (the
        uncovered pixels of a moved copy take the darkest value, -1).
    image_shape : tuple of int (channels, height, width)
        Shape of each image.
    transform : {"affine", "translate"}, default="affine"
        The moves: small random rotations, scalings and translations
        (:func:`random_affine`), or whole-pixel translations only, Laine &
        Aila's (:func:`random_shift`).

    Returns
    -------
    loss : scalar Tensor
    """
    if transform not in _MOVES:
        raise ValueError(f"transform must be one of {SHIFT_TRANSFORMS}; "
                         f"got {transform!r}.")
    with torch.no_grad():
        target = _fixed_target(classify(x))
    moved = _MOVES[transform](x, image_shape, shift_size(image_shape))
    return _kl_to_target(target, classify(moved))


class SGANObjective(nn.Module):
    """The semi-supervised GAN objective (the engine's skorch criterion).

    Discriminator loss: cross-entropy of the labeled rows over the classes
    plus the real-vs-fake loss of unlabeled real rows and generated rows,
    plus, on the real rows, ``consistency_weight`` times the virtual
    adversarial loss of the class distribution (:func:`virtual_adversarial_loss`)
    and ``entropy_weight`` times its conditional entropy
    (:func:`conditional_entropy`), ``prior_weight`` times the divergence
    of its mean from the labeled class proportions (:func:`prior_divergence`),
    ``neighbor_weight`` times its divergence from that of a nearest
    neighbour (:func:`neighbor_consistency_loss`) and
    ``interpolation_weight`` times the interpolation consistency loss
    (:func:`interpolation_consistency_loss`) and, for images,
    ``shift_weight`` times the consistency under random moves
    (:func:`shift_consistency_loss`). Generator loss: feature
    matching on the discriminator's last hidden layer, or the non-saturating
    minimax loss.

    Parameters
    ----------
    fake_class : {"implicit", "explicit"}
        How the discriminator represents the fake class.
    generator_loss : {"feature_matching", "minimax"}
        The generator's objective.
    unsupervised_weight : float
        Weight of the real-vs-fake term in the discriminator loss.
    consistency_weight : float
        Weight of the virtual adversarial (consistency) term (0: none).
    consistency_eps : float
        Size of the adversarial perturbation relative to the spread of the
        rows: its L2 norm is ``consistency_eps`` times the L2 norm of the
        batch's per-value standard deviations, so that one setting suits
        rows of any width and spread.
    entropy_weight : float
        Weight of the conditional-entropy term (0: none).
    prior_weight : float
        Weight of the divergence of the unlabeled rows' mean class
        distribution from the class proportions of the batch's labeled rows
        (:func:`prior_divergence`; 0: none).
    neighbor_weight : float
        Weight of the consistency of the real rows' class distributions with
        those of their nearest neighbours (:func:`neighbor_consistency_loss`;
        0: none). Needs batches that carry neighbours (``Batch.x_neighbor``);
        without them the term is left out.
    interpolation_weight : float
        Weight of the interpolation consistency of the real rows' class
        distributions (:func:`interpolation_consistency_loss`; 0:
        none).
    shift_weight : float
        Weight of the consistency of the unlabeled images' class
        distributions under random moves (:func:`shift_consistency_loss`;
        0: none). Needs ``image_shape``; without it the term is left out.
    image_shape : tuple of int (channels, height, width) or None
        Shape of the images that the rows flatten (None: tables).
    dequantization_widths : sequence of float or None
        Width of the uniform noise added to each column of every row the
        discriminator reads, real or generated (0 for continuous columns;
        see ``sklgan._sgan.dequantization_widths``). None: no noise.
    shift_transform : {"affine", "translate"}
        The moves of the shift term (see :func:`shift_consistency_loss`).

    Attributes
    ----------
    ramp : float
        Factor of the consistency, entropy, prior, neighbour, interpolation
        and shift weights (1 unless a schedule such as
        :class:`~sklgan._callbacks.RampUp` sets it).
    """

    def __init__(self, fake_class="implicit", generator_loss="feature_matching",
                 unsupervised_weight=1.0, consistency_weight=0.0,
                 consistency_eps=0.2, entropy_weight=0.0, prior_weight=0.0,
                 neighbor_weight=0.0, interpolation_weight=0.0,
                 shift_weight=0.0, image_shape=None, dequantization_widths=None,
                 shift_transform="affine"):
        super().__init__()
        self.shift_weight = shift_weight
        self.shift_transform = shift_transform
        self.image_shape = None if image_shape is None else tuple(image_shape)
        self.dequantization_widths = dequantization_widths
        self._widths = None  # dequantization_widths as a tensor, built once
        self.fake_class = fake_class
        self.generator_loss = generator_loss
        self.unsupervised_weight = unsupervised_weight
        self.consistency_weight = consistency_weight
        self.consistency_eps = consistency_eps
        self.entropy_weight = entropy_weight
        self.prior_weight = prior_weight
        self.neighbor_weight = neighbor_weight
        self.interpolation_weight = interpolation_weight
        self.ramp = 1.0

    def n_logits(self, n_classes):
        """Number of discriminator logits for ``n_classes`` real classes."""
        return n_classes + (self.fake_class == "explicit")

    def predict_proba(self, logits):
        """Class probabilities given the row is real."""
        return torch.softmax(class_logits(logits, self.fake_class), dim=1)

    def predict_log_proba(self, logits):
        """Log class probabilities given the row is real, in float64 (exact
        where :meth:`predict_proba` rounds a probability to 0)."""
        return torch.log_softmax(class_logits(logits, self.fake_class).double(), dim=1)

    def sample_inputs(self, generator, n, device):
        """Inputs of the generator for ``n`` rows (noise only for SGAN)."""
        return (torch.randn(n, generator.latent_dim, device=device),)

    def _dequantize(self, x):
        """``x`` with uniform noise of ``dequantization_widths`` on its
        discrete columns (unchanged when there are none)."""
        if self.dequantization_widths is None or not len(x):
            return x
        widths = self._widths
        if widths is None or widths.device != x.device or widths.dtype != x.dtype:
            # once per fit, not on every pass (up to five passes a step)
            widths = self._widths = torch.as_tensor(
                self.dequantization_widths, dtype=x.dtype, device=x.device)
        return x + (torch.rand_like(x) - 0.5) * widths

    def d_loss(self, discriminator, batch, fake, inputs=None):
        if self.dequantization_widths is not None:
            batch = batch._replace(
                x=self._dequantize(batch.x),
                x_labeled=self._dequantize(batch.x_labeled),
                x_neighbor=(None if batch.x_neighbor is None
                            else self._dequantize(batch.x_neighbor)))
            fake = self._dequantize(fake)
        # one forward pass over labeled, unlabeled, neighbouring and
        # generated rows
        n_lab, n_unl = len(batch.x_labeled), len(batch.x)
        neighbors = (batch.x_neighbor if self.neighbor_weight
                     and batch.x_neighbor is not None else batch.x[:0])
        logits, features, _ = discriminator(
            torch.cat([batch.x_labeled, batch.x, neighbors, fake]), return_all=True)
        logits_lab, logits_unl, logits_nbr, logits_fake = logits.split(
            [n_lab, n_unl, len(neighbors), len(fake)])
        features_unl = features[n_lab:n_lab + n_unl]
        unsup = real_fake_loss(real_fake_logit(logits_unl, self.fake_class),
                               real_fake_logit(logits_fake, self.fake_class))
        stats = {"unsup_loss": unsup.detach()}
        loss = self.unsupervised_weight * unsup
        class_unl = class_logits(logits_unl, self.fake_class)

        def classify(x):  # the extra passes of the consistency terms
            return class_logits(discriminator(x), self.fake_class)

        if self.entropy_weight:
            entropy = conditional_entropy(class_unl)
            loss = loss + self.ramp * self.entropy_weight * entropy
            stats["entropy"] = entropy.detach()
        if self.consistency_weight:
            # eps relative to the spread of the rows: the root mean square of
            # the batch's per-value standard deviations, times sqrt(n_values)
            eps = self.consistency_eps * batch_spread(batch.x)
            vat = virtual_adversarial_loss(classify, batch.x, class_unl, eps)
            loss = loss + self.ramp * self.consistency_weight * vat
            stats["vat_loss"] = vat.detach()
        if len(neighbors):
            smooth = neighbor_consistency_loss(
                class_unl, class_logits(logits_nbr, self.fake_class))
            loss = loss + self.ramp * self.neighbor_weight * smooth
            stats["neighbor_loss"] = smooth.detach()
        if self.interpolation_weight and n_unl > 1:
            ict = interpolation_consistency_loss(classify, batch.x, class_unl)
            loss = loss + self.ramp * self.interpolation_weight * ict
            stats["interpolation_loss"] = ict.detach()
        if self.shift_weight and self.image_shape and n_unl:
            shift = shift_consistency_loss(classify, batch.x, self.image_shape,
                                           self.shift_transform)
            loss = loss + self.ramp * self.shift_weight * shift
            stats["shift_loss"] = shift.detach()
        if self.prior_weight and n_lab:
            prior = torch.bincount(batch.y_labeled, minlength=class_unl.shape[1])
            divergence = prior_divergence(class_unl, prior / n_lab)
            loss = loss + self.ramp * self.prior_weight * divergence
            stats["prior_loss"] = divergence.detach()
        if n_lab:  # batches of a continuation may hold no labeled row
            sup = masked_cross_entropy(logits_lab, batch.y_labeled)
            loss = loss + sup
            stats["sup_loss"] = sup.detach()
            stats["sup_acc"] = (class_logits(logits_lab, self.fake_class).argmax(1)
                                == batch.y_labeled).float().mean()
        return loss, stats, {"features": features_unl.detach()}

    def g_loss(self, discriminator, batch, fake, context, inputs=None):
        fake = self._dequantize(fake)
        if self.generator_loss == "feature_matching":
            _, features_fake, _ = discriminator(fake, return_all=True)
            return feature_matching_loss(context["features"], features_fake)
        return nonsaturating_generator_loss(
            real_fake_logit(discriminator(fake), self.fake_class))


def code_loss(predicted, codes):
    """Reconstruction loss of continuous codes: mean squared error.

    This is the InfoGAN mutual-information lower bound for a Gaussian
    recognition distribution of fixed variance, up to constants.
    """
    if codes.shape[1] == 0:
        return predicted.sum() * 0.0
    return F.mse_loss(predicted, codes)


class ConditionalObjective(nn.Module):
    """ACGAN / InfoGAN objective (the engine's skorch criterion).

    The generator takes noise and a condition: a one-hot category followed by
    ``n_continuous`` codes drawn uniformly in [-1, 1]. The discriminator has a
    real/fake logit and an auxiliary head on the same features: category
    logits followed by the predicted continuous codes (InfoGAN's recognition
    network Q shares the discriminator's body).

    Discriminator loss: real-vs-fake cross-entropy, plus the category
    cross-entropy of generated rows and, when the categories are the class
    labels (``supervised``), of real rows, plus ``info_weight`` times the
    code reconstruction error of generated rows. Generator loss: the
    non-saturating GAN loss (or feature matching) plus the category and code
    terms on its rows. With ``n_continuous=0`` and ``supervised=True`` this
    is ACGAN (Odena et al. 2017); with codes it is InfoGAN (Chen et al.
    2016), supervised or not.

    Parameters
    ----------
    n_categories : int
        Number of categories (classes) of the one-hot code.
    n_continuous : int
        Number of continuous codes.
    supervised : bool
        Whether real rows carry their category (the class label) in
        ``batch.y``.
    class_prior : sequence of float or None
        Probabilities of the categories drawn for generated rows (None:
        uniform).
    info_weight : float
        Weight of the continuous-code reconstruction term.
    generator_loss : {"minimax", "feature_matching"}
        The generator's GAN term.
    category_weight : float
        Weight of the category cross-entropy of generated rows (InfoGAN's
        lambda for the categorical code).
    cluster_weight : float
        Without ``supervised``: weight of the information-maximisation loss
        of the category head on real rows (:func:`information_maximization_loss`).
    consistency_weight : float
        Without ``supervised``: weight of virtual adversarial training of the
        category head on real rows.
    consistency_eps : float
        Size of that perturbation relative to the spread of the batch (as in
        :class:`SGANObjective`).
    cluster_balance : float
        Weight of the marginal entropy (even use of the categories) against
        the conditional entropy (confident categories) in the information
        maximisation; above 1 it guards against merging two groups into one
        category, which costs more on digits than a split (measured: 2
        beside 1 and 3, see the user guide).
    shift_weight : float
        Without ``supervised``, for images (``image_shape``): weight of the
        divergence from the category distribution of each real image to
        that of a randomly moved copy (:func:`shift_consistency_loss`).
    image_shape : tuple of int (channels, height, width) or None
        Shape of the images (None: tabular rows, no shift term). The
        largest translation is ``max(1, min(height, width) // 14)`` pixels:
        the 2 pixels of Laine & Aila (2017) on 32x32 images, at least one.
    shift_transform : {"affine", "translate"}
        The moves of the shift term (see :func:`shift_consistency_loss`).
    """

    def __init__(self, n_categories, n_continuous=0, supervised=True,
                 class_prior=None, info_weight=1.0, generator_loss="minimax",
                 category_weight=1.0, cluster_weight=0.0, consistency_weight=0.0,
                 consistency_eps=0.2, cluster_balance=2.0, shift_weight=0.0,
                 image_shape=None, shift_transform="affine"):
        super().__init__()
        self.shift_weight = shift_weight
        self.shift_transform = shift_transform
        self.image_shape = None if image_shape is None else tuple(image_shape)
        self.cluster_balance = cluster_balance
        self.category_weight = category_weight
        self.cluster_weight = cluster_weight
        self.consistency_weight = consistency_weight
        self.consistency_eps = consistency_eps
        self.n_categories = int(n_categories)
        self.n_continuous = int(n_continuous)
        self.supervised = supervised
        prior = (torch.ones(self.n_categories) if class_prior is None
                 else torch.as_tensor(class_prior, dtype=torch.float32))
        self.register_buffer("class_prior", prior / prior.sum())
        self.info_weight = info_weight
        self.generator_loss = generator_loss

    @property
    def n_conditions(self):
        """Width of the generator's condition vector."""
        return self.n_categories + self.n_continuous

    def condition(self, categories, codes):
        """Condition vector of the generator: one-hot categories, then codes."""
        onehot = F.one_hot(categories, self.n_categories).to(codes.dtype)
        return torch.cat([onehot, codes], dim=1)

    def sample_inputs(self, generator, n, device):
        """Noise, and a condition with categories drawn from the prior and
        codes uniform in [-1, 1]."""
        prior = self.class_prior.to(device)
        categories = torch.multinomial(prior, n, replacement=True)
        codes = torch.rand(n, self.n_continuous, device=device) * 2 - 1
        z = torch.randn(n, generator.latent_dim, device=device)
        return z, self.condition(categories, codes)

    def split_condition(self, condition):
        """Categories (ints) and codes of a condition vector."""
        return (condition[:, :self.n_categories].argmax(1),
                condition[:, self.n_categories:])

    def split_aux(self, aux):
        """Category logits and predicted codes of the auxiliary head."""
        return aux[:, :self.n_categories], aux[:, self.n_categories:]

    def _category_logits(self, discriminator, x):
        """Category logits of the auxiliary head on the rows ``x`` (a pass of
        its own, for the terms that classify moved copies of the rows)."""
        return self.split_aux(discriminator(x, return_all=True)[2])[0]

    def _fake_terms(self, aux_fake, inputs):
        categories, codes = self.split_condition(inputs[1])
        category_logits, predicted = self.split_aux(aux_fake)
        return (F.cross_entropy(category_logits, categories),
                code_loss(predicted, codes))

    def d_loss(self, discriminator, batch, fake, inputs):
        n_real = len(batch.x)
        logits, features, aux = discriminator(torch.cat([batch.x, fake]),
                                              return_all=True)
        logit_real, logit_fake = logits[:, 0].split([n_real, len(fake)])
        aux_real, aux_fake = aux.split([n_real, len(fake)])
        adversarial = real_fake_loss(logit_real, logit_fake)
        category_fake, codes = self._fake_terms(aux_fake, inputs)
        stats = {"adv_loss": adversarial.detach(), "code_loss": codes.detach()}
        category = self.category_weight * category_fake

        def categorize(x):  # the extra passes of the consistency terms
            return self._category_logits(discriminator, x)

        if not self.supervised and (self.cluster_weight or self.consistency_weight):
            category_logits, _ = self.split_aux(aux_real)
            if self.cluster_weight:
                im = information_maximization_loss(category_logits,
                                                   self.cluster_balance)
                category = category + self.cluster_weight * im
                stats["cluster_loss"] = im.detach()
            if self.consistency_weight:
                eps = self.consistency_eps * batch_spread(batch.x)
                vat = virtual_adversarial_loss(
                    categorize,
                    batch.x, category_logits, eps)
                category = category + self.consistency_weight * vat
                stats["vat_loss"] = vat.detach()
        if self.supervised:
            category_logits, _ = self.split_aux(aux_real)
            category_real = F.cross_entropy(category_logits, batch.y)
            category = category + category_real
            stats["class_loss"] = category_real.detach()
            stats["class_acc"] = (category_logits.argmax(1) == batch.y).float().mean()
        loss = adversarial + category + self.info_weight * codes
        if not self.supervised and self.shift_weight and self.image_shape:
            shift = shift_consistency_loss(categorize, batch.x, self.image_shape,
                                           self.shift_transform)
            loss = loss + self.shift_weight * shift
            stats["shift_loss"] = shift.detach()
        return loss, stats, {"features": features[:n_real].detach()}

    def g_loss(self, discriminator, batch, fake, context, inputs):
        logits, features, aux = discriminator(fake, return_all=True)
        if self.generator_loss == "feature_matching":
            adversarial = feature_matching_loss(context["features"], features)
        else:
            adversarial = nonsaturating_generator_loss(logits[:, 0])
        category, codes = self._fake_terms(aux, inputs)
        return adversarial + self.category_weight * category + self.info_weight * codes
