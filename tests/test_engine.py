import torch

from sklgan._engine import Batch, DeviceData, SemiSupervisedBatches, TensorBatches


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
    assert dtypes[False] == {torch.float32}  # inference stays float32
    assert proba.dtype == np.float64 and np.allclose(proba.sum(1), 1)
    assert all(np.isfinite(row["d_loss"]) for row in clf.history_)
    # weights stay float32 (mixed precision, not a bfloat16 model)
    assert {p.dtype for p in clf.discriminator_.parameters()} == {torch.float32}
