import pytest
import torch

from sklgan._engine import Batch, DeviceData, SemiSupervisedBatches, TensorBatches

# the first 200 rows hold a single labeled nine, which the classifier warns
# about; these tests are about the training step, not the labels
SINGLE_LABEL_NINE = pytest.mark.filterwarnings(
    "ignore:Classes \\[9\\] have a single labeled row:UserWarning")


def test_semi_supervised_batches_cover_rows_and_tile_labels():
    X = torch.arange(25, dtype=torch.float32).reshape(25, 1)
    y = torch.full((25,), -1)
    y[:3] = torch.tensor([0, 1, 0])
    data = DeviceData(X, y)
    batches = list(SemiSupervisedBatches(data, batch_size=10))
    assert len(batches) == 3 and all(isinstance(b, Batch) for b in batches)
    seen = torch.cat([b.x for b in batches]).flatten().sort().values
    assert torch.equal(seen, X.flatten())  # every row once per epoch
    for b in batches:
        assert len(b.x_labeled) == 3  # min(batch_size, n_labeled)
        assert (b.y_labeled >= 0).all()
        assert torch.equal(b.y_labeled, y[b.x_labeled.flatten().long()])


def test_batches_carry_one_listed_neighbour_per_row():
    X = torch.arange(20, dtype=torch.float32).reshape(20, 1)
    # row i's neighbours: rows i + 1 and i + 2 (mod 20)
    neighbors = (torch.arange(20)[:, None] + torch.tensor([1, 2])) % 20
    data = DeviceData(X, torch.full((20,), -1), neighbors=neighbors)
    torch.manual_seed(0)
    steps = []
    for _ in range(5):
        for b in SemiSupervisedBatches(data, batch_size=8):
            assert b.x_neighbor.shape == b.x.shape
            steps.append((b.x_neighbor - b.x).flatten() % 20)
    steps = torch.cat(steps)
    assert set(steps.tolist()) == {1.0, 2.0}  # always a listed one, both drawn
    plain = next(iter(SemiSupervisedBatches(DeviceData(X, torch.full((20,), -1)),
                                            batch_size=8)))
    assert plain.x_neighbor is None


def test_tensor_batches_slices_in_order():
    X = torch.randn(10, 2)
    out = [xb for xb, _ in TensorBatches(DeviceData(X), batch_size=4)]
    assert [len(b) for b in out] == [4, 4, 2]
    assert torch.equal(torch.cat(out), X)


def test_batches_without_labeled_rows():
    X = torch.randn(7, 2)
    data = DeviceData(X, torch.full((7,), -1))
    batches = list(SemiSupervisedBatches(data, batch_size=3))
    assert [len(b.x) for b in batches] == [3, 3, 1]
    assert all(len(b.x_labeled) == 0 and len(b.y_labeled) == 0 for b in batches)
    assert all((b.y == -1).all() for b in batches)


def test_batch_targets_match_rows():
    X = torch.arange(12, dtype=torch.float32).reshape(12, 1)
    y = torch.arange(12) % 3
    for b in SemiSupervisedBatches(DeviceData(X, y), batch_size=5):
        assert torch.equal(b.y, y[b.x.flatten().long()])


@SINGLE_LABEL_NINE
def test_compile_wraps_both_networks_not_the_objective(digits_semi, fast_params,
                                                       monkeypatch):
    import pickle

    import numpy as np

    from sklgan import SGANClassifier

    compiled = []
    real_compile = torch.compile

    def eager_compile(module, **kwargs):  # dynamo without inductor: fast here
        compiled.append(type(module).__name__)
        return real_compile(module, backend="eager")

    monkeypatch.setattr(torch, "compile", eager_compile)
    X, _, y_semi = digits_semi
    clf = SGANClassifier(compile=True, **{**fast_params, "max_epochs": 1})
    clf.fit(X[:200], y_semi[:200])
    assert sorted(compiled) == ["MLPDiscriminator", "MLPGenerator"]
    proba = clf.predict_proba(X[:5])
    assert np.allclose(proba.sum(1), 1)
    restored = pickle.loads(pickle.dumps(clf))
    assert np.allclose(restored.predict_proba(X[:5]), proba)


@SINGLE_LABEL_NINE
def test_bfloat16_autocast_in_training_only(digits_semi, fast_params):
    import numpy as np

    from sklgan import SGANClassifier

    X, _, y_semi = digits_semi
    dtypes = {True: set(), False: set()}

    clf = SGANClassifier(precision="bfloat16", **{**fast_params, "max_epochs": 1})
    clf.fit(X[:200], y_semi[:200])
    layer = clf.discriminator_.head
    layer.register_forward_hook(
        lambda m, i, out: dtypes[m.training].add(out.dtype))
    clf.set_params(warm_start=True).fit(X[:200], y_semi[:200])
    proba = clf.predict_proba(X[:20])
    assert dtypes[True] == {torch.bfloat16}  # training forward passes
    # inference: float64 for a fully connected discriminator (its
    # inference_dtype), never bfloat16
    assert dtypes[False] == {torch.float64}
    assert proba.dtype == np.float64 and np.allclose(proba.sum(1), 1)
    assert all(np.isfinite(row["d_loss"]) for row in clf.history_)
    # weights stay float32 (mixed precision, not a bfloat16 model)
    assert {p.dtype for p in clf.discriminator_.parameters()} == {torch.float32}


def test_batches_shared_between_processes():
    X = torch.arange(23, dtype=torch.float32).reshape(23, 1)
    y = torch.full((23,), -1)
    y[:4] = torch.tensor([0, 1, 0, 1])
    data = DeviceData(X, y)
    shares = []
    for rank in range(2):
        torch.manual_seed(0)  # every process draws the same permutation
        shares.append([b.x.flatten().tolist() for b in SemiSupervisedBatches(
            data, batch_size=5, num_processes=2, process_index=rank)])
    assert len(SemiSupervisedBatches(data, 5, num_processes=2)) == 2  # 5 batches // 2
    assert [len(s) for s in shares] == [2, 2]
    rows = [r for share in shares for batch in share for r in batch]
    assert len(rows) == len(set(rows)) == 20  # disjoint batches
    torch.manual_seed(0)
    single = [b.x.flatten().tolist() for b in SemiSupervisedBatches(data, 5)]
    assert shares[0] == single[0:4:2] and shares[1] == single[1:4:2]


def test_accelerate_single_process_trains_the_same_networks(digits_semi, fast_params):
    import pickle

    import numpy as np

    accelerate = pytest.importorskip("accelerate")
    from sklgan import ConditionalGANSampler, SGANClassifier
    from sklgan._engine import AcceleratedGANNet

    X, _, y_semi = digits_semi
    plain = SGANClassifier(**fast_params).fit(X, y_semi)
    accelerated = SGANClassifier(accelerator=accelerate.Accelerator(cpu=True),
                                 **fast_params).fit(X, y_semi)
    assert isinstance(accelerated.net_, AcceleratedGANNet)
    assert np.array_equal(plain.predict_proba(X), accelerated.predict_proba(X))
    assert [r["d_loss"] for r in plain.history_] == [
        r["d_loss"] for r in accelerated.history_]
    for est in (plain, accelerated):  # a continuation, also identical
        est.set_params(warm_start=True, max_epochs=1).fit(X, y_semi)
    assert np.array_equal(plain.predict_proba(X), accelerated.predict_proba(X))
    restored = pickle.loads(pickle.dumps(accelerated))
    assert np.array_equal(restored.predict_proba(X), accelerated.predict_proba(X))
    sampler = ConditionalGANSampler(accelerator=accelerate.Accelerator(cpu=True),
                                    max_epochs=1, random_state=0)
    assert sampler.fit(X[:200], np.arange(200) % 3).sample(4)[0].shape == (4, 64)


TWO_PROCESSES = """
import json

import numpy as np
import torch
from accelerate import Accelerator, debug_launcher
from sklearn.datasets import load_digits
from skorch.callbacks import Callback

from sklgan import SGANClassifier


class CountBatches(Callback):
    def on_train_begin(self, net, **kwargs):
        self.n = 0

    def on_batch_end(self, net, training=True, **kwargs):
        self.n += training


def train():
    torch.set_num_threads(1)
    accelerator = Accelerator(cpu=True)
    X, y = load_digits(return_X_y=True)
    y = np.where(np.arange(len(y)) % 10 == 0, y, -1)[:600]
    clf = SGANClassifier(accelerator=accelerator, max_epochs=2, batch_size=50,
                         latent_dim=8, hidden_layer_sizes=(32, 16),
                         callbacks=[("count", CountBatches())], random_state=0)
    clf.fit(X[:600], y)
    weights = torch.cat([p.detach().flatten() for p in clf.discriminator_.parameters()]
                        + [p.detach().flatten() for p in clf.generator_.parameters()])
    proba = torch.as_tensor(clf.predict_proba(X[600:650]))
    batches = torch.tensor([dict(clf.net_.callbacks_)["count"].n])
    everything = [accelerator.gather(t[None]) for t in (weights, proba)]
    batches = accelerator.gather(batches)
    if accelerator.is_main_process:
        print(json.dumps({
            "processes": accelerator.num_processes, "batches": batches.tolist(),
            "same_weights": bool(torch.equal(everything[0][0], everything[0][1])),
            "same_proba": bool(torch.allclose(everything[1][0], everything[1][1])),
            "proba_sums": everything[1][0].sum(1).tolist()}))


if __name__ == "__main__":
    debug_launcher(train, num_processes=2)
"""


def test_accelerate_data_parallel_on_two_cpu_processes(tmp_path):
    """Two processes (gloo on the CPU) each train a replica on half of the
    batches; the averaged gradients keep the replicas identical. Runs in a
    fresh interpreter: forking a process that has run autograd is unsafe."""
    pytest.importorskip("accelerate")
    import json
    import subprocess
    import sys

    import numpy as np

    script = tmp_path / "two_processes.py"
    script.write_text(TWO_PROCESSES)
    out = subprocess.run([sys.executable, "-W", "ignore", str(script)],
                         capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr[-3000:]
    result = json.loads(out.stdout.strip().splitlines()[-1])
    assert result["processes"] == 2
    assert result["batches"] == [12 // 2 * 2] * 2  # half of 12 batches, 2 epochs
    assert result["same_weights"] and result["same_proba"]
    assert np.allclose(result["proba_sums"], 1)


def test_frozen_skips_weight_gradients_and_restores_flags():
    import torch

    from sklgan._engine import _frozen

    net = torch.nn.Sequential(torch.nn.Linear(3, 4), torch.nn.Linear(4, 1))
    net[1].bias.requires_grad_(False)  # frozen by its owner: stays frozen
    x = torch.randn(5, 3, requires_grad=True)
    with _frozen(net):
        assert not any(p.requires_grad for p in net.parameters())
        net(x).sum().backward()
    assert x.grad is not None and x.grad.abs().sum() > 0  # flows to the input
    assert all(p.grad is None for p in net.parameters())
    assert [p.requires_grad for p in net.parameters()] == [True, True, True, False]
    with pytest.raises(RuntimeError, match="boom"), _frozen(net):
        raise RuntimeError("boom")
    assert [p.requires_grad for p in net.parameters()] == [True, True, True, False]


@SINGLE_LABEL_NINE
def test_generator_step_computes_no_discriminator_gradients(digits_semi, fast_params,
                                                           monkeypatch):
    from sklgan import SGANClassifier
    from sklgan._losses import SGANObjective

    seen = []
    g_loss = SGANObjective.g_loss

    def spy(self, discriminator, *args, **kwargs):
        seen.append(any(p.requires_grad for p in discriminator.parameters()))
        return g_loss(self, discriminator, *args, **kwargs)

    monkeypatch.setattr(SGANObjective, "g_loss", spy)
    X, _, y_semi = digits_semi
    clf = SGANClassifier(**{**fast_params, "max_epochs": 1}).fit(X[:200], y_semi[:200])
    assert seen and not any(seen)  # frozen during every generator update
    assert all(p.requires_grad for p in clf.net_.module_.parameters())
    assert all(p.grad is not None for p in clf.net_.generator_.parameters())
    assert clf.net_.optimizer_.defaults["fused"]  # torch's fused Adam on CPU


def _rows_and_classes(n=150):
    import numpy as np

    rng = np.random.RandomState(0)
    X = 3 * rng.uniform(size=(n, 3))
    return X, (X[:, 0] > 1.5).astype(int) + (X[:, 1] > 1.5)


def test_predictions_do_not_depend_on_the_order_of_the_rows():
    # with the default widths, the float32 class head (250 inputs, 3 outputs)
    # rounds a row's logits by its place in the batch (rel. 3e-7 here);
    # scikit-learn's check_methods_sample_order_invariance asks for 1e-7
    import numpy as np

    from sklgan import ConditionalGANSampler, SGANClassifier

    X, y = _rows_and_classes()
    clf = SGANClassifier(max_epochs=1, random_state=0).fit(X, y)
    infogan = ConditionalGANSampler("infogan", n_categories=3, max_epochs=1,
                                    random_state=0).fit(X)
    methods = [clf.predict_proba, clf.predict_log_proba, infogan.predict_proba,
               infogan.transform]
    for seed in range(10):
        order = np.random.RandomState(seed).permutation(len(X))
        for method in methods:
            np.testing.assert_allclose(method(X[order]), method(X)[order],
                                       rtol=1e-12, atol=1e-15)


def test_discriminate_predicts_in_the_networks_inference_dtype():
    import copy

    import numpy as np

    from sklgan import SGANClassifier

    X, y = _rows_and_classes(40)
    clf = SGANClassifier(max_epochs=1, random_state=0).fit(X, y)
    X_scaled = clf.scaler_.transform(X).astype(np.float32)
    logits = clf.net_.discriminate(X_scaled)
    # a fully connected discriminator: a float64 pass, weights left float32
    exact = copy.deepcopy(clf.discriminator_).double().eval()
    with torch.no_grad():
        assert torch.equal(logits, exact(torch.as_tensor(X_scaled).double()))
    assert {p.dtype for p in clf.discriminator_.parameters()} == {torch.float32}
    # the convolutional one predicts in float32, its training precision
    images = np.random.RandomState(0).rand(40, 16).astype(np.float32)
    conv = SGANClassifier(image_shape=(1, 4, 4), hidden_layer_sizes=(4, 8, 8),
                          max_epochs=1, random_state=0).fit(images, y)
    logits, features, aux = conv.net_.discriminate(images, return_all=True)
    assert logits.dtype == features.dtype == torch.float32 and aux is None
    assert logits.shape == (40, 3) and features.shape == (40, 8)
