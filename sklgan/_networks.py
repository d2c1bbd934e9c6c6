"""Generator and discriminator networks.

Plain :class:`torch.nn.Module` classes whose sizes are constructor arguments,
so that the training engine can build them through skorch's
``module__*`` / ``generator__*`` parameters. Every network takes and returns
*flat* rows of ``n_features`` values; the convolutional ones reshape to
``image_shape`` internally, so the rest of the package never has to know
whether it handles images or tabular data.

The discriminators follow the habits of the semi-supervised GAN literature:
Gaussian noise and dropout on the inputs and hidden layers, weight
normalisation instead of batch normalisation, and a feature layer (the last
hidden layer) exposed for feature matching.
"""

import contextlib
import math

import torch
import torch.nn.functional as F
from torch import nn

__all__ = [
    "ConvDiscriminator",
    "ConvGenerator",
    "GaussianNoise",
    "MLPDiscriminator",
    "MLPGenerator",
    "TabularOutput",
    "WeightNorm",
]


class WeightNorm(nn.Module):
    """Weight normalisation (Salimans & Kingma 2016) of a linear or conv layer.

    The weight is ``g * v / ||v||`` with the norm taken per output unit. Unlike
    ``torch.nn.utils.parametrizations.weight_norm`` the result is a plain
    module, so a whole network pickles and deep-copies (scikit-learn's
    ``clone``, joblib, skorch's CUDA-to-CPU loading).

    Parameters
    ----------
    layer : nn.Linear, nn.Conv2d or nn.ConvTranspose2d
        The layer to normalise; its initial weight gives ``v`` and ``g``.
    """

    _cached = None  # the weight, inside a ``shared_weights`` block

    def __init__(self, layer):
        super().__init__()
        weight = layer.weight.detach().clone()
        del layer.weight
        self.layer = layer
        # output units: dim 0, except for transposed convolutions (dim 1)
        self._out_dim = 1 if isinstance(layer, nn.ConvTranspose2d) else 0
        self._norm_dims = [d for d in range(weight.dim()) if d != self._out_dim]
        self.weight_v = nn.Parameter(weight)
        self.weight_g = nn.Parameter(self._norm(weight))

    def _norm(self, w):
        return torch.linalg.vector_norm(w, dim=self._norm_dims, keepdim=True)

    def weight(self):
        if self._cached is not None:
            return self._cached
        v = self.weight_v
        # one product over the full weight (the scale per output unit is
        # formed on the small norm vector), rather than a product and a
        # division: half the elementwise work forwards and backwards
        return v * (self.weight_g / self._norm(v))

    def forward(self, x):
        layer, w = self.layer, self.weight()
        if isinstance(layer, nn.Linear):
            return F.linear(x, w, layer.bias)
        if isinstance(layer, nn.ConvTranspose2d):
            return F.conv_transpose2d(x, w, layer.bias, layer.stride, layer.padding,
                                      layer.output_padding, layer.groups,
                                      layer.dilation)
        return layer._conv_forward(x, w, layer.bias)


weight_norm = WeightNorm


@contextlib.contextmanager
def shared_weights(module):
    """Compute each weight-normalised weight of ``module`` once inside the
    block, however many forward passes it runs.

    The passes of one training step (the discriminator's pass over the
    batch and those of virtual adversarial training) see the same
    parameters; sharing the weight also runs its backward pass once. The
    parameters must not change inside the block (step the optimizer after
    it). The counterpart of ``torch.nn.utils.parametrize.cached`` for
    :class:`WeightNorm`, which is not a parametrization.
    """
    layers = [m for m in module.modules() if isinstance(m, WeightNorm)]
    for layer in layers:
        layer._cached = layer.weight()
    try:
        yield module
    finally:
        for layer in layers:
            layer._cached = None


class GaussianNoise(nn.Module):
    """Add zero-mean Gaussian noise of standard deviation ``std`` in training."""

    def __init__(self, std=0.0):
        super().__init__()
        self.std = float(std)

    def forward(self, x):
        if self.training and self.std > 0:
            return x + self.std * torch.randn_like(x)
        return x

    def extra_repr(self):
        return f"std={self.std}"


def _regularizer(noise_std, dropout):
    layers = []
    if noise_std > 0:
        layers.append(GaussianNoise(noise_std))
    if dropout > 0:
        layers.append(nn.Dropout(dropout))
    return layers


class _Discriminator(nn.Module):
    """Shared forward of the discriminators: body -> features -> heads.

    ``n_outputs`` is the number of logits of the main head (K classes, K+1 for
    an explicit fake class, 1 for a plain real/fake head). ``n_aux`` adds a
    second linear head on the same features (ACGAN's class head, InfoGAN's
    recognition head); its output is returned after the main logits when
    ``return_all=True``.
    """

    #: The precision of predictions (see ``GANNet.discriminate``).
    inference_dtype = torch.float32

    def _make_heads(self, n_hidden, n_outputs, n_aux):
        self.head = weight_norm(nn.Linear(n_hidden, n_outputs))
        self.aux_head = weight_norm(nn.Linear(n_hidden, n_aux)) if n_aux else None

    def features(self, x):
        return self.body(self._reshape(x))

    def _reshape(self, x):
        return x

    def forward(self, x, return_all=False):
        features = self.features(x)
        logits = self.head(features)
        if not return_all:
            return logits
        aux = self.aux_head(features) if self.aux_head is not None else None
        return logits, features, aux


class MLPDiscriminator(_Discriminator):
    """Fully connected discriminator for tabular rows.

    Parameters
    ----------
    n_features : int
        Number of input columns.
    n_outputs : int
        Number of logits of the main head.
    hidden_layer_sizes : tuple of int
        Widths of the hidden layers; the last one is the feature layer.
    dropout : float
        Dropout rate before every layer.
    noise_std : float
        Standard deviation of the Gaussian noise added to the inputs.
    hidden_noise_std : float
        Standard deviation of the Gaussian noise added to the hidden layers.
    n_aux : int
        Size of an optional auxiliary head (0: none).
    """

    # float32 matrix products of a few output columns (the class head) round
    # a row's result by its place in the batch; float64 keeps a prediction
    # independent of the other rows to the 16th digit
    inference_dtype = torch.float64

    def __init__(self, n_features, n_outputs, hidden_layer_sizes, dropout=0.0,
                 noise_std=0.0, hidden_noise_std=0.0, n_aux=0):
        super().__init__()
        layers = []
        n_in = n_features
        for i, width in enumerate(hidden_layer_sizes):
            std = noise_std if i == 0 else hidden_noise_std
            layers += _regularizer(std, dropout)
            layers += [weight_norm(nn.Linear(n_in, width)), nn.LeakyReLU(0.2)]
            n_in = width
        layers += _regularizer(0.0, dropout)
        self.body = nn.Sequential(*layers)
        self._make_heads(n_in, n_outputs, n_aux)


class MLPGenerator(nn.Module):
    """Fully connected generator: ``(z[, condition]) -> tanh`` rows.

    Parameters
    ----------
    latent_dim : int
        Size of the noise vector.
    n_features : int
        Number of output columns.
    hidden_layer_sizes : tuple of int
        Widths of the hidden layers (batch norm + ReLU each).
    n_conditions : int
        Size of the conditioning vector concatenated to the noise (one-hot
        class, codes); 0 for an unconditional generator.
    categorical_sizes : tuple of int
        Widths of the one-hot blocks of categorical columns, which follow
        the numeric columns in every row (see :class:`TabularOutput`).
    """

    def __init__(self, latent_dim, n_features, hidden_layer_sizes, n_conditions=0,
                 categorical_sizes=()):
        super().__init__()
        self.latent_dim = latent_dim
        self.n_conditions = n_conditions
        layers = []
        n_in = latent_dim + n_conditions
        for width in hidden_layer_sizes:
            layers += [nn.Linear(n_in, width), nn.BatchNorm1d(width), nn.ReLU()]
            n_in = width
        layers += [weight_norm(nn.Linear(n_in, n_features))]
        layers += [TabularOutput(n_features - sum(categorical_sizes), categorical_sizes)
                   if categorical_sizes else nn.Tanh()]
        self.net = nn.Sequential(*layers)

    def forward(self, z, condition=None):
        if condition is not None:
            z = torch.cat([z, condition], dim=1)
        return self.net(z)


class TabularOutput(nn.Module):
    """Output heads of a mixed-type row: tanh for the numeric columns, one
    categorical sample per categorical column.

    Each categorical column's logits give a one-hot row drawn by the
    straight-through Gumbel-softmax (Jang, Gu & Poole 2017, "Categorical
    reparameterization with Gumbel-softmax"): exactly one-hot in the forward
    pass, so the discriminator cannot tell generated rows by fractional
    one-hots, with the gradient of the relaxed sample at temperature
    ``tau`` (0.2, CTGAN's choice). Generation draws the same way, so
    categories come out in the proportions the generator learned.

    Parameters
    ----------
    n_numeric : int
        Number of numeric values (the first ones of a row).
    categorical_sizes : tuple of int
        Widths of the one-hot blocks that follow.
    tau : float, default=0.2
        Temperature of the relaxed sample in the backward pass.
    """

    def __init__(self, n_numeric, categorical_sizes, tau=0.2):
        super().__init__()
        self.n_numeric = int(n_numeric)
        self.categorical_sizes = tuple(int(v) for v in categorical_sizes)
        self.tau = float(tau)

    def forward(self, x):
        parts = x.split([self.n_numeric, *self.categorical_sizes], dim=1)
        out = [torch.tanh(parts[0])]
        out += [F.gumbel_softmax(logits.float(), tau=self.tau, hard=True).to(x.dtype)
                for logits in parts[1:]]
        return torch.cat(out, dim=1)

    def extra_repr(self):
        return (f"n_numeric={self.n_numeric}, "
                f"categorical_sizes={self.categorical_sizes}, tau={self.tau}")


def _check_image_shape(image_shape):
    if len(image_shape) != 3:
        raise ValueError(
            f"image_shape must be (channels, height, width), got {image_shape!r}."
        )
    return tuple(int(v) for v in image_shape)


class ConvDiscriminator(_Discriminator):
    """Convolutional discriminator for flattened images.

    Two stride-2 stages of 3x3 convolutions (LeakyReLU, weight norm, dropout
    between stages) and a global average pool give the feature layer, so any
    image size of at least 4x4 works.

    Parameters
    ----------
    image_shape : tuple of int
        ``(channels, height, width)`` of one image.
    n_outputs : int
        Number of logits of the main head.
    channels : tuple of int
        Channels of the three stages (the last is the feature size).
    dropout, noise_std, hidden_noise_std, n_aux
        As for :class:`MLPDiscriminator` (hidden noise goes between stages).
    """

    def __init__(self, image_shape, n_outputs, channels, dropout=0.0, noise_std=0.0,
                 hidden_noise_std=0.0, n_aux=0):
        super().__init__()
        self.image_shape = _check_image_shape(image_shape)
        c1, c2, c3 = channels

        def conv(n_in, n_out, stride):
            return [weight_norm(nn.Conv2d(n_in, n_out, 3, stride, 1)),
                    nn.LeakyReLU(0.2)]

        layers = _regularizer(noise_std, dropout / 2)
        layers += conv(self.image_shape[0], c1, 1) + conv(c1, c1, 2)
        layers += _regularizer(hidden_noise_std, dropout)
        layers += conv(c1, c2, 1) + conv(c2, c2, 2)
        layers += _regularizer(hidden_noise_std, dropout)
        layers += conv(c2, c3, 1)
        layers += [nn.AdaptiveAvgPool2d(1), nn.Flatten()]
        self.body = nn.Sequential(*layers)
        self._make_heads(c3, n_outputs, n_aux)

    def _reshape(self, x):
        return x.reshape(x.shape[0], *self.image_shape)


class ConvGenerator(nn.Module):
    """Convolutional (DCGAN-style) generator producing flattened images.

    The noise is projected to a ``ceil(H/4) x ceil(W/4)`` map, upsampled
    twice by transposed convolutions and cropped to ``H x W``.

    Parameters
    ----------
    latent_dim : int
        Size of the noise vector.
    image_shape : tuple of int
        ``(channels, height, width)`` of one image.
    channels : tuple of int
        Channels of the two upsampling stages' inputs.
    n_conditions : int
        Size of the conditioning vector (see :class:`MLPGenerator`).
    """

    def __init__(self, latent_dim, image_shape, channels, n_conditions=0):
        super().__init__()
        self.latent_dim = latent_dim
        self.n_conditions = n_conditions
        self.image_shape = _check_image_shape(image_shape)
        n_channels, height, width = self.image_shape
        self._start = (math.ceil(height / 4), math.ceil(width / 4))
        c1, c2 = channels
        n_start = c1 * self._start[0] * self._start[1]
        self.project = nn.Sequential(
            nn.Linear(latent_dim + n_conditions, n_start),
            nn.BatchNorm1d(n_start), nn.ReLU())
        self.c1 = c1
        self.upsample = nn.Sequential(
            nn.ConvTranspose2d(c1, c2, 4, 2, 1), nn.BatchNorm2d(c2), nn.ReLU(),
            weight_norm(nn.ConvTranspose2d(c2, n_channels, 4, 2, 1)), nn.Tanh())

    def forward(self, z, condition=None):
        if condition is not None:
            z = torch.cat([z, condition], dim=1)
        h = self.project(z).reshape(z.shape[0], self.c1, *self._start)
        images = self.upsample(h)
        _, height, width = self.image_shape
        images = images[:, :, :height, :width]
        return images.reshape(z.shape[0], -1)
