"""Semi-supervised and conditional GANs for scikit-learn."""

from ._sgan import SGANClassifier

__version__ = "0.1.0"

__all__ = ["SGANClassifier", "__version__"]
