"""
=========================================
Semi-supervised GAN on digits, 50 labels
=========================================

Train :class:`sklgan.SGANClassifier` on the digits data set with 50 labeled
rows (the rest marked ``-1``), compare it with a classifier trained on the
50 labeled rows alone, and look at digits drawn from its generator and at
the training curves in ``history_``.

Run ``python examples/plot_sgan_digits.py`` (add ``--full`` for the default
number of epochs instead of the quick setting).
"""

import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
from sklearn.datasets import load_digits  # noqa: E402
from sklearn.linear_model import LogisticRegression  # noqa: E402
from sklearn.model_selection import train_test_split  # noqa: E402

from sklgan import SGANClassifier  # noqa: E402

X, y = load_digits(return_X_y=True)
X_train, X_test, y_train, y_test = train_test_split(
    X, y, test_size=0.25, stratify=y, random_state=0)
labeled, _ = train_test_split(np.arange(len(y_train)), train_size=50,
                              stratify=y_train, random_state=0)
y_semi = np.full_like(y_train, -1)
y_semi[labeled] = y_train[labeled]

params = {} if "--full" in sys.argv else {"max_epochs": 40}
sgan = SGANClassifier(random_state=0, **params).fit(X_train, y_semi)
logreg = LogisticRegression(max_iter=5000).fit(X_train[labeled], y_train[labeled])
print(f"SGANClassifier:                       {sgan.score(X_test, y_test):.3f}")
print(f"LogisticRegression on the 50 labels:  {logreg.score(X_test, y_test):.3f}")

# %%
# Generated digits, in the units of the training data (0..16).
samples = sgan.sample(40, random_state=0)
fig, axes = plt.subplots(4, 10, figsize=(8, 3.4))
for ax, image in zip(axes.ravel(), samples):
    ax.imshow(image.reshape(8, 8), cmap="gray_r", vmin=0, vmax=16)
    ax.set_axis_off()
fig.suptitle("SGANClassifier.sample(40)")
fig.savefig("sgan_digits_samples.png", dpi=100)

# %%
# Losses and supervised accuracy per epoch, from ``history_``.
fig, ax = plt.subplots(figsize=(6, 3.4))
for key in ["d_loss", "g_loss", "sup_loss", "sup_acc"]:
    ax.plot(sgan.history_[:, "epoch"], sgan.history_[:, key], label=key)
ax.set_xlabel("epoch")
ax.legend()
fig.tight_layout()
fig.savefig("sgan_digits_history.png", dpi=100)
print("wrote sgan_digits_samples.png and sgan_digits_history.png")
