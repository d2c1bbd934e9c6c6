import pickle

import numpy as np
import pytest

from sklgan import ConditionalGANSampler, SGANClassifier
from sklgan._callbacks import LinearDecay, RampUp, ValidationAccuracy


@pytest.mark.parametrize("n_epochs, start, factors", [
    (6, 0.5, [1, 1, 1, 1, 2 / 3, 1 / 3]),
    (4, 0.25, [1, 1, 2 / 3, 1 / 3]),
    (3, 0.0, [1, 2 / 3, 1 / 3]),
    (1, 0.5, [1]),
])
def test_linear_decay_factors(n_epochs, start, factors):
    decay = LinearDecay(start=start)
    decay.first_, decay.n_epochs_ = 0, n_epochs
    assert [decay.factor(e) for e in range(n_epochs)] == pytest.approx(factors)


def test_validation_accuracy_scores_held_out_rows_and_keeps_none(digits_semi,
                                                                 fast_params):
    X, y, y_semi = digits_semi
    clf = SGANClassifier(validation_fraction=0.3, **fast_params).fit(X, y_semi)
    callback = dict(clf.net_.callbacks_)["valid_acc"]
    # the fitted model holds no held-out rows, on the engine or in a pickle
    assert callback.X is None and callback.y is None
    assert getattr(callback, "data_", None) is None
    assert not any(k.startswith("callbacks__valid_acc") for k in vars(clf.net_))
    assert b"valid_acc" in pickle.dumps(clf)
    restored = pickle.loads(pickle.dumps(clf))
    assert dict(restored.net_.callbacks_)["valid_acc"].X is None
    assert len(clf.history_[:, "valid_acc"]) == fast_params["max_epochs"]
    # a fit without validation records none
    plain = SGANClassifier(**fast_params).fit(X, y_semi)
    assert "valid_acc" not in plain.history_[-1]


def test_validation_accuracy_matches_predict(digits_semi, fast_params):
    """Given rows scaled as training scales them, the recorded accuracy is
    the estimator's own accuracy on those rows, after every epoch."""
    X, y, y_semi = digits_semi
    clf = SGANClassifier(**fast_params).fit(X, y_semi)
    scaled = clf.scaler_.transform(X[:200]).astype(np.float32)
    recorder = ValidationAccuracy(scaled, y[:200], name="test_acc")
    fresh = SGANClassifier(callbacks=[("test", recorder)], **fast_params)
    fresh.fit(X, y_semi)
    assert fresh.history_[-1, "test_acc"] == pytest.approx(
        fresh.score(X[:200], y[:200]))


def test_validation_accuracy_needs_a_classifying_objective(iris):
    X, y = iris
    sampler = ConditionalGANSampler(max_epochs=1, hidden_layer_sizes=(8,),
                                    latent_dim=4, random_state=0,
                                    callbacks=[("v", ValidationAccuracy(
                                        X.astype(np.float32), y))])
    with pytest.raises(TypeError, match="does not classify rows"):
        sampler.fit(X, y)
    assert not hasattr(sampler, "net_")


def test_validation_accuracy_empty_slot_does_nothing():
    callback = ValidationAccuracy()

    class Net:
        history = None

    callback.on_train_begin(Net())
    callback.on_epoch_end(Net())  # no rows: no record (history is None), no error
    assert callback.data_ is None


def test_rampup_factor_follows_the_gaussian_curve():
    ramp = RampUp(fraction=0.5)
    factors = [ramp.factor(e, 10) for e in range(10)]
    assert factors[0] == pytest.approx(np.exp(-5))
    assert factors[2] == pytest.approx(np.exp(-5 * 0.6 ** 2))
    assert factors[5:] == [1.0] * 5
    assert all(a < b for a, b in zip(factors[:5], factors[1:6]))
    assert RampUp(fraction=0.0).factor(0, 10) == 1.0


def test_rampup_scales_the_regularisers_during_training(digits_semi, fast_params):
    from skorch.callbacks import Callback

    class Watch(Callback):  # the factor the epoch trained with
        def on_epoch_end(self, net, **kwargs):
            net.history.record("ramp_seen", net.criterion_.ramp)

    X, _, y_semi = digits_semi
    fast_params["max_epochs"] = 10
    clf = SGANClassifier(rampup_fraction=0.3, callbacks=[("watch", Watch())],
                         **fast_params).fit(X, y_semi)
    seen = clf.history_[:, "ramp_seen"]
    assert seen[:3] == pytest.approx([RampUp(0.3).factor(e, 10) for e in range(3)])
    assert seen[3:] == [1.0] * 7
    assert clf.net_.criterion_.ramp == 1.0  # full weights outside training
    # a continuation with another fraction gets it; a finished fit's history
    # is past any ramp
    clf.set_params(warm_start=True, max_epochs=2, rampup_fraction=0.0).fit(X, y_semi)
    assert dict(clf.net_.callbacks_)["rampup"].fraction == 0.0
    assert clf.history_[-2:, "ramp_seen"] == [1.0, 1.0]
