"""Conditional generation: ACGAN / InfoGAN sample quality on digits, and
oversampling an imbalanced breast-cancer set, beside imbalanced-learn.

Digits (load_digits, 75/25 stratified splits): ConditionalGANSampler with
its defaults is fitted on the full training split. Printed per method:

- class fidelity: accuracy of StandardScaler+LogisticRegression trained on the
  real training rows, on 100 generated rows per class;
- TSTR: the same model trained on as many generated rows as the training
  split (classes in training proportions), tested on the real test split,
  next to TRTR (trained on the real training split);
- column distance: mean per-column Wasserstein-1 distance to the real test
  rows, in real standard deviations, next to the real training rows' own
  distance to the test rows (the floor set by sampling);
- InfoGAN code recovery: R^2 between the codes given to ``sample`` (uniform
  in [-1, 1]) and ``transform`` of the generated rows;
- default fit time.

Imbalanced breast cancer (load_breast_cancer, 75/25 stratified splits; the
malignant rows of each training split are subsampled to 10% of the benign
count; the test split is untouched): balanced accuracy of
StandardScaler+LogisticRegression inside an imblearn Pipeline after no
resampling, class_weight="balanced", RandomOverSampler, SMOTE and
ConditionalGANSampler (defaults).

    python benchmarks/conditional.py                 # everything
    python benchmarks/conditional.py --splits 1 --pictures docs/_static
"""

import argparse
import os
import time
import warnings

import numpy as np
import torch
from sklearn.datasets import load_breast_cancer, load_digits
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import balanced_accuracy_score, r2_score
from sklearn.model_selection import train_test_split
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from sklgan import ConditionalGANSampler
from sklgan.metrics import class_fidelity_score, column_wasserstein_distance, tstr_score


def fmt(values, scale=100.0, digits=1):
    values = np.asarray(values) * scale
    return f"{values.mean():.{digits}f} +- {values.std():.{digits}f}"


def digits_case(seed, pictures=None):
    X, y = load_digits(return_X_y=True)
    X_train, X_test, y_train, y_test = train_test_split(
        X, y, test_size=0.25, stratify=y, random_state=seed)
    out = {"TRTR": tstr_score(X_train, y_train, X_test, y_test),
           "real distance": column_wasserstein_distance(X_test, X_train)}
    for kind in ("acgan", "infogan"):
        start = time.perf_counter()
        sampler = ConditionalGANSampler(kind, random_state=seed).fit(X_train, y_train)
        out[f"{kind} fit s"] = time.perf_counter() - start
        per_class = np.repeat(sampler.classes_, 100)
        X_cls, _ = sampler.sample(len(per_class), y=per_class, random_state=seed + 1)
        out[f"{kind} fidelity"] = class_fidelity_score(X_train, y_train, X_cls,
                                                       per_class)
        X_syn, y_syn = sampler.sample(len(X_train), random_state=seed + 2)
        out[f"{kind} TSTR"] = tstr_score(X_syn, y_syn, X_test, y_test)
        out[f"{kind} distance"] = column_wasserstein_distance(X_test, X_syn)
        if kind == "infogan":
            codes = np.random.RandomState(seed).uniform(-1, 1, (1000, 2))
            X_codes, _ = sampler.sample(1000, codes=codes, random_state=seed + 3)
            out["infogan R2"] = r2_score(codes, sampler.transform(X_codes))
        if pictures:
            save_pictures(sampler, pictures, seed)
    return out


def save_pictures(sampler, folder, seed):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from sklgan.plotting import plot_class_grid, plot_latent_traversal

    os.makedirs(folder, exist_ok=True)
    if sampler.kind == "acgan":
        ax = plot_class_grid(sampler, 10, image_shape=(1, 8, 8), random_state=seed)
        ax.set_title("ACGAN on digits: 10 samples per class")
        path = os.path.join(folder, "acgan_digits_classes.png")
    else:
        fig, axes = plt.subplots(1, 2, figsize=(12, 6))
        for code, ax in enumerate(axes):
            plot_latent_traversal(sampler, code, image_shape=(1, 8, 8), ax=ax,
                                  random_state=seed)
        fig.suptitle("InfoGAN on digits: traversals of the two continuous codes")
        path = os.path.join(folder, "infogan_digits_traversals.png")
        ax = axes[0]
    ax.figure.tight_layout()
    ax.figure.savefig(path, dpi=100)
    plt.close(ax.figure)
    print(f"  wrote {path}")


def imbalanced_case(seed, minority_share=0.1):
    from imblearn.over_sampling import SMOTE, RandomOverSampler
    from imblearn.pipeline import make_pipeline as make_imb_pipeline

    X, y = load_breast_cancer(return_X_y=True)  # 0: malignant, 1: benign
    X_train, X_test, y_train, y_test = train_test_split(
        X, y, test_size=0.25, stratify=y, random_state=seed)
    rng = np.random.RandomState(seed)
    malignant = np.flatnonzero(y_train == 0)
    n_keep = int(minority_share * (y_train == 1).sum())
    keep = np.sort(np.concatenate([np.flatnonzero(y_train == 1),
                                   rng.choice(malignant, n_keep, replace=False)]))
    X_train, y_train = X_train[keep], y_train[keep]

    def logreg(**kw):
        return [StandardScaler(), LogisticRegression(max_iter=5000, **kw)]

    methods = {
        "no resampling": make_pipeline(*logreg()),
        "class_weight=balanced": make_pipeline(*logreg(class_weight="balanced")),
        "RandomOverSampler": make_imb_pipeline(RandomOverSampler(random_state=seed),
                                               *logreg()),
        "SMOTE": make_imb_pipeline(SMOTE(random_state=seed), *logreg()),
        "ConditionalGANSampler": make_imb_pipeline(
            ConditionalGANSampler(random_state=seed), *logreg()),
    }
    out = {"n": (int((y_train == 0).sum()), int((y_train == 1).sum()))}
    for name, pipe in methods.items():
        start = time.perf_counter()
        pipe.fit(X_train, y_train)
        out[name + " s"] = time.perf_counter() - start
        out[name] = balanced_accuracy_score(y_test, pipe.predict(X_test))
    return out


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--splits", type=int, default=3)
    parser.add_argument("--pictures", default=None,
                        help="folder for the ACGAN grid and InfoGAN traversal PNGs")
    args = parser.parse_args()
    warnings.simplefilter("default")  # show every warning once, filter none
    print(f"torch {torch.__version__}, {torch.get_num_threads()} threads, "
          f"{args.splits} stratified 75/25 splits; mean +- std")

    runs = []
    for seed in range(args.splits):
        runs.append(digits_case(seed, args.pictures if seed == 0 else None))
        print(f"  done digits split {seed}")
    col = lambda key: [r[key] for r in runs]  # noqa: E731
    print("\ndigits (1347 training rows, 450 test rows), defaults")
    print(f"{'':<28}{'ACGAN':>16}{'InfoGAN':>16}{'real data':>16}")
    print(f"{'class fidelity (%)':<28}{fmt(col('acgan fidelity')):>16}"
          f"{fmt(col('infogan fidelity')):>16}{'':>16}")
    print(f"{'TSTR / TRTR accuracy (%)':<28}{fmt(col('acgan TSTR')):>16}"
          f"{fmt(col('infogan TSTR')):>16}{fmt(col('TRTR')):>16}")
    print(f"{'column W1 to test (std)':<28}{fmt(col('acgan distance'), 1, 3):>16}"
          f"{fmt(col('infogan distance'), 1, 3):>16}"
          f"{fmt(col('real distance'), 1, 3):>16}")
    print(f"{'code recovery R^2':<28}{'':>16}{fmt(col('infogan R2'), 1, 3):>16}")
    print(f"{'default fit (s)':<28}{fmt(col('acgan fit s'), 1):>16}"
          f"{fmt(col('infogan fit s'), 1):>16}")

    runs = [imbalanced_case(seed) for seed in range(max(args.splits, 5))]
    n_min, n_maj = runs[0]["n"]
    print(f"\nimbalanced breast cancer ({n_min} malignant vs {n_maj} benign training "
          f"rows, test untouched), {len(runs)} splits")
    print(f"{'StandardScaler+LogReg after':<28}{'balanced acc (%)':>18}{'fit (s)':>10}")
    for name in ("no resampling", "class_weight=balanced", "RandomOverSampler",
                 "SMOTE", "ConditionalGANSampler"):
        seconds = np.mean([r[name + " s"] for r in runs])
        print(f"{name:<28}{fmt([r[name] for r in runs]):>18}{seconds:>10.2f}")


if __name__ == "__main__":
    main()
