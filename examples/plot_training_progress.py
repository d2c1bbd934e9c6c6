"""
=====================================================
Watching an SGAN train: samples by epoch, loss curves
=====================================================

Fit :class:`sklgan.SGANClassifier` on digits with 50 labels, keep a few
labeled rows aside (``validation_fraction``) to follow accuracy epoch by
epoch, and record what the generator draws from the same noise every few
epochs with a small skorch callback. ``verbose=1`` would show a progress bar
per epoch and print the same numbers as a table.
"""

import sys

import matplotlib.pyplot as plt
import numpy as np
import torch
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split
from skorch.callbacks import Callback

from sklgan import SGANClassifier
from sklgan.plotting import make_image_grid

EPOCHS = 150 if "--full" in sys.argv else 40
EVERY = EPOCHS // 4


class GeneratorSnapshots(Callback):
    """Generated rows from fixed noise, every ``every`` epochs."""

    def __init__(self, every=10, n_samples=10):
        self.every = every
        self.n_samples = n_samples

    def on_train_begin(self, net, **kwargs):
        generator = torch.Generator().manual_seed(0)
        self.noise_ = torch.randn(self.n_samples, net.generator_.latent_dim,
                                  generator=generator)
        self.snapshots_ = {}

    def on_epoch_end(self, net, **kwargs):
        epoch = len(net.history)
        if epoch % self.every == 0 or epoch == 1:
            net.generator_.eval()
            with torch.no_grad():
                fake = net.generator_(self.noise_.to(net.device)).cpu().numpy()
            net.generator_.train()
            self.snapshots_[epoch] = fake  # in the networks' [-1, 1] range


X, y = load_digits(return_X_y=True)
X_train, X_test, y_train, y_test = train_test_split(
    X, y, test_size=0.25, stratify=y, random_state=0)
clf = SGANClassifier(num_labeled=50, validation_fraction=0.2, max_epochs=EPOCHS,
                     callbacks=[("snapshots", GeneratorSnapshots(every=EVERY))],
                     random_state=0)
clf.fit(X_train, y_train)
print(f"{clf.n_labeled_} training labels, test accuracy "
      f"{clf.score(X_test, y_test):.3f}")

# %%
# Samples from the same noise as training goes on
# ------------------------------------------------
# The estimator keeps its own copy of the callback, in ``net_.callbacks_``.
snapshots = dict(clf.net_.callbacks_)["snapshots"].snapshots_
fig, axes = plt.subplots(len(snapshots), 1, figsize=(6, 0.75 * len(snapshots) + 0.3))
for ax, (epoch, rows) in zip(axes, snapshots.items()):
    grid = make_image_grid(rows, (1, 8, 8), n_columns=10, value_range=(-1, 1))
    ax.imshow(grid)
    ax.set_axis_off()
    ax.set_title(f"epoch {epoch}", fontsize=9, loc="left")
fig.tight_layout()

# %%
# Loss and accuracy curves from ``history_``
# ------------------------------------------
# ``d_loss`` is the discriminator's loss (supervised + real-vs-fake),
# ``g_loss`` the generator's feature-matching loss; ``sup_acc`` is measured
# on the labeled training batches and ``valid_acc`` on the held-out labels.
history = clf.history_
epochs = np.arange(1, len(history) + 1)
fig, (ax_loss, ax_acc) = plt.subplots(1, 2, figsize=(9, 3.4))
for key in ("d_loss", "sup_loss", "unsup_loss", "g_loss"):
    ax_loss.plot(epochs, history[:, key], label=key)
ax_loss.set_yscale("log")
ax_loss.set_xlabel("epoch")
ax_loss.legend()
for key in ("sup_acc", "valid_acc"):
    ax_acc.plot(epochs, history[:, key], label=key)
ax_acc.set_xlabel("epoch")
ax_acc.set_ylim(0, 1.02)
ax_acc.legend()
fig.tight_layout()
plt.show()
