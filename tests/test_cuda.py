import numpy as np
import pytest
import torch

from sklgan import ConditionalGANSampler, SGANClassifier

cuda = pytest.mark.skipif(not torch.cuda.is_available(), reason="needs CUDA")


@cuda
def test_fit_predict_sample_on_cuda_and_load_on_cpu(digits_semi, fast_params):
    import pickle

    X, _, y_semi = digits_semi
    clf = SGANClassifier(device="cuda", **fast_params).fit(X, y_semi)
    assert next(clf.discriminator_.parameters()).is_cuda
    proba = clf.predict_proba(X)
    np.testing.assert_allclose(proba.sum(1), 1)
    assert clf.sample(5, random_state=0).shape == (5, 64)
    restored = pickle.loads(pickle.dumps(clf))
    np.testing.assert_allclose(restored.predict_proba(X), proba, atol=1e-5)


@cuda
@pytest.mark.parametrize("kind", ["acgan", "infogan"])
def test_conditional_sampler_on_cuda(iris, kind):
    X, y = iris
    sampler = ConditionalGANSampler(kind, device="cuda", max_epochs=3, latent_dim=8,
                                    hidden_layer_sizes=(32,), random_state=0)
    sampler.fit(X, y)
    assert next(sampler.generator_.parameters()).is_cuda
    X_new, y_new = sampler.sample(10, y=2, random_state=0)
    assert X_new.shape == (10, 4) and (y_new == 2).all()
    again, _ = sampler.sample(10, y=2, random_state=0)
    np.testing.assert_array_equal(X_new, again)
    if kind == "infogan":
        assert sampler.transform(X).shape == (150, 2)
