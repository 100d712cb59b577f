"""The Tap: a plugin that discovers streams and syncs them to Singer messages on stdout."""

from __future__ import annotations

import contextlib
import copy
import typing as t
import warnings
from collections.abc import Mapping
from pathlib import PurePath

from singer_sdk import _capabilities as caps
from singer_sdk._catalog.catalog import Catalog
from singer_sdk._catalog.errors import InvalidCatalogError
from singer_sdk._compat import SingerSDKDeprecationWarning
from singer_sdk._config import ConfigFileError, ConfigInput, read_config_file
from singer_sdk._exceptions import AbortedSyncFailedException, AbortedSyncPausedException
from singer_sdk._plugin import BaseSingerWriter, TerminationRequested
from singer_sdk._schema.predicates import declares_datetime
from singer_sdk._state.bookmarks import reset_state_progress_markers, write_stream_state
from singer_sdk._state.writer import StateWriter
from singer_sdk.cli._options import CLIOption

if t.TYPE_CHECKING:
    from types import FrameType

    from singer_sdk._messages.io import GenericSingerWriter
    from singer_sdk._stream import Stream
    from singer_sdk._types import TapState

__all__ = ["CliTestOptionValue", "Tap"]


class CliTestOptionValue:
    """Values of the ``--test`` option."""

    All = "all"
    Schema = "schema"
    Disabled = "disabled"


class InvalidStateError(ConfigFileError):
    """The input state is not in the shape a tap's state has."""


def _check_state(state: t.Any, source: str) -> dict[str, t.Any]:
    """Return ``state`` if it has the shape of a tap state, else raise naming what is wrong."""
    if not isinstance(state, Mapping):
        msg = f"{source} must be a JSON object, not {type(state).__name__}"
        raise InvalidStateError(msg)
    bookmarks = state.get("bookmarks", {})
    if bookmarks is None:
        bookmarks = {}
    if not isinstance(bookmarks, Mapping):
        msg = f"{source}: 'bookmarks' must be an object keyed by stream id, not {bookmarks!r}"
        raise InvalidStateError(msg[:300])
    for stream_id, stream_state in bookmarks.items():
        if not isinstance(stream_state, Mapping):
            msg = f"{source}: bookmarks['{stream_id}'] must be an object, not {stream_state!r}"
            raise InvalidStateError(msg[:300])
        _check_bookmark(stream_state, f"{source}: bookmarks['{stream_id}']")
        partitions = stream_state.get("partitions")
        if partitions is None:
            continue
        if not isinstance(partitions, list):
            msg = f"{source}: bookmarks['{stream_id}']['partitions'] must be a list"
            raise InvalidStateError(msg)
        for index, partition in enumerate(partitions):
            if not isinstance(partition, Mapping) or not isinstance(
                partition.get("context"), Mapping
            ):
                msg = (
                    f"{source}: bookmarks['{stream_id}']['partitions'][{index}] must be an "
                    f"object with a 'context' object, not {partition!r}"
                )
                raise InvalidStateError(msg[:300])
            _check_bookmark(partition, f"{source}: bookmarks['{stream_id}']['partitions'][{index}]")
    return dict(state)


#: Bookmark keys the library reads, and what each must be.
_BOOKMARK_VALUE_KEYS = ("replication_key_value", "replication_key_signpost")


def _check_bookmark(bookmark: Mapping[str, t.Any], where: str) -> None:
    """Raise if a stream's or partition's bookmark has a key the library reads of a wrong type."""
    key = bookmark.get("replication_key")
    if key is not None and not isinstance(key, str):
        msg = f"{where}['replication_key'] must be a string, not {key!r}"
        raise InvalidStateError(msg[:300])
    for name in _BOOKMARK_VALUE_KEYS:
        value = bookmark.get(name)
        if value is not None and (
            isinstance(value, bool) or not isinstance(value, str | int | float)
        ):
            msg = f"{where}['{name}'] must be a string or a number, not {value!r}"
            raise InvalidStateError(msg[:300])
    markers = bookmark.get("progress_markers")
    if markers is not None and not isinstance(markers, Mapping):
        msg = f"{where}['progress_markers'] must be an object, not {markers!r}"
        raise InvalidStateError(msg[:300])


class Tap(BaseSingerWriter):
    """Base class of taps: subclass it, set ``name`` and ``config_jsonschema``, and implement
    :meth:`discover_streams`.

    Args:
        config: the configuration (a dict; file paths are deprecated).
        catalog: the input catalog: a dict or :class:`~singer_sdk.singerlib.Catalog` (a file
            path is deprecated). Selection, keys and replication settings are taken from it.
        state: the input state (a dict; a file path is deprecated). Only ``bookmarks`` is read.
        parse_env_config: also read settings from environment variables and ``.env``.
        validate_config: raise if the config does not match the settings schema.
        setup_mapper: set up stream maps right away.
        message_writer: the writer of Singer messages (default: buffered stdout).

    Raises:
        ConfigValidationError: the config is invalid.
        InvalidCatalogError: the catalog is not a valid catalog.
        InvalidStateError: the state is not in the shape of a tap state.
    """

    #: What the tap supports; ``--about`` reports it.
    capabilities: t.ClassVar[t.Sequence[caps.CapabilitiesEnum]] = [
        caps.TapCapabilities.CATALOG,
        caps.TapCapabilities.STATE,
        caps.TapCapabilities.DISCOVER,
        caps.PluginCapabilities.ABOUT,
        caps.PluginCapabilities.STREAM_MAPS,
        caps.PluginCapabilities.FLATTENING,
        caps.PluginCapabilities.BATCH,
        caps.PluginCapabilities.ACTIVATE_VERSION,
        caps.PluginCapabilities.STRUCTURED_LOGGING,
    ]
    #: Whether the catalog depends on the config (SQL and file taps): then ``--discover``
    #: validates the config.
    dynamic_catalog: bool = False

    cli_help: t.ClassVar[str] = "Execute the Singer tap."
    cli_options: t.ClassVar[t.Sequence[CLIOption]] = (
        CLIOption(flags=("--discover",), name="discover", help="Run the tap in discovery mode.",
                  is_flag=True),
        CLIOption(flags=("--test",), name="test", metavar="[all|schema]",
                  help="Test connectivity by syncing a single record of each stream "
                  "(--test), or write only the SCHEMA messages (--test=schema).",
                  flag_value=CliTestOptionValue.All),
        CLIOption(flags=("--catalog",), name="catalog", metavar="FILE",
                  help="Use a Singer catalog file with the tap."),
        CLIOption(flags=("--properties",), name="properties", metavar="FILE",
                  help="Legacy alias of --catalog."),
        CLIOption(flags=("--state",), name="state", metavar="FILE",
                  help="Use a bookmarks file for incremental replication."),
    )  # fmt: skip

    def __init__(
        self,
        *,
        config: dict[str, t.Any] | PurePath | str | list[PurePath | str] | None = None,
        catalog: PurePath | str | dict[str, t.Any] | Catalog | None = None,
        state: PurePath | str | dict[str, t.Any] | None = None,
        parse_env_config: bool = False,
        validate_config: bool = True,
        setup_mapper: bool = True,
        message_writer: GenericSingerWriter[t.Any, t.Any] | None = None,
    ) -> None:
        # Set first: signals may come while the rest is set up.
        self._terminating = False
        self._sync_started = False
        super().__init__(
            config=config,
            parse_env_config=parse_env_config,
            validate_config=validate_config,
            message_writer=message_writer,
        )
        self._streams: dict[str, Stream] | None = None
        self._state: dict[str, t.Any] = {}
        self._catalog: Catalog | None = None
        self._state_writer = StateWriter(self.message_writer)
        self._input_catalog = self._read_catalog(catalog)
        if setup_mapper:
            self.setup_mapper()
        self.load_state(self._read_state(state))

    @staticmethod
    def _read_catalog(
        catalog: PurePath | str | dict[str, t.Any] | Catalog | None,
    ) -> Catalog | None:
        if catalog is None or isinstance(catalog, Catalog):
            return catalog
        if not isinstance(catalog, str | PurePath):  # a dict, or something that is no catalog
            return Catalog.from_dict(catalog)
        warnings.warn(
            "Passing a catalog file path is deprecated; pass the catalog as a dict instead.",
            SingerSDKDeprecationWarning,
            stacklevel=4,
        )
        return _catalog_from_file(catalog)

    @staticmethod
    def _read_state(state: PurePath | str | dict[str, t.Any] | None) -> dict[str, t.Any]:
        if state is None:
            return {}
        if not isinstance(state, str | PurePath):  # a dict, or something that is no state
            return _check_state(state, "State")
        warnings.warn(
            "Passing a state file path is deprecated; pass the state as a dict instead.",
            SingerSDKDeprecationWarning,
            stacklevel=4,
        )
        return _check_state(read_config_file(state, kind="State"), f"State file '{state}'")

    def setup_mapper(self) -> None:
        """Set up the stream mapper, then build the maps of every stream.

        Building them here makes an invalid map (a removed key property, an unknown key
        property or option) a start-up error. The streams are discovered here in any case, as in
        the reference (whose constructor registers every stream with the mapper), so an error
        of ``discover_streams`` is raised by the constructor; no map is built when no stream
        maps and no flattening are configured.
        """
        super().setup_mapper()
        mapper = self._mapper
        streams = self.streams
        if mapper is None or not getattr(mapper, "is_active", True):
            return
        from singer_sdk._catalog.selection import SelectionPlan

        for stream in streams.values():
            plan = SelectionPlan(stream.effective_schema, stream.mask)
            mapper.register_raw_stream_schema(stream.name, plan.schema, stream.primary_keys)

    @classmethod
    def append_builtin_config(cls, config_jsonschema: dict[str, t.Any]) -> None:
        """Add the tap's built-in settings (batch, ACTIVATE_VERSION) missing from the schema."""
        super().append_builtin_config(config_jsonschema)
        properties = config_jsonschema.setdefault("properties", {})
        capabilities = set(cls.capabilities)
        extra: list[dict[str, t.Any]] = []
        if caps.PluginCapabilities.BATCH in capabilities:
            extra.append(caps.BATCH_CONFIG)
        if caps.PluginCapabilities.ACTIVATE_VERSION in capabilities:
            extra.append(caps.EMIT_ACTIVATE_VERSION_CONFIG)
        for schema in extra:
            for name, prop in schema.get("properties", {}).items():
                properties.setdefault(name, copy.deepcopy(prop))

    # -- state -------------------------------------------------------------------------------------

    @property
    def state(self) -> dict[str, t.Any]:
        """The tap state (``{"bookmarks": ...}``), updated in place as the sync goes."""
        return self._state

    @property
    def state_writer(self) -> StateWriter:
        """The writer of STATE messages (skips a state equal to the last one written)."""
        return self._state_writer

    def load_state(self, state: dict[str, t.Any]) -> None:
        """Merge the ``bookmarks`` of ``state`` into the tap state (other keys are ignored).

        Raises:
            InvalidStateError: ``state`` is not in the shape of a tap state.
        """
        state = _check_state(state, "State")
        for stream_id, stream_state in (state.get("bookmarks") or {}).items():
            for key, value in stream_state.items():
                write_stream_state(t.cast("TapState", self._state), stream_id, key, value)

    def _reset_state_progress_markers(self) -> None:
        for stream_state in (self._state.get("bookmarks") or {}).values():
            reset_state_progress_markers(stream_state)
            for partition_state in stream_state.get("partitions") or []:
                reset_state_progress_markers(partition_state)

    # -- streams and catalog ----------------------------------------------------------------------

    def discover_streams(self) -> t.Sequence[Stream]:
        """Return the tap's streams. Called once, on first use of :attr:`streams`.

        Raises:
            NotImplementedError: the tap did not implement it.
        """
        msg = f"{type(self).__name__} must implement discover_streams()"
        raise NotImplementedError(msg)

    @t.final
    def load_streams(self) -> list[Stream]:
        """Return the discovered streams sorted by name, each child wired to its parents."""
        by_type: dict[type[Stream], list[Stream]] = {}
        for stream in self.discover_streams():
            by_type.setdefault(type(stream), []).append(stream)
        for stream_type, streams in by_type.items():
            parent_type = stream_type.parent_stream_type
            if parent_type is None:
                continue
            parents = [
                parent
                for klass, candidates in by_type.items()
                if issubclass(klass, parent_type)
                for parent in candidates
            ]
            if not parents:
                msg = (
                    f"Stream '{streams[0].name}' has parent_stream_type "
                    f"{parent_type.__name__}, but the tap discovered no such stream"
                )
                raise ValueError(msg)
            for parent in parents:
                for stream in streams:
                    parent.child_streams.append(stream)
                    self.logger.info("Added '%s' as child stream to '%s'", stream.name, parent.name)
        all_streams = [stream for streams in by_type.values() for stream in streams]
        return sorted(all_streams, key=lambda stream: stream.name)

    @property
    def streams(self) -> dict[str, Stream]:
        """The tap's streams by name (discovered once, with the input catalog applied)."""
        if self._streams is None:
            streams: dict[str, Stream] = {}
            for stream in self.load_streams():
                if self._input_catalog is not None:
                    stream.apply_catalog(self._input_catalog)
                streams[stream.name] = stream
            self._streams = streams
        return self._streams

    def _check_catalog_streams(self, source: str) -> None:
        """Check the input catalog's stream ids against the tap's streams.

        Ids the tap does not have are named in a warning and skipped; if the catalog selects
        none of the tap's streams and names some it does not have (a catalog of another tap, a
        renamed stream), that is an error: syncing would do nothing and exit 0.

        Raises:
            ConfigFileError: the catalog selects nothing the tap has.
        """
        catalog = self._input_catalog
        if catalog is None:
            return
        streams = self.streams.values()
        for stream in streams:
            if not (stream.selected or stream.has_selected_descendents):
                continue
            schema = stream.effective_schema
            properties = schema.get("properties")
            properties = properties if isinstance(properties, dict) else {}
            for kind, key_names in (
                ("replication key", [stream.replication_key] if stream.replication_key else []),
                ("key property", list(stream.primary_keys or [])),
            ):
                for key_name in key_names:
                    if key_name not in properties:
                        msg = (
                            f"{source}: stream '{stream.tap_stream_id}' has the {kind} "
                            f"{key_name!r}, which is not a property of its schema"
                        )
                        raise ConfigFileError(msg)
            key = stream.replication_key
            own = (stream.schema.get("properties") or {}).get(key) if key else None
            catalog_key = (properties.get(key) if key else None) or {}
            if own is not None and declares_datetime(own) and not declares_datetime(catalog_key):
                msg = (
                    f"{source}: stream '{stream.tap_stream_id}' has the replication key "
                    f"{key!r}, a date-time in the tap's schema but not in the catalog's"
                )
                raise ConfigFileError(msg)
        known = {stream.tap_stream_id for stream in streams}
        unknown = [stream_id for stream_id in catalog if stream_id not in known]
        if not unknown:
            return
        names = ", ".join(repr(stream_id) for stream_id in unknown)
        if not any(stream.selected or stream.has_selected_descendents for stream in streams):
            msg = (
                f"{source} selects no stream of this tap; it names stream id(s) the tap does not "
                f"have: {names} (the tap's streams: {', '.join(map(repr, sorted(known)))})"
            )
            raise ConfigFileError(msg)
        self.logger.warning(
            "%s names stream id(s) this tap does not have, skipped: %s", source, names
        )

    @property
    def input_catalog(self) -> Catalog | None:
        """The catalog given as input, if any."""
        return self._input_catalog

    @property
    def _singer_catalog(self) -> Catalog:
        return Catalog.from_entries(
            stream._singer_catalog_entry for stream in self.streams.values()
        )

    @property
    def catalog(self) -> Catalog:
        """The working catalog: the input catalog, or the discovered one."""
        if self._catalog is None:
            self._catalog = self._input_catalog or self._singer_catalog
        return self._catalog

    @property
    def catalog_dict(self) -> dict[str, t.Any]:
        """The discovered catalog as a dict."""
        return self._singer_catalog.to_dict()

    @property
    def catalog_json_text(self) -> str:
        """The discovered catalog as indented JSON text."""
        import json

        return json.dumps(self.catalog_dict, indent=2, default=str)

    def run_discovery(self) -> str:
        """Print the discovered catalog to stdout and return it as text."""
        text = self.catalog_json_text
        print(text)
        return text

    # -- syncing -----------------------------------------------------------------------------------

    def _set_compatible_replication_methods(self) -> None:
        for stream in self.streams.values():
            for descendent in stream.descendent_streams:
                if descendent.selected and descendent.ignore_parent_replication_key:
                    self.logger.warning(
                        "Stream descendent '%s' is selected and its parent '%s' does not use "
                        "inclusive replication keys. Forcing full table replication for '%s'.",
                        descendent.name,
                        stream.name,
                        stream.name,
                    )
                    stream.replication_key = None
                    stream.forced_replication_method = "FULL_TABLE"

    @t.final
    def sync_all(self) -> None:
        """Sync every selected stream (parents drive their children) and write final state."""
        self._sync_started = True
        self._reset_state_progress_markers()
        self._set_compatible_replication_methods()
        if self._state:
            self._state_writer.write_state(self._state)
        try:
            for stream in self.streams.values():
                if not stream.selected and not stream.has_selected_descendents:
                    self.logger.info("Skipping deselected stream '%s'.", stream.name)
                    continue
                if stream.parent_stream_type:
                    self.logger.debug(
                        "Child stream '%s' is synced by its parent stream.", stream.name
                    )
                    continue
                stream.sync()
                stream.finalize_state_progress_markers()
            for stream in self.streams.values():
                stream.log_sync_costs()
        except TerminationRequested:
            self.write_final_state()  # after unwinding: no write is half done
            raise
        finally:
            self.message_writer_flush()

    @t.final
    def run_connection_test(self) -> bool:
        """Sync one record of every stream (children too) and return True if nothing failed."""
        return self.run_sync_dry_run(dry_run_record_limit=1, streams=self.streams.values())

    @t.final
    def run_sync_dry_run(
        self,
        dry_run_record_limit: int | None = 1,
        streams: t.Iterable[Stream] | None = None,
    ) -> bool:
        """Sync at most ``dry_run_record_limit`` records of each stream, all forced selected.

        Returns:
            True (failures raise).
        """
        chosen = list(self.streams.values() if streams is None else streams)
        for stream in chosen:
            stream.ABORT_AT_RECORD_COUNT = dry_run_record_limit
            stream.selected = True
        self._sync_started = True
        try:
            for stream in chosen:
                if stream.parent_stream_type:
                    continue
                with contextlib.suppress(AbortedSyncFailedException, AbortedSyncPausedException):
                    stream.sync()
        except TerminationRequested:
            self.write_final_state()
            raise
        finally:
            self.message_writer_flush()
        return True

    @t.final
    def write_schemas(self) -> None:
        """Write the SCHEMA message of every stream (``--test=schema``)."""
        for stream in self.streams.values():
            stream.selected = True
            stream._write_schema_message()
        self.message_writer_flush()

    def _handle_termination(self, signum: int, frame: FrameType | None = None) -> None:
        """On SIGTERM/SIGINT: stop the sync, which then writes the current state and re-raises.

        Nothing is written from inside the signal handler (it may interrupt a write): the
        :class:`TerminationRequested` it raises unwinds the sync first, and ``sync_all`` writes
        the state on its way out. A signal that comes while the tap is
        already stopping is ignored, so a second Ctrl-C or an impatient supervisor cannot cut
        the final state short.
        """
        if self._terminating:
            self.logger.warning("Received signal %s again while stopping; ignored", signum)
            return
        self._terminating = True
        super()._handle_termination(signum, frame)

    def write_final_state(self) -> None:
        """Write the current state (after an interruption) and flush the output.

        Only once a sync has started: before that the state may not hold the input bookmarks
        yet, and a target would store it.
        """
        if self._sync_started:
            self._state_writer.write_state(self._state)
        self.message_writer_flush()

    # -- command line ------------------------------------------------------------------------------

    @classmethod
    def invoke(
        cls,
        *,
        about: bool = False,
        about_format: str | None = None,
        config: ConfigInput | None = None,
        discover: bool = False,
        test: str | None = None,
        catalog: str | None = None,
        properties: str | None = None,
        state: str | None = None,
        **kwargs: t.Any,
    ) -> None:
        """Run the tap from the command line: discovery, a test, or a sync."""
        super().invoke(about=about, about_format=about_format)
        if discover:
            tap = cls._from_cli_config(
                config, validate_config=cls.dynamic_catalog, setup_mapper=False
            )
            tap.run_discovery()
            return
        catalog_path = catalog or properties
        tap = cls._from_cli_config(
            config,
            catalog=None if catalog_path is None else _catalog_from_file(catalog_path),
            state=None if state is None else _state_from_file(state),
        )
        if catalog_path is not None:
            tap._check_catalog_streams(f"Catalog file '{catalog_path}'")
        if test == CliTestOptionValue.Schema:
            tap.write_schemas()
            return
        try:
            if test and test != CliTestOptionValue.Disabled:
                tap.run_connection_test()
            else:
                tap.sync_all()
        except TerminationRequested as exc:
            # sync_all wrote the state, which covers every record written: a clean stop.
            tap.logger.warning("Stopped by signal %s after writing the final state", exc.signum)


def _catalog_from_file(path: str | PurePath) -> Catalog:
    data = read_config_file(path, kind="Catalog")
    try:
        return Catalog.from_dict(data)
    except InvalidCatalogError as exc:
        msg = f"Catalog file '{path}' is not a valid catalog: {exc}"
        raise ConfigFileError(msg) from None


def _state_from_file(path: str | PurePath) -> dict[str, t.Any]:
    return _check_state(read_config_file(path, kind="State"), f"State file '{path}'")
