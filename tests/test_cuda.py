import numpy as np
import pytest
import torch

from sklgan import SGANClassifier

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
