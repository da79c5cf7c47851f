"""Bounded pixel decoding: at most DECODE_SLOTS images decode at once in a process, and the memory a
decode used goes back to the system afterwards.

A 25-megapixel RGBA image decodes to 100 MB, and gunicorn runs 8 threads per worker: unbounded, a burst
of uploads multiplies that. glibc also keeps freed memory in per-thread arenas, so a worker that decoded
a burst stayed at 1.7 GB for minutes; MALLOC_ARENA_MAX=2 (Procfile) caps the arenas and malloc_trim
hands the freed pages back after each decode.
"""
from __future__ import annotations

import ctypes
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from app.core.errors import ServiceUnavailable

DECODE_SLOTS = 2

_slots = threading.BoundedSemaphore(DECODE_SLOTS)


class UploadsBusy(ServiceUnavailable):
    error = "uploads_busy"
    message = "服务器繁忙，请稍后再试上传"


class DecodeGauge:
    """How many decodes run now and the most seen at once: instrumentation the tests read."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.active = 0
        self.peak = 0

    def enter(self) -> None:
        with self._lock:
            self.active += 1
            self.peak = max(self.peak, self.active)

    def leave(self) -> None:
        with self._lock:
            self.active -= 1

    def reset_peak(self) -> None:
        with self._lock:
            self.peak = self.active


gauge = DecodeGauge()


def _find_malloc_trim():
    try:
        return ctypes.CDLL(None).malloc_trim  # glibc only: musl and macOS have none
    except (OSError, AttributeError, TypeError):
        return None


_malloc_trim = _find_malloc_trim()


def release_memory() -> None:
    """Return freed heap pages of every arena to the system (a no-op off glibc)."""
    if _malloc_trim is not None:
        _malloc_trim(0)


@contextmanager
def decode_slot(wait: float | None) -> Iterator[None]:
    """Hold one of the process's decode slots; wait at most `wait` seconds (None: as long as it takes)
    for one, then refuse with UploadsBusy (503) rather than queue the request indefinitely."""
    if not _slots.acquire(timeout=wait):
        raise UploadsBusy()
    gauge.enter()
    try:
        yield
    finally:
        gauge.leave()
        _slots.release()
        release_memory()
