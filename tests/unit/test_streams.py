"""aebook.streams: windows, a stream built from beats, flagged ranges and event measures."""

import numpy as np
import pytest

from aebook import streams


def test_windows_tile_the_signal_and_keep_the_last_one():
    signal = np.arange(12.0)
    windows, starts = streams.sliding_windows(signal, width=4, stride=4)
    np.testing.assert_array_equal(windows.reshape(-1), signal)  # the last window is kept
    np.testing.assert_array_equal(starts, [0, 4, 8])


def test_windows_with_an_offset_stay_inside_the_signal():
    windows, starts = streams.sliding_windows(np.arange(10.0), width=4, stride=3, offset=1)
    np.testing.assert_array_equal(starts, [1, 4])
    assert np.all(starts + 4 <= 10)
    np.testing.assert_array_equal(windows[1], [4, 5, 6, 7])


def test_stream_keeps_the_normal_order_and_separates_events():
    x_normal = np.arange(50.0)[:, None] * np.ones((1, 3))  # beat i holds i
    x_anomalous = -np.ones((20, 3))
    stream = streams.build_stream(x_normal, x_anomalous, n_events=15, random_state=1)
    beats = stream.signal.reshape(-1, 3)
    np.testing.assert_array_equal(beats[stream.is_anomaly == 0, 0], np.arange(50.0))
    assert np.all(beats[stream.is_anomaly == 1] == -1)
    assert not np.any(np.diff(np.flatnonzero(stream.is_anomaly)) == 1), "events touch"
    assert stream.n_beats == 65 and stream.events.shape == (15, 2)
    np.testing.assert_array_equal(stream.events[:, 1] - stream.events[:, 0], 3)


def test_perfect_detector_catches_every_event_without_false_alarms():
    rng = np.random.default_rng(0)
    stream = streams.build_stream(
        rng.normal(size=(40, 10)), rng.normal(size=(5, 10)) + 5, n_events=5
    )
    windows, starts = streams.sliding_windows(stream.signal, width=10, stride=10)
    scores = windows.mean(axis=1)
    labels = streams.window_labels(starts, width=10, events=stream.events)
    np.testing.assert_array_equal(labels, stream.is_anomaly)
    report = streams.event_report(
        starts,
        scores,
        width=10,
        threshold=2.5,
        events=stream.events,
        n_samples=len(stream.signal),
        beat_length=10,
    )
    assert report["event_recall"] == 1.0 and report["false_alarms"] == 0.0
    assert report["median_delay"] == 10.0  # an aligned window ends with its beat


def test_false_alarms_are_counted_per_1000_beats_and_missed_events_have_no_delay():
    starts = np.arange(0, 100, 10)
    scores = np.zeros(10)
    scores[[2, 7]] = 1.0  # two flagged windows, far from the event
    report = streams.event_report(
        starts,
        scores,
        width=10,
        threshold=0.5,
        events=[[50, 60]],
        n_samples=100,
        beat_length=10,
    )
    assert report["event_recall"] == 0.0 and report["false_alarms"] == 2.0
    assert report["false_alarms_per_1000_beats"] == 200.0
    assert np.isnan(report["median_delay"])


def test_flagging_everything_raises_a_false_alarm_between_events():
    starts = np.arange(0, 100, 5)
    report = streams.event_report(
        starts,
        np.ones(len(starts)),
        width=10,
        threshold=0.5,
        events=[[30, 40], [60, 70]],
        n_samples=110,
        beat_length=10,
    )
    assert report["event_recall"] == 1.0
    assert report["false_alarms"] == 3.0  # before, between and after the two events


def test_flagged_ranges_merge_overlapping_windows():
    ranges = streams.flagged_ranges([0, 5, 10, 30], [1, 1, 1, 1], width=8, threshold=1)
    np.testing.assert_array_equal(ranges, [[0, 18], [30, 38]])
    assert streams.flagged_ranges([0, 5], [0, 0], width=8, threshold=1).shape == (0, 2)


@pytest.mark.parametrize(
    ("call", "match"),
    [
        (lambda: streams.sliding_windows(np.ones((3, 3)), width=2, stride=1), "1 dimension"),
        (lambda: streams.sliding_windows(np.ones(5), width=0, stride=1), "width >= 1"),
        (lambda: streams.sliding_windows(np.ones(5), width=2, stride=1.5), "stride to be"),
        (lambda: streams.sliding_windows(np.ones(5), width=4, stride=1, offset=2), "no window"),
        (lambda: streams.sliding_windows([1.0, np.nan], width=1, stride=1), "finite"),
        (
            lambda: streams.build_stream(np.ones((3, 4)), np.ones((3, 5)), n_events=1),
            "same beat length",
        ),
        (
            lambda: streams.build_stream(np.ones((3, 4)), np.ones((9, 4)), n_events=5),
            "n_events in",
        ),
        (lambda: streams.window_labels([0, 2], width=2, events=[[3, 1]]), "start < end"),
        (lambda: streams.window_labels([0.5], width=2, events=[[0, 1]]), "starts as"),
        (lambda: streams.flagged_ranges([0, 2], [1.0], width=2, threshold=0), "one score"),
        (
            lambda: streams.flagged_ranges([0], [1.0], width=2, threshold=np.inf),
            "threshold",
        ),
        (
            lambda: streams.event_report(
                [0], [1.0], width=2, threshold=0, events=[], n_samples=2, beat_length=1
            ),
            "at least one event",
        ),
    ],
)
def test_mistakes_raise_clear_errors(call, match):
    with pytest.raises(ValueError, match=match):
        call()
