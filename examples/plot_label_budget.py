"""
=====================================================
Accuracy as the number of labels grows (GridSearchCV)
=====================================================

How many labels does :class:`sklgan.SGANClassifier` need? A
:class:`~sklearn.model_selection.GridSearchCV` over a label budget answers
it. Every method gets the *same* labeled rows of each fold through a small
wrapper that keeps ``num_labeled`` labels (stratified) and marks the other
rows unlabeled: a supervised classifier sees only the kept labeled rows,
:class:`~sklearn.semi_supervised.LabelSpreading` and the GAN see them and
the unlabeled rest. (``SGANClassifier(num_labeled=k)`` does the same on its
own, with its own draw of the rows; the wrapper is what makes the methods
comparable row for row.)
"""

import sys

import matplotlib.pyplot as plt
import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin, MetaEstimatorMixin, clone
from sklearn.datasets import load_digits
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GridSearchCV, StratifiedKFold, train_test_split
from sklearn.semi_supervised import LabelSpreading

from sklgan import SGANClassifier

FULL = "--full" in sys.argv
# LabelSpreading warns (RuntimeWarning, a division by zero) when a test row's
# nearest training rows were reached by no label; such rows' predictions are
# arbitrary. The warnings are left visible.


class LabelBudget(MetaEstimatorMixin, ClassifierMixin, BaseEstimator):
    """Fit ``estimator`` with only ``num_labeled`` of the labels.

    ``semi_supervised=True`` passes the other rows marked ``-1``; False
    drops them (a supervised learner).
    """

    def __init__(self, estimator, num_labeled=50, semi_supervised=False,
                 random_state=0):
        self.estimator = estimator
        self.num_labeled = num_labeled
        self.semi_supervised = semi_supervised
        self.random_state = random_state

    def fit(self, X, y):
        kept, _ = train_test_split(np.arange(len(y)), train_size=self.num_labeled,
                                   stratify=y, random_state=self.random_state)
        self.estimator_ = clone(self.estimator)
        if self.semi_supervised:
            y_semi = np.full_like(y, -1)
            y_semi[kept] = y[kept]
            self.estimator_.fit(X, y_semi)
        else:
            self.estimator_.fit(X[kept], y[kept])
        self.classes_ = self.estimator_.classes_
        return self

    def predict(self, X):
        return self.estimator_.predict(X)


# %%
# One grid search per method over the same label budgets and folds
# -----------------------------------------------------------------
X, y = load_digits(return_X_y=True)
budgets = [20, 50, 100, 300] if not FULL else [20, 30, 50, 100, 200, 400]
cv = StratifiedKFold(n_splits=2 if not FULL else 5, shuffle=True, random_state=0)
epochs = 15 if not FULL else "auto"

methods = {
    "SGANClassifier": (
        LabelBudget(SGANClassifier(max_epochs=epochs, random_state=0),
                    semi_supervised=True), "num_labeled"),
    "LabelSpreading (kNN)": (
        LabelBudget(LabelSpreading(kernel="knn", n_neighbors=7, max_iter=10_000),
                    semi_supervised=True), "num_labeled"),
    "LogisticRegression, labeled rows only": (
        LabelBudget(LogisticRegression(max_iter=2000)), "num_labeled"),
}
curves = {}
for name, (estimator, param) in methods.items():
    search = GridSearchCV(estimator, {param: budgets}, cv=cv).fit(X, y)
    curves[name] = (search.cv_results_["mean_test_score"],
                    search.cv_results_["std_test_score"])
    print(f"{name:40s}", " ".join(f"{m:.3f}" for m in curves[name][0]))

# %%
# The learning curve
# ------------------
# With the quick setting (15 epochs per GAN fit, 2 folds, so that the
# example runs in well under a minute) the GAN is far from its full-length
# accuracy, and k-nearest-neighbour label spreading, which suits the
# compact classes of digits, leads at every budget. ``--full`` runs the
# default schedule (``max_epochs="auto"``) on 5 folds (several minutes);
# the :doc:`/benchmarks` page compares the methods at full length on
# several data sets.
fig, ax = plt.subplots(figsize=(6.4, 4))
for name, (mean, std) in curves.items():
    ax.errorbar(budgets, mean, yerr=std, marker="o", capsize=3, label=name)
ax.set_xscale("log")
ax.set_xticks(budgets, [str(b) for b in budgets])
ax.minorticks_off()
ax.set_xlabel("labeled rows (the rest unlabeled)")
ax.set_ylabel(f"test accuracy ({cv.get_n_splits()}-fold mean)")
ax.set_title(f"digits: accuracy vs. label budget (max_epochs={epochs!r})")
ax.grid(alpha=0.3)
ax.legend()
fig.tight_layout()
plt.show()
