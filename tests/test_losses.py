import torch
import torch.nn.functional as F

from sklgan._losses import (
    class_logits,
    feature_matching_loss,
    masked_cross_entropy,
    nonsaturating_generator_loss,
    real_fake_logit,
    real_fake_loss,
)


def test_implicit_real_fake_logit_is_logsumexp_and_stable():
    logits = torch.tensor([[0.0, 0.0], [1000.0, 1000.0], [-1000.0, -1000.0]])
    out = real_fake_logit(logits, "implicit")
    assert torch.isfinite(out).all()
    assert torch.allclose(out[0], torch.log(torch.tensor(2.0)))
    assert torch.allclose(out[1], torch.tensor(1000.0) + torch.log(torch.tensor(2.0)))
    # D(x) = Z / (Z + 1) = sigmoid(logsumexp)
    z = torch.exp(logits[0]).sum()
    assert torch.allclose(torch.sigmoid(out[0]), z / (z + 1))


def test_explicit_real_fake_logit_subtracts_fake_logit():
    logits = torch.tensor([[1.0, 2.0, 3.0]])
    expected = torch.logsumexp(logits[:, :2], 1) - logits[:, 2]
    assert torch.allclose(real_fake_logit(logits, "explicit"), expected)
    assert class_logits(logits, "explicit").shape == (1, 2)
    assert class_logits(logits, "implicit").shape == (1, 3)


def test_masked_cross_entropy_matches_and_handles_empty_mask():
    logits = torch.randn(5, 3, requires_grad=True)
    target = torch.tensor([0, 1, 2, -1, -1])
    mask = target >= 0
    got = masked_cross_entropy(logits, target, mask)
    assert torch.allclose(got, F.cross_entropy(logits[:3], target[:3]))
    empty = masked_cross_entropy(logits, target, torch.zeros(5, dtype=torch.bool))
    assert empty.item() == 0.0
    empty.backward()  # still differentiable
    assert torch.isfinite(logits.grad).all()


def test_real_fake_and_generator_losses():
    big = torch.full((4,), 50.0)
    assert real_fake_loss(big, -big).item() < 1e-6
    assert real_fake_loss(-big, big).item() > 50
    assert nonsaturating_generator_loss(big).item() < 1e-6
    f = torch.randn(8, 4)
    assert feature_matching_loss(f, f).item() == 0.0
    assert feature_matching_loss(f, f + 1).item() > 0.9
