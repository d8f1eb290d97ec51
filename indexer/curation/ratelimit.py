"""Failed sign-ins counted per key in a sliding window, in memory and thread-safe."""

from __future__ import annotations

import math
import threading
import time
from collections import OrderedDict, deque
from collections.abc import Callable, Hashable, Iterable

Key = tuple[Hashable, ...]  # e.g. ("user", "anna") or ("client", "203.0.113.7")

MAX_KEYS = 100_000


class RateLimiter:
    """At most `limit` failures per key within `window_seconds`; then callers must wait.

    Memory stays bounded: each key keeps at most `limit` timestamps, keys whose failures
    all left the window are forgotten, and beyond `max_keys` the least recently failed key
    is dropped (a flood of client addresses cannot exhaust memory).
    """

    def __init__(
        self,
        limit: int = 5,
        window_seconds: float = 900.0,
        clock: Callable[[], float] = time.monotonic,
        max_keys: int = MAX_KEYS,
    ):
        if limit < 1 or window_seconds <= 0 or max_keys < 1:
            raise ValueError("limit, window_seconds and max_keys must be positive")
        self.limit = limit
        self.window_seconds = float(window_seconds)
        self.max_keys = max_keys
        self._clock = clock
        self._lock = threading.Lock()
        # Ordered by the latest failure, oldest first (a monotonic clock keeps it so).
        self._failures: OrderedDict[Key, deque[float]] = OrderedDict()

    def retry_after(self, keys: Iterable[Key]) -> float:
        """Seconds until an attempt is allowed for all `keys`; 0.0 when it is allowed now."""
        with self._lock:
            now = self._clock()
            wait = 0.0
            for key in keys:
                times = self._current(key, now)
                if times is not None and len(times) >= self.limit:
                    wait = max(wait, times[0] + self.window_seconds - now)
            return wait

    def record_failure(self, keys: Iterable[Key]) -> None:
        """Count one failed attempt for each of `keys`."""
        with self._lock:
            now = self._clock()
            self._forget_expired(now)
            for key in keys:
                times = self._failures.get(key)
                if times is None:
                    times = self._failures[key] = deque(maxlen=self.limit)
                times.append(now)
                self._failures.move_to_end(key)
            while len(self._failures) > self.max_keys:
                self._failures.popitem(last=False)

    def reset(self, key: Key) -> None:
        """Forget the failures of `key` (after a successful sign-in)."""
        with self._lock:
            self._failures.pop(key, None)

    def tracked_keys(self) -> int:
        """How many keys have failures in memory (for tests and monitoring)."""
        with self._lock:
            return len(self._failures)

    def _current(self, key: Key, now: float) -> deque[float] | None:
        """The failures of `key` still in the window; forgets the key when none are."""
        times = self._failures.get(key)
        if times is None:
            return None
        while times and times[0] <= now - self.window_seconds:
            times.popleft()
        if not times:
            del self._failures[key]
            return None
        return times

    def _forget_expired(self, now: float) -> None:
        """Drop keys whose latest failure left the window (they sit at the front)."""
        while self._failures:
            key, times = next(iter(self._failures.items()))
            if times and times[-1] > now - self.window_seconds:
                break
            del self._failures[key]


def lockout_message(seconds: float) -> str:
    """The German notice for a blocked sign-in; minutes rounded up, at least one."""
    minutes = max(1, math.ceil(seconds / 60))
    unit = "Minute" if minutes == 1 else "Minuten"
    return f"Zu viele Anmeldeversuche. Bitte in {minutes} {unit} erneut versuchen."
