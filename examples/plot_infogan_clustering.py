"""
==============================================
Categories an InfoGAN discovers without labels
==============================================

Fitted without ``y``, ``ConditionalGANSampler("infogan", n_categories=10)``
learns ten categories of its own: the generator draws rows of each category,
and the recognition head tells which category a real row belongs to
(``fit_predict``, ``predict``, ``predict_proba``). On handwritten digits the
categories are compared here with the true digits, which the model never
saw: a confusion matrix after matching categories to digits, the
Hungarian-matched accuracy, and scikit-learn's KMeans on the same rows.

The rows are fitted twice: as a table, and as the 8x8 images they are
(``image_shape``). Read as images, the categories are also asked to hold
when an image is slightly rotated, resized or moved (``shift_weight``, on
by default for images); ``network="mlp"`` keeps the fully connected
networks of tables, which are fast on a CPU (the default convolutional
ones are meant for GPUs).
"""

import matplotlib.pyplot as plt
import numpy as np
from scipy.optimize import linear_sum_assignment
from sklearn.cluster import KMeans
from sklearn.datasets import load_digits
from sklearn.metrics import ConfusionMatrixDisplay, normalized_mutual_info_score
from sklearn.metrics.cluster import contingency_matrix

from sklgan import ConditionalGANSampler
from sklgan.metrics import matched_accuracy_score
from sklgan.plotting import plot_class_grid, plot_latent_traversal

X, y = load_digits(return_X_y=True)

# %%
# Fit without labels
# ------------------
table = ConditionalGANSampler("infogan", n_categories=10, random_state=0)
infogan = ConditionalGANSampler("infogan", n_categories=10, image_shape=(1, 8, 8),
                                network="mlp", random_state=0)
categories = infogan.fit_predict(X)
kmeans = KMeans(10, n_init=10, random_state=0).fit_predict(X)
for name, labels in (("InfoGAN, a table", table.fit_predict(X)),
                     ("InfoGAN, 8x8 images", categories), ("KMeans", kmeans)):
    print(f"{name:20s} matched accuracy {matched_accuracy_score(y, labels):.3f}, "
          f"NMI {normalized_mutual_info_score(y, labels):.3f}")

# %%
# One row of generated digits per category
# ----------------------------------------
# The pictures from here on are of the model fitted on the images. The
# category numbers are arbitrary; each row shows what the generator draws
# for one of them.
ax = plot_class_grid(infogan, 10, image_shape=(1, 8, 8), random_state=0)
ax.set_ylabel("category")

# %%
# Categories against the true digits
# ----------------------------------
# Categories are matched one-to-one to digits (the Hungarian method, as in
# the matched accuracy) and the confusion matrix is drawn in that order.
counts = contingency_matrix(y, categories)
digits, matched = linear_sum_assignment(counts, maximize=True)
order = matched[np.argsort(digits)]
display = ConfusionMatrixDisplay(counts[:, order],
                                 display_labels=[str(d) for d in range(10)])
display.plot(colorbar=False)
display.ax_.set_xlabel("category (matched to the digit)")
display.ax_.set_ylabel("true digit")

# %%
# What the continuous codes control
# ---------------------------------
# Within a category, each continuous code moves the generated digit along
# one direction of variation (here from -1 to 1, noise held fixed).
fig, axes = plt.subplots(1, 2, figsize=(11, 5.5))
for code, ax in enumerate(axes):
    plot_latent_traversal(infogan, code, image_shape=(1, 8, 8), ax=ax,
                          random_state=0)
    ax.set_ylabel("category")
fig.tight_layout()
plt.show()
