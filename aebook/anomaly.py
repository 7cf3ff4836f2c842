"""Anomaly detection from per-sample scores: a stratified split, threshold rules, metrics.

One convention holds throughout -- scores: higher = more anomalous. Each function takes one
score per sample, such as the reconstruction errors of
:func:`aebook.scores.reconstruction_error`, and flags a sample as an anomaly when its score is
**at or above** the threshold (``score >= threshold``), the convention of
:func:`sklearn.metrics.precision_recall_curve`.

Binary labels follow scikit-learn's positive-class convention with the **anomaly as the positive
class**: ``1`` = anomaly, ``0`` = normal. Precision, recall and F1 are therefore those of the
anomaly class, the ones a detector is judged by. :func:`anomaly_labels` turns class labels (such
as ECG5000's 1..5) into these binary labels.

Chapter 4 (ECG anomaly detection) introduces this module, and compares detectors over repeated
splits with :func:`split_repeated`.
"""

from __future__ import annotations

import numbers
from dataclasses import dataclass

import numpy as np
from sklearn.metrics import (
    average_precision_score,
    confusion_matrix,
    precision_recall_curve,
    precision_recall_fscore_support,
    roc_auc_score,
)
from sklearn.model_selection import train_test_split

from aebook._validation import check_array, check_labels, check_scalar


def _scores(scores, name: str = "scores") -> np.ndarray:
    return check_array(scores, name, ndim=1).astype(np.float64)


def anomaly_labels(y, *, normal_class: int = 1) -> np.ndarray:
    """Binary labels from class labels: 0 for ``normal_class``, 1 (anomaly) for every other class.

    Parameters
    ----------
    y : array-like of shape (n_samples,), int
        Class labels, e.g. ECG5000's 1..5.
    normal_class : int, default=1
        The class that counts as normal.

    Returns
    -------
    y_true : ndarray of shape (n_samples,), dtype int64
        1 = anomaly, 0 = normal.

    Raises
    ------
    ValueError
        If ``y`` is not a non-empty 1-D integer array, or ``normal_class`` does not occur in it.

    Examples
    --------
    >>> anomaly_labels([1, 2, 1, 5])
    array([0, 1, 0, 1])
    """
    y = check_labels(y)
    if normal_class not in set(y.tolist()):
        raise ValueError(
            f"Expected normal_class among the labels {sorted(set(y.tolist()))}, got {normal_class!r}"
        )
    return (y != normal_class).astype(np.int64)


def split_stratified(x, y, *, sizes=(0.6, 0.2, 0.2), random_state: int = 0):
    """Split samples into train, validation and test sets, stratified by class.

    Parameters
    ----------
    x : array-like of shape (n_samples, ...)
        Samples, e.g. beats of shape (n, 140).
    y : array-like of shape (n_samples,), int
        Class labels; every class keeps its share in each part (as far as rounding allows).
    sizes : tuple of 3 floats, default=(0.6, 0.2, 0.2)
        Fractions for train, validation and test; each in (0, 1), summing to 1.
    random_state : int, default=0
        Seed of the shuffles, so that the split is the same on every run.

    Returns
    -------
    (x_train, y_train), (x_val, y_val), (x_test, y_test) : tuple of tuples of ndarray
        The three parts, with the dtypes of ``x`` and ``y``.

    Raises
    ------
    ValueError
        If ``x`` is not a non-empty numeric array, ``y`` does not hold one integer class per
        sample, ``sizes`` are not three fractions summing to 1, ``random_state`` is not a
        non-negative integer, or a class is too small to be split (scikit-learn's message).

    Notes
    -----
    Two calls to :func:`sklearn.model_selection.train_test_split` with ``stratify``: the first
    sets the test part aside, the second splits the rest into train and validation.

    Examples
    --------
    >>> import numpy as np
    >>> x, y = np.arange(40.0).reshape(20, 2), np.repeat([1, 2], 10)
    >>> (x_tr, y_tr), (x_va, y_va), (x_te, y_te) = split_stratified(x, y, sizes=(0.6, 0.2, 0.2))
    >>> len(y_tr), len(y_va), len(y_te), int(y_te.sum())
    (12, 4, 4, 6)
    """
    x = check_array(x, "x")
    y = check_labels(y, n=len(x))
    sizes = _check_sizes(sizes)
    random_state = check_scalar(random_state, "random_state", numbers.Integral, min_val=0)
    return _split(x, y, sizes, random_state)


def _check_sizes(sizes) -> tuple[float, float, float]:
    if len(sizes) != 3:
        raise ValueError(f"Expected sizes as three fractions, got {sizes!r}")
    fractions = tuple(
        check_scalar(s, "each of sizes", min_val=0, max_val=1, include_boundaries="neither")
        for s in sizes
    )
    if not np.isclose(sum(fractions), 1.0):
        raise ValueError(f"Expected sizes summing to 1, got {sizes!r}")
    return fractions


def _split(x, y, sizes, random_state):
    train_frac, val_frac, test_frac = sizes
    x_rest, x_test, y_rest, y_test = train_test_split(
        x, y, test_size=test_frac, stratify=y, random_state=random_state
    )
    x_train, x_val, y_train, y_val = train_test_split(
        x_rest,
        y_rest,
        test_size=val_frac / (train_frac + val_frac),
        stratify=y_rest,
        random_state=random_state,
    )
    return (x_train, y_train), (x_val, y_val), (x_test, y_test)


@dataclass(frozen=True)
class DetectionSplit:
    """One stratified train / validation / test split, seen as normal against anomalous.

    :func:`split_repeated` makes these. The class labels are kept; the properties give the
    views a novelty detector needs: the **normal** training and validation samples to fit and
    to stop on, and the binary labels (1 = anomaly) to choose a threshold on and to report.

    Attributes
    ----------
    seed : int
        The ``random_state`` that drew this split.
    x_train, x_val, x_test : ndarray of shape (n_part, ...)
        The three parts.
    y_train, y_val, y_test : ndarray of shape (n_part,), int
        Their class labels.
    normal_class : int, default=1
        The class that counts as normal.
    """

    seed: int
    x_train: np.ndarray
    y_train: np.ndarray
    x_val: np.ndarray
    y_val: np.ndarray
    x_test: np.ndarray
    y_test: np.ndarray
    normal_class: int = 1

    @property
    def x_train_normal(self) -> np.ndarray:
        """The normal training samples: what a novelty detector is fitted on."""
        return self.x_train[self.y_train == self.normal_class]

    @property
    def x_val_normal(self) -> np.ndarray:
        """The normal validation samples, e.g. for early stopping or a label-free threshold."""
        return self.x_val[self.y_val == self.normal_class]

    @property
    def is_anomaly_val(self) -> np.ndarray:
        """Binary validation labels, 1 = anomaly."""
        return (self.y_val != self.normal_class).astype(np.int64)

    @property
    def is_anomaly_test(self) -> np.ndarray:
        """Binary test labels, 1 = anomaly."""
        return (self.y_test != self.normal_class).astype(np.int64)


def split_repeated(
    x, y, *, n_splits: int, sizes=(0.6, 0.2, 0.2), random_state: int = 0, normal_class: int = 1
) -> list[DetectionSplit]:
    """Draw ``n_splits`` stratified train / validation / test splits, each with its own seed.

    Split ``k`` is :func:`split_stratified` with ``random_state + k``: the splits differ from
    one another, and the same call gives the same splits on every run. Comparing detectors over
    several splits shows how much of a difference between them a new split would undo.

    Parameters
    ----------
    x : array-like of shape (n_samples, ...)
        Samples, e.g. beats of shape (n, 140).
    y : array-like of shape (n_samples,), int
        Class labels; every class keeps its share in each part.
    n_splits : int
        How many splits, at least 1.
    sizes : tuple of 3 floats, default=(0.6, 0.2, 0.2)
        Fractions for train, validation and test; each in (0, 1), summing to 1.
    random_state : int, default=0
        Seed of the first split.
    normal_class : int, default=1
        The class that counts as normal; it must occur in ``y``.

    Returns
    -------
    splits : list of DetectionSplit
        In seed order.

    Raises
    ------
    ValueError
        As :func:`split_stratified`, or if ``n_splits`` is not a positive integer or
        ``normal_class`` does not occur in ``y``.

    Examples
    --------
    >>> import numpy as np
    >>> x, y = np.arange(40.0).reshape(20, 2), np.repeat([1, 2], 10)
    >>> splits = split_repeated(x, y, n_splits=3)
    >>> [s.seed for s in splits], splits[0].x_train_normal.shape, splits[0].is_anomaly_test.sum()
    ([0, 1, 2], (6, 2), np.int64(2))
    """
    x = check_array(x, "x")
    y = check_labels(y, n=len(x))
    n_splits = check_scalar(n_splits, "n_splits", numbers.Integral, min_val=1)
    sizes = _check_sizes(sizes)
    random_state = check_scalar(random_state, "random_state", numbers.Integral, min_val=0)
    if normal_class not in set(y.tolist()):
        raise ValueError(
            f"Expected normal_class among the labels {sorted(set(y.tolist()))}, got {normal_class!r}"
        )
    splits = []
    for seed in range(random_state, random_state + n_splits):
        (x_train, y_train), (x_val, y_val), (x_test, y_test) = _split(x, y, sizes, seed)
        splits.append(
            DetectionSplit(seed, x_train, y_train, x_val, y_val, x_test, y_test, normal_class)
        )
    return splits


def threshold_mean_std(normal_scores, *, k: float = 1.0) -> float:
    """Threshold at the mean plus ``k`` standard deviations of normal samples' scores.

    Parameters
    ----------
    normal_scores : array-like of shape (n_samples,)
        Scores of samples known to be normal (e.g. validation normals).
    k : float, default=1.0
        How many standard deviations above the mean; 1.0 is TensorFlow's tutorial rule.

    Returns
    -------
    threshold : float
        ``mean + k * std`` (population standard deviation, as ``np.std``).

    Raises
    ------
    ValueError
        If the scores are not a non-empty finite 1-D array, or ``k`` is not a finite number >= 0.

    Examples
    --------
    >>> threshold_mean_std([1.0, 3.0], k=2)
    4.0
    """
    scores = _scores(normal_scores, "normal_scores")
    k = check_scalar(k, "k", min_val=0)
    return float(scores.mean() + k * scores.std())


def threshold_quantile(normal_scores, *, quantile: float = 0.95) -> float:
    """Threshold at a quantile of normal samples' scores.

    With ``quantile=0.95`` about 5% of normal samples score at or above the threshold: the rule
    fixes the false-alarm rate on normal data and needs no anomalies at all.

    Parameters
    ----------
    normal_scores : array-like of shape (n_samples,)
        Scores of samples known to be normal (e.g. validation normals).
    quantile : float, default=0.95
        In (0, 1).

    Returns
    -------
    threshold : float
        ``np.quantile(normal_scores, quantile)`` (linear interpolation).

    Raises
    ------
    ValueError
        If the scores are not a non-empty finite 1-D array, or ``quantile`` is not in (0, 1).

    Examples
    --------
    >>> threshold_quantile([0.0, 1.0, 2.0, 3.0, 4.0], quantile=0.5)
    2.0
    """
    scores = _scores(normal_scores, "normal_scores")
    quantile = check_scalar(
        quantile, "quantile", min_val=0, max_val=1, include_boundaries="neither"
    )
    return float(np.quantile(scores, quantile))


def f1_by_threshold(y_true, scores):
    """F1 of the anomaly class at every distinct threshold.

    Parameters
    ----------
    y_true : array-like of shape (n_samples,)
        1 = anomaly, 0 = normal; both must occur.
    scores : array-like of shape (n_samples,)
        Higher = more anomalous.

    Returns
    -------
    thresholds : ndarray of shape (n_thresholds,), float64
        Increasing distinct score values, as :func:`sklearn.metrics.precision_recall_curve`
        returns them.
    f1 : ndarray of shape (n_thresholds,), float64
        F1 of the anomaly class when samples with ``score >= threshold`` are flagged.

    Raises
    ------
    ValueError
        If the inputs are not 1-D, differ in length, hold non-finite scores, or ``y_true`` is
        not binary with both classes present.
    """
    scores = _scores(scores)
    y_true = check_labels(y_true, "y_true", n=len(scores), binary=True)
    precision, recall, thresholds = precision_recall_curve(y_true, scores)
    precision, recall = precision[:-1], recall[:-1]
    total = precision + recall
    f1 = np.divide(2 * precision * recall, total, out=np.zeros_like(total), where=total > 0)
    return thresholds.astype(np.float64), f1


def threshold_best_f1(y_true, scores) -> float:
    """The threshold that maximises the anomaly class's F1 on the given (validation) data.

    Parameters
    ----------
    y_true : array-like of shape (n_samples,)
        1 = anomaly, 0 = normal; both must occur.
    scores : array-like of shape (n_samples,)
        Higher = more anomalous.

    Returns
    -------
    threshold : float
        One of the scores; on ties the lowest such threshold.

    Raises
    ------
    ValueError
        As :func:`f1_by_threshold`.

    Notes
    -----
    This rule uses labelled anomalies, so it must see **validation** data only: chosen on the
    test set, it would report an F1 that no deployed detector could reach.

    Examples
    --------
    >>> threshold_best_f1([0, 0, 1, 1], [0.1, 0.2, 0.8, 0.9])
    0.8
    """
    thresholds, f1 = f1_by_threshold(y_true, scores)
    return float(thresholds[int(np.argmax(f1))])


def anomaly_report(y_true, scores, *, threshold: float) -> dict[str, float]:
    """Threshold-free and thresholded metrics of the anomaly class.

    Parameters
    ----------
    y_true : array-like of shape (n_samples,)
        1 = anomaly, 0 = normal; both must occur.
    scores : array-like of shape (n_samples,)
        Higher = more anomalous.
    threshold : float
        Samples with ``score >= threshold`` are flagged as anomalies.

    Returns
    -------
    report : dict of str to float
        ``auroc`` (:func:`~sklearn.metrics.roc_auc_score`), ``auprc``
        (:func:`~sklearn.metrics.average_precision_score`, anomalies as positives), ``threshold``,
        ``accuracy``, ``precision``, ``recall`` and ``f1`` of the anomaly class, and the confusion
        counts ``tn``, ``fp``, ``fn``, ``tp`` (anomaly = positive) as floats.

    Raises
    ------
    ValueError
        As :func:`f1_by_threshold`, or if ``threshold`` is not a finite number.

    Examples
    --------
    >>> report = anomaly_report([0, 0, 1, 1], [0.1, 0.6, 0.5, 0.9], threshold=0.5)
    >>> report["recall"], report["precision"], report["fp"]
    (1.0, 0.6666666666666666, 1.0)
    """
    scores = _scores(scores)
    y_true = check_labels(y_true, "y_true", n=len(scores), binary=True)
    threshold = check_scalar(threshold, "threshold")
    y_pred = (scores >= threshold).astype(np.int64)
    precision, recall, f1, _ = precision_recall_fscore_support(
        y_true, y_pred, average="binary", pos_label=1, zero_division=0.0
    )
    tn, fp, fn, tp = confusion_matrix(y_true, y_pred, labels=[0, 1]).ravel()
    return {
        "auroc": float(roc_auc_score(y_true, scores)),
        "auprc": float(average_precision_score(y_true, scores)),
        "threshold": threshold,
        "accuracy": float((tn + tp) / len(y_true)),
        "precision": float(precision),
        "recall": float(recall),
        "f1": float(f1),
        "tn": float(tn),
        "fp": float(fp),
        "fn": float(fn),
        "tp": float(tp),
    }


def flag_rate_by_class(y, scores, *, threshold: float) -> dict[int, float]:
    """Fraction of each class flagged as anomalous (``score >= threshold``).

    For an abnormal class this is its **recall**; for the normal class it is the false-alarm
    rate.

    Parameters
    ----------
    y : array-like of shape (n_samples,), int
        Class labels, e.g. ECG5000's 1..5.
    scores : array-like of shape (n_samples,)
        Higher = more anomalous.
    threshold : float
        The decision threshold.

    Returns
    -------
    rates : dict of int to float
        Class -> fraction of its samples flagged, for every class present, in increasing order.

    Raises
    ------
    ValueError
        If ``y`` is not a 1-D integer array of the same length as ``scores``, the scores are not
        finite, or ``threshold`` is not a finite number.

    Examples
    --------
    >>> flag_rate_by_class([1, 1, 2, 3], [0.1, 0.7, 0.9, 0.2], threshold=0.5)
    {1: 0.5, 2: 1.0, 3: 0.0}
    """
    scores = _scores(scores)
    y = check_labels(y, n=len(scores))
    threshold = check_scalar(threshold, "threshold")
    flagged = scores >= threshold
    return {int(k): float(flagged[y == k].mean()) for k in np.unique(y)}
