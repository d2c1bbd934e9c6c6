"""Few-label classification: SGANClassifier beside supervised and
semi-supervised baselines, on the same stratified splits in the same run.

Cases (75/25 stratified splits, labels drawn stratified from the training
split, every other training row unlabeled):

- digits-50      load_digits, 50 labels, tabular MLP path
- digits-50-img  load_digits, 50 labels, image path (1, 8, 8)
- cancer-20      load_breast_cancer, 20 labels
- wine-9         load_wine, 9 labels

Methods: SGANClassifier with its defaults; the same discriminator network
trained on the labeled rows only (no GAN); LogisticRegression on the labeled
rows; LabelSpreading(kernel="knn") on raw and on standardised features, and
SelfTrainingClassifier (over LogisticRegression) on labeled + unlabeled rows.

Also prints the conv path's seconds per epoch on generated 28x28x1 and
32x32x3 images, and the time of a default fit on all of digits.

    python benchmarks/classification.py               # everything
    python benchmarks/classification.py --cases wine-9 --splits 1
"""

import argparse
import time

import numpy as np
import torch
import torch.nn.functional as F
from sklearn.datasets import load_breast_cancer, load_digits, load_wine
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import train_test_split
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.semi_supervised import LabelSpreading, SelfTrainingClassifier

from sklgan import SGANClassifier
from sklgan._scaling import RangeScaler

CASES = {
    "digits-50": (load_digits, 50, None),
    "digits-50-img": (load_digits, 50, (1, 8, 8)),
    "cancer-20": (load_breast_cancer, 20, None),
    "wine-9": (load_wine, 9, None),
}


def supervised_same_network(X_lab, y_lab, X_test, image_shape, seed):
    """SGANClassifier's discriminator (same defaults: sizes, noise, Adam, LR
    decay, epochs in updates) trained with cross-entropy on labeled rows."""
    ref = SGANClassifier(image_shape=image_shape)
    torch.manual_seed(seed)
    scaler = RangeScaler(per_feature=image_shape is None).fit(X_lab)
    Xl = torch.as_tensor(scaler.transform(X_lab), dtype=torch.float32)
    Xt = torch.as_tensor(scaler.transform(X_test), dtype=torch.float32)
    classes, yl = np.unique(y_lab, return_inverse=True)
    yl = torch.as_tensor(yl)
    # the discriminator exactly as SGANClassifier builds it (K class logits)
    params = ref._network_params(X_lab.shape[1], len(classes))
    net = params["module"](**{key[len("module__"):]: value
                              for key, value in params.items()
                              if key.startswith("module__")})
    opt = torch.optim.Adam(net.parameters(), lr=ref.lr, betas=(0.5, 0.999))
    n_steps = ref.max_epochs * 10
    for step in range(n_steps):
        for g in opt.param_groups:
            g["lr"] = ref.lr * min(1.0, 2 * (n_steps - step) / n_steps)
        idx = torch.randint(len(Xl), (min(ref.batch_size, len(Xl)),))
        loss = F.cross_entropy(net(Xl[idx]), yl[idx])
        opt.zero_grad()
        loss.backward()
        opt.step()
    net.eval()
    with torch.no_grad():
        return classes[net(Xt).argmax(1).numpy()]


def run_case(name, n_splits):
    loader, n_labels, image_shape = CASES[name]
    X, y = loader(return_X_y=True)
    scores = {}
    sgan_seconds = []
    for seed in range(n_splits):
        X_tr, X_te, y_tr, y_te = train_test_split(
            X, y, test_size=0.25, stratify=y, random_state=seed)
        lab, _ = train_test_split(np.arange(len(y_tr)), train_size=n_labels,
                                  stratify=y_tr, random_state=seed)
        y_semi = np.full_like(y_tr, -1)
        y_semi[lab] = y_tr[lab]

        def record(method, acc):
            scores.setdefault(method, []).append(acc)

        start = time.perf_counter()
        sgan = SGANClassifier(image_shape=image_shape, random_state=seed)
        sgan.fit(X_tr, y_semi)
        sgan_seconds.append(time.perf_counter() - start)
        record("SGANClassifier", sgan.score(X_te, y_te))
        pred = supervised_same_network(X_tr[lab], y_tr[lab], X_te, image_shape, seed)
        record("same net, labeled only", np.mean(pred == y_te))
        logreg = make_pipeline(StandardScaler(), LogisticRegression(max_iter=5000))
        record("LogisticRegression", logreg.fit(X_tr[lab], y_tr[lab]).score(X_te, y_te))
        spread = LabelSpreading(kernel="knn")
        record("LabelSpreading(knn)", spread.fit(X_tr, y_semi).score(X_te, y_te))
        spread = make_pipeline(StandardScaler(), LabelSpreading(kernel="knn"))
        record("Scaler+LabelSpreading", spread.fit(X_tr, y_semi).score(X_te, y_te))
        self_train = make_pipeline(StandardScaler(), SelfTrainingClassifier(
            LogisticRegression(max_iter=5000)))
        record("SelfTraining(LogReg)", self_train.fit(X_tr, y_semi).score(X_te, y_te))
    return scores, float(np.mean(sgan_seconds))


def conv_epoch_seconds(shape, n_rows=512, epochs=2):
    rng = np.random.RandomState(0)
    X = rng.rand(n_rows, int(np.prod(shape))).astype(np.float32)
    y = rng.randint(0, 10, n_rows)
    y[50:] = -1
    clf = SGANClassifier(image_shape=shape, max_epochs=epochs, random_state=0)
    clf.fit(X, y)
    return float(np.mean(clf.history_[:, "dur"])), len(X)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", nargs="+", default=list(CASES), choices=list(CASES))
    parser.add_argument("--splits", type=int, default=3)
    parser.add_argument("--skip-timing", action="store_true")
    args = parser.parse_args()

    print(f"torch {torch.__version__}, {torch.get_num_threads()} threads, "
          f"{args.splits} stratified 75/25 splits; accuracy mean +- std (%)")
    methods = None
    rows = []
    for name in args.cases:
        scores, seconds = run_case(name, args.splits)
        methods = list(scores)
        rows.append((name, scores, seconds))
        print(f"  done {name}: SGAN fit {seconds:.1f} s/split", flush=True)
    width = 23
    print()
    print(f"{'case':<15}" + "".join(f"{m:>{width}}" for m in methods))
    for name, scores, _ in rows:
        cells = [f"{100 * np.mean(s):.1f} +- {100 * np.std(s):.1f}"
                 for s in scores.values()]
        print(f"{name:<15}" + "".join(f"{c:>{width}}" for c in cells))
    print()
    for name, scores, seconds in rows:
        print(f"SGANClassifier fit time, {name}: {seconds:.1f} s")

    if not args.skip_timing:
        X, y = load_digits(return_X_y=True)
        start = time.perf_counter()
        SGANClassifier(random_state=0).fit(X, y)
        print(f"default fit on all of digits (1797 x 64, all labeled): "
              f"{time.perf_counter() - start:.1f} s")
        for shape in [(1, 28, 28), (3, 32, 32)]:
            sec, n = conv_epoch_seconds(shape)
            print(f"conv path {shape}: {sec:.2f} s/epoch for {n} generated rows "
                  f"(default networks, batch 100)")


if __name__ == "__main__":
    main()
