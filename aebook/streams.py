"""Anomalies in a stream: windows with a stride, a stream built from beats, flagged ranges.

Chapter 6 (sequence autoencoders) introduces this module. A detector trained on pre-cut beats
meets, in monitoring, one long signal. The functions here turn that signal into windows, the
windows' scores into flagged time ranges, and the ranges into the measures a monitoring team
reads: how many events were caught (event recall), how many alarms were false, and how many
samples an alarm came after the event began.

Conventions, as in :mod:`aebook.anomaly`: scores are higher = more anomalous, and a window is
flagged when its score is **at or above** the threshold. Positions are sample indices into
the signal, and every range is half-open, ``[start, end)``.
"""

from __future__ import annotations

import numbers
from dataclasses import dataclass

import numpy as np

from aebook._validation import check_array, check_scalar


def _positive_int(value, name: str) -> int:
    return check_scalar(value, name, numbers.Integral, min_val=1)


def _events(events) -> np.ndarray:
    events = np.asarray(events)
    if events.size == 0:
        return np.zeros((0, 2), dtype=np.int64)
    events = check_array(events, "events", ndim=2)
    if events.shape[1] != 2 or not np.issubdtype(events.dtype, np.integer):
        raise ValueError(
            f"Expected events as integer [start, end) pairs of shape (n_events, 2), got "
            f"shape {events.shape} and dtype {events.dtype}"
        )
    if np.any(events[:, 1] <= events[:, 0]) or np.any(events[:, 0] < 0):
        raise ValueError("Expected every event with 0 <= start < end")
    return events.astype(np.int64)


def _starts(starts) -> np.ndarray:
    starts = check_array(starts, "starts", ndim=1)
    if not np.issubdtype(starts.dtype, np.integer) or np.any(starts < 0):
        raise ValueError(f"Expected starts as non-negative integers, got {starts.dtype} values")
    return starts.astype(np.int64)


def _window_scores(starts, scores, width):
    width = _positive_int(width, "width")
    starts = _starts(starts)
    scores = check_array(scores, "scores", ndim=1).astype(np.float64)
    if len(scores) != len(starts):
        raise ValueError(
            f"Expected one score per window, got {len(scores)} scores and {len(starts)} starts"
        )
    return starts, scores, width


def sliding_windows(signal, *, width: int, stride: int, offset: int = 0):
    """Cut a 1-D signal into windows of ``width`` samples, one every ``stride`` samples.

    Every window lies wholly inside the signal, and the last one that fits is kept (the
    off-by-one once reported against Keras' timeseries example, keras-io issue 329).

    Parameters
    ----------
    signal : array-like of shape (n_samples,)
        The stream, e.g. :attr:`Stream.signal`.
    width : int
        Samples per window (140 for an ECG5000 beat).
    stride : int
        Samples between the starts of two windows; ``stride == width`` tiles the signal.
    offset : int, default=0
        Start of the first window.

    Returns
    -------
    windows : ndarray of shape (n_windows, width)
        Copies of the signal's samples, with its dtype.
    starts : ndarray of shape (n_windows,), int64
        The first sample of each window: ``offset, offset + stride, ...``.

    Raises
    ------
    ValueError
        If the signal is not a non-empty finite 1-D array, ``width`` or ``stride`` is not a
        positive integer, ``offset`` is negative, or no window fits.

    Examples
    --------
    >>> windows, starts = sliding_windows(np.arange(7.0), width=3, stride=2)
    >>> windows
    array([[0., 1., 2.],
           [2., 3., 4.],
           [4., 5., 6.]])
    >>> starts
    array([0, 2, 4])
    """
    signal = check_array(signal, "signal", ndim=1)
    width = _positive_int(width, "width")
    stride = _positive_int(stride, "stride")
    offset = check_scalar(offset, "offset", numbers.Integral, min_val=0)
    if offset + width > len(signal):
        raise ValueError(
            f"Expected offset + width <= len(signal), got {offset} + {width} > {len(signal)}: "
            "no window fits"
        )
    starts = np.arange(offset, len(signal) - width + 1, stride, dtype=np.int64)
    view = np.lib.stride_tricks.sliding_window_view(signal, width)
    return view[starts].copy(), starts


@dataclass(frozen=True)
class Stream:
    """A continuous signal made of beats laid end to end, with the anomalous beats as events.

    :func:`build_stream` makes these.

    Attributes
    ----------
    signal : ndarray of shape (n_beats * beat_length,)
        The beats, one after another.
    beat_starts : ndarray of shape (n_beats,), int64
        The first sample of each beat.
    is_anomaly : ndarray of shape (n_beats,), int64
        1 for an anomalous beat, 0 for a normal one.
    beat_length : int
        Samples per beat.
    """

    signal: np.ndarray
    beat_starts: np.ndarray
    is_anomaly: np.ndarray
    beat_length: int

    @property
    def n_beats(self) -> int:
        """How many beats the stream holds."""
        return len(self.beat_starts)

    @property
    def events(self) -> np.ndarray:
        """The anomalous beats as ``[start, end)`` sample ranges, shape (n_events, 2), int64."""
        starts = self.beat_starts[self.is_anomaly == 1]
        return np.stack([starts, starts + self.beat_length], axis=1).astype(np.int64)


def build_stream(x_normal, x_anomalous, *, n_events: int, random_state: int = 0) -> Stream:
    """Lay normal beats end to end, in their order, with a few anomalous beats among them.

    ``n_events`` anomalous beats, drawn at random, are each inserted into a different gap
    between normal beats (or before the first, or after the last), so that two events are
    always separated by at least one normal beat.

    Parameters
    ----------
    x_normal : array-like of shape (n_normal, beat_length)
        Normal beats, kept in this order.
    x_anomalous : array-like of shape (n_anomalous, beat_length)
        Anomalous beats to draw the events from.
    n_events : int
        How many anomalous beats to insert, from 1 to ``min(n_anomalous, n_normal + 1)``.
    random_state : int, default=0
        Seed of the draws.

    Returns
    -------
    stream : Stream
        ``n_normal + n_events`` beats; its signal has the dtype of ``x_normal``.

    Raises
    ------
    ValueError
        If the beats are not finite 2-D arrays of one beat length, or ``n_events`` or
        ``random_state`` is out of range.

    Examples
    --------
    >>> stream = build_stream(np.zeros((4, 3)), np.ones((2, 3)), n_events=2)
    >>> stream.signal.shape, stream.is_anomaly.sum(), stream.events.shape
    ((18,), np.int64(2), (2, 2))
    """
    x_normal = check_array(x_normal, "x_normal", ndim=2)
    x_anomalous = check_array(x_anomalous, "x_anomalous", ndim=2)
    if x_normal.shape[1] != x_anomalous.shape[1]:
        raise ValueError(
            "Expected x_normal and x_anomalous with the same beat length, got "
            f"{x_normal.shape[1]} and {x_anomalous.shape[1]}"
        )
    n_events = check_scalar(
        n_events,
        "n_events",
        numbers.Integral,
        min_val=1,
        max_val=min(len(x_anomalous), len(x_normal) + 1),
    )
    random_state = check_scalar(random_state, "random_state", numbers.Integral, min_val=0)
    rng = np.random.default_rng(random_state)
    chosen = x_anomalous[np.sort(rng.choice(len(x_anomalous), n_events, replace=False))]
    gaps = np.sort(rng.choice(len(x_normal) + 1, n_events, replace=False))
    # Gap g sits before normal beat g; the i-th event lands at position g + i.
    is_anomaly = np.zeros(len(x_normal) + n_events, dtype=np.int64)
    is_anomaly[gaps + np.arange(n_events)] = 1
    beats = np.empty((len(is_anomaly), x_normal.shape[1]), dtype=x_normal.dtype)
    beats[is_anomaly == 1] = chosen
    beats[is_anomaly == 0] = x_normal
    beat_length = x_normal.shape[1]
    starts = np.arange(len(beats), dtype=np.int64) * beat_length
    return Stream(beats.reshape(-1), starts, is_anomaly, beat_length)


def window_labels(starts, *, width: int, events) -> np.ndarray:
    """1 for each window that overlaps an event by at least one sample, else 0.

    Parameters
    ----------
    starts : array-like of shape (n_windows,), int
        The windows' first samples, as :func:`sliding_windows` returns them.
    width : int
        Samples per window.
    events : array-like of shape (n_events, 2), int
        ``[start, end)`` sample ranges, e.g. :attr:`Stream.events`.

    Returns
    -------
    labels : ndarray of shape (n_windows,), int64

    Raises
    ------
    ValueError
        If ``starts`` are not non-negative integers, ``width`` is not a positive integer, or
        ``events`` are not ``[start, end)`` pairs.

    Examples
    --------
    >>> window_labels([0, 2, 4, 6], width=2, events=[[3, 5]])
    array([0, 1, 1, 0])
    """
    starts, width = _starts(starts), _positive_int(width, "width")
    events = _events(events)
    ends = starts + width
    overlap = (starts[:, None] < events[None, :, 1]) & (ends[:, None] > events[None, :, 0])
    return overlap.any(axis=1).astype(np.int64)


def flagged_ranges(starts, scores, *, width: int, threshold: float) -> np.ndarray:
    """Merge the windows scoring at or above ``threshold`` into flagged sample ranges.

    Windows that overlap or touch join one range.

    Parameters
    ----------
    starts : array-like of shape (n_windows,), int
        The windows' first samples.
    scores : array-like of shape (n_windows,)
        One score per window, higher = more anomalous.
    width : int
        Samples per window.
    threshold : float
        Windows with ``score >= threshold`` are flagged.

    Returns
    -------
    ranges : ndarray of shape (n_ranges, 2), int64
        ``[start, end)`` of each flagged range, in increasing order; (0, 2) when nothing is
        flagged.

    Raises
    ------
    ValueError
        If ``starts`` and ``scores`` do not pair up, or ``threshold`` is not a finite number.

    Examples
    --------
    >>> flagged_ranges([0, 2, 4, 6, 8], [0.1, 0.9, 0.8, 0.1, 0.7], width=3, threshold=0.5)
    array([[ 2,  7],
           [ 8, 11]])
    """
    starts, scores, width = _window_scores(starts, scores, width)
    threshold = check_scalar(threshold, "threshold")
    flagged = np.sort(starts[scores >= threshold])
    ranges: list[list[int]] = []
    for start in flagged.tolist():
        if ranges and start <= ranges[-1][1]:
            ranges[-1][1] = max(ranges[-1][1], start + width)
        else:
            ranges.append([start, start + width])
    return np.array(ranges, dtype=np.int64).reshape(-1, 2)


def event_report(
    starts,
    scores,
    *,
    width: int,
    threshold: float,
    events,
    n_samples: int,
    beat_length: int,
) -> dict[str, float]:
    """Event-level measures of a stream detector: recall, false alarms and delay.

    An event is **detected** when a flagged range overlaps it. A **false alarm** is a run of
    flagged windows none of which overlaps an event (windows that overlap or touch form one
    run): flagging the whole signal then raises one false alarm between every two events,
    instead of one long range that would count as a single detection. The **delay** of a detected event counts the samples from
    its start to the end of the first flagged window that overlaps it: a window can be scored
    only once its last sample has arrived.

    Parameters
    ----------
    starts : array-like of shape (n_windows,), int
        The windows' first samples.
    scores : array-like of shape (n_windows,)
        One score per window, higher = more anomalous.
    width : int
        Samples per window.
    threshold : float
        Windows with ``score >= threshold`` are flagged.
    events : array-like of shape (n_events, 2), int
        ``[start, end)`` of each event; at least one.
    n_samples : int
        Length of the signal, to count false alarms per 1,000 beats.
    beat_length : int
        Samples per beat (ECG5000 keeps no time scale, so beats stand in for time).

    Returns
    -------
    report : dict of str to float
        ``event_recall`` (share of events detected), ``n_events``, ``n_detected``,
        ``false_alarms`` (count), ``false_alarms_per_1000_beats`` and ``median_delay``
        (samples, over detected events; NaN when none is detected).

    Raises
    ------
    ValueError
        As :func:`flagged_ranges`, or if there is no event or a size is not a positive
        integer.

    Examples
    --------
    >>> report = event_report([0, 2, 4, 6, 8], [0.1, 0.9, 0.8, 0.1, 0.7], width=3,
    ...                       threshold=0.5, events=[[3, 5]], n_samples=11, beat_length=1)
    >>> report["event_recall"], report["false_alarms"], report["median_delay"]
    (1.0, 1.0, 2.0)
    """
    starts, scores, width = _window_scores(starts, scores, width)
    threshold = check_scalar(threshold, "threshold")
    events = _events(events)
    if len(events) == 0:
        raise ValueError("Expected at least one event, got none")
    n_samples = _positive_int(n_samples, "n_samples")
    beat_length = _positive_int(beat_length, "beat_length")
    ranges = flagged_ranges(starts, scores, width=width, threshold=threshold)

    def overlaps(a, b):  # [start, end) pairs, (n, 2) and (m, 2) -> (n, m)
        return (a[:, None, 0] < b[None, :, 1]) & (a[:, None, 1] > b[None, :, 0])

    detected = overlaps(events, ranges).any(axis=1)
    flagged = scores >= threshold
    window_spans = np.stack([starts[flagged], starts[flagged] + width], axis=1)
    clear = ~overlaps(window_spans, events).any(axis=1)  # flagged windows outside every event
    false_alarms = (
        len(flagged_ranges(window_spans[clear, 0], np.ones(clear.sum()), width=width, threshold=1))
        if clear.any()
        else 0
    )
    hits = overlaps(events, window_spans)  # (n_events, n_flagged_windows)
    delays = [
        int(window_spans[hit, 1].min() - event[0])
        for event, hit in zip(events, hits, strict=True)
        if hit.any()
    ]
    return {
        "event_recall": float(detected.mean()),
        "n_events": float(len(events)),
        "n_detected": float(detected.sum()),
        "false_alarms": float(false_alarms),
        "false_alarms_per_1000_beats": 1000.0 * false_alarms / (n_samples / beat_length),
        "median_delay": float(np.median(delays)) if delays else float("nan"),
    }
