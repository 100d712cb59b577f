"""The built-in target tests: each feeds one file of Singer messages to the target.

The files live in ``target_test_streams/`` (``<test name>.singer``): inputs of the same shapes as
the reference's, so a target passes and fails the tests where it does with Meltano's
singer-sdk. With ``SuiteConfig(strict=True)`` they come from ``target_test_streams/strict/``,
richer inputs. Most tests pass when the target loads the file without an error; some expect a
specific error.
"""

from __future__ import annotations

import json

import pytest

from singer_sdk._exceptions import MissingKeyPropertiesError, RecordsWithoutSchemaException
from singer_sdk.testing.templates import TargetFileTestTemplate, TargetTestTemplate

__all__ = [
    "TargetArrayData",
    "TargetCamelcaseComplexSchema",
    "TargetCamelcaseTest",
    "TargetCliPrintsTest",
    "TargetDuplicateRecords",
    "TargetEncodedStringData",
    "TargetInvalidSchemaTest",
    "TargetMultipleStateMessages",
    "TargetNoPrimaryKeys",
    "TargetOptionalAttributes",
    "TargetPrimaryKeyUpdates",
    "TargetRecordBeforeSchemaTest",
    "TargetRecordMissingKeyProperty",
    "TargetRecordMissingOptionalFields",
    "TargetRecordMissingRequiredProperty",
    "TargetSchemaNoProperties",
    "TargetSchemaUpdates",
    "TargetSpecialCharsInAttributes",
]


class TargetArrayData(TargetFileTestTemplate):
    """Records with array fields load (arrays of strings; strict: of numbers and objects too)."""

    name = "array_data"


class TargetCamelcaseComplexSchema(TargetFileTestTemplate):
    """A wide camelCase schema with ``anyOf`` date-times and nullable fields loads."""

    name = "camelcase_complex_schema"


class TargetCamelcaseTest(TargetFileTestTemplate):
    """A camelCase stream name and camelCase properties load."""

    name = "camelcase"


class TargetCliPrintsTest(TargetTestTemplate):
    """The target prints its version and its ``--about`` info as text and as JSON."""

    name = "cli_prints"

    def test(self) -> None:
        """Print the version and the about info in both formats."""
        self.target.print_version()
        self.target.print_about()
        self.target.print_about(output_format="json")


class TargetDuplicateRecords(TargetFileTestTemplate):
    """Several records with the same primary key load (the last one wins when merging)."""

    name = "duplicate_records"


class TargetEncodedStringData(TargetFileTestTemplate):
    """Strings in several scripts, with escapes and control characters (NUL included), load.

    Strict: more scripts, emoji and long strings, but no NUL.
    """

    name = "encoded_string_data"


class TargetInvalidSchemaTest(TargetFileTestTemplate):
    """A SCHEMA message without ``properties`` is rejected with an error."""

    name = "invalid_schema"

    def test(self) -> None:
        """Expect the target to raise."""
        with pytest.raises(Exception):  # noqa: B017 (any error will do; what matters is one)
            super().test()


class TargetMultipleStateMessages(TargetFileTestTemplate):
    """The target writes each received state once the records before it are loaded."""

    name = "multiple_state_messages"

    def test(self) -> None:
        """Expect the last state written to equal the last state received."""
        self.runner.sync_all()
        received = [
            message["value"]
            for message in map(json.loads, self.singer_filepath.read_text("utf-8").splitlines())
            if message.get("type") == "STATE"
        ]
        written = self.runner.state_messages
        assert written, "The target wrote no state."
        assert written[-1] == received[-1], (
            f"The last state written is {json.dumps(written[-1])}, not the last one received "
            f"({json.dumps(received[-1])})."
        )


class TargetNoPrimaryKeys(TargetFileTestTemplate):
    """A stream without primary keys loads."""

    name = "no_primary_keys"


class TargetOptionalAttributes(TargetFileTestTemplate):
    """Records that leave out optional properties load."""

    name = "optional_attributes"


class TargetRecordBeforeSchemaTest(TargetFileTestTemplate):
    """A RECORD before its stream's SCHEMA is rejected with ``RecordsWithoutSchemaException``."""

    name = "record_before_schema"

    def test(self) -> None:
        """Expect the error."""
        with pytest.raises(RecordsWithoutSchemaException):
            super().test()


class TargetRecordMissingKeyProperty(TargetFileTestTemplate):
    """A record without its key property is rejected with ``MissingKeyPropertiesError``."""

    name = "record_missing_key_property"

    def test(self) -> None:
        """Expect the error."""
        with pytest.raises(MissingKeyPropertiesError):
            super().test()


class TargetRecordMissingRequiredProperty(TargetFileTestTemplate):
    """A record missing a ``required`` property (not in the default suite)."""

    name = "record_missing_required_property"


class TargetSchemaNoProperties(TargetFileTestTemplate):
    """Object properties with empty or no ``properties`` load."""

    name = "schema_no_properties"


class TargetSchemaUpdates(TargetFileTestTemplate):
    """New SCHEMA messages for a stream, each adding properties, are honoured.

    Strict: one also makes a property nullable and the last one drops properties. No property
    changes its type: that needs ``allow_column_alter``, off by default in SQL targets.
    """

    name = "schema_updates"


class TargetPrimaryKeyUpdates(TargetFileTestTemplate):
    """A second SCHEMA for a stream loads.

    As in the reference, the input's key lists sit inside the schemas (no ``key_properties``
    field), so the key does not change. Strict: the key properties do change, twice, to a
    compound key.
    """

    name = "pk_updates"


class TargetSpecialCharsInAttributes(TargetFileTestTemplate):
    """Stream and property names with punctuation and spaces load."""

    name = "special_chars_in_attributes"


class TargetRecordMissingOptionalFields(TargetFileTestTemplate):
    """Records missing non-required fields load."""

    name = "record_missing_fields"
