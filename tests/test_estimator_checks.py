from sklearn.utils.estimator_checks import parametrize_with_checks

from sklgan import ConditionalGANSampler, SGANClassifier
from sklgan.utils import expected_failed_checks

# Small networks keep the checks fast; the defaults of everything else
# (heads, losses, noise) are those users get.
ESTIMATORS = [
    SGANClassifier(hidden_layer_sizes=(64, 32), latent_dim=16, max_epochs=60,
                   random_state=0),
    ConditionalGANSampler("acgan", hidden_layer_sizes=(32,), latent_dim=8,
                          max_epochs=20, random_state=0),
    ConditionalGANSampler("infogan", hidden_layer_sizes=(32,), latent_dim=8,
                          max_epochs=20, random_state=0),
]


@parametrize_with_checks(ESTIMATORS, expected_failed_checks=expected_failed_checks)
def test_sklearn_compatible(estimator, check):
    check(estimator)
