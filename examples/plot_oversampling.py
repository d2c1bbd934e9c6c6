"""
=====================================================
Oversampling a rare class inside an imblearn Pipeline
=====================================================

``ConditionalGANSampler.fit_resample`` is imbalanced-learn's sampler API, so
the sampler is a step of :class:`imblearn.pipeline.Pipeline`: during ``fit``
it adds generated rows of the rare classes; at prediction time it does
nothing. Here the malignant class of the breast-cancer data is cut to one
row for every ten benign ones, and four ways of dealing with it are scored
by balanced accuracy on the untouched test split.
"""

import sys

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from imblearn.over_sampling import SMOTE, RandomOverSampler
from imblearn.pipeline import make_pipeline
from sklearn.datasets import load_breast_cancer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import balanced_accuracy_score
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import StandardScaler

from sklgan import ConditionalGANSampler

SPLITS = range(5) if "--full" in sys.argv else range(2)

data = load_breast_cancer(as_frame=True)
X, y = data.data, data.target  # a DataFrame: the sampler keeps its columns


def imbalanced_split(seed):
    X_train, X_test, y_train, y_test = train_test_split(
        X, y, test_size=0.25, stratify=y, random_state=seed)
    rng = np.random.RandomState(seed)
    benign = np.flatnonzero(y_train == 1)
    malignant = rng.choice(np.flatnonzero(y_train == 0), len(benign) // 10,
                           replace=False)
    keep = np.concatenate([benign, malignant])
    return X_train.iloc[keep], X_test, y_train.iloc[keep], y_test


def model(sampler=None, **logreg):
    steps = [sampler] if sampler is not None else []
    return make_pipeline(*steps, StandardScaler(),
                         LogisticRegression(max_iter=5000, **logreg))


methods = {
    "no resampling": lambda s: model(),
    "class_weight='balanced'": lambda s: model(class_weight="balanced"),
    "RandomOverSampler": lambda s: model(RandomOverSampler(random_state=s)),
    "SMOTE": lambda s: model(SMOTE(random_state=s)),
    "ConditionalGANSampler": lambda s: model(ConditionalGANSampler(random_state=s)),
}

# %%
# What the sampler adds
# ---------------------
X_train, _, y_train, _ = imbalanced_split(0)
X_res, y_res = ConditionalGANSampler(random_state=0).fit_resample(X_train, y_train)
print("class counts before:", y_train.value_counts().to_dict(),
      "after:", y_res.value_counts().to_dict())
print(X_res.tail(3).iloc[:, :4])  # generated rows, same columns

# %%
# Balanced accuracy of each method
# --------------------------------
scores = {name: [] for name in methods}
for seed in SPLITS:
    X_train, X_test, y_train, y_test = imbalanced_split(seed)
    for name, make in methods.items():
        fitted = make(seed).fit(X_train, y_train)
        scores[name].append(balanced_accuracy_score(y_test, fitted.predict(X_test)))
table = pd.DataFrame(scores).agg(["mean", "std"]).T.round(3)
print(table)

# %%
# On this small data set the generated rows do not help the linear model:
# the GAN sampler ties with no resampling, and SMOTE, which interpolates
# between real rare rows, does best. The :doc:`/benchmarks` page has the
# same comparison over five splits.

fig, ax = plt.subplots(figsize=(6.4, 3))
ax.barh(table.index, table["mean"], xerr=table["std"], capsize=3)
ax.set_xlim(0.5, 1.0)
ax.set_xlabel(f"balanced accuracy ({len(SPLITS)} splits)")
ax.invert_yaxis()
fig.tight_layout()
plt.show()
