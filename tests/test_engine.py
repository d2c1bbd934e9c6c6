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
