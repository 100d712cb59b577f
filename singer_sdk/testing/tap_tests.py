"""The built-in tap tests: tap-level, stream-level and attribute-level.

Each test checks what Meltano's singer-sdk 0.54 checks, so that it passes and fails where the
reference's test does. With ``SuiteConfig(strict=True)`` it runs singer_sdk's stricter checks
instead (RFC 3339 dates, unique primary keys, exact integers and numbers, ...), and the suite
gains the ``incremental``, ``future_state`` and ``bookmarks_advance`` stream tests.

Failures name the stream, the record (its index among the stream's records in the suite's sync)
and the field, e.g. ``Stream 'books', record 3, field 'price': expected number, got 'abc'``.
"""

from __future__ import annotations

import datetime as dt
import json
import typing as t
import warnings

import pytest

from singer_sdk._check.values import (
    is_rfc3339_date,
    is_rfc3339_datetime,
    property_formats,
)
from singer_sdk._schema import predicates as th
from singer_sdk.testing.templates import AttributeTestTemplate, StreamTestTemplate, TapTestTemplate

if t.TYPE_CHECKING:
    from singer_sdk._stream import Stream
    from singer_sdk._tap import Tap

__all__ = [
    "AttributeIsBooleanTest",
    "AttributeIsDateTimeTest",
    "AttributeIsIntegerTest",
    "AttributeIsNumberTest",
    "AttributeIsObjectTest",
    "AttributeNotNullTest",
    "StreamBookmarksAdvanceTest",
    "StreamCatalogSchemaMatchesRecordTest",
    "StreamFutureStateTest",
    "StreamIncrementalTest",
    "StreamPrimaryKeysTest",
    "StreamRecordMatchesStreamSchema",
    "StreamRecordSchemaMatchesCatalogTest",
    "StreamReturnsRecordTest",
    "StreamSchemaIsValidTest",
    "TapCLIPrintsTest",
    "TapDiscoveryTest",
    "TapStreamConnectionTest",
    "TapValidFinalStateTest",
]

from singer_sdk.testing._state_tests import (
    StreamBookmarksAdvanceTest,
    StreamFutureStateTest,
    StreamIncrementalTest,
)
from singer_sdk.testing._support import _fail_with, _final_schema, _strict

# -- tap level -------------------------------------------------------------------------------------


class TapCLIPrintsTest(TapTestTemplate):
    """The tap prints its version and its ``--about`` info as text and as JSON."""

    name = "cli_prints"

    def test(self) -> None:
        """Print the version and the about info in both formats."""
        self.tap.print_version()
        self.tap.print_about()
        self.tap.print_about(output_format="json")


class TapDiscoveryTest(TapTestTemplate):
    """Discovery writes a catalog, and a new tap accepts that catalog back."""

    name = "discovery"

    def test(self) -> None:
        """Discover, then build a tap from the discovered catalog.

        Strict: the catalog lists streams with ids, and the new tap has the same streams.
        """
        text = self.tap.run_discovery()
        kwargs = {k: v for k, v in self.runner.default_kwargs.items() if k != "catalog"}
        tap2: Tap = self.runner.singer_class(
            config=self.runner.config, catalog=self.tap.catalog_dict, **kwargs
        )
        if not _strict(self):
            return
        catalog = json.loads(text)
        assert isinstance(catalog.get("streams"), list), "The catalog has no 'streams' list."
        for entry in catalog["streams"]:
            assert entry.get("tap_stream_id"), f"A catalog entry has no tap_stream_id: {entry}"
        assert set(tap2.streams) == set(self.tap.streams), (
            "A tap built from the discovered catalog has different streams: "
            f"{sorted(tap2.streams)} instead of {sorted(self.tap.streams)}"
        )


class TapStreamConnectionTest(TapTestTemplate):
    """The tap's connection test (one record of every stream) passes."""

    name = "stream_connections"

    def test(self) -> None:
        """Run the connection test (it fails by raising; strict: it must also return True)."""
        passed = self.tap.run_connection_test()
        if _strict(self):
            assert passed, "The connection test failed."


class TapValidFinalStateTest(TapTestTemplate):
    """The sync ends with a STATE message without unfinished bookmarks (``progress_markers``).

    The reference looks for ``progress_markers`` among the keys of the STATE message itself;
    strict looks anywhere in its value.
    """

    name = "valid_final_state"
    message = "Final state has in-progress markers."

    def test(self) -> None:
        """Look for ``progress_markers`` in the last STATE message."""
        assert self.runner.state_messages, "The tap wrote no STATE message."
        final = self.runner.state_messages[-1]
        if not _strict(self):
            assert "progress_markers" not in final, self.message
            return
        where = _find_key(final.get("value"), "progress_markers", "value")
        assert where is None, f"{self.message} ({where})"


def _find_key(value: t.Any, key: str, path: str) -> str | None:
    if isinstance(value, dict):
        if key in value:
            return f"{path}.{key}"
        for name, item in value.items():
            found = _find_key(item, key, f"{path}.{name}")
            if found:
                return found
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found = _find_key(item, key, f"{path}[{index}]")
            if found:
                return found
    return None


# -- stream level ----------------------------------------------------------------------------------


class StreamSchemaIsValidTest(StreamTestTemplate):
    """The stream's schema is a valid JSON Schema (draft 2020-12 meta-schema).

    Strict: it also has a ``properties`` object.
    """

    name = "schema_is_valid"

    def test(self) -> None:
        """Check the schema against the meta-schema."""
        from jsonschema.exceptions import SchemaError  # type: ignore[import-untyped]

        from singer_sdk._schema.validation import DEFAULT_JSONSCHEMA_VALIDATOR

        schema = self.stream.schema
        try:
            DEFAULT_JSONSCHEMA_VALIDATOR.check_schema(schema)
        except SchemaError as exc:
            where = "/".join(str(part) for part in exc.path) or "(root)"
            msg = f"Stream '{self.stream.name}': schema is not valid at {where}: {exc.message}"
            raise AssertionError(msg) from None
        if not _strict(self):
            return
        assert isinstance(schema.get("properties"), dict), (
            f"Stream '{self.stream.name}': schema has no 'properties' object"
        )


class StreamReturnsRecordTest(StreamTestTemplate):
    """The stream returns at least one record (unless the suite says it may not)."""

    name = "returns_record"

    def test(self) -> None:
        """Count the stream's records."""
        if self.ignore_no_records:
            pytest.skip(f"Skipping test because no records were returned in '{self.stream.name}'")
        assert self.stream_records, f"No records returned in stream '{self.stream.name}'."


class StreamCatalogSchemaMatchesRecordTest(StreamTestTemplate):
    """Warns about schema properties that no record ever has (never fails)."""

    name = "transformed_catalog_schema_matches_record"

    def test(self) -> None:
        """Compare the schema's properties with the keys seen in records."""
        if not self.stream_records:
            return
        declared = set(_final_schema(self.stream).get("properties", {}))
        seen: set[str] = set().union(*(record.keys() for record in self.stream_records))
        missing = declared - seen
        if missing:
            warnings.warn(
                UserWarning(
                    f"Stream '{self.stream.name}': fields in the catalog schema but in no "
                    f"record: {sorted(missing)}"
                ),
                stacklevel=2,
            )


class StreamRecordSchemaMatchesCatalogTest(StreamTestTemplate):
    """Every record field is declared in the stream's (transformed) schema."""

    name = "record_schema_matches_transformed_catalog"

    def test(self) -> None:
        """Look for record keys the schema does not declare."""
        declared = set(_final_schema(self.stream).get("properties", {}))
        problems = [
            f"record {index}: fields {sorted(extra)} are not in the schema"
            for index, record in enumerate(self.stream_records)
            if (extra := set(record) - declared)
        ]
        _fail_with(
            problems, f"Stream '{self.stream.name}': fields in records but not in the catalog:"
        )


class StreamRecordMatchesStreamSchema(StreamTestTemplate):
    """Every record is valid against the stream's schema.

    As in the reference, records are validated against ``stream.schema`` with ``jsonschema``'s
    draft 2020-12 format checker, which checks only the formats whose optional libraries are
    installed (``date``, ``email``, ``ipv4``, ``uuid``, ... always; ``date-time`` only with
    ``rfc3339-validator``). Strict: against the schema records are written with (after stream
    maps), and ``date-time`` and ``date`` values must be RFC 3339 whatever is installed.
    """

    name = "record_matches_stream_schema"

    def test(self) -> None:
        """Validate each record; list every problem with its record index and field."""
        if not _strict(self):
            self._check(self.stream.schema, date_formats={})
            return
        from singer_sdk._exceptions import InvalidJSONSchema
        from singer_sdk._sinks.validation import compile_validator

        schema = _final_schema(self.stream)
        try:
            compile_validator(schema)
        except InvalidJSONSchema as exc:
            msg = f"Stream '{self.stream.name}': records cannot be checked, {exc}"
            raise AssertionError(msg) from None
        self._check(schema, date_formats=property_formats(schema))

    def _check(self, schema: dict[str, t.Any], date_formats: dict[str, str]) -> None:
        """Validate the records against ``schema`` and the RFC 3339 ``date_formats``."""
        __tracebackhide__ = True
        from singer_sdk._schema.validation import DEFAULT_JSONSCHEMA_VALIDATOR

        validator = DEFAULT_JSONSCHEMA_VALIDATOR(
            schema, format_checker=DEFAULT_JSONSCHEMA_VALIDATOR.FORMAT_CHECKER
        )
        problems: list[str] = []
        for index, record in enumerate(self.stream_records):
            try:
                errors = sorted(validator.iter_errors(record), key=lambda e: list(e.path))
            except Exception as exc:  # an unusable schema fails the test
                msg = (
                    f"Stream '{self.stream.name}': records cannot be checked, "
                    f"{type(exc).__name__}: {exc}"
                )
                raise AssertionError(msg) from None
            reported: set[str] = set()
            for error in errors:
                field = ".".join(str(part) for part in error.path) or "(record)"
                reported.add(field)
                problems.append(f"record {index}, field '{field}': {error.message}")
            for field, fmt in date_formats.items():
                if field in reported:
                    continue
                value = record.get(field)
                if value is None:
                    continue
                ok = is_rfc3339_datetime(value) if fmt == "date-time" else is_rfc3339_date(value)
                if not ok:
                    problems.append(
                        f"record {index}, field '{field}': {value!r} is not an RFC 3339 {fmt}"
                    )
        _fail_with(problems, f"Stream '{self.stream.name}': records do not match the schema:")


class StreamPrimaryKeysTest(StreamTestTemplate):
    """Every record has its primary key fields, none of them null.

    Strict: no two records share a primary key either.
    """

    name = "primary_keys"

    def test(self) -> None:
        """Check presence and nulls (strict: and uniqueness) of the primary key values."""
        keys = list(self.stream.primary_keys or [])
        if not keys:
            return
        problems: list[str] = []
        first_seen: dict[str, int] = {}
        for index, record in enumerate(self.stream_records):
            missing = [key for key in keys if key not in record]
            if missing:
                problems.append(f"record {index}: primary key field(s) {missing} missing")
                continue
            nulls = [key for key in keys if record[key] is None]
            if nulls:
                problems.append(f"record {index}: primary key field(s) {nulls} are null")
                continue
            if not _strict(self):
                continue
            identity = json.dumps([record[key] for key in keys], default=str)
            if identity in first_seen:
                problems.append(
                    f"record {index}: primary key {identity} repeats record {first_seen[identity]}"
                )
            else:
                first_seen[identity] = index
        _fail_with(problems, f"Stream '{self.stream.name}': primary key {keys} problems:")


# -- attribute level -------------------------------------------------------------------------------
#
# Without strict, an attribute test checks ``non_null_attribute_values``. As in the reference, the
# factory then shares one template instance among all the properties of a generated test, so
# that list (a cached property) holds the values of the first property the test ran on.
# ``_fail_value`` says so when it reports such a value.


def _fail_value(test: AttributeTestTemplate, value: t.Any, problem: str) -> t.NoReturn:
    """Fail the default (non-strict) check of one of ``test.non_null_attribute_values``."""
    __tracebackhide__ = True
    where = f"Stream '{test.stream.name}', field '{test.attribute_name}'"
    source = test.__dict__.get("_values_of")
    if source is not None and source != (test.stream.name, test.attribute_name):
        where += (
            f" (values of '{source[0]}.{source[1]}': without SuiteConfig(strict=True) a test "
            "checks the values of the first property it ran on, as the reference suite does)"
        )
    msg = f"{where}: {value!r} {problem}"
    raise AssertionError(msg)


class AttributeIsDateTimeTest(AttributeTestTemplate):
    """Values of date-time (and date) properties are date-times.

    As in the reference, any string ``datetime.fromisoformat`` parses will do (``2024-01-01``,
    ``2024-01-01 10:00``). Strict: RFC 3339 date-times (dates for ``format: date``).
    """

    name = "is_datetime"

    def test(self) -> None:
        """Check each non-null value's format."""
        if not _strict(self):
            for value in self.non_null_attribute_values:
                if not isinstance(value, str):
                    _fail_value(self, value, "is not a string, so not a date-time")
                if not _parses_as_datetime(value):
                    _fail_value(self, value, "cannot be parsed by datetime.fromisoformat")
            return
        schema = _final_schema(self.stream)["properties"][self.attribute_name]
        want_date = bool(th.get_datelike_property_type(schema) == "date")
        for index, value in self.indexed_values():
            if want_date:
                if not is_rfc3339_date(value):
                    self.fail(index, f"{value!r} is not an RFC 3339 date (YYYY-MM-DD)")
            elif not is_rfc3339_datetime(value):
                self.fail(
                    index,
                    f"{value!r} is not an RFC 3339 date-time (like 2024-01-31T12:00:00Z)",
                )
        _ = self.non_null_attribute_values  # warns when there was nothing to check

    @classmethod
    def evaluate(
        cls, stream: Stream, property_name: str, property_schema: dict[str, t.Any]
    ) -> bool:
        """Properties typed as ``date-time`` or ``date`` strings.

        Returns:
            True for date and date-time properties.
        """
        return th.is_date_or_datetime_type(property_schema)


class AttributeIsBooleanTest(AttributeTestTemplate):
    """Values of boolean properties are booleans (or the strings ``true``/``false``)."""

    name = "is_boolean"

    def test(self) -> None:
        """Check each non-null value."""
        if not _strict(self):
            for value in self.non_null_attribute_values:
                if not _is_boolean(value):
                    _fail_value(self, value, "is not a boolean")
            return
        for index, value in self.indexed_values():
            if not _is_boolean(value):
                self.fail(index, f"{value!r} is not a boolean")

    @classmethod
    def evaluate(
        cls, stream: Stream, property_name: str, property_schema: dict[str, t.Any]
    ) -> bool:
        """Properties typed ``boolean``.

        Returns:
            True for boolean properties.
        """
        return bool(th.is_boolean_type(property_schema))


def _parses_as_datetime(value: str) -> bool:
    try:
        dt.datetime.fromisoformat(value)
    except ValueError:
        return False
    return True


def _is_boolean(value: t.Any) -> bool:
    return isinstance(value, bool) or str(value).lower() in {"true", "false"}


class AttributeIsObjectTest(AttributeTestTemplate):
    """Values of object properties are JSON objects.

    As in the reference, a property whose object type is only in an ``anyOf`` branch gets no
    test; strict tests it too.
    """

    name = "is_object"

    def test(self) -> None:
        """Check each non-null value."""
        if not _strict(self):
            for value in self.non_null_attribute_values:
                if not isinstance(value, dict):
                    _fail_value(self, value, "is not an object")
            return
        for index, value in self.indexed_values():
            if not isinstance(value, dict):
                self.fail(index, f"{value!r} is not an object")

    @classmethod
    def evaluate(
        cls, stream: Stream, property_name: str, property_schema: dict[str, t.Any]
    ) -> bool:
        """Properties typed ``object`` (an ``anyOf`` branch included).

        Returns:
            True for object properties.
        """
        return bool(th.is_object_type(property_schema))

    @classmethod
    def applies_to_property(
        cls,
        stream: Stream,
        property_name: str,
        property_schema: dict[str, t.Any],
        *,
        strict: bool,
    ) -> bool:
        """Without strict, only properties whose own ``type`` names ``object``.

        Returns:
            True to generate the test for the property.
        """
        if strict:
            return cls.evaluate(stream, property_name, property_schema)
        # The reference's rule: "object" in the ``type`` (a name or a list of names), or in one
        # of the ``anyOf`` branches, which are dicts: so "object" must be one of their keys.
        candidates = property_schema.get("anyOf", [property_schema.get("type")])
        return any(
            isinstance(candidate, str | list | dict) and "object" in candidate
            for candidate in candidates
        )


class AttributeIsIntegerTest(AttributeTestTemplate):
    """Values of integer properties are integers.

    As in the reference, anything ``int()`` accepts will do (``"12"``, ``1.5``, ``True``).
    Strict: integers or strings of digits, never floats or booleans.
    """

    name = "is_integer"

    def test(self) -> None:
        """Check each non-null value."""
        if not _strict(self):
            for value in self.non_null_attribute_values:
                if not isinstance(value, int) and not _converts_to_int(value):
                    _fail_value(self, value, "cannot be converted to an integer")
            return
        for index, value in self.indexed_values():
            if isinstance(value, bool) or not _is_integer(value):
                self.fail(index, f"{value!r} is not an integer")

    @classmethod
    def evaluate(
        cls, stream: Stream, property_name: str, property_schema: dict[str, t.Any]
    ) -> bool:
        """Properties typed ``integer``.

        Returns:
            True for integer properties.
        """
        return bool(th.is_integer_type(property_schema))


def _converts_to_int(value: t.Any) -> bool:
    try:
        int(value)
    except Exception:  # int() raises ValueError, TypeError, OverflowError, ...
        return False
    return True


def _is_integer(value: t.Any) -> bool:
    if isinstance(value, int):
        return True
    if isinstance(value, str):
        try:
            int(value)
        except ValueError:
            return False
        return True
    return False


class AttributeIsNumberTest(AttributeTestTemplate):
    """Values of number properties are numbers.

    As in the reference, JSON numbers and booleans will do. Strict: booleans are rejected and
    ``Decimal`` values accepted.
    """

    name = "is_numeric"

    def test(self) -> None:
        """Check each non-null value."""
        if not _strict(self):
            for value in self.non_null_attribute_values:
                if not isinstance(value, int | float):
                    _fail_value(self, value, "is not a number")
            return
        import decimal

        for index, value in self.indexed_values():
            if isinstance(value, bool) or not isinstance(value, int | float | decimal.Decimal):
                self.fail(index, f"{value!r} is not a number")

    @classmethod
    def evaluate(
        cls, stream: Stream, property_name: str, property_schema: dict[str, t.Any]
    ) -> bool:
        """Properties typed ``number``.

        Returns:
            True for number properties.
        """
        return bool(th.is_number_type(property_schema))


class AttributeNotNullTest(AttributeTestTemplate):
    """Properties whose type does not allow null are never null (nor missing)."""

    name = "not_null"

    def test(self) -> None:
        """Check that each record has a non-null value."""
        for index, record in enumerate(self.stream_records):
            if record.get(self.attribute_name) is None:
                self.fail(index, "null or missing, but the schema does not allow null")

    @classmethod
    def evaluate(
        cls, stream: Stream, property_name: str, property_schema: dict[str, t.Any]
    ) -> bool:
        """Properties whose type lacks ``null``.

        Returns:
            True when the property is not nullable.
        """
        return not th.is_null_type(property_schema)
