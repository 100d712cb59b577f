"""Config stores: where settings changed at run time (a rotated refresh token) are written.

A plugin run with ``--config FILE`` gets a :class:`FileConfigStore` over its config files; an
orchestrator that keeps settings elsewhere passes a :class:`CallbackConfigStore` (or any
:class:`ConfigStore`) to the plugin's ``config_store``. Writes to a file are atomic: the new
content goes to a temporary file in the same directory, is flushed to disk (``fsync``) and
renamed over the old file, so a process killed at any moment leaves the old config or the new
one, never a torn file. The file keeps its permissions; a new file gets ``0600``.
"""

from __future__ import annotations

import contextlib
import contextvars
import json
import os
import stat
import threading
import typing as t

from singer_sdk._config import ConfigFileNotFoundError, read_config_file

if t.TYPE_CHECKING:
    from collections.abc import Callable, Iterator, Mapping

__all__ = [
    "CallbackConfigStore",
    "ConfigStore",
    "FileConfigStore",
    "atomic_write_json",
    "pending_store",
    "shared_lock",
    "take_pending_store",
]

#: Permissions of a config file the store creates (it holds secrets).
NEW_FILE_MODE = 0o600


class ConfigStore:
    """Persists settings changed at run time; subclass it and override :meth:`save`."""

    def save(self, updates: Mapping[str, t.Any]) -> None:
        """Persist ``updates`` (setting name -> new value) over the stored config.

        Raises:
            NotImplementedError: not overridden.
        """
        raise NotImplementedError


class CallbackConfigStore(ConfigStore):
    """Hands each change to a callback (an orchestrator's own settings store).

    Args:
        callback: called with a dict of the changed settings, before the new values are used.
    """

    def __init__(self, callback: Callable[[dict[str, t.Any]], t.Any]) -> None:
        self.callback = callback

    def save(self, updates: Mapping[str, t.Any]) -> None:
        """Call the callback with the changed settings."""
        self.callback(dict(updates))


class FileConfigStore(ConfigStore):
    """Writes changes back to the ``--config`` files, atomically.

    A changed setting goes to the last file that holds it (the one it was read from, as later
    files win), else to the last file.

    Args:
        paths: the config files, in command-line order.
    """

    def __init__(self, *paths: str | os.PathLike[str]) -> None:
        if not paths:
            msg = "FileConfigStore needs at least one file"
            raise ValueError(msg)
        self.paths = tuple(os.fspath(path) for path in paths)
        self._lock = threading.Lock()

    def __repr__(self) -> str:
        return f"FileConfigStore{self.paths!r}"

    def save(self, updates: Mapping[str, t.Any]) -> None:
        """Merge ``updates`` into the files that hold those settings, one atomic write each."""
        with self._lock:
            contents: dict[str, dict[str, t.Any]] = {}
            for path in self.paths:
                try:
                    contents[path] = read_config_file(path)
                except ConfigFileNotFoundError:
                    contents[path] = {}
            changed: dict[str, dict[str, t.Any]] = {}
            for key, value in updates.items():
                holder = next(
                    (path for path in reversed(self.paths) if key in contents[path]),
                    self.paths[-1],
                )
                changed.setdefault(holder, {})[key] = value
            for path, values in changed.items():
                atomic_write_json(path, {**contents[path], **values})


def atomic_write_json(path: str | os.PathLike[str], data: t.Any) -> None:
    """Replace the file at ``path`` with ``data`` as JSON: temp file, fsync, rename.

    A symlink is followed (its target is replaced). The file keeps its permission bits; a new
    file gets ``0600``.
    """
    target = os.path.realpath(path)
    directory = os.path.dirname(target)
    try:
        mode = stat.S_IMODE(os.stat(target).st_mode)
    except FileNotFoundError:
        mode = NEW_FILE_MODE
    text = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    import tempfile  # imported on first write: runs that change no setting never pay for it

    descriptor, temp_path = tempfile.mkstemp(
        dir=directory, prefix=f".{os.path.basename(target)}.", suffix=".tmp"
    )
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8") as file:
            os.fchmod(file.fileno(), mode)
            file.write(text)
            file.flush()
            os.fsync(file.fileno())
        os.replace(temp_path, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp_path)
        raise
    _fsync_directory(directory)


def _fsync_directory(directory: str) -> None:
    """Flush the directory entry of the rename to disk (where the platform allows it)."""
    try:
        descriptor = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)


# -- handing the store of a command-line run to the plugin being built ---------------------------

_PENDING: contextvars.ContextVar[ConfigStore | None] = contextvars.ContextVar(
    "singer_sdk_pending_config_store", default=None
)


@contextlib.contextmanager
def pending_store(store: ConfigStore | None) -> Iterator[None]:
    """Make ``store`` the one the plugin constructed in this block takes."""
    token = _PENDING.set(store)
    try:
        yield
    finally:
        _PENDING.reset(token)


def take_pending_store() -> ConfigStore | None:
    """Return the store set by :func:`pending_store` (once: it is cleared)."""
    store = _PENDING.get()
    if store is not None:
        _PENDING.set(None)
    return store


# -- one lock per plugin -------------------------------------------------------------------------

_LOCKS_GUARD = threading.Lock()


def shared_lock(owner: t.Any, name: str) -> threading.RLock:
    """Return the re-entrant lock ``name`` of ``owner`` (made on first use, one per owner).

    The authenticators of one tap take the same lock, so a token is refreshed once per expiry
    even when each stream built its own authenticator.
    """
    attribute = f"_sdk_lock_{name}"
    lock = getattr(owner, attribute, None)
    if lock is None:
        with _LOCKS_GUARD:
            lock = getattr(owner, attribute, None)
            if lock is None:
                lock = threading.RLock()
                setattr(owner, attribute, lock)
    return t.cast("threading.RLock", lock)
