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
def test_model_fitted_on_cuda_opens_in_a_process_without_cuda(digits_semi, fast_params,
                                                              tmp_path):
    import subprocess
    import sys

    import joblib

    X, _, y_semi = digits_semi
    clf = SGANClassifier(device="cuda", **fast_params).fit(X, y_semi)
    joblib.dump((clf, X), tmp_path / "model.joblib")
    np.save(tmp_path / "expected.npy", clf.predict_proba(X))
    code = (
        "import joblib, numpy as np, torch, warnings\n"
        "assert not torch.cuda.is_available()\n"
        "warnings.simplefilter('ignore')\n"
        f"clf, X = joblib.load({str(tmp_path / 'model.joblib')!r})\n"
        "assert str(clf.net_.device) == 'cpu'\n"
        f"expected = np.load({str(tmp_path / 'expected.npy')!r})\n"
        "np.testing.assert_allclose(clf.predict_proba(X), expected, atol=1e-5)\n"
        "assert clf.sample(3, random_state=0).shape == (3, 64)\n"
    )
    import os

    env = {**os.environ, "CUDA_VISIBLE_DEVICES": ""}
    result = subprocess.run([sys.executable, "-c", code], env=env,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr


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


@cuda
def test_training_data_stay_on_the_gpu_and_losses_are_read_once_per_epoch(
        digits_semi, fast_params, monkeypatch):
    """The step never moves data to the host: batches are slices of device
    tensors and the per-epoch averages are read back with one ``tolist``."""
    X, _, y_semi = digits_semi
    reads = []
    real_tolist = torch.Tensor.tolist

    def counting_tolist(tensor):
        reads.append(tensor.device.type)
        return real_tolist(tensor)

    devices = set()
    clf = SGANClassifier(device="cuda", **fast_params)
    monkeypatch.setattr(torch.Tensor, "tolist", counting_tolist)
    from skorch.callbacks import Callback

    class BatchDevice(Callback):
        def on_batch_begin(self, net, batch=None, **kwargs):
            devices.add((batch.x.device.type, batch.x_labeled.device.type))

    clf.set_params(callbacks=[BatchDevice()]).fit(X, y_semi)
    assert devices == {("cuda", "cuda")}
    assert reads.count("cuda") == fast_params["max_epochs"]  # one read per epoch


@cuda
def test_bfloat16_compile_and_validation_on_cuda(digits_semi, fast_params):
    X, y, y_semi = digits_semi
    clf = SGANClassifier(device="cuda", precision="bfloat16", validation_fraction=0.2,
                         **fast_params).fit(X, y_semi)
    assert clf.net_.module_.head.weight_v.dtype == torch.float32
    assert all(np.isfinite(row["d_loss"]) and 0 <= row["valid_acc"] <= 1
               for row in clf.history_)
    proba = clf.predict_proba(X)
    assert proba.shape == (len(X), 10) and np.allclose(proba.sum(1), 1)
    compiled = SGANClassifier(device="cuda", compile=True, **fast_params).fit(X, y_semi)
    assert compiled.score(X, y) > 0.3
