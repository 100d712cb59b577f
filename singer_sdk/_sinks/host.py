"""What a sink uses of the target that owns it.

Sinks know their target only through :class:`SinkTarget`, so the sink modules need not import
the target's (the target imports them); :class:`~singer_sdk.Target` implements it.
"""

from __future__ import annotations

import typing as t

if t.TYPE_CHECKING:
    import logging
    from collections.abc import Mapping

__all__ = ["SinkTarget"]


class SinkTarget(t.Protocol):
    """The target as its sinks see it."""

    @property
    def logger(self) -> logging.Logger:
        """The target's logger; each sink logs on a child of it."""

    @property
    def config(self) -> Mapping[str, t.Any]:
        """The target's configuration."""

    @property
    def initialized_at(self) -> int:
        """When the target started, in milliseconds since the epoch (``_sdc_sync_started_at``)."""

    def _input_line_number(self) -> int | None:
        """The input line being handled, for error messages."""

    def _load_record(
        self, sink: t.Any, record: dict[str, t.Any], message_dict: dict[str, t.Any]
    ) -> None:
        """Pass one record through ``sink``'s steps, then drain the sink if it is full.

        (``sink`` is a :class:`~singer_sdk._sinks.core.Sink`; not named here, as that module
        imports this one.)
        """
