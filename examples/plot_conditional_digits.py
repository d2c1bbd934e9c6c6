"""
==============================================
ACGAN and InfoGAN on digits, and oversampling
==============================================

Fit :class:`sklgan.ConditionalGANSampler` on the digits data set, draw
digits of each class (ACGAN), walk along InfoGAN's continuous codes, measure
the samples with :mod:`sklgan.metrics`, and use the sampler to oversample the
rare class of an imbalanced data set inside an imbalanced-learn pipeline.

Run ``python examples/plot_conditional_digits.py``; it writes its pictures
next to where it runs (``conditional_*.png``).
"""

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
from sklearn.datasets import load_breast_cancer, load_digits  # noqa: E402
from sklearn.linear_model import LogisticRegression  # noqa: E402
from sklearn.metrics import balanced_accuracy_score, r2_score  # noqa: E402
from sklearn.model_selection import train_test_split  # noqa: E402
from sklearn.pipeline import make_pipeline  # noqa: E402
from sklearn.preprocessing import StandardScaler  # noqa: E402

from sklgan import ConditionalGANSampler  # noqa: E402
from sklgan.metrics import class_fidelity_score, tstr_score  # noqa: E402
from sklgan.plotting import plot_class_grid, plot_latent_traversal  # noqa: E402

# %%
# ACGAN: digits of a chosen class
# -------------------------------
X, y = load_digits(return_X_y=True)
X_train, X_test, y_train, y_test = train_test_split(
    X, y, test_size=0.25, stratify=y, random_state=0)
acgan = ConditionalGANSampler(random_state=0).fit(X_train, y_train)

X_sevens, _ = acgan.sample(5, y=7, random_state=0)
print("five generated 7s, pixel sums:", X_sevens.sum(axis=1).round())

per_class = np.repeat(acgan.classes_, 100)
X_new, _ = acgan.sample(len(per_class), y=per_class, random_state=1)
print(f"class fidelity: {class_fidelity_score(X_train, y_train, X_new, per_class):.3f}")
X_syn, y_syn = acgan.sample(len(X_train), random_state=2)
print(f"train on synthetic, test on real: {tstr_score(X_syn, y_syn, X_test, y_test):.3f}"
      f" (train on real: {tstr_score(X_train, y_train, X_test, y_test):.3f})")

ax = plot_class_grid(acgan, 10, image_shape=(1, 8, 8), random_state=0)
ax.figure.savefig("conditional_acgan_classes.png")

# %%
# InfoGAN: continuous codes that control the strokes
# --------------------------------------------------
infogan = ConditionalGANSampler("infogan", n_continuous=2, random_state=0)
infogan.fit(X_train, y_train)
codes = np.random.RandomState(0).uniform(-1, 1, size=(500, 2))
X_codes, _ = infogan.sample(500, codes=codes, random_state=0)
print(f"code recovery R^2: {r2_score(codes, infogan.transform(X_codes)):.3f}")

fig, axes = plt.subplots(1, 2, figsize=(12, 6))
for code, ax in enumerate(axes):
    plot_latent_traversal(infogan, code, image_shape=(1, 8, 8), ax=ax, random_state=0)
fig.tight_layout()
fig.savefig("conditional_infogan_traversals.png")

# %%
# Oversampling a rare class
# -------------------------
# Keep one malignant row for every ten benign ones in the training split.
from imblearn.pipeline import make_pipeline as make_imb_pipeline  # noqa: E402

X, y = load_breast_cancer(return_X_y=True)
X_train, X_test, y_train, y_test = train_test_split(
    X, y, test_size=0.25, stratify=y, random_state=0)
rng = np.random.RandomState(0)
keep = np.concatenate([np.flatnonzero(y_train == 1),
                       rng.choice(np.flatnonzero(y_train == 0),
                                  (y_train == 1).sum() // 10, replace=False)])
X_train, y_train = X_train[keep], y_train[keep]

plain = make_pipeline(StandardScaler(), LogisticRegression(max_iter=5000))
oversampled = make_imb_pipeline(ConditionalGANSampler(random_state=0),
                                StandardScaler(), LogisticRegression(max_iter=5000))
for name, model in [("no resampling", plain), ("ConditionalGANSampler", oversampled)]:
    model.fit(X_train, y_train)
    score = balanced_accuracy_score(y_test, model.predict(X_test))
    print(f"{name:<22} balanced accuracy {score:.3f}")
