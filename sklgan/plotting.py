"""Pictures of what a conditional generator has learned.

The two pictures of the ACGAN / InfoGAN literature: a grid of samples with
one row per class (:func:`plot_class_grid`) and latent traversals, one row
per class and one column per value of a continuous code
(:func:`plot_latent_traversal`). Both draw on a matplotlib ``Axes`` (a new
figure unless ``ax`` is given) and return it; nothing is shown or saved by
the library (``ax.figure.savefig(path)`` writes a PNG). The image grids are
assembled by :func:`make_image_grid` with ``torchvision.utils.make_grid``.

matplotlib is needed for the ``plot_*`` functions (``pip install
matplotlib``), not for :func:`make_image_grid`.
"""

import numbers

import numpy as np
import torch
from sklearn.utils import check_random_state
from sklearn.utils.validation import check_is_fitted
from torchvision.utils import make_grid

from ._conditional import ConditionalGANSampler

__all__ = ["make_image_grid", "plot_class_grid", "plot_latent_traversal"]


def make_image_grid(X, image_shape, *, n_columns=10, value_range=None, padding=2):
    """Tile flattened images into one picture.

    Parameters
    ----------
    X : array-like of shape (n_images, n_pixels)
        Flattened images, in rows of ``n_columns``.
    image_shape : tuple of int
        ``(channels, height, width)``; ``channels`` is 1 or 3.
    n_columns : int, default=10
        Images per row of the grid.
    value_range : tuple (low, high) or None, default=None
        Pixel values shown as black and white (clipped). None: the range of
        ``X``.
    padding : int, default=2
        Pixels between images.

    Returns
    -------
    grid : ndarray of shape (height, width, 3)
        RGB picture with values in [0, 1] (``plt.imshow`` shows it).

    Examples
    --------
    >>> import numpy as np
    >>> from sklgan.plotting import make_image_grid
    >>> make_image_grid(np.zeros((20, 64)), (1, 8, 8), n_columns=10).shape
    (22, 102, 3)
    """
    X = np.asarray(X, dtype=np.float32)
    shape = tuple(int(v) for v in image_shape)
    if len(shape) != 3 or shape[0] not in (1, 3):
        raise ValueError(
            f"image_shape must be (channels, height, width) with 1 or 3 channels, "
            f"got {image_shape!r}.")
    if X.ndim != 2 or X.shape[1] != int(np.prod(shape)):
        raise ValueError(
            f"X must hold flattened images of {int(np.prod(shape))} values "
            f"(image_shape={shape}), got an array of shape {X.shape}.")
    if not len(X):
        raise ValueError("X holds no image to draw.")
    low, high = value_range if value_range is not None else (X.min(), X.max())
    images = torch.from_numpy(X).reshape(-1, *shape)
    images = ((images - low) / max(high - low, 1e-12)).clamp(0, 1)
    grid = make_grid(images, nrow=n_columns, padding=padding, pad_value=1.0)
    return grid.permute(1, 2, 0).numpy()


def _check_sampler(sampler):
    """A fitted :class:`~sklgan.ConditionalGANSampler`, or a clear error."""
    if not isinstance(sampler, ConditionalGANSampler):
        raise TypeError(
            "The pictures draw from a fitted ConditionalGANSampler (a "
            f"class-conditional generator); got {type(sampler).__name__}, "
            "whose generator does not take a class.")
    check_is_fitted(sampler, "net_")


def _image_settings(sampler, image_shape, value_range):
    _check_sampler(sampler)
    mask = getattr(sampler.scaler_, "categorical_mask_", None)
    if mask is not None and mask.any():
        raise ValueError(
            "This sampler was fitted on a table with categorical columns; only "
            "numeric pixel columns can be drawn as images.")
    shape = image_shape if image_shape is not None else sampler.image_shape
    if shape is None:
        raise ValueError(
            "This sampler was fitted on tabular rows: pass image_shape (for "
            "example (1, 8, 8) for 64 pixel columns) to draw them as images.")
    if value_range is None:  # the training data's range
        scaler = sampler.scaler_
        low = np.min(scaler.data_min_)
        value_range = (low, np.max(scaler.data_max_))
    return shape, value_range


def _classes(sampler, classes):
    if classes is None:
        return list(sampler.classes_)
    return list(np.atleast_1d(np.asarray(classes, dtype=object)))


def _draw(grid, labels, ax, title, xlabel=None, xticks=None):
    import matplotlib.pyplot as plt

    if ax is None:
        aspect = grid.shape[1] / grid.shape[0]
        _, ax = plt.subplots(figsize=(min(1.0 + 5.0 * aspect, 14), 5.0))
    ax.imshow(grid, interpolation="nearest")
    n_rows = len(labels)
    step = grid.shape[0] / n_rows
    ax.set_yticks([step * (i + 0.5) for i in range(n_rows)])
    ax.set_yticklabels([str(c) for c in labels])
    if xticks is not None:
        step_x = grid.shape[1] / len(xticks)
        ax.set_xticks([step_x * (i + 0.5) for i in range(len(xticks))])
        ax.set_xticklabels([f"{v:.2g}" for v in xticks])
    else:
        ax.set_xticks([])
    if xlabel:
        ax.set_xlabel(xlabel)
    ax.set_ylabel("class")
    ax.set_title(title)
    return ax


def plot_class_grid(sampler, n_per_class=10, *, classes=None, image_shape=None,
                    value_range=None, random_state=None, ax=None):
    """Grid of generated images: one row per class.

    Parameters
    ----------
    sampler : fitted ConditionalGANSampler
        The generator to draw from.
    n_per_class : int, default=10
        Images per row.
    classes : sequence of labels or None, default=None
        Rows to draw (None: every class in ``classes_``).
    image_shape : tuple of int or None, default=None
        Shape of one image; None uses the sampler's ``image_shape`` (needed
        for a sampler fitted on tabular pixel columns).
    value_range : tuple (low, high) or None, default=None
        Pixel values shown as black and white; None: the training data's.
    random_state : int, RandomState instance or None, default=None
        Seeds the samples.
    ax : matplotlib Axes or None, default=None
        Where to draw; None makes a new figure.

    Returns
    -------
    ax : matplotlib Axes
        The axes drawn on (``ax.figure`` is its figure).

    Examples
    --------
    >>> from sklearn.datasets import load_digits
    >>> from sklgan import ConditionalGANSampler
    >>> from sklgan.plotting import plot_class_grid
    >>> X, y = load_digits(return_X_y=True)
    >>> sampler = ConditionalGANSampler(max_epochs=2, random_state=0).fit(X, y)
    >>> ax = plot_class_grid(sampler, 8, image_shape=(1, 8, 8), random_state=0)
    >>> len(ax.get_yticklabels())
    10
    """
    if not isinstance(n_per_class, numbers.Integral) or n_per_class < 1:
        raise ValueError(f"n_per_class must be a positive int, got {n_per_class!r}.")
    shape, value_range = _image_settings(sampler, image_shape, value_range)
    labels = _classes(sampler, classes)
    y = np.repeat(np.asarray(labels, dtype=object), n_per_class)
    X, _ = sampler.sample(len(y), y=y, random_state=random_state)
    grid = make_image_grid(np.asarray(X), shape, n_columns=n_per_class,
                           value_range=value_range)
    return _draw(grid, labels, ax, "Generated samples per class")


def plot_latent_traversal(sampler, code=0, *, n_values=10, code_range=(-1.0, 1.0),
                          classes=None, image_shape=None, value_range=None,
                          random_state=None, ax=None):
    """InfoGAN latent traversal: one row per class, one column per code value.

    In each row the noise and the other codes stay fixed (other codes at 0)
    while continuous code ``code`` moves through ``n_values`` evenly spaced
    values of ``code_range``; what changes along a row is what that code
    has learned to control.

    Parameters
    ----------
    sampler : fitted ConditionalGANSampler with ``kind="infogan"``
        The generator to draw from.
    code : int, default=0
        Index of the continuous code to vary.
    n_values : int, default=10
        Number of code values (columns).
    code_range : tuple (low, high), default=(-1.0, 1.0)
        Range of the values (training drew codes in [-1, 1]; going beyond
        extrapolates).
    classes : sequence of labels or None, default=None
        Rows to draw (None: every class).
    image_shape : tuple of int or None, default=None
        Shape of one image (None: the sampler's).
    value_range : tuple (low, high) or None, default=None
        Pixel values shown as black and white; None: the training data's.
    random_state : int, RandomState instance or None, default=None
        Seeds the noise of each row.
    ax : matplotlib Axes or None, default=None
        Where to draw; None makes a new figure.

    Returns
    -------
    ax : matplotlib Axes
        The axes drawn on.

    Examples
    --------
    >>> from sklearn.datasets import load_digits
    >>> from sklgan import ConditionalGANSampler
    >>> from sklgan.plotting import plot_latent_traversal
    >>> X, y = load_digits(return_X_y=True)
    >>> sampler = ConditionalGANSampler("infogan", max_epochs=2, random_state=0)
    >>> ax = plot_latent_traversal(sampler.fit(X, y), code=1, image_shape=(1, 8, 8))
    >>> ax.get_xlabel()
    'continuous code 1'
    """
    _check_sampler(sampler)
    if sampler.kind != "infogan":
        raise ValueError("Latent traversals need a sampler with kind='infogan'; "
                         f"this one is kind={sampler.kind!r}.")
    n_codes = sampler.n_continuous
    if not isinstance(code, numbers.Integral) or not 0 <= code < n_codes:
        raise ValueError(f"code must be an int in [0, {n_codes}), got {code!r}.")
    if not isinstance(n_values, numbers.Integral) or n_values < 2:
        raise ValueError(f"n_values must be an int >= 2, got {n_values!r}.")
    shape, value_range = _image_settings(sampler, image_shape, value_range)
    labels = _classes(sampler, classes)
    values = np.linspace(code_range[0], code_range[1], n_values)
    rows = []
    rng = check_random_state(random_state)
    for label in labels:
        codes = np.zeros((n_values, n_codes))
        codes[:, code] = values
        # one noise row per class, repeated along the traversal
        noise = np.repeat(rng.standard_normal((1, sampler.latent_dim)), n_values, axis=0)
        X, _ = sampler.sample(n_values, y=label, codes=codes, noise=noise)
        rows.append(np.asarray(X))
    grid = make_image_grid(np.vstack(rows), shape, n_columns=n_values,
                           value_range=value_range)
    return _draw(grid, labels, ax, f"Traversal of continuous code {code}",
                 xlabel=f"continuous code {code}", xticks=values)

