"""SIGTERM and SIGINT: how a plugin run is told to stop, and which thread hears it.

The main thread installs :func:`install_termination_handlers` (the CLI does, for every run); the
handler hands the signal to the plugin registered last with :func:`set_active_plugin`, whose
``_handle_termination`` raises :class:`TerminationRequested` by default. Background threads
call :func:`leave_signals_to_main_thread` so the signal reaches the main thread's blocking call.
"""

from __future__ import annotations

import signal
import typing as t
import weakref

if t.TYPE_CHECKING:
    from types import FrameType

__all__ = [
    "TerminationRequested",
    "install_termination_handlers",
    "leave_signals_to_main_thread",
    "set_active_plugin",
    "signal_name",
]

_TERMINATION_SIGNALS = {signal.SIGINT, signal.SIGTERM}


class _Terminable(t.Protocol):
    """What the handlers deliver a signal to: a plugin (see ``PluginBase._handle_termination``)."""

    def _handle_termination(self, signum: int, frame: FrameType | None = None) -> None: ...


class TerminationRequested(KeyboardInterrupt):
    """Raised in the main thread when a plugin run receives SIGTERM or SIGINT.

    It subclasses :class:`KeyboardInterrupt`, so run loops that already clean up on Ctrl-C (write
    the final state, drain sinks) do the same on SIGTERM. The CLI exits with :attr:`exit_code`.

    Attributes:
        signum: the number of the signal received.
    """

    def __init__(self, signum: int) -> None:
        self.signum = signum
        super().__init__(f"Received {signal_name(signum)}")

    @property
    def exit_code(self) -> int:
        """The conventional exit status after this signal: 128 plus the signal number."""
        return 128 + self.signum


def signal_name(signum: int) -> str:
    """Return the name of signal ``signum`` (``SIGTERM``), or ``signal <n>`` if it has none."""
    try:
        return signal.Signals(signum).name
    except ValueError:
        return f"signal {signum}"


#: The plugin the termination signal handlers deliver to: the one constructed last.
_active_plugin: weakref.ReferenceType[_Terminable] | None = None


def set_active_plugin(plugin: _Terminable) -> None:
    """Make ``plugin`` the one the termination handlers deliver to (held by a weak reference)."""
    global _active_plugin

    _active_plugin = weakref.ref(plugin)


def _deliver_termination(signum: int, frame: FrameType | None) -> None:
    """Signal handler: let the active plugin react, or stop with :class:`TerminationRequested`."""
    plugin = _active_plugin() if _active_plugin is not None else None
    if plugin is None:
        raise TerminationRequested(signum)
    plugin._handle_termination(signum, frame)


def install_termination_handlers() -> t.Callable[[], None]:
    """Route SIGTERM and SIGINT to the active plugin's ``_handle_termination``.

    Does nothing outside the main thread (Python only delivers signals there).

    Returns:
        A function that puts the previous handlers back.
    """
    import threading

    if threading.current_thread() is not threading.main_thread():
        return lambda: None
    previous: dict[int, t.Any] = {}
    for name in ("SIGTERM", "SIGINT"):
        signum = getattr(signal, name, None)
        if signum is not None:
            previous[signum] = signal.signal(signum, _deliver_termination)

    def restore() -> None:
        for signum, handler in previous.items():
            signal.signal(signum, handler)

    return restore


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
