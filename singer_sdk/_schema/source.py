"""Schema sources: where stream schemas come from (folders of JSON files, packages).

A stream says ``schema = StreamSchema(SchemaDirectory(SCHEMAS_DIR))`` and gets the schema of the
file named after it (``<stream name>.json``). Sources read each schema once and cache it.
"""

from __future__ import annotations

import abc
import importlib.resources
import json
import typing as t
from collections.abc import Hashable
from pathlib import Path
from types import ModuleType

from typing_extensions import TypeVar

from singer_sdk._exceptions import DiscoveryError, SchemaNotFoundError, SchemaNotValidError

if t.TYPE_CHECKING:
    from collections.abc import Sequence
    from importlib.abc import Traversable

__all__ = ["SchemaDirectory", "SchemaPreprocessor", "SchemaSource", "StreamSchema"]

Schema: t.TypeAlias = dict[str, t.Any]
#: The type of the keys a schema source is asked for; plain strings (stream or file names)
#: unless a source says otherwise, e.g. ``OpenAPISchema[MyEndpointKey]``.
_TKey = TypeVar("_TKey", bound=Hashable, default=str)


class SchemaPreprocessor(t.Protocol):
    """Something that adjusts a schema after it is read (e.g. to normalise OpenAPI schemas)."""

    def preprocess_schema(self, schema: Schema, *, key_properties: Sequence[str] = ()) -> Schema:
        """Return the schema to use in place of ``schema``."""
        ...


class SchemaSource(abc.ABC, t.Generic[_TKey]):
    """A source of schemas by key; each schema is fetched once and cached.

    Subclasses implement :meth:`fetch_schema`. The key type is ``str`` unless the subclass is
    parameterised with another hashable type (``class Endpoints(SchemaSource[MyKey])``).
    """

    def __init__(self, preprocessor: SchemaPreprocessor | None = None) -> None:
        self._schema_cache: dict[_TKey, Schema] = {}
        self._preprocessor = preprocessor

    @t.final
    def preprocess_schema(self, schema: Schema, *, key_properties: Sequence[str] = ()) -> Schema:
        """Return ``schema`` passed through the source's preprocessor, if it has one."""
        if self._preprocessor is None:
            return schema
        return self._preprocessor.preprocess_schema(schema, key_properties=key_properties)

    @t.final
    def get_schema(self, key: _TKey, /, *, key_properties: Sequence[str] = ()) -> Schema:
        """Return the schema for ``key`` (fetched on first use, then cached).

        Raises:
            SchemaNotFoundError: the source has no schema for ``key``, or fetching it failed
                with an error that is not a :class:`DiscoveryError` (a network error, a
                ``KeyError`` in an overridden hook, ...): that error is the ``__cause__``.
            SchemaNotValidError: what the source holds for ``key`` is not a JSON object.
        """
        schema = self._schema_cache.get(key)
        if schema is None:
            try:
                fetched: object = self.fetch_schema(key)  # subclasses may return anything
            except DiscoveryError:
                raise  # already says what is missing or wrong
            except Exception as exc:
                msg = f"Schema not found for '{key}': {type(exc).__name__}: {exc}"
                raise SchemaNotFoundError(msg) from exc
            if not isinstance(fetched, dict):
                msg = f"The schema for '{key}' must be a JSON object, not {type(fetched).__name__}"
                raise SchemaNotValidError(msg)
            schema = self._schema_cache[key] = fetched
        return self.preprocess_schema(schema, key_properties=key_properties)

    @abc.abstractmethod
    def fetch_schema(self, key: _TKey) -> Schema:
        """Read and return the schema for ``key``; called once per key.

        Raises:
            SchemaNotFoundError: there is no schema for ``key``.
        """


class SchemaDirectory(SchemaSource[str]):
    """Schemas stored as ``<key>.<extension>`` files in a folder or a Python package.

    Args:
        dir_path: a folder (path or string), a package module, or a ``Traversable`` (e.g.
            ``importlib.resources.files("my_tap") / "schemas"``).
        extension: the file extension, without the dot.
        preprocessor: adjusts each schema after it is read.
    """

    def __init__(
        self,
        dir_path: str | Path | Traversable | ModuleType,
        *,
        extension: str = "json",
        preprocessor: SchemaPreprocessor | None = None,
    ) -> None:
        super().__init__(preprocessor)
        self.dir_path: Path | Traversable
        if isinstance(dir_path, ModuleType):
            self.dir_path = importlib.resources.files(dir_path)
        elif isinstance(dir_path, str):
            self.dir_path = Path(dir_path)
        else:
            self.dir_path = dir_path
        self.extension = extension

    def fetch_schema(self, key: str) -> Schema:
        """Read ``<dir_path>/<key>.<extension>``.

        Raises:
            SchemaNotFoundError: the file does not exist (the message names it).
            SchemaNotValidError: the file is not valid JSON (the message gives line and column).
        """
        file_path = self.dir_path.joinpath(f"{key}.{self.extension}")
        try:
            text = file_path.read_text(encoding="utf-8")
        except (FileNotFoundError, NotADirectoryError):
            msg = f"No schema for '{key}': file not found: {file_path}"
            raise SchemaNotFoundError(msg) from None
        try:
            result: Schema = json.loads(text)
        except json.JSONDecodeError as exc:
            msg = (
                f"Schema file {file_path} is not valid JSON: {exc.msg} "
                f"(line {exc.lineno}, column {exc.colno})"
            )
            raise SchemaNotValidError(msg) from None
        return result


class StreamSchema(t.Generic[_TKey]):
    """A stream's ``schema``, read from a :class:`SchemaSource` by the stream's name (or ``key``).

    Use as a class attribute: ``schema = StreamSchema(SchemaDirectory(SCHEMAS_DIR))``.

    Args:
        schema_source: where the schema comes from.
        key: the key to look up instead of the stream's name.
    """

    def __init__(self, schema_source: SchemaSource[_TKey], *, key: _TKey | None = None) -> None:
        self.schema_source = schema_source
        self.key = key

    @t.final
    def __get__(self, obj: t.Any, objtype: type[t.Any] | None = None) -> Schema:
        """Return the schema of the stream ``obj`` (or of the class, with ``key`` set)."""
        return self.get_stream_schema(obj, objtype)

    def get_stream_schema(self, stream: t.Any, stream_class: type[t.Any] | None) -> Schema:
        """Return the schema for ``stream`` (override to choose the key differently)."""
        owner = stream if stream is not None else stream_class
        key = self.key if self.key is not None else getattr(owner, "name", None)
        if key is None:
            msg = "StreamSchema needs a stream with a name, or an explicit key"
            raise SchemaNotFoundError(msg)
        key_properties = getattr(stream, "primary_keys", None) or ()
        return self.schema_source.get_schema(key, key_properties=key_properties)
