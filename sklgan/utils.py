"""Utilities: the project's list of expected ``check_estimator`` failures."""

__all__ = ["expected_failed_checks"]

_SEMI_SUPERVISED_LABEL = (
    "-1 marks unlabeled rows (the sklearn.semi_supervised convention), so the "
    "check's binary labels {-1, 1} leave one labeled class; scikit-learn "
    "exempts its own semi-supervised estimators from this check by name."
)


def expected_failed_checks(estimator):
    """Checks of :func:`sklearn.utils.estimator_checks.check_estimator` that
    ``estimator`` is expected to fail, with the reason for each.

    Pass the result as ``expected_failed_checks`` to
    :func:`~sklearn.utils.estimator_checks.check_estimator` or
    :func:`~sklearn.utils.estimator_checks.parametrize_with_checks`.

    Parameters
    ----------
    estimator : estimator instance
        An estimator of this package.

    Returns
    -------
    checks : dict
        Check name -> one-line reason.

    Examples
    --------
    >>> from sklgan import SGANClassifier
    >>> from sklgan.utils import expected_failed_checks
    >>> sorted(expected_failed_checks(SGANClassifier()))
    ['check_classifiers_classes']
    """
    from ._sgan import SGANClassifier

    if isinstance(estimator, SGANClassifier):
        return {"check_classifiers_classes": _SEMI_SUPERVISED_LABEL}
    return {}
