"""STATE message de-duplication: write a STATE only when the state changed."""

from __future__ import annotations

import typing as t

from singer_sdk._messages import codec
from singer_sdk._messages.models import StateMessage

if t.TYPE_CHECKING:
    from collections.abc import Mapping

    from singer_sdk._messages.io import GenericSingerWriter

__all__ = ["StateWriter"]


class StateWriter:
    """Writes the tap state as STATE messages, skipping a state equal to the last one written.

    The writer keeps its own encoded copy of the last state written, never a reference to the
    live state dict, so later changes to that dict are seen as changes. States are compared by
    value: a state whose keys merely changed order counts as unchanged.

    Args:
        message_writer: where STATE messages go (anything with ``write_message``).
    """

    def __init__(self, message_writer: GenericSingerWriter[t.Any, t.Any]) -> None:
        self._message_writer = message_writer
        self._last_encoded: bytes | None = None
        self._last_value: t.Any = None
        #: How many STATE messages were written.
        self.states_written = 0

    @property
    def last_state(self) -> dict[str, t.Any] | None:
        """A copy of the last state written (as it went on the wire), or None before the first."""
        if self._last_encoded is None:
            return None
        return t.cast("dict[str, t.Any]", codec.decode(self._last_encoded))

    def has_changed(self, state: Mapping[str, t.Any]) -> bool:
        """Return True if ``state`` differs from the last state written (or none was)."""
        return self._snapshot_if_changed(codec.encode(state)) is not None

    def _snapshot_if_changed(self, encoded: bytes) -> t.Any:
        """Return ``encoded`` decoded if it differs in value from the last state, else None."""
        if encoded == self._last_encoded:
            return None
        value = codec.decode(encoded)
        if self._last_encoded is not None and value == self._last_value:
            return None  # same content, keys in another order
        return value

    def write_state(self, state: Mapping[str, t.Any]) -> bool:
        """Write ``state`` as a STATE message unless it equals the last state written.

        The message carries a snapshot of ``state`` taken now.

        Returns:
            True if a message was written.
        """
        encoded = codec.encode(state)
        value = self._snapshot_if_changed(encoded)
        if value is None:
            return False
        self._message_writer.write_message(StateMessage(value=value))
        self._last_encoded = encoded
        self._last_value = value
        self.states_written += 1
        return True

    def reset(self) -> None:
        """Forget the last state written: the next :meth:`write_state` writes whatever it gets."""
        self._last_encoded = None
        self._last_value = None
