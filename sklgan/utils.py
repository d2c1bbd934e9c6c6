"""Utilities: the project's list of expected estimator-check failures."""

__all__ = ["expected_failed_checks"]

_SEMI_SUPERVISED_LABEL = (
    "-1 marks unlabeled rows (the sklearn.semi_supervised convention), so the "
    "check's binary labels {-1, 1} leave one labeled class; scikit-learn "
    "exempts its own semi-supervised estimators from this check by name."
)

_INFOGAN_FEATURE_NAMES = (
    "An InfoGAN is also a transformer: scikit-learn requires its "
    "get_feature_names_out to name the columns of transform (its codes: "
    "code0, code1, ...), so it cannot also name fit_resample's columns, which "
    "are the input features (an ACGAN, which has no transform, does)."
)


_INFOGAN_PREDICTS_EVERY_CLASS = (
    "The check needs every class among the predictions of a model fitted on "
    "100 rows of iris; an InfoGAN's predict reads the category head of its "
    "recognition network, which the check's small, briefly trained model "
    "does not bring that far. What the check guards, category or string "
    "labels in and the same labels out, is tested in tests/test_conditional.py."
)


def expected_failed_checks(estimator):
    """Estimator checks that ``estimator`` is expected to fail, with reasons.

    The checks are those of scikit-learn's
    :func:`~sklearn.utils.estimator_checks.check_estimator` and of
    imbalanced-learn's sampler checks (``imblearn.utils.estimator_checks``);
    each suite ignores the other's names.

    Pass the result as ``expected_failed_checks`` to
    :func:`~sklearn.utils.estimator_checks.check_estimator` or either
    package's ``parametrize_with_checks``.

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
    >>> from sklgan import ConditionalGANSampler, SGANClassifier
    >>> from sklgan.utils import expected_failed_checks
    >>> sorted(expected_failed_checks(SGANClassifier()))
    ['check_classifiers_classes']
    >>> sorted(expected_failed_checks(ConditionalGANSampler("acgan")))
    []
    """
    from ._conditional import ConditionalGANSampler
    from ._sgan import SGANClassifier

    if isinstance(estimator, SGANClassifier):
        return {"check_classifiers_classes": _SEMI_SUPERVISED_LABEL}
    if isinstance(estimator, ConditionalGANSampler):
        checks = {}
        if estimator.kind == "infogan":
            checks["check_sampler_get_feature_names_out"] = _INFOGAN_FEATURE_NAMES
            checks["check_sampler_get_feature_names_out_pandas"] = (
                _INFOGAN_FEATURE_NAMES)
            checks["check_classifiers_with_encoded_labels"] = (
                _INFOGAN_PREDICTS_EVERY_CLASS)
        return checks
    return {}
