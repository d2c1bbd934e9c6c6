"""Demo: a semi-supervised GAN on the bundled digits with few labels.

Run ``python -m sklgan.demo``. It trains :class:`sklgan.SGANClassifier` on
the training split of :func:`sklearn.datasets.load_digits` with only
``--labels`` labels (the rest unlabeled), prints its test accuracy beside a
supervised baseline trained on the labeled rows alone and
``LabelSpreading``, and writes a grid of generated digits to a PNG file
whose path it prints.
"""

import argparse
import os
import time

import numpy as np
import torch
import torch.nn.functional as F
from sklearn.datasets import load_digits
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import train_test_split
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.semi_supervised import LabelSpreading
from torchvision.utils import save_image

from . import SGANClassifier


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m sklgan.demo",
                                     description=__doc__.split("\n\n")[0])
    parser.add_argument("--labels", type=int, default=50,
                        help="number of labeled training rows (default 50)")
    parser.add_argument("--epochs", type=int, default=None,
                        help="training epochs (default: the estimator's)")
    parser.add_argument("--out", default="sklgan-demo",
                        help="folder for the picture (default ./sklgan-demo)")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)

    X, y = load_digits(return_X_y=True)
    X_train, X_test, y_train, y_test = train_test_split(
        X, y, test_size=0.25, stratify=y, random_state=args.seed)
    # The same labeled rows for every method; -1 marks the unlabeled ones.
    labeled, _ = train_test_split(np.arange(len(y_train)), train_size=args.labels,
                                  stratify=y_train, random_state=args.seed)
    y_semi = np.full_like(y_train, -1)
    y_semi[labeled] = y_train[labeled]
    print(f"digits: {len(X_train)} training rows, {args.labels} of them labeled; "
          f"{len(X_test)} test rows")

    params = {} if args.epochs is None else {"max_epochs": args.epochs}
    sgan = SGANClassifier(random_state=args.seed, **params)
    start = time.perf_counter()
    sgan.fit(X_train, y_semi)
    seconds = time.perf_counter() - start
    logreg = make_pipeline(StandardScaler(), LogisticRegression(max_iter=2000))
    logreg.fit(X_train[labeled], y_train[labeled])
    spreading = LabelSpreading(kernel="knn").fit(X_train, y_semi)

    # LabelSpreading's score warns (RuntimeWarning) when a test row's nearest
    # training rows were reached by no label; such a row's prediction is
    # arbitrary
    rows = [("SGANClassifier (sklgan)", sgan.score(X_test, y_test)),
            ("LogisticRegression, labeled rows only", logreg.score(X_test, y_test)),
            ("LabelSpreading(kernel='knn')", spreading.score(X_test, y_test))]
    print(f"{'method':<40} test accuracy")
    for name, acc in rows:
        print(f"{name:<40} {acc:.3f}")
    print(f"SGANClassifier fit: {seconds:.1f} s on {sgan.net_.device}")

    os.makedirs(args.out, exist_ok=True)
    path = os.path.join(args.out, "generated_digits.png")
    samples = sgan.sample(100, random_state=args.seed)
    images = torch.as_tensor(np.clip(samples / 16.0, 0, 1), dtype=torch.float32)
    images = F.interpolate(images.reshape(-1, 1, 8, 8), scale_factor=4)  # 32x32
    save_image(images, path, nrow=10, padding=2)
    print(f"wrote 100 generated digits to {os.path.abspath(path)}")


if __name__ == "__main__":
    main()
