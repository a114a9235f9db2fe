"""Tumbling windows per access point, a watermark, grace and lateness: the semantics Warden's agents copy.

Events are pushed in **arrival order** (a source's ``id`` order, a file's line order).  With ``W`` =
``window_seconds`` and ``G`` = ``grace_seconds`` in integer µs:

1. An event with time ``t`` (µs) belongs to the window ``(ap, start)`` with ``start = floor(t / W) * W`` (floor
   division, so times before 1970 work too) and ``end = start + W``.
2. The **watermark** is the largest ``t`` pushed so far over all APs, *before* the current event; there is none
   before the first event.
3. The event is **late** when ``watermark >= end + G``: its window was already closed (scored or skipped) or was
   never opened and is already past its grace.  (The two are the same test, because every open window with
   ``watermark >= end + G`` is closed as soon as the watermark gets there, and the watermark never decreases.)
   A late event is counted in ``late`` and dropped; it never re-opens a window and never moves the watermark.
4. Otherwise the event is added to its window (opened if needed), then ``watermark = max(watermark, t)``, then
   every open window with ``watermark >= end + G`` is closed.  The windows closed by one push are emitted in
   (``window_start``, ``entity``) order, entity compared by Unicode code points (= UTF-8 byte order).
5. A closed window with fewer than ``min_events`` events is **skipped**: it is emitted with ``skipped=True`` and
   no features, and counted in ``skipped``; the CLI prints only scored windows.  Otherwise it is **scored**: its
   features are computed (:func:`warden_features.features.features`) and ``scored`` is incremented.
6. :meth:`WindowExtractor.finish` closes every window still open, in (``window_start``, ``entity``) order, as if
   the watermark had passed them all.  Pushing after ``finish`` is an error.

Within a window the events are ordered by (``ts``, ``id``), ties in arrival order (a stable sort).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable, Iterator, Optional

from .events import Event
from .features import features as compute_features
from .timestamps import US_PER_SECOND


@dataclass
class ClosedWindow:
    """A window that was closed: scored (``features`` set) or skipped (``skipped`` true, ``features`` None)."""

    entity: str
    start_us: int
    end_us: int
    events: list[Event] = field(repr=False)
    skipped: bool
    features: Optional[dict[str, float]]

    @property
    def event_count(self) -> int:
        return len(self.events)


class WindowExtractor:
    """Groups events into tumbling windows per ``ap`` and closes them by watermark (module docstring)."""

    def __init__(self, window_seconds: int = 300, grace_seconds: int = 60, min_events: int = 5):
        for name, value, low in (("window_seconds", window_seconds, 1), ("grace_seconds", grace_seconds, 0),
                                 ("min_events", min_events, 1)):
            if isinstance(value, bool) or not isinstance(value, int) or value < low:
                raise ValueError(f"{name} must be an integer >= {low}, not {value!r}")
        self.window_seconds = window_seconds
        self.grace_seconds = grace_seconds
        self.min_events = min_events
        self._width = window_seconds * US_PER_SECOND
        self._grace = grace_seconds * US_PER_SECOND
        self._open: dict[tuple[int, str], list[Event]] = {}
        self._next_close: Optional[int] = None  # smallest end + grace over the open windows
        self._finished = False
        #: The newest event time accepted so far (µs), or None before the first event.
        self.watermark: Optional[int] = None
        #: Events dropped as late.
        self.late = 0
        #: Windows closed with fewer than min_events events.
        self.skipped = 0
        #: Windows closed and scored.
        self.scored = 0
        #: Events accepted into a window.
        self.accepted = 0

    def push(self, event: Event) -> list[ClosedWindow]:
        """Adds one event (arrival order); returns the windows this closes, in (window_start, entity) order."""
        if self._finished:
            raise RuntimeError("push after finish")
        start = event.ts // self._width * self._width
        due = start + self._width + self._grace
        watermark = self.watermark
        if watermark is not None and watermark >= due:
            self.late += 1
            return []
        key = (start, event.ap)
        bucket = self._open.get(key)
        if bucket is None:
            bucket = self._open[key] = []
            if self._next_close is None or due < self._next_close:
                self._next_close = due
        bucket.append(event)
        self.accepted += 1
        if watermark is None or event.ts > watermark:
            self.watermark = watermark = event.ts
        if self._next_close is not None and watermark >= self._next_close:
            return self._close(watermark)
        return []

    def finish(self) -> list[ClosedWindow]:
        """Closes every open window, in (window_start, entity) order."""
        self._finished = True
        return self._close(None)

    @property
    def open_windows(self) -> int:
        return len(self._open)

    def _close(self, watermark: Optional[int]) -> list[ClosedWindow]:
        span = self._width + self._grace
        if watermark is None:
            due = sorted(self._open)
        else:
            due = sorted(key for key in self._open if key[0] + span <= watermark)
        closed = [self._emit(key, self._open.pop(key)) for key in due]
        self._next_close = min((key[0] + span for key in self._open), default=None)
        return closed

    def _emit(self, key: tuple[int, str], events: list[Event]) -> ClosedWindow:
        start, ap = key
        ordered = sorted(events, key=lambda e: (e.ts, e.id))
        if len(ordered) < self.min_events:
            self.skipped += 1
            return ClosedWindow(ap, start, start + self._width, ordered, True, None)
        self.scored += 1
        return ClosedWindow(ap, start, start + self._width, ordered, False, compute_features(ordered))


def extract_windows(events: Iterable[Event], window_seconds: int = 300, grace_seconds: int = 60,
                    min_events: int = 5, extractor: Optional[WindowExtractor] = None) -> Iterator[ClosedWindow]:
    """Every closed window (scored and skipped) of ``events`` in arrival order, then the ones ``finish`` closes.

    Pass your own ``extractor`` to read its counters afterwards.
    """
    x = extractor or WindowExtractor(window_seconds, grace_seconds, min_events)
    for event in events:
        yield from x.push(event)
    yield from x.finish()
