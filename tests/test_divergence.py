"""Divergence: non-finite losses stop training with a clear error, and no
model with NaN predictions is ever returned."""

import numpy as np
import pytest
import torch
from skorch.callbacks import Callback

from sklgan import ConditionalGANSampler, SGANClassifier

SMALL = dict(hidden_layer_sizes=(8,), latent_dim=4, batch_size=32, random_state=0)


class Poison(Callback):
    """Turns the discriminator's weights to NaN at the start of ``epoch``
    (counted over the whole history, 1-based)."""

    def __init__(self, epoch=2):
        self.epoch = epoch

    def on_epoch_begin(self, net, **kwargs):
        if len(net.history) == self.epoch:
            with torch.no_grad():
                for p in net.module_.parameters():
                    p.fill_(float("nan"))


ESTIMATORS = [SGANClassifier, ConditionalGANSampler]


@pytest.mark.parametrize("Estimator", ESTIMATORS)
def test_divergence_stops_fit_with_clear_error_and_keeps_nothing(Estimator, iris):
    X, y = iris
    est = Estimator(max_epochs=4, callbacks=[Poison(2)], **SMALL)
    with pytest.raises(FloatingPointError, match=r"diverged in epoch 2: non-finite "
                       r"losses \(.*nan.*\)\. The model is not kept; lower the "
                       "learning rate"):
        est.fit(X, y)
    assert not hasattr(est, "net_") and not hasattr(est, "classes_")
    assert not hasattr(est, "n_features_in_")


@pytest.mark.parametrize("Estimator", ESTIMATORS)
def test_diverging_continuation_keeps_the_previous_model(Estimator, iris):
    X, y = iris
    est = Estimator(max_epochs=2, callbacks=[Poison(4)], **SMALL).fit(X, y)
    state = {k: v.clone() for k, v in est.discriminator_.state_dict().items()}
    before = est.sample(5, random_state=0)
    est.set_params(warm_start=True)
    with pytest.raises(FloatingPointError, match="diverged in epoch 4"):
        est.fit(X, y)
    assert est.n_iter_ == 2 and len(est.history_) == 2
    for k, v in est.discriminator_.state_dict().items():
        assert torch.equal(v, state[k])
    after = est.sample(5, random_state=0)
    after = after[0] if isinstance(after, tuple) else after
    before = before[0] if isinstance(before, tuple) else before
    np.testing.assert_array_equal(after, before)
    assert np.isfinite(after).all()


def test_extreme_but_finite_inputs_train_to_finite_predictions():
    # Huge-valued, badly scaled columns: the scaler maps them to [-1, 1].
    rng = np.random.RandomState(0)
    X = np.c_[rng.rand(60) * 1e30, rng.rand(60) * 1e-30, rng.randn(60)]
    y = np.arange(60) % 2
    clf = SGANClassifier(max_epochs=3, lr=0.05, **SMALL).fit(X, y)
    proba = clf.predict_proba(X)
    assert np.isfinite(proba).all()
    np.testing.assert_allclose(proba.sum(1), 1)
    assert np.isfinite(clf.sample(4, random_state=0)).all()
