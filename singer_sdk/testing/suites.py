"""The standard test suites: which built-in tests a generated test class gets."""

from __future__ import annotations

import typing as t
from dataclasses import dataclass

from singer_sdk.testing.tap_tests import (
    AttributeIsBooleanTest,
    AttributeIsDateTimeTest,
    AttributeIsIntegerTest,
    AttributeIsNumberTest,
    AttributeIsObjectTest,
    AttributeNotNullTest,
    StreamBookmarksAdvanceTest,
    StreamCatalogSchemaMatchesRecordTest,
    StreamFutureStateTest,
    StreamIncrementalTest,
    StreamPrimaryKeysTest,
    StreamRecordMatchesStreamSchema,
    StreamRecordSchemaMatchesCatalogTest,
    StreamReturnsRecordTest,
    StreamSchemaIsValidTest,
    TapCLIPrintsTest,
    TapDiscoveryTest,
    TapStreamConnectionTest,
    TapValidFinalStateTest,
)
from singer_sdk.testing.target_tests import (
    TargetArrayData,
    TargetCamelcaseComplexSchema,
    TargetCamelcaseTest,
    TargetCliPrintsTest,
    TargetDuplicateRecords,
    TargetEncodedStringData,
    TargetInvalidSchemaTest,
    TargetNoPrimaryKeys,
    TargetOptionalAttributes,
    TargetPrimaryKeyUpdates,
    TargetRecordBeforeSchemaTest,
    TargetRecordMissingKeyProperty,
    TargetRecordMissingOptionalFields,
    TargetSchemaNoProperties,
    TargetSchemaUpdates,
    TargetSpecialCharsInAttributes,
)
from singer_sdk.testing.templates import TestTemplate

__all__ = [
    "SingerTestSuite",
    "strict_tap_stream_tests",
    "tap_stream_attribute_tests",
    "tap_stream_tests",
    "tap_tests",
    "target_tests",
]

_T = t.TypeVar("_T", bound=TestTemplate[t.Any])

SuiteKind: t.TypeAlias = t.Literal["tap", "tap_stream", "tap_stream_attribute", "target"]


@dataclass(slots=True)
class SingerTestSuite(t.Generic[_T]):
    """A named group of test templates.

    Attributes:
        kind: Which level the tests apply to: ``tap``, ``tap_stream`` (once per stream),
            ``tap_stream_attribute`` (once per applicable property) or ``target``.
        tests: The test template classes.
    """

    kind: SuiteKind
    tests: list[type[_T]]


def __getattr__(name: str) -> t.Any:
    if name == "TestSuite":
        import warnings

        from singer_sdk._compat import SingerSDKDeprecationWarning

        warnings.warn(
            "TestSuite is deprecated; use SingerTestSuite instead.",
            SingerSDKDeprecationWarning,
            stacklevel=2,
        )
        return SingerTestSuite
    msg = f"module {__name__!r} has no attribute {name!r}"
    raise AttributeError(msg)


#: Tap-level tests.
tap_tests: SingerTestSuite[t.Any] = SingerTestSuite(
    kind="tap",
    tests=[TapCLIPrintsTest, TapDiscoveryTest, TapStreamConnectionTest, TapValidFinalStateTest],
)
#: Stream-level tests.
tap_stream_tests: SingerTestSuite[t.Any] = SingerTestSuite(
    kind="tap_stream",
    tests=[
        StreamCatalogSchemaMatchesRecordTest,
        StreamRecordMatchesStreamSchema,
        StreamRecordSchemaMatchesCatalogTest,
        StreamReturnsRecordTest,
        StreamSchemaIsValidTest,
        StreamPrimaryKeysTest,
    ],
)
#: Stream-level tests for streams with a replication key, added after ``tap_stream_tests`` with
#: ``SuiteConfig(strict=True)`` (singer_sdk's own; the reference has no such tests).
strict_tap_stream_tests: SingerTestSuite[t.Any] = SingerTestSuite(
    kind="tap_stream",
    tests=[StreamBookmarksAdvanceTest, StreamIncrementalTest, StreamFutureStateTest],
)
#: Attribute-level tests.
tap_stream_attribute_tests: SingerTestSuite[t.Any] = SingerTestSuite(
    kind="tap_stream_attribute",
    tests=[
        AttributeIsBooleanTest,
        AttributeIsDateTimeTest,
        AttributeIsIntegerTest,
        AttributeIsNumberTest,
        AttributeIsObjectTest,
        AttributeNotNullTest,
    ],
)
#: Target tests.
target_tests: SingerTestSuite[t.Any] = SingerTestSuite(
    kind="target",
    tests=[
        TargetArrayData,
        TargetCamelcaseComplexSchema,
        TargetCamelcaseTest,
        TargetCliPrintsTest,
        TargetDuplicateRecords,
        TargetEncodedStringData,
        TargetInvalidSchemaTest,
        TargetNoPrimaryKeys,
        TargetOptionalAttributes,
        TargetPrimaryKeyUpdates,
        TargetRecordBeforeSchemaTest,
        TargetRecordMissingKeyProperty,
        TargetRecordMissingOptionalFields,
        TargetSchemaNoProperties,
        TargetSchemaUpdates,
        TargetSpecialCharsInAttributes,
    ],
)
