import pytest
from sklearn.utils.estimator_checks import parametrize_with_checks

from sklgan import ConditionalGANSampler, SGANClassifier
from sklgan.utils import expected_failed_checks

imblearn_checks = pytest.importorskip("imblearn.utils.estimator_checks")

# Small networks keep the checks fast; the defaults of everything else
# (heads, losses, noise) are those users get.
ESTIMATORS = [
    SGANClassifier(hidden_layer_sizes=(64, 32), latent_dim=16, max_epochs=60,
                   random_state=0),
    ConditionalGANSampler("acgan", hidden_layer_sizes=(32,), latent_dim=8,
                          max_epochs=20, random_state=0),
    ConditionalGANSampler("infogan", hidden_layer_sizes=(32,), latent_dim=8,
                          max_epochs=20, random_state=0),
    # the mode-specific normalisation: an encoder of its own before the
    # networks, with blocks of modes the generator draws as one-hots
    ConditionalGANSampler("acgan", numeric_transform="mode", hidden_layer_sizes=(32,),
                          latent_dim=8, max_epochs=20, random_state=0),
    SGANClassifier(numeric_transform="mode", hidden_layer_sizes=(64, 32),
                   latent_dim=16, max_epochs=60, random_state=0),
]

# imbalanced-learn's sampler checks: they test the fit_resample contract
# (types in and out, dtypes, sampling_strategy_, targets), not accuracy, so
# one epoch suffices
SAMPLERS = [
    ConditionalGANSampler(kind, hidden_layer_sizes=(16,), latent_dim=4, max_epochs=1,
                          random_state=0)
    for kind in ("acgan", "infogan")
]


@parametrize_with_checks(ESTIMATORS, expected_failed_checks=expected_failed_checks)
def test_sklearn_compatible(estimator, check):
    check(estimator)


# A column-vector y gets scikit-learn's DataConversionWarning (its own
# check_supervised_y_2d asks for it); imbalanced-learn's 2-d target checks
# pass one on purpose
@pytest.mark.filterwarnings("ignore:A column-vector y was passed")
@imblearn_checks.parametrize_with_checks(
    SAMPLERS, expected_failed_checks=expected_failed_checks)
def test_imblearn_sampler_compatible(estimator, check):
    check(estimator)


def test_imblearn_checks_run_and_declare_only_real_failures():
    """Every imbalanced-learn sampler check runs on the sampler, and those
    declared as expected failures do fail (a declared check that passes
    would hide a regression behind its reason)."""
    for sampler in SAMPLERS:
        names = {check.func.__name__ if hasattr(check, "func") else check.__name__
                 for check in imblearn_checks._yield_all_checks(sampler)}
        assert "check_samplers_multiclass_ova" in names and len(names) >= 13
        assert "check_samplers_nan" in names  # tables may miss values
        for name in expected_failed_checks(sampler):
            if not hasattr(imblearn_checks, name):  # one of scikit-learn's
                continue
            assert name in names
            with pytest.raises((AssertionError, TypeError, ValueError)):
                getattr(imblearn_checks, name)(type(sampler).__name__, sampler)
