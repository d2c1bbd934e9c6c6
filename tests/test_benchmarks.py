"""The committed benchmark output is what the committed scripts print."""

import importlib.util
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parents[1]
SPEED = ROOT / "benchmarks" / "speed.py"
SPEED_OUTPUT = ROOT / "docs" / "_static" / "speed_benchmark.txt"


def _load(path, name):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _load_speed():
    return _load(SPEED, "speed_benchmark")


def test_documented_speed_commands_are_valid_for_the_script():
    parser = _load_speed().build_parser()
    commands = [line[2:] for line in SPEED_OUTPUT.read_text().splitlines()
                if line.startswith("$ ")]
    assert commands
    for command in commands:
        words = shlex.split(command)
        args = words[words.index("benchmarks/speed.py") + 1:]
        parser.parse_args(args)  # exits (SystemExit) on an unknown option


def _section(text, title):
    """The header line and column line of section ``title``, numbers masked."""
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(f"== {title}"))
    mask = re.compile(r"\d+")
    rows = [mask.sub("N", lines[start]), lines[start + 1]]
    for line in lines[start + 2:]:
        if not line.strip() or line.startswith(("#", "$", "==")):
            break
        rows.append(mask.sub("N", line[:34]).rstrip())  # the case names
    return rows


def test_committed_overhead_output_matches_a_fresh_run(tmp_path):
    """Regenerate the overhead part on tiny data and compare its header,
    columns and cases with the committed output."""
    env = {**os.environ, "OMP_NUM_THREADS": "1", "PYTHONPATH": str(ROOT)}
    out = subprocess.run(
        [sys.executable, "-W", "ignore", str(SPEED), "--parts", "overhead",
         "--repeats", "1", "--tabular-rows", "300", "--image-rows", "200",
         "--image-epochs", "1"],
        capture_output=True, text=True, env=env, timeout=300, check=True).stdout
    fresh = _section(out, "overhead")
    committed = _section(SPEED_OUTPUT.read_text(), "overhead")
    assert fresh[:2] == committed[:2]
    assert [re.sub("N+", "N", r) for r in fresh[2:]] == \
        [re.sub("N+", "N", r) for r in committed[2:]]


@pytest.mark.parametrize("part, title", [("overhead", "overhead"),
                                         ("accuracy", "time to"),
                                         ("scaling", "scaling"),
                                         ("precision", "precision")])
def test_committed_sections_have_the_script_columns(part, title):
    """Each committed table's column line is the one the script prints."""
    committed = _section(SPEED_OUTPUT.read_text(), title)
    assert committed[1] == _load_speed().COLUMNS[part]


def test_graph_peers_take_each_rbf_gamma_multiple():
    """``--rbf-gammas``: one rbf setting per multiple of the "scale" rule,
    per method and scaling, beside the knn kernel."""
    module = _load(ROOT / "benchmarks" / "classification.py", "classification_benchmark")
    X = np.random.RandomState(0).normal(scale=3.0, size=(40, 4))
    scale = 1.0 / (X.shape[1] * X.var())
    peers = dict(module.graph_methods(X, rbf_gammas=(1.0, 10.0)))
    assert len(peers) == 3 * 2 * 3  # scalings x methods x (knn + 2 rbf)
    assert peers["LabelSpreading(rbf), raw"].gamma == pytest.approx(scale)
    tenfold = peers["LabelPropagation(rbf, gamma x10), raw"]
    assert tenfold.gamma == pytest.approx(10 * scale)
    assert peers["LabelSpreading(knn), raw"].kernel == "knn"
    default = dict(module.graph_methods(X))  # the default run's settings
    assert len(default) == 3 * 2 * 4  # knn and the rbf kernel at 1, 10, 100
    assert default["LabelSpreading(rbf, gamma x100), raw"].gamma == pytest.approx(
        100 * scale)


def test_graph_peers_gamma_of_a_numeric_dataframe_is_one_number():
    """A DataFrame without categorical columns reaches the "scale" rule as
    it is (no encoder before it): the rule takes the variance of all its
    values, as for an array, not pandas' variance per column."""
    pd = pytest.importorskip("pandas")
    module = _load(ROOT / "benchmarks" / "classification.py", "classification_benchmark")
    X = np.random.RandomState(0).normal(scale=[1.0, 3.0, 10.0], size=(40, 3))
    frame = pd.DataFrame(X, columns=["a", "b", "c"])
    scale = 1.0 / (X.shape[1] * X.var())
    peers = dict(module.graph_methods(frame, rbf_gammas=(1.0,)))
    assert peers["LabelSpreading(rbf), raw"].gamma == pytest.approx(scale)
    y = np.where(np.arange(40) % 4 == 0, np.arange(40) % 2, -1)
    peers["LabelPropagation(rbf), raw"].fit(frame, y)  # a valid gamma


def test_classification_cases_give_valid_classifier_parameters():
    """Every case's SGANClassifier parameters pass its validation, and the
    image cases' shapes hold the pixels of their data (64 for digits, 784
    for the 28x28 digits)."""
    from sklgan import SGANClassifier

    module = _load(ROOT / "benchmarks" / "classification.py", "classification_benchmark")
    for name, (_, _, params) in module.CASES.items():
        SGANClassifier(**params)._validate_params()
        if "image_shape" in params:
            width = 784 if name.startswith("mnist") else 64
            assert int(np.prod(params["image_shape"])) == width, name
    assert module.CASES["digits-50-img-mlp"][2]["network"] == "mlp"
    # the slow cases stay out of the default run
    assert {"mnist-100-img-mlp", "fair-50"}.isdisjoint(module.DEFAULT_CASES)


def test_clustering_variants_give_valid_sampler_parameters():
    """The InfoGAN variants of each data set: the convolutional path on
    digits only, the fully connected networks on images of the data's own
    shape (8x8 or 28x28), and every setting valid for the sampler."""
    from sklgan import ConditionalGANSampler

    module = _load(ROOT / "benchmarks" / "clustering.py", "clustering_benchmark")
    digits, mnist = module.infogan_variants("digits", True), module.infogan_variants(
        "mnist", True)
    assert digits["InfoGAN (8x8 images)"] == {"image_shape": (1, 8, 8)}
    assert "InfoGAN (8x8 images)" not in mnist
    assert mnist["InfoGAN (28x28 images, mlp, shift_weight=1)"]["image_shape"] == (
        1, 28, 28)
    assert len(module.infogan_variants("digits", False)) == 2
    for params in {**digits, **mnist}.values():
        ConditionalGANSampler("infogan", **params)._validate_params()
