"""Interruption and continuation: Ctrl-C keeps the last finished epoch,
``warm_start`` / ``partial_fit`` continue training, skorch checkpoints save
both networks and a new fit resumes from them."""

import os
import signal
import subprocess
import sys
import textwrap

import numpy as np
import pytest
import torch
from skorch.callbacks import Callback, Checkpoint, LoadInitState, TrainEndCheckpoint

from sklgan import ConditionalGANSampler, SGANClassifier

SMALL = dict(hidden_layer_sizes=(8,), latent_dim=4, batch_size=32, random_state=0)
ESTIMATORS = [SGANClassifier, ConditionalGANSampler]


class Interrupt(Callback):
    """Raises KeyboardInterrupt in the middle of ``epoch`` (1-based, counted
    over the whole history), as Ctrl-C would."""

    def __init__(self, epoch):
        self.epoch = epoch

    def on_batch_end(self, net, **kwargs):
        if len(net.history) == self.epoch and len(net.history[-1]["batches"]) == 2:
            raise KeyboardInterrupt


class KeepStates(Callback):
    """Copies the discriminator's state at the end of every epoch."""

    def initialize(self):
        self.states = []
        return self

    def on_epoch_end(self, net, **kwargs):
        self.states.append({k: v.clone() for k, v in net.module_.state_dict().items()})


def _same_state(module, state):
    return all(torch.equal(v, state[k]) for k, v in module.state_dict().items())


@pytest.mark.parametrize("Estimator", ESTIMATORS)
def test_ctrl_c_keeps_the_last_finished_epoch(Estimator, iris):
    X, y = iris
    est = Estimator(max_epochs=5, callbacks=[("keep", KeepStates()),
                                             ("stop", Interrupt(3))], **SMALL)
    with pytest.warns(UserWarning, match="interrupted .* in epoch 3; the model is "
                      "kept as it was at the end of epoch 2"):
        est.fit(X, y)
    assert est.n_iter_ == 2 and [h["epoch"] for h in est.history_] == [1, 2]
    kept = dict(est.net_.callbacks_)["keep"].states
    assert len(kept) == 2 and _same_state(est.discriminator_, kept[1])
    assert est.net_.optimizer_.param_groups[0]["lr"] == pytest.approx(est.lr)
    X_new = est.sample(4, random_state=0)
    X_new = X_new[0] if isinstance(X_new, tuple) else X_new
    assert np.isfinite(X_new).all()
    if isinstance(est, SGANClassifier):
        assert np.isfinite(est.predict_proba(X)).all()


def test_early_stopping_on_the_validation_accuracy(iris, recwarn):
    # skorch's EarlyStopping reads valid_acc (recorded by the engine's
    # callback before the user's) and stops by a KeyboardInterrupt at the
    # end of a finished epoch: that epoch is kept, without a warning
    from skorch.callbacks import EarlyStopping

    X, y = iris
    stop = EarlyStopping(monitor="valid_acc", lower_is_better=False, patience=2,
                         threshold=1.0, threshold_mode="abs")  # no later gain
    clf = SGANClassifier(max_epochs=20, validation_fraction=0.3,
                         callbacks=[("keep", KeepStates()), ("stop", stop)], **SMALL)
    clf.fit(X, y)
    assert clf.n_iter_ == 3  # the first epoch, then two without progress
    assert [h["epoch"] for h in clf.history_] == [1, 2, 3]
    assert all(0.0 <= h["valid_acc"] <= 1.0 for h in clf.history_)
    kept = dict(clf.net_.callbacks_)["keep"].states
    assert len(kept) == 3 and _same_state(clf.discriminator_, kept[-1])
    assert not [w for w in recwarn if "interrupted" in str(w.message)]


@pytest.mark.parametrize("Estimator", ESTIMATORS)
def test_ctrl_c_in_the_first_epoch_keeps_nothing(Estimator, iris):
    X, y = iris
    est = Estimator(max_epochs=3, callbacks=[Interrupt(1)], **SMALL)
    with pytest.raises(KeyboardInterrupt):
        est.fit(X, y)
    assert not hasattr(est, "net_") and not hasattr(est, "n_features_in_")


def test_ctrl_c_in_a_continuation_keeps_the_previous_model(iris):
    X, y = iris
    clf = SGANClassifier(max_epochs=2, callbacks=[Interrupt(3)], **SMALL).fit(X, y)
    proba = clf.predict_proba(X)
    with pytest.warns(UserWarning, match="kept as it was at the end of epoch 2"):
        clf.set_params(warm_start=True).fit(X, y)
    assert clf.n_iter_ == 2
    np.testing.assert_array_equal(clf.predict_proba(X), proba)


CHILD = textwrap.dedent("""
    import signal, warnings
    import numpy as np
    from sklearn.datasets import load_iris
    from skorch.callbacks import Callback
    from sklgan import SGANClassifier

    signal.signal(signal.SIGINT, signal.default_int_handler)  # as in a terminal

    class Tell(Callback):
        def on_epoch_end(self, net, **kwargs):
            print("epoch", len(net.history), flush=True)

    X, y = load_iris(return_X_y=True)
    clf = SGANClassifier(max_epochs=100000, hidden_layer_sizes=(8,), latent_dim=4,
                         callbacks=[Tell()], random_state=0, n_jobs=1)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        clf.fit(X, y)
    print("kept", clf.n_iter_, bool(np.isfinite(clf.predict_proba(X)).all()))
    print("warning", *[str(w.message) for w in caught])
""")


def test_sigint_during_fit_in_a_real_process():
    """Ctrl-C (SIGINT) sent to a process that is fitting.

    On a loaded machine the child once trained on after the first SIGINT
    (Python drops a KeyboardInterrupt raised while a finalizer runs, a
    likely cause). As a user would, the test presses Ctrl-C again when the
    child has not stopped 20 s later.
    """
    proc = subprocess.Popen([sys.executable, "-c", CHILD], stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True)
    try:
        for line in proc.stdout:
            if line.startswith("epoch 3"):
                os.kill(proc.pid, signal.SIGINT)
                break
        for _ in range(6):
            try:
                out, _ = proc.communicate(timeout=20)
                break
            except subprocess.TimeoutExpired:
                os.kill(proc.pid, signal.SIGINT)
        else:
            pytest.fail("the child did not stop after six SIGINTs")
    finally:
        proc.kill()
    assert proc.returncode == 0, out
    kept = next(line for line in out.splitlines() if line.startswith("kept")).split()
    assert int(kept[1]) >= 3 and kept[2] == "True"
    assert "the model is kept as it was at the end of epoch" in out


@pytest.mark.parametrize("Estimator", ESTIMATORS)
def test_warm_start_continues_training(Estimator, iris):
    X, y = iris
    est = Estimator(max_epochs=2, **SMALL).fit(X, y)
    first = [h["d_loss"] for h in est.history_]
    scaler, classes = est.scaler_, est.classes_
    est.set_params(warm_start=True, max_epochs=3).fit(X, y)
    assert est.n_iter_ == 5 and [h["epoch"] for h in est.history_] == [1, 2, 3, 4, 5]
    assert [h["d_loss"] for h in est.history_[:2]] == first
    assert est.scaler_ is scaler and est.classes_ is classes
    # warm_start=False builds new networks again
    est.set_params(warm_start=False, max_epochs=2).fit(X, y)
    assert est.n_iter_ == 2 and [h["d_loss"] for h in est.history_] == first


def test_warm_start_is_reproducible(iris):
    X, y = iris
    a = SGANClassifier(max_epochs=2, warm_start=True, **SMALL).fit(X, y).fit(X, y)
    b = SGANClassifier(max_epochs=2, warm_start=True, **SMALL).fit(X, y).fit(X, y)
    np.testing.assert_array_equal(a.predict_proba(X), b.predict_proba(X))


def test_sgan_partial_fit_one_epoch_per_call(iris):
    X, y = iris
    clf = SGANClassifier(max_epochs=50, **SMALL)
    order = np.random.RandomState(0).permutation(len(X))
    clf.partial_fit(X[order[:20]], np.where(y[order[:20]] == 2, -1, y[order[:20]]),
                    classes=[0, 1, 2])
    np.testing.assert_array_equal(clf.classes_, [0, 1, 2])
    assert clf.n_iter_ == 1
    clf.partial_fit(X[order[20:80]], np.full(60, -1))  # an unlabeled batch
    assert clf.n_iter_ == 2 and "sup_loss" not in clf.history_[-1]
    for _ in range(3):
        clf.partial_fit(X[order[80:]], y[order[80:]])
    assert clf.n_iter_ == 5 and np.isfinite(clf.history_[-1, "sup_loss"])
    proba = clf.predict_proba(X)
    assert proba.shape == (150, 3) and np.isfinite(proba).all()


def test_sampler_partial_fit(iris):
    X, y = iris
    sampler = ConditionalGANSampler(**SMALL)
    for start in range(0, 150, 50):
        sampler.partial_fit(X[start::3], y[start::3], classes=[0, 1, 2])
    assert sampler.n_iter_ == 3
    X_new, y_new = sampler.sample(6, y=[0, 1, 2, 0, 1, 2], random_state=0)
    assert X_new.shape == (6, 4) and y_new.tolist() == [0, 1, 2, 0, 1, 2]
    info = ConditionalGANSampler(kind="infogan", n_categories=3, **SMALL)
    info.partial_fit(X).partial_fit(X)
    assert info.n_iter_ == 2 and info.transform(X).shape == (150, 2)


@pytest.mark.parametrize("Estimator", ESTIMATORS)
def test_checkpoint_saves_both_networks_and_fit_resumes(Estimator, iris, tmp_path):
    X, y = iris
    cp = Checkpoint(monitor=None, dirname=str(tmp_path))
    first = Estimator(max_epochs=4, callbacks=[cp, LoadInitState(cp), Interrupt(3)],
                      **SMALL)
    with pytest.warns(UserWarning, match="interrupted"):
        first.fit(X, y)
    assert {"params.pt", "optimizer.pt", "generator_params.pt",
            "generator_optimizer.pt", "history.json"} <= set(os.listdir(tmp_path))
    assert not hasattr(cp, "f_generator")  # the user's callback is not changed

    # A new estimator with the same callbacks resumes at epoch 3 and runs the
    # epochs left of max_epochs.
    resumed = Estimator(max_epochs=4, callbacks=[cp, LoadInitState(cp)], **SMALL)
    resumed.fit(X, y)
    assert [h["epoch"] for h in resumed.history_] == [1, 2, 3, 4]
    assert [h["d_loss"] for h in resumed.history_[:2]] == \
        [h["d_loss"] for h in first.history_]

    # Nothing left to run: the loaded networks are exactly the saved ones.
    done = Estimator(max_epochs=4, callbacks=[LoadInitState(cp)], **SMALL).fit(X, y)
    assert done.n_iter_ == 4
    saved_g = torch.load(tmp_path / "generator_params.pt")
    saved_d = torch.load(tmp_path / "params.pt")
    assert _same_state(done.generator_, saved_g)
    assert _same_state(done.discriminator_, saved_d)
    assert _same_state(resumed.generator_, saved_g)


def test_train_end_checkpoint_saves_the_generator(iris, tmp_path):
    X, y = iris
    SGANClassifier(max_epochs=1, callbacks=[TrainEndCheckpoint(dirname=str(tmp_path))],
                   **SMALL).fit(X, y)
    assert "train_end_generator_params.pt" in os.listdir(tmp_path)


def test_checkpoint_to_a_file_object_needs_the_generator_named(iris):
    import io

    X, y = iris
    clf = SGANClassifier(max_epochs=1, callbacks=[Checkpoint(
        monitor=None, f_params=io.BytesIO(), f_optimizer=None, f_criterion=None,
        f_history=None)], **SMALL)
    with pytest.raises(ValueError, match="pass f_generator too"):
        clf.fit(X, y)
