"""
===============================================
ACGAN class grid and InfoGAN latent traversals
===============================================

:class:`sklgan.ConditionalGANSampler` draws rows of a chosen class
(``kind="acgan"``), and with ``kind="infogan"`` also learns continuous codes
that control what the generated rows look like. The two standard pictures:
one row of samples per class, and a sweep of one code with the noise held
fixed. The digits are 64 tabular pixel columns, shown as 8x8 images.
"""

import sys

import matplotlib.pyplot as plt
import numpy as np
from sklearn.datasets import load_digits
from sklearn.metrics import r2_score
from sklearn.model_selection import train_test_split

from sklgan import ConditionalGANSampler
from sklgan.metrics import class_fidelity_score, tstr_score
from sklgan.plotting import plot_class_grid, plot_latent_traversal

EPOCHS = 100 if "--full" in sys.argv else 60

X, y = load_digits(return_X_y=True)
X_train, X_test, y_train, y_test = train_test_split(
    X, y, test_size=0.25, stratify=y, random_state=0)

# %%
# ACGAN: ten samples of every class
# ---------------------------------
acgan = ConditionalGANSampler(max_epochs=EPOCHS, random_state=0).fit(X_train, y_train)
ax = plot_class_grid(acgan, 10, image_shape=(1, 8, 8), random_state=0)

# %%
# Are they the right class? A classifier trained on real rows labels 100
# generated rows per class (class fidelity); a classifier trained on
# generated rows is tested on real ones (TSTR).
per_class = np.repeat(acgan.classes_, 100)
X_new, _ = acgan.sample(len(per_class), y=per_class, random_state=1)
X_syn, y_syn = acgan.sample(len(X_train), random_state=2)
print(f"class fidelity {class_fidelity_score(X_train, y_train, X_new, per_class):.3f}; "
      f"TSTR {tstr_score(X_syn, y_syn, X_test, y_test):.3f} "
      f"(train on real: {tstr_score(X_train, y_train, X_test, y_test):.3f})")

# %%
# InfoGAN: two continuous codes
# -----------------------------
# Each row is a class; along a row one code goes from -1 to 1 while the
# noise and the other code stay fixed.
infogan = ConditionalGANSampler("infogan", n_continuous=2, max_epochs=EPOCHS,
                                random_state=0).fit(X_train, y_train)
fig, axes = plt.subplots(1, 2, figsize=(11, 5.5))
for code, ax in enumerate(axes):
    plot_latent_traversal(infogan, code, image_shape=(1, 8, 8), ax=ax,
                          random_state=0)
fig.tight_layout()

# %%
# The codes can be read back from a row: ``transform`` is the recognition
# head's estimate of the codes that generated it.
codes = np.random.RandomState(0).uniform(-1, 1, size=(500, 2))
X_codes, _ = infogan.sample(500, codes=codes, random_state=0)
print(f"code recovery R^2: {r2_score(codes, infogan.transform(X_codes)):.3f}")
plt.show()
