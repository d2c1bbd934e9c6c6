"""The training engine: one skorch ``NeuralNet`` for every GAN estimator.

:class:`GANNet` registers a second module (``generator_``) and a second
optimizer (``optimizer_gen_``) the skorch way, and replaces skorch's single
optimizer step with a discriminator update followed by a generator update.
What the losses are is the job of the criterion (an objective from
:mod:`sklgan._losses`); the engine only runs them. History, callbacks,
device handling and CUDA-to-CPU pickling are skorch's.

Data stay as tensors on the training device: :class:`DeviceData` holds them
and the iterators draw batches by index, with no per-row collation.
"""

import contextlib
import copy
import math
import warnings
from typing import NamedTuple

import torch
from skorch import NeuralNet
from skorch.callbacks import (
    Checkpoint,
    EarlyStopping,
    EpochTimer,
    LoadInitState,
    PrintLog,
    TrainEndCheckpoint,
)
from skorch.hf import AccelerateMixin

from ._callbacks import EpochProgress, LinearDecay
from ._networks import shared_weights

__all__ = ["AcceleratedGANNet", "Batch", "DeviceData", "GANNet",
           "SemiSupervisedBatches", "TensorBatches", "complete_checkpoints"]


class Batch(NamedTuple):
    """One training batch.

    ``x`` are real rows and ``y`` their targets (-1: unlabeled);
    ``x_labeled`` / ``y_labeled`` are labeled real rows drawn from a separate
    stream that cycles over the labels (empty when no row is labeled);
    ``x_neighbor`` holds, for each row of ``x``, one of its nearest
    neighbours among the training rows, drawn at random (None when the data
    carry no neighbour graph).
    """

    x: torch.Tensor
    y: torch.Tensor
    x_labeled: torch.Tensor
    y_labeled: torch.Tensor
    x_neighbor: torch.Tensor | None = None


class DeviceData(torch.utils.data.Dataset):
    """Rows ``X`` (float tensor) and integer targets ``y`` (-1: unlabeled).

    ``X`` is moved to ``device`` once; training batches are then slices of
    device tensors. For inference pass ``device=None`` to keep ``X`` where it
    is and move one batch at a time (bounded device memory). ``neighbors``,
    an integer array of shape ``(n_rows, k)``, lists each row's nearest
    neighbours (row indices of ``X``); the training batches then carry one
    of them per row (``Batch.x_neighbor``).
    """

    def __init__(self, X, y=None, device=None, neighbors=None):
        X = torch.as_tensor(X)
        self.X = X if device is None else X.to(device)
        self.neighbors = (None if neighbors is None else
                          torch.as_tensor(neighbors, dtype=torch.long,
                                          device=self.X.device))
        if y is not None:
            y = torch.as_tensor(y, dtype=torch.long, device=self.X.device)
            self.labeled_index = torch.nonzero(y >= 0).flatten()
        else:
            self.labeled_index = None
        self.y = y

    def __len__(self):
        return len(self.X)

    def __getitem__(self, i):
        return self.X[i], (self.y[i] if self.y is not None else -1)


class SemiSupervisedBatches:
    """Shuffled training batches drawn by index from a :class:`DeviceData`.

    Every row, labeled or not, is seen once per epoch as a real row. The
    labeled rows are re-tiled (fresh permutations concatenated) to give each
    batch ``min(batch_size, n_labeled)`` labeled rows, as in the published
    semi-supervised GAN recipe. Without labeled rows the labeled part of
    every batch is empty. When the dataset has a neighbour graph, each
    batch also carries one neighbour of each of its rows, drawn uniformly
    from the row's list.

    For data-parallel training over ``num_processes`` processes, every
    process draws the same permutation (same seed) and takes its share of
    the batches (``process_index``, ``process_index + num_processes``, ...),
    all processes the same number of batches.
    """

    def __init__(self, dataset, batch_size=100, drop_last=False, num_processes=1,
                 process_index=0):
        self.dataset = dataset
        self.batch_size = batch_size
        self.drop_last = drop_last
        self.num_processes = num_processes
        self.process_index = process_index

    @staticmethod
    def epoch_batches(n_rows, batch_size, drop_last=False):
        """Batches of one epoch over ``n_rows`` rows (over all processes)."""
        bs = min(batch_size, n_rows)
        return n_rows // bs if drop_last else -(-n_rows // bs)

    def _n_batches(self):
        """Batches of one epoch over all processes."""
        return self.epoch_batches(len(self.dataset), self.batch_size, self.drop_last)

    def __len__(self):
        return max(self._n_batches() // self.num_processes, 1)

    def __iter__(self):
        data = self.dataset
        X, y, lab = data.X, data.y, data.labeled_index
        device = X.device
        n = len(X)
        bs = min(self.batch_size, n)
        n_batches = self._n_batches()
        order = torch.randperm(n, device=device)
        n_lab = len(lab)
        lab_bs = min(bs, n_lab)
        reps = -(-n_batches * lab_bs // n_lab) if n_lab else 0
        lab_order = torch.cat([lab[torch.randperm(n_lab, device=device)]
                               for _ in range(reps)] + [lab[:0]])
        mine = range(self.process_index, self.process_index
                     + len(self) * self.num_processes, self.num_processes)
        neighbors = data.neighbors
        for i in (j % n_batches for j in mine):
            idx = order[i * bs:(i + 1) * bs]
            lab_idx = lab_order[i * lab_bs:(i + 1) * lab_bs]
            x_neighbor = None
            if neighbors is not None:
                pick = torch.randint(neighbors.shape[1], (len(idx),), device=device)
                x_neighbor = X[neighbors[idx, pick]]
            yield Batch(X[idx], y[idx], X[lab_idx], y[lab_idx], x_neighbor)


class TensorBatches:
    """Consecutive slices of ``dataset.X`` for inference, moved per batch."""

    def __init__(self, dataset, batch_size=1024, device="cpu"):
        self.dataset = dataset
        self.batch_size = batch_size
        self.device = device

    def __len__(self):
        return -(-len(self.dataset) // self.batch_size)

    def __iter__(self):
        X = self.dataset.X
        for start in range(0, len(X), self.batch_size):
            yield X[start:start + self.batch_size].to(self.device), None


def complete_checkpoints(callbacks):
    """Make skorch checkpoints in ``callbacks`` save the generator too.

    skorch's :class:`~skorch.callbacks.Checkpoint` saves ``module_`` (the
    discriminator) and ``optimizer_``; a GAN also needs ``generator_`` and
    ``optimizer_gen_``. Unless the checkpoint names them (``f_generator``,
    ``f_optimizer_gen``), their files are named after ``f_params`` and
    ``f_optimizer`` with a ``generator_`` prefix. The callbacks are changed
    in place (the estimators pass copies), as is the checkpoint of a
    ``LoadInitState``.
    """
    for item in callbacks:
        cb = item[1] if isinstance(item, tuple) else item
        if isinstance(cb, LoadInitState):  # it loads what its checkpoint names
            cb = cb.checkpoint
        if not isinstance(cb, (Checkpoint, TrainEndCheckpoint)):
            continue
        for own, base in (("f_generator", "f_params"),
                          ("f_optimizer_gen", "f_optimizer")):
            if hasattr(cb, own):
                continue
            template = getattr(cb, base)
            if template is not None and not isinstance(template, str):
                raise ValueError(
                    f"{type(cb).__name__} got a file object for {base}; pass "
                    f"{own} too, so that the generator's state is saved.")
            setattr(cb, own, None if template is None else "generator_" + template)
    return callbacks


@contextlib.contextmanager
def _frozen(module):
    """Turn off the gradients of ``module``'s parameters inside the block and
    restore each one's ``requires_grad`` after it: gradients still flow
    through the module to its inputs, but its own weight gradients are not
    computed. (Hand-written: torch's ``requires_grad_`` sets a flag but does
    not restore the previous ones.)"""
    params = [p for p in module.parameters() if p.requires_grad]
    for p in params:
        p.requires_grad_(False)
    try:
        yield module
    finally:
        for p in params:
            p.requires_grad_(True)


class GANNet(NeuralNet):
    """skorch net that trains a generator against a discriminator.

    Parameters beyond :class:`skorch.NeuralNet`'s (all settable through
    ``set_params`` and prefixed parameters such as ``generator__latent_dim``):

    generator : torch.nn.Module class or instance
        The generator; ``module`` is the discriminator.
    optimizer_gen : torch optimizer class
        The generator's optimizer (``optimizer_gen__lr`` etc.).
    criterion : objective class
        An objective from :mod:`sklgan._losses` with ``sample_inputs``
        (the generator's input tensors for ``n`` rows),
        ``d_loss(discriminator, batch, fake, inputs)`` returning
        ``(loss, stats, context)`` (the discriminator's loss) and
        ``g_loss(discriminator, batch, fake, context, inputs)`` (the
        generator's).
    precision : {"float32", "bfloat16"}
        ``"bfloat16"`` runs the training forward passes and losses under
        ``torch.autocast`` with bfloat16 (weights, gradients and optimizer
        state stay float32; no loss scaling is needed for bfloat16).
    compile : bool
        skorch's switch: ``torch.compile`` the two networks (the objective
        is left as it is).
    """

    def __init__(self, module, generator, criterion, *, optimizer=torch.optim.Adam,
                 optimizer_gen=torch.optim.Adam, iterator_train=SemiSupervisedBatches,
                 iterator_valid=TensorBatches, dataset=DeviceData,
                 train_split=None, precision="float32", **kwargs):
        super().__init__(module, criterion, optimizer=optimizer,
                         iterator_train=iterator_train,
                         iterator_valid=iterator_valid, dataset=dataset,
                         train_split=train_split, **kwargs)
        self.generator = generator
        self.optimizer_gen = optimizer_gen
        self.precision = precision

    @property
    def _default_callbacks(self):
        return [("epoch_timer", EpochTimer()), ("progress_bar", EpochProgress()),
                ("lr_schedule", LinearDecay()),
                ("print_log", PrintLog(keys_ignored=["train_loss",
                                                     "train_batch_count"]))]

    # -- initialisation ---------------------------------------------------
    def initialize_module(self):
        super().initialize_module()
        params = self.get_params_for("generator")
        self.generator_ = self.initialized_instance(self.generator, params)
        return self

    def initialize_optimizer(self, *args, **kwargs):
        named = self.module_.named_parameters()
        args, kwargs = self.get_params_for_optimizer("optimizer", named)
        self.optimizer_ = self.optimizer(*args, **kwargs)
        named = self.generator_.named_parameters()
        args, kwargs = self.get_params_for_optimizer("optimizer_gen", named)
        self.optimizer_gen_ = self.optimizer_gen(*args, **kwargs)
        return self

    def torch_compile(self, module, name):
        # the objective is not a network: its methods are called, not forward
        if name in self._criteria:
            return module
        return super().torch_compile(module, name)

    def _backward(self, loss):
        loss.backward()

    def _discriminator_unsynced(self):
        return contextlib.nullcontext()

    @staticmethod
    def _bare(module):
        """The network itself, also when a data-parallel wrapper or
        ``torch.compile`` holds it."""
        if isinstance(module, torch.nn.parallel.DistributedDataParallel):
            module = module.module
        return getattr(module, "_orig_mod", module)  # torch.compile's wrapper

    def _bare_generator(self):
        """The generator itself (for its attributes, such as ``latent_dim``)."""
        return self._bare(self.generator_)

    def _autocast(self):
        """The autocast context of the training forward passes."""
        return torch.autocast(torch.device(self.device).type, dtype=torch.bfloat16,
                              enabled=self.precision == "bfloat16")

    # -- data -------------------------------------------------------------
    def get_dataset(self, X, y=None):
        if isinstance(X, DeviceData):
            return X
        return DeviceData(X, y)

    def get_iterator(self, dataset, training=False):
        if training:
            kwargs = self.get_params_for("iterator_train")
            kwargs.setdefault("batch_size", self.batch_size)
            return self.iterator_train(dataset, **kwargs)
        kwargs = self.get_params_for("iterator_valid")
        kwargs.setdefault("batch_size", max(self.batch_size, 1024))
        kwargs.setdefault("device", self.device)
        return self.iterator_valid(dataset, **kwargs)

    # -- training ---------------------------------------------------------
    def partial_fit(self, X, y=None, classes=None, epochs=None, stop_at=None,
                    **fit_params):
        """Train; keep the last finished epoch's model when interrupted.

        ``epochs=None`` (a fit) trains until the history holds
        ``max_epochs`` epochs, so a fit whose callbacks load a checkpoint
        (skorch's ``LoadInitState``) runs only the epochs that remain; an
        int trains that many more epochs (a continuation). ``stop_at`` (with
        ``epochs=None``) pauses a fit once the history holds that many
        epochs; a later call with ``epochs=None`` runs the rest of the same
        schedule. Callbacks get the schedule of this call as
        ``on_train_begin(net, schedule=(first epoch, number of epochs))``.

        On ``KeyboardInterrupt`` the networks, optimizers and history are put
        back as they were at the end of the last finished epoch (with a
        warning, unless the interrupt is skorch's ``EarlyStopping`` ending
        training after a finished epoch) and the net stays usable; when no
        epoch has finished yet the interrupt is re-raised. On any other error
        during a continuation the state from before this call is restored
        before the error propagates.
        """
        if not self.initialized_:
            self.initialize()
        before = self._snapshot() if len(self.history) else None
        self._last_good = before
        done = len(self.history)
        schedule = (0, self.max_epochs) if epochs is None else (done, epochs)
        try:
            # a callback (LoadInitState) may load a checkpoint here
            self.notify("on_train_begin", X=X, y=y, schedule=schedule)
            done = len(self.history)
            end = self.max_epochs if stop_at is None else min(stop_at, self.max_epochs)
            n_epochs = max(end - done, 0) if epochs is None else epochs
            if done and (before is None or done != before[0]):  # loaded state
                self._last_good = self._snapshot()
            self.fit_loop(X, y, epochs=n_epochs, **fit_params)
        except KeyboardInterrupt:
            if self._last_good is None:
                raise
            n_kept = self._last_good[0]
            interrupted = len(self.history)
            self._restore(self._last_good)
            if not self._stopped_early():
                warnings.warn(
                    f"Training was interrupted (KeyboardInterrupt) in epoch "
                    f"{interrupted}; the model is kept as it was at the end of "
                    f"epoch {n_kept}.", UserWarning, stacklevel=2)
        except BaseException:
            if before is not None:
                self._restore(before)
            raise
        finally:
            self._last_good = None
            self.notify("on_train_end", X=X, y=y)
        return self

    def _stopped_early(self):
        """Whether an ``EarlyStopping`` callback raised the interrupt: it
        does so, at the end of an epoch, once its misses reach its
        patience."""
        return any(isinstance(cb, EarlyStopping)
                   and getattr(cb, "misses_", 0) >= cb.patience
                   for _, cb in getattr(self, "callbacks_", []))

    def on_epoch_end(self, net, **kwargs):
        super().on_epoch_end(net, **kwargs)
        # Built completely before it replaces the previous one, so that an
        # interrupt arriving meanwhile leaves a whole snapshot in place.
        self._last_good = self._snapshot()

    def _snapshot(self):
        """(epochs in history, copies of the networks' and optimizers' states)."""
        states = {name: copy.deepcopy(getattr(self, name + "_").state_dict())
                  for name in (*self._modules, *self._optimizers)}
        return len(self.history), states

    def _restore(self, snapshot):
        n_epochs, states = snapshot
        for name, state in states.items():
            getattr(self, name + "_").load_state_dict(state)
        del self.history[n_epochs:]

    def train_step(self, batch, **fit_params):
        """One discriminator update, then one generator update."""
        self._set_training(True)
        objective = self.criterion_
        # as many generated rows as real ones, but never a single one: the
        # generator's batch norm cannot train on a batch of one row (the last
        # batch of an epoch, or a one-row partial_fit)
        n_fake = max(len(batch.x), 2)

        inputs = objective.sample_inputs(self._bare_generator(), n_fake, self.device)
        self.optimizer_.zero_grad(set_to_none=True)
        with self._autocast():
            with torch.no_grad():
                fake = self.generator_(*inputs)
            with shared_weights(self.module_):
                d_loss, stats, context = objective.d_loss(
                    self.module_, batch, fake, inputs)
        self._backward(d_loss)
        self.notify("on_grad_computed",
                    named_parameters=list(self.module_.named_parameters()),
                    batch=batch)
        self.optimizer_.step()

        self.optimizer_gen_.zero_grad(set_to_none=True)
        inputs = objective.sample_inputs(self._bare_generator(), n_fake, self.device)
        # the discriminator's gradients of this step are not used: the
        # backward pass skips them, and data-parallel training need not
        # average them
        with self._discriminator_unsynced(), _frozen(self.module_):
            with self._autocast():
                fake = self.generator_(*inputs)
                g_loss = objective.g_loss(self.module_, batch, fake, context,
                                                  inputs)
            self._backward(g_loss)
        self.optimizer_gen_.step()
        return {"loss": d_loss.detach(), "d_loss": d_loss.detach(),
                "g_loss": g_loss.detach(), **stats}

    def run_single_epoch(self, iterator, training, prefix, step_fn, **fit_params):
        """Run one epoch; average the step's scalars on the device and read
        them back once per epoch (no host synchronisation per batch).

        Raises ``FloatingPointError`` when a training epoch's averages are
        not finite (the GAN diverged).
        """
        if iterator is None:
            return
        totals, counts = {}, {}
        n_batches = 0
        for batch in iterator:
            self.notify("on_batch_begin", batch=batch, training=training)
            step = step_fn(batch, **fit_params)
            for key, value in step.items():
                if torch.is_tensor(value) and value.dim() == 0:
                    totals[key] = totals.get(key, 0.0) + value.detach()
                    counts[key] = counts.get(key, 0) + 1
            n_batches += 1
            self.notify("on_batch_end", batch=batch, training=training, **step)
        if n_batches:
            keys = list(totals)
            values = torch.stack([torch.as_tensor(totals[k]) / counts[k] for k in keys])
            values = values.tolist()
            for key, value in zip(keys, values):
                name = prefix + "_loss" if key == "loss" else key
                self.history.record(name, value)
            if training and not all(math.isfinite(v) for v in values):
                bad = ", ".join(f"{k}={v}" for k, v in zip(keys, values)
                                if not math.isfinite(v))
                raise FloatingPointError(
                    f"Training diverged in epoch {len(self.history)}: non-finite "
                    f"losses ({bad}). The model is not kept; lower the learning "
                    "rate (lr, lr_generator) or check X for extreme values.")
        self.history.record(prefix + "_batch_count", n_batches)

    # -- inference --------------------------------------------------------
    def infer(self, x, **fit_params):
        return self.module_(x, **fit_params)

    def discriminate(self, X, return_all=False):
        """The discriminator's outputs on the rows ``X`` (eval mode, no
        gradient), as CPU tensors, in the network's ``inference_dtype``.

        Fully connected discriminators predict in float64, with their float32
        weights cast for the pass (the network keeps them): a float32 matrix
        product with few output columns, such as the class head's, may round
        a row's result differently depending on where the row sits in the
        batch, so predictions would change in the seventh digit when the
        rows are reordered (scikit-learn's
        ``check_methods_sample_order_invariance`` asks for 1e-7); in float64
        the difference stays at the 16th digit, for about twice the time of
        a float32 pass. Convolutional ones predict in float32: their
        convolutions gave the same bits in any row order, and float64
        convolutions take 5 to 13 times as long on a CPU.

        Parameters
        ----------
        X : tensor or ndarray of shape (n_samples, n_features)
            Scaled rows.
        return_all : bool, default=False
            Return ``(logits, features, aux)`` rather than the logits.
        """
        module = self._bare(self.module_)
        module.eval()
        dtype = getattr(module, "inference_dtype", torch.float32)
        state = {name: value.detach().to(dtype) if value.is_floating_point() else value
                 for name, value in (*module.named_parameters(),
                                     *module.named_buffers())}
        outputs = []
        with torch.no_grad():
            for xb, _ in self.get_iterator(self.get_dataset(X)):
                out = torch.func.functional_call(module, state, (xb.to(dtype),),
                                                 {"return_all": return_all})
                outputs.append([None if o is None else o.cpu() for o in out]
                               if return_all else out.cpu())
        if not return_all:
            return torch.cat(outputs)
        return tuple(None if parts[0] is None else torch.cat(parts)
                     for parts in zip(*outputs))

    def generate(self, n_samples, inputs=None, batch_size=None):
        """Generated rows (eval mode, no gradient) as a CPU tensor.

        ``inputs``, if given, is a tuple of CPU tensors of ``n_samples`` rows
        for the generator; otherwise the objective draws them.
        """
        self.check_is_fitted()
        self.generator_.eval()
        batch_size = batch_size or max(self.batch_size, 1024)
        out = []
        with torch.no_grad():
            for start in range(0, n_samples, batch_size):
                n = min(batch_size, n_samples - start)
                if inputs is None:
                    args = self.criterion_.sample_inputs(self._bare_generator(), n,
                                                         self.device)
                else:
                    args = tuple(t[start:start + n].to(self.device) for t in inputs)
                out.append(self.generator_(*args).cpu())
        return torch.cat(out) if out else torch.empty(0)


class AcceleratedGANNet(AccelerateMixin, GANNet):
    """:class:`GANNet` trained through Hugging Face Accelerate.

    skorch's :class:`~skorch.hf.AccelerateMixin` prepares the networks and
    optimizers with ``accelerator`` (data-parallel replicas whose gradients
    are averaged when the script is started with ``accelerate launch``);
    this class keeps the GAN's own step (one discriminator update, one
    generator update) with ``accelerator.backward``, gives every process its
    share of the batches, and leaves the objective and inference alone
    (every process classifies and samples all the rows it is given).

    ``device`` is the accelerator's device; the engine places data and
    networks there itself.
    """

    train_step = GANNet.train_step
    evaluation_step = GANNet.evaluation_step

    def _validate_params(self):
        # the mixin insists on device=None; the engine places everything on
        # the accelerator's device itself
        super(AccelerateMixin, self)._validate_params()

    def _backward(self, loss):
        self.accelerator.backward(loss)

    def _discriminator_unsynced(self):
        return self.accelerator.no_sync(self.module_)

    def _initialize_callbacks(self):
        if self.callbacks__print_log__sink == "auto":
            self.callbacks__print_log__sink = self._print_on_main_process
        return super(AccelerateMixin, self)._initialize_callbacks()

    def _print_on_main_process(self, text):
        """PrintLog's sink: the main process prints, and only when verbose."""
        if self.verbose:
            self.accelerator.print(text)

    def _autocast(self):
        if self.precision == "bfloat16":
            return super()._autocast()
        return self.accelerator.autocast()  # the accelerator's mixed_precision

    def _initialize_accelerator(self):
        """Prepare the networks and (once) the optimizers; not the objective,
        which has no parameters to synchronise."""
        if self._wrapped_with_accelerator:
            return self
        from accelerate.optimizer import AcceleratedOptimizer

        for name in self._modules:
            setattr(self, name + "_", self.accelerator.prepare(getattr(self, name + "_")))
        for name in self._optimizers:
            optimizer = getattr(self, name + "_")
            if not isinstance(optimizer, AcceleratedOptimizer):
                setattr(self, name + "_", self.accelerator.prepare(optimizer))
        self._wrapped_with_accelerator = True
        return self

    def get_iterator(self, dataset, training=False):
        iterator = GANNet.get_iterator(self, dataset, training=training)
        if training:
            iterator.num_processes = self.accelerator.num_processes
            iterator.process_index = self.accelerator.process_index
        return iterator

    def partial_fit(self, X, y=None, classes=None, epochs=None, **fit_params):
        if self.initialized_:  # a continuation: wrap the networks again
            self._initialize_accelerator()
        return super().partial_fit(X, y, classes=classes, epochs=epochs,
                                   **fit_params)
