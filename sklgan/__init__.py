"""Semi-supervised and conditional GANs for scikit-learn."""

from ._conditional import ConditionalGANSampler
from ._sgan import SGANClassifier

__version__ = "0.1.0"

__all__ = ["ConditionalGANSampler", "SGANClassifier", "__version__"]
