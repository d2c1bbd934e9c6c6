"""Threads and processes: does a parallel hyperparameter search oversubscribe
the cores?

The same ``GridSearchCV`` over an ``SGANClassifier`` (4 candidates x 3 folds on
digits) runs sequentially and in parallel, with torch's threads left to the
environment (``n_jobs=None``, the default) or forced. Run alone on an
otherwise idle machine::

    python benchmarks/threads.py [--epochs 6] [--repeats 1]

Rows, best of ``--repeats`` wall-clock times:

- search n_jobs=1: one process, torch on every core;
- search n_jobs=2 (loky): two worker processes; joblib gives each
  ``cpu_count // 2`` threads and torch follows;
- ... with SGANClassifier(n_jobs=cores): each worker forced to use every
  core (the oversubscription the default avoids);
- threading backend: two Python threads sharing one torch;
- nested: ``cross_val_score(GridSearchCV(n_jobs=2), n_jobs=2)``.
"""

import argparse
import time

import joblib
import numpy as np
import torch
from sklearn.datasets import load_digits
from sklearn.model_selection import GridSearchCV, cross_val_score

from sklgan import SGANClassifier


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=6)
    parser.add_argument("--repeats", type=int, default=1)
    args = parser.parse_args()

    X, y = load_digits(return_X_y=True)
    X, y = X[:900], y[:900]
    cores = joblib.cpu_count()
    grid = {"dropout": [0.0, 0.2], "num_labeled": [50, 100]}

    def search(n_jobs, est_jobs=None, backend=None):
        clf = SGANClassifier(max_epochs=args.epochs, n_jobs=est_jobs, random_state=0)
        gs = GridSearchCV(clf, grid, cv=3, n_jobs=n_jobs)
        if backend is None:
            return gs.fit(X, y)
        with joblib.parallel_backend(backend, n_jobs=n_jobs):
            return gs.fit(X, y)

    def nested():
        clf = SGANClassifier(max_epochs=args.epochs, random_state=0)
        gs = GridSearchCV(clf, {"dropout": [0.0, 0.2]}, cv=2, n_jobs=2)
        return cross_val_score(gs, X, y, cv=2, n_jobs=2)

    def nested_sequential():
        clf = SGANClassifier(max_epochs=args.epochs, random_state=0)
        gs = GridSearchCV(clf, {"dropout": [0.0, 0.2]}, cv=2, n_jobs=1)
        return cross_val_score(gs, X, y, cv=2, n_jobs=1)

    cases = [
        ("search n_jobs=1 (torch: all cores)", lambda: search(1)),
        ("search n_jobs=2, loky (default threads)", lambda: search(2)),
        (f"search n_jobs=2, loky, SGANClassifier(n_jobs={cores})",
         lambda: search(2, est_jobs=cores)),
        ("search n_jobs=2, threading backend", lambda: search(2, backend="threading")),
        ("nested CV, sequential", nested_sequential),
        ("nested CV, outer n_jobs=2, inner n_jobs=2", nested),
    ]
    print(f"torch {torch.__version__}, {cores} cores, torch threads in this process: "
          f"{torch.get_num_threads()}; digits {X.shape}, {args.epochs} epochs per fit, "
          f"best of {args.repeats}")
    print(f"{'configuration':58s} {'wall (s)':>9s} {'vs first':>9s}")
    base = {}
    for name, run in cases:
        times = []
        for _ in range(args.repeats):
            start = time.perf_counter()
            run()
            times.append(time.perf_counter() - start)
        best = min(times)
        key = "nested" if name.startswith("nested") else "search"
        base.setdefault(key, best)
        print(f"{name:58s} {best:9.1f} {best / base[key]:8.2f}x", flush=True)


if __name__ == "__main__":
    np.random.seed(0)
    main()
