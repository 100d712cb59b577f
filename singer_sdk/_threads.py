"""Helpers for the background threads singer_sdk starts."""

from __future__ import annotations

import signal

__all__ = ["leave_signals_to_main_thread"]

_TERMINATION_SIGNALS = {signal.SIGINT, signal.SIGTERM}


def leave_signals_to_main_thread() -> None:
    """Block SIGINT and SIGTERM in the calling (background) thread.

    The kernel may deliver a process signal to any thread that does not block it. Delivered to a
    background thread, it does not interrupt the main thread's blocking call (a ``sleep``, a
    socket read), so Python would run the handler only when that call returns — a tap waiting
    on a slow API would ignore Ctrl-C and SIGTERM. Call this first thing in every background
    thread. A no-op where threads cannot block signals.
    """
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_BLOCK, _TERMINATION_SIGNALS)
