import pytest
import torch

from sklgan._networks import (
    ConvDiscriminator,
    ConvGenerator,
    MLPDiscriminator,
    MLPGenerator,
)


def test_mlp_shapes_and_features():
    d = MLPDiscriminator(10, 3, hidden_layer_sizes=(8, 6), noise_std=0.3,
                         hidden_noise_std=0.5, dropout=0.1, n_aux=2)
    x = torch.randn(5, 10)
    logits, feats, aux = d(x, return_all=True)
    assert logits.shape == (5, 3) and feats.shape == (5, 6) and aux.shape == (5, 2)
    d.eval()
    assert torch.equal(d(x), d(x))  # no noise in eval mode
    g = MLPGenerator(4, 10, hidden_layer_sizes=(8,), n_conditions=3)
    out = g(torch.randn(5, 4), torch.randn(5, 3))
    assert out.shape == (5, 10) and out.abs().max() <= 1


@pytest.mark.parametrize("shape", [(1, 8, 8), (1, 28, 28), (3, 32, 32), (2, 5, 7)])
def test_conv_shapes(shape):
    n = shape[0] * shape[1] * shape[2]
    g = ConvGenerator(8, shape, channels=(16, 8))
    d = ConvDiscriminator(shape, 4, channels=(4, 8, 8))
    x = g(torch.randn(3, 8))
    assert x.shape == (3, n)
    assert d(x).shape == (3, 4)


def test_conv_rejects_bad_shape():
    with pytest.raises(ValueError, match="channels, height, width"):
        ConvGenerator(8, (8, 8), channels=(16, 8))


@pytest.mark.parametrize("layer", [torch.nn.Linear(5, 3), torch.nn.Conv2d(2, 3, 3),
                                   torch.nn.ConvTranspose2d(2, 3, 4, 2, 1)])
def test_weight_norm_matches_layer_and_pickles(layer):
    import copy
    import pickle

    from sklgan._networks import WeightNorm

    is_linear = isinstance(layer, torch.nn.Linear)
    x = torch.randn(2, 5) if is_linear else torch.randn(2, 2, 6, 6)
    expected = layer(x)
    wn = WeightNorm(layer)
    assert torch.allclose(wn(x), expected, atol=1e-6)
    assert torch.allclose(pickle.loads(pickle.dumps(wn))(x), expected, atol=1e-6)
    assert torch.allclose(copy.deepcopy(wn)(x), expected, atol=1e-6)
    # the scale g is a free parameter: doubling it doubles the weight
    before = wn.weight().detach().clone()
    with torch.no_grad():
        wn.weight_g.mul_(2)
    assert torch.allclose(wn.weight(), 2 * before, atol=1e-6)


def test_shared_weights_compute_each_weight_once_with_the_same_gradients():
    from sklgan._networks import WeightNorm, shared_weights

    torch.manual_seed(0)
    d = MLPDiscriminator(6, 3, hidden_layer_sizes=(8, 5))
    x = torch.randn(4, 6)

    def grads_of_two_passes():
        d.zero_grad()
        (d(x).sum() + d(2 * x).pow(2).sum()).backward()
        return [p.grad.clone() for p in d.parameters()]

    plain = grads_of_two_passes()
    layers = [m for m in d.modules() if isinstance(m, WeightNorm)]
    calls = []
    for layer in layers:  # count the weight computations
        layer.register_forward_pre_hook(lambda m, args: calls.append(m))
    with shared_weights(d):
        first = [layer.weight() for layer in layers]
        assert all(layer.weight() is w for layer, w in zip(layers, first))
        shared = grads_of_two_passes()
    assert len(calls) == 2 * len(layers)  # both passes ran every layer
    for a, b in zip(plain, shared):
        assert torch.allclose(a, b, atol=1e-6)
    # after the block the weight follows the parameters again
    with torch.no_grad():
        layers[0].weight_g.mul_(3)
    assert layers[0]._cached is None
    assert torch.allclose(layers[0].weight(), 3 * first[0].detach(), atol=1e-6)


def test_shared_weights_released_on_error():
    from sklgan._networks import WeightNorm, shared_weights

    d = MLPDiscriminator(6, 3, hidden_layer_sizes=(8,))
    with pytest.raises(RuntimeError, match="boom"), shared_weights(d):
        raise RuntimeError("boom")
    assert all(m._cached is None for m in d.modules() if isinstance(m, WeightNorm))
