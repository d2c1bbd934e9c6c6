"""The public docstrings stay true to the code, as scikit-learn's own test
suite keeps its docstrings: every parameter documented in the order of the
signature, every fitted attribute documented (and every documented one set),
and the parameters that mean the same in both estimators documented in the
same words."""

import inspect

import numpy as np
import pytest
from sklearn.datasets import load_iris

import sklgan
import sklgan.datasets
import sklgan.metrics
import sklgan.plotting
import sklgan.utils
from sklgan import ConditionalGANSampler, SGANClassifier

docscrape = pytest.importorskip("numpydoc.docscrape")

ESTIMATORS = [SGANClassifier, ConditionalGANSampler]
MODULES = [sklgan, sklgan.metrics, sklgan.plotting, sklgan.datasets, sklgan.utils]

# Parameters of both estimators whose meaning does not depend on the
# estimator; the others (defaults, terms, schedule) differ on purpose.
SHARED_WORDING = ["categorical_features", "dropout", "shift_transform", "lr_generator",
                  "device", "n_jobs", "precision", "compile", "accelerator"]


def _documented(section):
    return [name.strip() for entry in section for name in entry.name.split(",")]


def _signature(obj):
    skipped = (inspect.Parameter.VAR_POSITIONAL, inspect.Parameter.VAR_KEYWORD)
    return [name for name, p in inspect.signature(obj).parameters.items()
            if name != "self" and p.kind not in skipped]


def _public_callables():
    for cls in ESTIMATORS:
        yield cls.__name__, cls, docscrape.ClassDoc(cls)
        for name, method in inspect.getmembers(cls, inspect.isfunction):
            if not name.startswith("_") and method.__module__.startswith("sklgan"):
                yield f"{cls.__name__}.{name}", method, docscrape.FunctionDoc(method)
    for module in MODULES:
        for name in getattr(module, "__all__", dir(module)):
            obj = getattr(module, name)
            if (not name.startswith("_") and inspect.isfunction(obj)
                    and obj.__module__.startswith("sklgan")):
                yield f"{module.__name__}.{name}", obj, docscrape.FunctionDoc(obj)


CALLABLES = list(_public_callables())


@pytest.mark.parametrize("name, obj, doc", CALLABLES, ids=[c[0] for c in CALLABLES])
def test_parameters_documented_in_signature_order(name, obj, doc):
    assert _documented(doc["Parameters"]) == _signature(obj)


def test_the_public_api_is_covered():
    names = {name for name, _, _ in CALLABLES}
    # the estimators' own methods and the helpers of each public module
    assert {"SGANClassifier.fit", "SGANClassifier.sample",
            "ConditionalGANSampler.fit_resample", "ConditionalGANSampler.predict",
            "sklgan.metrics.labeled_accuracy_score",
            "sklgan.metrics.matched_accuracy_score"} <= names
    assert len(names) > 30


def _fitted(kind):
    """A small fitted estimator of ``kind``, made when its test runs (not
    when the tests are collected)."""
    X, y = load_iris(return_X_y=True)
    y_semi = np.where(np.arange(len(y)) % 5 == 0, y, -1)
    small = dict(max_epochs=1, hidden_layer_sizes=(16,), latent_dim=4, random_state=0)
    if kind == "sgan":
        return SGANClassifier(**small).fit(X, y_semi)
    if kind == "sgan-validation":
        return SGANClassifier(validation_fraction=0.2, **small).fit(X, y)
    if kind == "acgan":
        sampler = ConditionalGANSampler(**small)
        sampler.fit_resample(X[:120], y[:120])
        return sampler
    return ConditionalGANSampler("infogan", n_categories=3, **small).fit(X)


# set only for some inputs: string column names, an InfoGAN, a target to
# resample
CONDITIONAL = {"feature_names_in_", "labels_", "sampling_strategy_"}


@pytest.mark.parametrize("kind", ["sgan", "sgan-validation", "acgan", "infogan"])
def test_fitted_attributes_are_documented(kind):
    estimator = _fitted(kind)
    documented = set(_documented(docscrape.ClassDoc(type(estimator))["Attributes"]))
    fitted = {name for name in vars(estimator)
              if name.endswith("_") and not name.startswith("_")}
    assert fitted <= documented, "undocumented: " + str(sorted(fitted - documented))
    missing = {name for name in documented - CONDITIONAL
               if not hasattr(estimator, name)}
    assert not missing, "documented but not set: " + str(sorted(missing))


def test_shared_parameters_have_one_wording():
    docs = [{entry.name: entry for entry in docscrape.ClassDoc(cls)["Parameters"]}
            for cls in ESTIMATORS]
    for name in SHARED_WORDING:
        first, second = (doc[name] for doc in docs)
        assert first.type == second.type, name
        assert first.desc == second.desc, name
