"""
A mixed-type table: categories, integers, zeros and long tails
===============================================================

Real tables hold strings, categories, booleans, counts full of zeros and
long-tailed amounts. :class:`~sklgan.ConditionalGANSampler` takes such a
pandas DataFrame as it is (``categorical_features="from_dtype"``) and
generates rows of a chosen class in the same columns, values and dtypes.

The table here comes from :func:`sklgan.datasets.make_mixed_table`: loans
with a region (``category``), an education level (strings), an
``employed`` flag (``bool``), integer counts (``n_late`` is zero in two
rows of three, and never above twice ``n_accounts``), a share in [0, 1]
with exact zeros and a long-tailed amount; the class is a risk level. The
last section removes values from the amount, as real tables miss them.
"""

# %%
# Fit on the table, generate as many rows
# ---------------------------------------
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from sklgan import ConditionalGANSampler
from sklgan.datasets import make_mixed_table
from sklgan.metrics import column_distances, tabular_quality_score

X, y = make_mixed_table(2000, random_state=0)
sampler = ConditionalGANSampler(random_state=0).fit(X, y)
X_new, y_new = sampler.sample(len(X), random_state=0)  # classes as in y

print(X.head().to_string())
print(X_new.head().to_string())
print(pd.DataFrame({"real": X.dtypes.astype(str),
                    "generated": X_new.dtypes.astype(str)}).to_string())

# %%
# Each column, real beside generated
# ----------------------------------
# Categories are drawn from their learned proportions; integer columns are
# integers; every value lies within the range seen in fit (the amount on a
# log scale). ``numeric_transform="quantile"`` would give the amount's long
# tail and the exact zeros of ``usage`` more of their share, at some cost
# in the other columns (see the benchmarks page); ``"mode"``, below, gives
# the tail modes of its own.
fig, axes = plt.subplots(2, 4, figsize=(13, 6))
for ax, column in zip(axes.ravel(), X.columns):
    real, fake = X[column], X_new[column]
    if column in ("region", "education", "employed"):
        shares = pd.DataFrame({"real": real.astype(str).value_counts(normalize=True),
                               "generated": fake.astype(str).value_counts(
                                   normalize=True)}).fillna(0)
        shares.plot.bar(ax=ax, rot=30, legend=column == "region")
    else:
        values = np.log10(real) if column == "amount" else real
        generated = np.log10(fake) if column == "amount" else fake
        bins = np.histogram_bin_edges(values, bins=30)
        ax.hist(values, bins=bins, alpha=0.6, density=True, label="real")
        ax.hist(generated, bins=bins, alpha=0.6, density=True, label="generated")
    ax.set_title("log10 amount" if column == "amount" else column)
fig.tight_layout()

# %%
# The quality table
# -----------------
# Per column, the distance between the real and the generated distribution
# (total variation for categories, Kolmogorov-Smirnov for numbers; 0 is
# identical, 1 disjoint), the exact zeros of the count ``n_late``, the rule
# between the two counts, and one overall score
# (:func:`~sklgan.metrics.tabular_quality_score`).
table = pd.DataFrame({"distance": column_distances(X, X_new)}, index=X.columns)
print(table.round(3).to_string())
print(f"exact zeros of n_late: real {np.mean(X.n_late == 0):.1%}, "
      f"generated {np.mean(X_new.n_late == 0):.1%}")
print(f"rule n_late <= 2 n_accounts holds in "
      f"{np.mean(X_new.n_late <= 2 * X_new.n_accounts):.1%} of generated rows")
print(f"quality score: {tabular_quality_score(X, X_new):.3f}")

# %%
# A long tail, mode by mode
# -------------------------
# ``numeric_transform="mode"`` is CTGAN's mode-specific normalisation: a
# Gaussian mixture finds each numeric column's modes, and the generator
# draws a value as one of its modes (a one-hot head, like a category) and a
# place within that mode. The amount's long tail then gets modes of its own
# instead of being squeezed into one range. (For the classifier it is not a
# good choice; see the user guide.)
modes = ConditionalGANSampler(numeric_transform="mode", random_state=0).fit(X, y)
X_mode, _ = modes.sample(len(X), random_state=0)
numeric = X.columns[~modes.scaler_.categorical_mask_]
print("modes per numeric column:",
      dict(zip(numeric, map(int, modes.scaler_.mode_sizes_))))
fig, ax = plt.subplots(figsize=(6, 4))
bins = np.histogram_bin_edges(np.log10(X.amount), bins=40)
for label, rows in (("real", X), ('"range" (the default)', X_new),
                    ('"mode"', X_mode)):
    ax.hist(np.log10(rows.amount), bins=bins, density=True, histtype="step",
            linewidth=2, label=label)
    print(f"{label:>22}: amount skew {rows.amount.skew():.1f}, "
          f"max {rows.amount.max():,.0f}, "
          f"exact zeros of n_late {np.mean(rows.n_late == 0):.1%}")
ax.set_xlabel("log10 amount")
ax.legend()
fig.tight_layout()

# %%
# Rows of one class
# -----------------
# The class controls the rows: high-risk loans have more late payments and
# a higher usage than low-risk ones, in the real table and in the generated.
summary = pd.DataFrame({
    (kind, risk): {"mean n_late": rows.n_late[labels == risk].mean(),
                   "mean usage": rows.usage[labels == risk].mean()}
    for kind, rows, labels in (("real", X, y), ("generated", X_new, y_new))
    for risk in ("low", "high")})
print(summary.round(2).to_string())

# %%
# Missing values
# --------------
# Real tables miss values, and seldom at random. Here the amount is removed
# from 40% of the high-risk loans and 5% of the others. A numeric column
# with missing values is encoded as its median plus an ``[observed,
# missing]`` pair, which the generator draws with a head of its own, like
# a category, and conditioned on the class: generated high-risk loans miss
# the amount far more often than the others, as the real ones do (the rare
# 5% of the other classes comes out rougher), and come back with NaN where
# they miss it.
rng = np.random.RandomState(0)
X_holes = X.assign(amount=X.amount.mask(
    rng.uniform(size=len(X)) < np.where(y == "high", 0.4, 0.05)))
holes = ConditionalGANSampler(random_state=0).fit(X_holes, y)
X_gen, y_gen = holes.sample(len(X), random_state=0)
print(pd.DataFrame({
    "real": X_holes.amount.isna().groupby(y).mean(),
    "generated": X_gen.amount.isna().groupby(y_gen).mean()}).round(3).to_string())
plt.show()
