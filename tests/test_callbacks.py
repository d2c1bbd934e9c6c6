import pickle

import numpy as np
import pytest

from sklgan import ConditionalGANSampler, SGANClassifier
from sklgan._callbacks import LinearDecay, ValidationAccuracy


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
