"""The training engine's skorch callbacks.

:class:`LinearDecay` is the learning-rate schedule (the engine's
``"lr_schedule"`` callback, replaceable by the estimators' ``callbacks``),
:class:`ValidationAccuracy` scores held-out labeled rows after every epoch
(``validation_fraction``), and :class:`EpochProgress` draws a progress bar.
They keep :mod:`sklgan._engine` to the GAN step and the loop.
"""

import math

import torch
from skorch.callbacks import Callback
from tqdm.auto import tqdm

__all__ = ["EpochProgress", "LinearDecay", "RampUp", "ValidationAccuracy"]


class LinearDecay(Callback):
    """Hold every optimizer's learning rate, then decay it linearly.

    Over the epochs of one training schedule (a fit: ``max_epochs`` counted
    from the first epoch of the history, so that a fit resumed from a
    checkpoint continues the schedule; a continuation: its own epochs) the
    rates stay at their set values for the first ``start`` fraction of the
    epochs, then fall linearly towards zero: with ``n`` decaying epochs, the
    first of them runs at the full rate and the last at ``1 / n`` of it
    (the rate would reach zero one epoch later). The set rates are put
    back at the end of training.

    The engine learns the schedule's epochs from the ``schedule`` argument
    of ``on_train_begin`` (``(first_epoch, n_epochs)``). Both optimizers,
    the discriminator's and the generator's, follow it.

    Parameters
    ----------
    start : float in [0, 1), default=0.5
        Share of the epochs run at the set rates.
    """

    def __init__(self, start=0.5):
        self.start = start

    def on_train_begin(self, net, schedule=None, **kwargs):
        self.base_ = {name: [g["lr"] for g in getattr(net, name + "_").param_groups]
                      for name in net._optimizers}
        if schedule is None:  # trained outside the estimators: one fit
            schedule = (0, net.max_epochs)
        self.first_, self.n_epochs_ = schedule

    def factor(self, epoch):
        """Multiplier of the set rates in ``epoch`` (0-based) of the schedule."""
        n_const = int(self.start * self.n_epochs_)
        n_decay = max(self.n_epochs_ - n_const, 1)
        return min(1.0, (self.n_epochs_ - epoch) / n_decay)

    def on_epoch_begin(self, net, **kwargs):
        epoch = len(net.history) - 1 - self.first_  # history has this epoch
        self._set(net, self.factor(epoch))

    def on_train_end(self, net, **kwargs):
        self._set(net, 1.0)

    def _set(self, net, factor):
        for name, base in self.base_.items():
            for group, lr in zip(getattr(net, name + "_").param_groups, base):
                group["lr"] = lr * factor


class RampUp(Callback):
    """Ramp the objective's regularisers of the real rows up from near zero.

    Before each epoch the objective's ``ramp`` (the factor of its
    consistency, entropy, prior, neighbour and interpolation weights) is set
    to ``exp(-5 (1 - t)^2)`` with ``t`` the share of ``fraction * max_epochs``
    epochs done so far (1 after that): the sigmoid-shaped ramp-up of Laine &
    Aila 2017 ("Temporal ensembling for semi-supervised learning"). Early in
    training the classifier's predictions on unlabeled rows are noise;
    pushing them to be confident (entropy) and locally constant
    (consistency) then locks in early mistakes. The ramp counts the epochs
    of the history, so a continuation of a finished fit trains at the full
    weights and ``partial_fit`` calls ramp up over their first epochs. The
    factor is 1 outside training.

    Parameters
    ----------
    fraction : float in [0, 1], default=0.3
        Share of ``max_epochs`` spent ramping up; 0 gives the full weights
        from the first epoch.
    """

    def __init__(self, fraction=0.3):
        self.fraction = fraction

    def factor(self, epoch, max_epochs):
        """The ramp's factor in ``epoch`` (0-based) of ``max_epochs``."""
        if self.fraction <= 0:
            return 1.0
        t = min(epoch / (self.fraction * max_epochs), 1.0)
        return math.exp(-5.0 * (1.0 - t) ** 2)

    def on_epoch_begin(self, net, **kwargs):
        net.criterion_.ramp = self.factor(len(net.history) - 1, net.max_epochs)

    def on_train_end(self, net, **kwargs):
        net.criterion_.ramp = 1.0


class ValidationAccuracy(Callback):
    """Record the classification accuracy on held-out rows after each epoch.

    The rows are scored with the objective's class prediction
    (``criterion_.predict_proba`` of the discriminator's eval-mode output),
    on the device, with one host read per epoch, and recorded in the
    history under ``name``; skorch's ``EarlyStopping(monitor="valid_acc",
    lower_is_better=False)`` can watch it.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features) or None, default=None
        Held-out rows, scaled as the training rows are; None scores nothing
        (the engine keeps this callback as an empty slot between the
        training calls that hold rows out).
    y : array-like of shape (n_samples,) or None, default=None
        Their class indices.
    name : str, default="valid_acc"
        The history key.
    """

    def __init__(self, X=None, y=None, name="valid_acc"):
        self.X = X
        self.y = y
        self.name = name

    def on_train_begin(self, net, **kwargs):
        self.data_ = None
        if self.X is None:
            return
        predict_proba = getattr(net.criterion_, "predict_proba", None)
        if predict_proba is None:
            raise TypeError(
                f"{type(net.criterion_).__name__} does not classify rows; "
                "ValidationAccuracy needs an objective with predict_proba.")
        self.data_ = net.get_dataset(torch.as_tensor(self.X).to(net.device),
                                     torch.as_tensor(self.y))

    def on_epoch_end(self, net, **kwargs):
        data = getattr(self, "data_", None)
        if data is None:
            return
        correct = torch.zeros((), device=data.X.device)
        start = 0
        with torch.no_grad():
            for xb, _ in net.get_iterator(data):
                yb = data.y[start:start + len(xb)]
                start += len(xb)
                proba = net.criterion_.predict_proba(net.evaluation_step((xb, None)))
                correct += (proba.argmax(1) == yb).sum()
        net.history.record(self.name, correct.item() / len(data))

    def on_train_end(self, net, **kwargs):
        self.data_ = None  # the device copy of the rows

    def __getstate__(self):
        state = self.__dict__.copy()
        state.pop("data_", None)
        return state


class EpochProgress(Callback):
    """A progress bar over the batches of each epoch when ``verbose >= 1``.

    It counts batches only (reading no loss value, so it adds no device
    synchronisation) and disappears at the end of the epoch, leaving the
    one-line summary that :class:`~skorch.callbacks.PrintLog` prints.
    tqdm's notebook widget is used in Jupyter when ipywidgets is installed.
    """

    def on_epoch_begin(self, net, dataset_train=None, **kwargs):
        self.bar_ = None
        accelerator = getattr(net, "accelerator", None)
        main = accelerator is None or accelerator.is_main_process
        if net.verbose and main and dataset_train is not None:
            total = len(net.get_iterator(dataset_train, training=True))
            self.bar_ = tqdm(total=total, leave=False, unit="batch",
                             desc=f"epoch {len(net.history)}")

    def on_batch_end(self, net, training=True, **kwargs):
        if training and getattr(self, "bar_", None) is not None:
            self.bar_.update()

    def on_epoch_end(self, net, **kwargs):
        if getattr(self, "bar_", None) is not None:
            self.bar_.close()
        self.bar_ = None

    def __getstate__(self):
        state = self.__dict__.copy()
        state.pop("bar_", None)
        return state
