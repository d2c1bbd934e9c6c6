"""Speed: SGANClassifier beside a hand-written PyTorch loop, time to
accuracy, scaling in rows, and the costs of bfloat16 and torch.compile.

Parts (``--parts``, all by default):

overhead
    A plain PyTorch training loop (the same networks built from the same
    classes, the same batch size, labeled-batch stream, Adam settings,
    learning-rate schedule, losses (virtual adversarial, entropy,
    class-proportion and neighbour terms included, and, for images, the
    shift term, with their ramp-up) and number of updates; data already
    tensors on the device; no skorch, and of sklearn only the
    nearest-neighbour search, through the package's ``neighbor_graph``,
    inside the timed loop; the images' random moves are the package's
    ``random_affine``)
    timed beside
    ``SGANClassifier.fit`` (validation, scaling and the skorch engine
    included), runs alternating. Cases: digits (1797 x 64, 100 labels),
    100,000 x 64 generated rows (1,000 labels) and 28x28x1 generated images
    (the convolutional path). Prints seconds per epoch and the ratio.
accuracy
    Time to 95% held-out accuracy (``--target``) on digits with 50
    labels: a callback records the test accuracy after every epoch (its
    own time is not counted); the defaults (``max_epochs="auto"``: 215
    epochs of these 1,347 training rows, 3,010 updates) beside fixed
    shorter schedules and batches of 50 rows (the same rule then gives
    112 epochs).
scaling
    Seconds per epoch and memory for 1k, 10k, 100k and 1M generated rows of
    64 features, each size in a fresh process: the growth of the process's
    peak resident memory during ``fit`` and during ``predict_proba`` beside
    the size of ``X``.
precision
    float32 beside bfloat16 autocast and torch.compile on the digits case
    (first-epoch time, which holds the compilation, and later epochs).

    python benchmarks/speed.py                        # everything (CPU)
    python benchmarks/speed.py --parts overhead --repeats 5
    python benchmarks/speed.py --parts overhead precision --device cuda \\
        --image-rows 60000 --batch-sizes 100 1000     # the GPU runs
"""

import argparse
import json
import math
import os
import re
import statistics
import subprocess
import sys
import threading
import time

import numpy as np
import torch
import torch.nn.functional as F

from sklgan import SGANClassifier
from sklgan._callbacks import ValidationAccuracy
from sklgan._losses import random_affine, shift_size  # the package's moves
from sklgan._scaling import RangeScaler
from sklgan._sgan import neighbor_graph

# -- data ---------------------------------------------------------------


def digits():
    from sklearn.datasets import load_digits

    return load_digits(return_X_y=True)


def generated_rows(n_rows, n_features=64, n_classes=10, seed=0):
    """Gaussian rows whose class is the argmax of a fixed linear map."""
    rng = np.random.RandomState(seed)
    X = rng.standard_normal((n_rows, n_features))
    W = rng.standard_normal((n_features, n_classes))
    y = np.empty(n_rows, dtype=np.int64)
    for start in range(0, n_rows, 65536):  # no n_rows x n_classes temporary
        y[start:start + 65536] = np.argmax(X[start:start + 65536] @ W, axis=1)
    return X, y


def generated_images(n_rows, side=28, n_classes=10, seed=0):
    """Blurry class blobs on a side x side canvas, flattened, in [0, 1]."""
    rng = np.random.RandomState(seed)
    y = rng.randint(n_classes, size=n_rows)
    grid = np.stack(np.meshgrid(np.arange(side), np.arange(side), indexing="ij"), -1)
    centres = rng.uniform(6, side - 6, size=(n_classes, 2))
    X = np.empty((n_rows, side * side), dtype=np.float32)
    for start in range(0, n_rows, 4096):
        labels = y[start:start + 4096]
        c = centres[labels] + rng.normal(0, 1.5, (len(labels), 2))
        d2 = ((grid[None] - c[:, None, None]) ** 2).sum(-1)
        X[start:start + len(c)] = np.exp(-d2 / 18.0).reshape(len(c), -1)
    return X, y


def hide_labels(y, n_labeled, seed=0):
    rng = np.random.RandomState(seed)
    y = y.copy()
    keep = rng.choice(len(y), n_labeled, replace=False)
    hidden = np.ones(len(y), bool)
    hidden[keep] = False
    y[hidden] = -1
    return y


# -- the plain loop ------------------------------------------------------


def plain_loop(X, y, estimator, n_classes, epochs, device, seed=0):
    """Train SGANClassifier's networks with a hand-written loop.

    ``X`` (float32, already scaled to [-1, 1]) and ``y`` (-1 unlabeled) are
    tensors on ``device``. Returns the per-epoch mean losses (read once per
    epoch, as the package does).
    """
    torch.manual_seed(seed)
    params = estimator._network_params(X.shape[1], n_classes)
    D = params["module"](**{k[8:]: v for k, v in params.items()
                            if k.startswith("module__")}).to(device)
    G = params["generator"](**{k[11:]: v for k, v in params.items()
                               if k.startswith("generator__")}).to(device)
    lr, bs = estimator.lr, estimator.batch_size
    fused = torch.device(device).type in ("cpu", "cuda")  # as the package
    opt_d = torch.optim.Adam(D.parameters(), lr=lr, betas=(0.5, 0.999), fused=fused)
    opt_g = torch.optim.Adam(G.parameters(), lr=lr, betas=(0.5, 0.999), fused=fused)
    n = len(X)
    bs = min(bs, n)
    n_batches = -(-n // bs)
    lab = torch.nonzero(y >= 0).flatten()
    lab_bs = min(bs, len(lab))
    latent = G.latent_dim
    graph = (None if not estimator.neighbor_weight else
             neighbor_graph(X.cpu().numpy(), estimator.n_neighbors, seed))
    if graph is not None:
        graph = torch.as_tensor(graph, device=device)
    log = []
    for epoch in range(epochs):
        n_const = epochs // 2  # constant for half the epochs, then linear
        factor = min(1.0, (epochs - epoch) / max(epochs - n_const, 1))
        # the regularisers' Gaussian ramp-up over rampup_fraction of the epochs
        ramp_epochs = estimator.rampup_fraction * epochs
        ramp = (math.exp(-5 * (1 - min(epoch / ramp_epochs, 1)) ** 2)
                if ramp_epochs > 0 else 1.0)
        w_vat = ramp * estimator.consistency_weight
        w_ent = ramp * estimator.entropy_weight
        w_prior = ramp * estimator.prior_weight
        w_nbr = ramp * estimator.neighbor_weight if graph is not None else 0.0
        w_shift = ramp * estimator.shift_weight if estimator.image_shape else 0.0
        for opt in (opt_d, opt_g):
            opt.param_groups[0]["lr"] = lr * factor
        D.train()
        G.train()
        order = torch.randperm(n, device=device)
        reps = -(-n_batches * lab_bs // len(lab))
        lab_order = torch.cat([lab[torch.randperm(len(lab), device=device)]
                               for _ in range(reps)])
        totals = torch.zeros(3, device=device)
        for i in range(n_batches):
            idx = order[i * bs:(i + 1) * bs]
            lab_idx = lab_order[i * lab_bs:(i + 1) * lab_bs]
            x, xl, yl = X[idx], X[lab_idx], y[lab_idx]
            xn = x[:0]  # one listed neighbour of each row
            if w_nbr:
                pick = torch.randint(graph.shape[1], (len(idx),), device=device)
                xn = X[graph[idx, pick]]
            with torch.no_grad():
                fake = G(torch.randn(len(x), latent, device=device))
            opt_d.zero_grad(set_to_none=True)
            logits, feats, _ = D(torch.cat([xl, x, xn, fake]), return_all=True)
            l_lab, l_unl, l_nbr, l_fake = logits.split(
                [len(xl), len(x), len(xn), len(fake)])
            sup = F.cross_entropy(l_lab, yl)
            unsup = (F.softplus(-torch.logsumexp(l_unl, 1)).mean()
                     + F.softplus(torch.logsumexp(l_fake, 1)).mean())
            loss = sup + unsup
            log_p = F.log_softmax(l_unl, 1)
            if w_ent:  # entropy minimisation on the real rows
                loss = loss + w_ent * -(log_p.exp() * log_p).sum(1).mean()
            if w_prior:  # KL from the labeled rows' class shares to the mean
                share = torch.bincount(yl, minlength=l_unl.shape[1]) / len(yl)
                mean = log_p.exp().mean(0)
                ratio = (torch.log(share.clamp(min=1e-12))
                         - torch.log(mean.clamp(min=1e-12)))
                loss = loss + w_prior * (share * ratio).sum()
            if w_nbr:  # KL from each row's class distribution to its neighbour's
                loss = loss + w_nbr * F.kl_div(F.log_softmax(l_nbr, 1),
                                               log_p.detach().exp(),
                                               reduction="batchmean")
            if w_vat:  # virtual adversarial training, one power iteration
                p = log_p.detach().exp()
                d = torch.randn_like(x)
                d = (0.1 * d / d.norm(dim=1, keepdim=True)).requires_grad_()
                kl = F.kl_div(F.log_softmax(D(x + d), 1), p, reduction="batchmean")
                (g,) = torch.autograd.grad(kl, d)
                eps = estimator.consistency_eps * x.var(0, unbiased=False).sum().sqrt()
                r = eps * g / g.norm(dim=1, keepdim=True).clamp(min=1e-12)
                loss = loss + w_vat * F.kl_div(F.log_softmax(D(x + r), 1), p,
                                               reduction="batchmean")
            if w_shift:  # consistency under a random affine move of each image
                with torch.no_grad():
                    target = F.softmax(D(x), 1)
                shape = estimator.image_shape
                moved = random_affine(x, shape, shift_size(shape))
                loss = loss + w_shift * F.kl_div(F.log_softmax(D(moved), 1), target,
                                                 reduction="batchmean")
            loss.backward()
            opt_d.step()
            opt_g.zero_grad(set_to_none=True)
            fake = G(torch.randn(len(x), latent, device=device))
            _, f_fake, _ = D(fake, return_all=True)
            f_real = feats[len(xl):len(xl) + len(x)].detach()
            g_loss = (f_real.mean(0) - f_fake.mean(0)).pow(2).mean()
            g_loss.backward()
            opt_g.step()
            totals += torch.stack([sup.detach(), unsup.detach(), g_loss.detach()])
        log.append((totals / n_batches).tolist())
    return log


def scaled_tensors(X, y, image_shape, device):
    """The plain loop's input: X scaled to [-1, 1] as the estimator scales
    it, and y, as tensors on the device (prepared before timing)."""
    Xs = RangeScaler(per_feature=image_shape is None).fit_transform(X)
    return (torch.as_tensor(Xs.astype(np.float32), device=device),
            torch.as_tensor(y, dtype=torch.long, device=device))


def sync(device):
    if str(device).startswith("cuda"):
        torch.cuda.synchronize()


class GPUUtilisation:
    """Mean GPU utilisation (nvidia-smi, every 0.2 s) while the block runs."""

    def __init__(self, device):
        self.on = str(device).startswith("cuda")
        self.samples = []

    def __enter__(self):
        if self.on:
            self._stop = threading.Event()
            self._thread = threading.Thread(target=self._poll, daemon=True)
            self._thread.start()
        return self

    def _poll(self):
        while not self._stop.is_set():
            try:
                out = subprocess.run(
                    ["nvidia-smi", "--query-gpu=utilization.gpu",
                     "--format=csv,noheader,nounits", "-i", "0"],
                    capture_output=True, text=True, timeout=5).stdout
                self.samples.append(float(out.split()[0]))
            except (OSError, ValueError, IndexError, subprocess.SubprocessError):
                return
            time.sleep(0.2)

    def __exit__(self, *exc):
        if self.on:
            self._stop.set()
            self._thread.join()

    def mean(self):
        return f"{statistics.mean(self.samples):6.1f}" if self.samples else f"{'-':>6s}"


# -- parts ---------------------------------------------------------------


def overhead_cases(args):
    X, y = digits()
    cases = [("digits 1797x64", X, hide_labels(y, 100), None, 10)]
    Xg, yg = generated_rows(args.tabular_rows)
    cases.append((f"tabular {args.tabular_rows}x64", Xg,
                  hide_labels(yg, min(1000, len(yg) // 2)), None, 1))
    Xi, yi = generated_images(args.image_rows)
    cases.append((f"conv 28x28x1, {args.image_rows} rows", Xi,
                  hide_labels(yi, min(100, len(yi) // 2)), (1, 28, 28),
                  args.image_epochs))
    return cases


#: The column line of each part's table (docs/_static/speed_benchmark.txt
#: is checked against them by tests/test_benchmarks.py).
COLUMNS = {
    "overhead": (f"{'case':34s} {'batch':>5s} {'epochs':>6s} {'plain s/ep':>10s} "
                 f"{'sklgan s/ep':>11s} {'ratio':>6s} {'steps/s':>8s} {'GPU %':>6s}"),
    "accuracy": (f"{'configuration':44s} {'reached':>7s} {'median s':>8s} "
                 f"{'median ep':>9s} {'final acc':>9s} {'fit s':>6s}"),
    "scaling": (f"{'rows':>9s} {'epochs':>6s} {'s/epoch':>8s} {'us/row':>7s} "
                f"{'X MiB':>7s} {'fit +peak MiB':>13s} {'predict s':>9s} "
                f"{'proba MiB':>9s} {'predict +peak MiB':>17s}"),
    "precision": (f"{'setting':28s} {'epoch 1 s':>9s} {'later s/ep':>10s} "
                  f"{'fit s':>6s} {'accuracy':>8s}  (on all 1797 rows, 100 labeled)"),
}


def part_overhead(args):
    print(f"\n== overhead: plain PyTorch loop vs SGANClassifier.fit "
          f"(device={args.device}, {args.repeats} alternating runs, median) ==")
    print(COLUMNS["overhead"])
    for name, X, y, image_shape, epochs in overhead_cases(args):
        for batch_size in args.batch_sizes:
            est = SGANClassifier(image_shape=image_shape, max_epochs=epochs,
                                 batch_size=batch_size, device=args.device,
                                 random_state=0)
            Xt, yt = scaled_tensors(X, y, image_shape, args.device)
            n_classes = len(np.unique(y[y >= 0]))
            plain_loop(Xt[:2 * batch_size], yt[:2 * batch_size], est, n_classes, 1,
                       args.device)  # warm-up (allocator, kernels)
            plain, ours, util = [], [], GPUUtilisation(args.device)
            for _ in range(args.repeats):
                sync(args.device)
                t0 = time.perf_counter()
                plain_loop(Xt, yt, est, n_classes, epochs, args.device)
                sync(args.device)
                plain.append((time.perf_counter() - t0) / epochs)
                t0 = time.perf_counter()
                with util:
                    est.fit(X, y)
                sync(args.device)
                ours.append((time.perf_counter() - t0) / epochs)
            p, o = statistics.median(plain), statistics.median(ours)
            steps = -(-len(X) // min(batch_size, len(X))) / o
            print(f"{name:34s} {batch_size:5d} {epochs:6d} {p:10.3f} {o:11.3f} "
                  f"{o / p:6.2f} {steps:8.1f} {util.mean()}", flush=True)


def time_to_accuracy(params, X_train, y_train, X_test, y_test, seed, target):
    # the test rows scaled as the estimator scales its training rows
    X_test_scaled = (RangeScaler(clip=True).fit(X_train).transform(X_test)
                     .astype(np.float32))
    # scored after every epoch as validation_fraction's rows are
    recorder = ValidationAccuracy(X_test_scaled,
                                  np.searchsorted(np.unique(y_train), y_test),
                                  name="test_acc")
    est = SGANClassifier(num_labeled=50, random_state=seed,
                         callbacks=[("held_out", recorder)], **params)
    est.fit(X_train, y_train)
    curve, train_time = [], 0.0
    for row in est.history_:
        train_time += row["dur"]
        curve.append((row["epoch"], train_time, row["test_acc"]))
    reached = [(epoch, t) for epoch, t, acc in curve if acc >= target]
    return reached[0] if reached else None, curve


def part_accuracy(args):
    from sklearn.model_selection import train_test_split

    X, y = digits()
    configs = [("defaults (auto: 215 epochs, 3,010 updates)", {}),
               ("150 epochs", {"max_epochs": 150}),
               ("100 epochs", {"max_epochs": 100}),
               ("60 epochs", {"max_epochs": 60}),
               ("batch 50 (auto: 112 epochs, 3,024 updates)", {"batch_size": 50})]
    print(f"\n== time to {args.target:.0%} test accuracy, digits, 50 labels "
          f"({len(args.seeds)} splits; training seconds, callback time excluded) ==")
    print(COLUMNS["accuracy"])
    for name, params in configs:
        times, epochs, finals, totals, n_reached = [], [], [], [], 0
        for seed in args.seeds:
            X_tr, X_te, y_tr, y_te = train_test_split(
                X, y, test_size=0.25, stratify=y, random_state=seed)
            hit, curve = time_to_accuracy(params, X_tr, y_tr, X_te, y_te, seed,
                                          args.target)
            finals.append(curve[-1][2])
            totals.append(curve[-1][1])
            if hit:
                n_reached += 1
                epochs.append(hit[0])
                times.append(hit[1])
        med_t = f"{statistics.median(times):8.1f}" if times else f"{'-':>8s}"
        med_e = f"{statistics.median(epochs):9.0f}" if epochs else f"{'-':>9s}"
        print(f"{name:44s} {n_reached:3d}/{len(args.seeds):<3d} {med_t} {med_e} "
              f"{statistics.mean(finals):9.3f} {statistics.mean(totals):6.1f}",
              flush=True)


def _peak_kib():
    return int(re.search(r"VmHWM:\s+(\d+)", open("/proc/self/status").read()).group(1))


def _rss_kib():
    return int(re.search(r"VmRSS:\s+(\d+)", open("/proc/self/status").read()).group(1))


def _reset_peak():
    with open("/proc/self/clear_refs", "w") as f:
        f.write("5")


def scaling_child(n_rows, device):
    """One size, in this (fresh) process; prints a JSON line."""
    X, y = generated_rows(n_rows)
    y = hide_labels(y, min(1000, n_rows // 10))
    epochs = max(1, 20_000 // n_rows)
    est = SGANClassifier(max_epochs=epochs, device=device, random_state=0)
    warm = np.flatnonzero(y >= 0)[:200]
    est.fit(X[warm], y[warm])  # import and allocate everything once
    rss0 = _rss_kib()
    _reset_peak()
    t0 = time.perf_counter()
    est.fit(X, y)
    fit_s = time.perf_counter() - t0
    fit_peak = _peak_kib() - rss0
    rss1 = _rss_kib()
    _reset_peak()
    t0 = time.perf_counter()
    proba = est.predict_proba(X)
    predict_s = time.perf_counter() - t0
    predict_peak = _peak_kib() - rss1
    print(json.dumps({
        "rows": n_rows, "epochs": epochs,
        "s_per_epoch": statistics.mean(row["dur"] for row in est.history_),
        "fit_s": fit_s, "data_mib": X.nbytes / 2**20,
        "fit_peak_mib": fit_peak / 1024, "predict_s": predict_s,
        "proba_mib": proba.nbytes / 2**20, "predict_peak_mib": predict_peak / 1024}))


def part_scaling(args):
    print(f"\n== scaling: rows of 64 features, default networks, batch 100 "
          f"(device={args.device}; one fresh process per size) ==")
    print(COLUMNS["scaling"])
    for n_rows in args.rows:
        out = subprocess.run(
            [sys.executable, __file__, "--scaling-child", str(n_rows),
             "--device", args.device], capture_output=True, text=True, check=True,
            env={**os.environ, "PYTHONWARNINGS": "ignore"})
        r = json.loads(out.stdout.strip().splitlines()[-1])
        print(f"{r['rows']:9d} {r['epochs']:6d} {r['s_per_epoch']:8.2f} "
              f"{1e6 * r['s_per_epoch'] / r['rows']:7.1f} {r['data_mib']:7.0f} "
              f"{r['fit_peak_mib']:13.0f} {r['predict_s']:9.2f} "
              f"{r['proba_mib']:9.0f} {r['predict_peak_mib']:17.0f}", flush=True)


def part_precision(args):
    import tempfile

    # compile from scratch: no kernels cached by earlier runs
    os.environ["TORCHINDUCTOR_CACHE_DIR"] = tempfile.mkdtemp(prefix="inductor-")
    X, y_true = digits()
    y = hide_labels(y_true, 100)
    print(f"\n== precision and compilation, digits 1797x64, 100 labels, 6 epochs "
          f"(device={args.device}) ==")
    print(COLUMNS["precision"])
    for name, params in [("float32", {}),
                         ("bfloat16 autocast", {"precision": "bfloat16"}),
                         ("torch.compile", {"compile": True}),
                         ("bfloat16 + torch.compile",
                          {"precision": "bfloat16", "compile": True})]:
        est = SGANClassifier(max_epochs=6, device=args.device, random_state=0,
                             **params)
        t0 = time.perf_counter()
        est.fit(X, y)
        total = time.perf_counter() - t0
        durs = [row["dur"] for row in est.history_]
        print(f"{name:28s} {durs[0]:9.2f} {statistics.mean(durs[1:]):10.3f} "
              f"{total:6.1f} {est.score(X, y_true):8.3f}", flush=True)


def build_parser():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--parts", nargs="+",
                        default=["overhead", "accuracy", "scaling", "precision"],
                        choices=["overhead", "accuracy", "scaling", "precision"])
    parser.add_argument("--device", default="cuda" if torch.cuda.is_available()
                        else "cpu")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--batch-sizes", nargs="+", type=int, default=[100])
    parser.add_argument("--tabular-rows", type=int, default=100_000)
    parser.add_argument("--image-rows", type=int, default=2000)
    parser.add_argument("--image-epochs", type=int, default=2)
    parser.add_argument("--rows", nargs="+", type=int,
                        default=[1_000, 10_000, 100_000, 1_000_000])
    parser.add_argument("--seeds", nargs="+", type=int, default=[0, 1, 2])
    parser.add_argument("--target", type=float, default=0.95)
    parser.add_argument("--scaling-child", type=int, help=argparse.SUPPRESS)
    return parser


def main():
    args = build_parser().parse_args()
    if args.scaling_child:
        scaling_child(args.scaling_child, args.device)
        return
    print(f"torch {torch.__version__}, {os.cpu_count()} cores, torch threads "
          f"{torch.get_num_threads()}, device {args.device}"
          + (f" ({torch.cuda.get_device_name()})" if args.device.startswith("cuda")
             else ""))
    parts = {"overhead": part_overhead, "accuracy": part_accuracy,
             "scaling": part_scaling, "precision": part_precision}
    for part in args.parts:
        parts[part](args)


if __name__ == "__main__":
    main()
