import pytest

from helpers import S, T0, ev
from warden_features import WindowExtractor, extract_windows

M = 60  # seconds


def keys(windows):
    return [(w.entity, (w.start_us - T0) // S) for w in windows]


def test_windows_are_epoch_aligned_tumbling_per_ap():
    x = WindowExtractor(300, 60, 1)
    for e in (ev(0, ap="a"), ev(299.999999, id=2, ap="a"), ev(300, id=3, ap="a"), ev(10, id=4, ap="b")):
        x.push(e)
    closed = x.finish()
    assert keys(closed) == [("a", 0), ("b", 0), ("a", 300)]
    assert [w.event_count for w in closed] == [2, 1, 1]
    assert closed[0].end_us - closed[0].start_us == 300 * S


def test_a_window_closes_when_the_watermark_reaches_end_plus_grace():
    x = WindowExtractor(300, 60, 1)
    assert x.push(ev(10)) == []
    assert x.push(ev(359.999999, id=2)) == []  # watermark 1 µs short of end + grace
    closed = x.push(ev(360, id=3))  # exactly end + grace
    assert keys(closed) == [("ap-01", 0)]
    assert closed[0].event_count == 1
    assert x.watermark == T0 + 360 * S


def test_grace_zero_closes_at_the_window_end():
    x = WindowExtractor(300, 0, 1)
    x.push(ev(10))
    assert keys(x.push(ev(300, id=2))) == [("ap-01", 0)]


def test_lateness_closed_windows_and_never_opened_windows_past_grace():
    x = WindowExtractor(300, 60, 1)
    assert x.push(ev(10, id=1, ap="a")) == []
    assert x.push(ev(5 * M + 30, id=2, ap="a")) == []
    assert x.push(ev(4 * M + 50, id=3, ap="b")) == []  # watermark 5:30 < 6:00: in time, opens (b, 0)
    closed = x.push(ev(6 * M, id=4, ap="a"))  # watermark 6:00 closes (a, 0) and (b, 0), entity order
    assert keys(closed) == [("a", 0), ("b", 0)]
    assert x.push(ev(3 * M, id=5, ap="b")) == []  # its window was closed: late
    assert x.push(ev(2 * M, id=6, ap="c")) == []  # never opened, watermark 6:00 >= 5:00 + 1:00: late
    assert x.late == 2
    assert x.watermark == T0 + 6 * M * S
    assert x.push(ev(5 * M + 1, id=7, ap="c")) == []  # (c, 300) in time
    final = x.finish()
    assert keys(final) == [("a", 300), ("c", 300)]
    assert [w.event_count for w in closed + final] == [1, 1, 2, 1]
    assert (x.late, x.scored, x.skipped, x.accepted) == (2, 4, 0, 5)


def test_late_event_inside_grace_is_accepted():
    x = WindowExtractor(300, 60, 1)
    x.push(ev(100))
    x.push(ev(359, id=2))  # watermark 5:59, in the next window
    x.push(ev(200, id=3))  # window [0, 5:00) is still open: accepted
    assert x.late == 0
    assert [w.event_count for w in x.finish()] == [2, 1]


def test_windows_closed_by_one_push_are_ordered_by_start_then_entity():
    x = WindowExtractor(300, 60, 1)
    for i, (t, ap) in enumerate([(10, "b"), (20, "a"), (310, "c"), (320, "a"), (330, "B")]):
        x.push(ev(t, id=i, ap=ap))
    closed = x.push(ev(3600, id=99, ap="z"))
    assert keys(closed) == [("a", 0), ("b", 0), ("B", 300), ("a", 300), ("c", 300)]


def test_min_events_skips_small_windows():
    x = WindowExtractor(300, 60, 3)
    for i in range(3):
        x.push(ev(i, id=i, ap="a"))
    for i in range(2):
        x.push(ev(i, id=10 + i, ap="b"))
    closed = x.finish()
    assert [(w.entity, w.skipped, w.features is None) for w in closed] == [("a", False, False), ("b", True, True)]
    assert (x.scored, x.skipped) == (1, 1)


def test_events_in_a_window_are_ordered_by_ts_then_id():
    x = WindowExtractor(300, 60, 1)
    for t, i in ((5, 3), (1, 9), (5, 1), (2, 2)):
        x.push(ev(t, id=i))
    w = x.finish()[0]
    assert [(e.ts - T0) // S for e in w.events] == [1, 2, 5, 5]
    assert [e.id for e in w.events] == [9, 2, 1, 3]


def test_push_after_finish_is_an_error():
    x = WindowExtractor()
    x.finish()
    with pytest.raises(RuntimeError):
        x.push(ev(0))


@pytest.mark.parametrize("args", [(0, 60, 5), (300, -1, 5), (300, 60, 0), (30.5, 60, 5), (True, 60, 5)])
def test_parameters_are_checked(args):
    with pytest.raises(ValueError):
        WindowExtractor(*args)


def test_extract_windows_yields_closed_then_finished_windows():
    events = [ev(t, id=i) for i, t in enumerate((0, 1, 2, 3, 4, 400, 401))]
    out = list(extract_windows(events, 300, 60, 5))
    assert [(w.skipped, w.event_count) for w in out] == [(False, 5), (True, 2)]


def test_negative_times_floor_to_their_window():
    x = WindowExtractor(300, 60, 1)
    x.push(ev(0)._replace(ts=-1))
    assert x.finish()[0].start_us == -300 * S
