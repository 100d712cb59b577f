"""``singer_sdk.helpers._typing``: record conformance with its compiled-conformer cache, helpers."""

from __future__ import annotations

import datetime as dt
import decimal
import gc
import logging
import sys
import timeit
import typing as t
import uuid
from pathlib import Path

import pytest

from singer_sdk._schema import records as _records
from singer_sdk._schema.conform import build_conformer
from singer_sdk.helpers import _typing
from singer_sdk.helpers.conform import DatetimeErrorTreatmentEnum, TypeConformanceLevel

RECURSIVE = TypeConformanceLevel.RECURSIVE
LOGGER = logging.getLogger("tests.conform.compat")
#: The shared benchmark workloads, beside the repository (``../shared/bench``) where present.
BENCH_DIR = Path(__file__).resolve().parents[2].parent / "shared" / "bench"


def schema_with(**properties: dict[str, t.Any]) -> dict[str, t.Any]:
    return {"type": "object", "properties": properties}


# --- conform_record_data_types ---


def test_conform_record_data_types_conforms_like_build_conformer() -> None:
    schema = schema_with(
        at={"type": "string", "format": "date-time"},
        on={"type": ["boolean", "null"]},
        items={"type": "array", "items": schema_with(n={"type": "number"})},
    )
    record = {"at": dt.datetime(2024, 1, 1), "on": 0, "items": [{"n": float("nan")}]}
    assert _typing.conform_record_data_types("s", record, schema, RECURSIVE, LOGGER) == {
        "at": "2024-01-01T00:00:00.000000+00:00",
        "on": False,
        "items": [{"n": None}],
    }
    assert record["on"] == 0  # the argument is not changed


def test_conform_record_data_types_returns_a_new_dict_unless_level_none() -> None:
    schema = schema_with(a={"type": "string"})
    record = {"a": "x"}
    for level in (RECURSIVE, TypeConformanceLevel.ROOT_ONLY):
        result = _typing.conform_record_data_types("s", record, schema, level, LOGGER)
        assert result == record
        assert result is not record
    none = TypeConformanceLevel.NONE
    assert _typing.conform_record_data_types("s", record, schema, none, LOGGER) is record


def test_warns_once_per_stream_and_property(caplog: pytest.LogCaptureFixture) -> None:
    schema = schema_with(a={"type": "string"})
    with caplog.at_level(logging.WARNING, logger=LOGGER.name):
        for _ in range(3):
            _typing.conform_record_data_types(
                "warn1", {"a": "x", "b": 1}, schema, RECURSIVE, LOGGER
            )
        # A new schema object for the same stream does not warn again about "b".
        other = schema_with(a={"type": "string"})
        _typing.conform_record_data_types("warn1", {"b": 1, "c": 2}, other, RECURSIVE, LOGGER)
        _typing.conform_record_data_types("warn2", {"b": 1}, schema, RECURSIVE, LOGGER)
    assert [r.getMessage() for r in caplog.records] == [
        "Properties ('b',) were present in the 'warn1' stream but not found in catalog schema. "
        "Ignoring.",
        "Properties ('c',) were present in the 'warn1' stream but not found in catalog schema. "
        "Ignoring.",
        "Properties ('b',) were present in the 'warn2' stream but not found in catalog schema. "
        "Ignoring.",
    ]


def test_schema_changed_in_place_at_the_top_level_is_noticed() -> None:
    schema = schema_with(a={"type": "string"})
    record = {"a": "x", "b": 1}
    conform = _typing.conform_record_data_types
    assert conform("inplace", record, schema, RECURSIVE, LOGGER) == {"a": "x"}
    schema["properties"]["b"] = {"type": "boolean"}  # one more property
    assert conform("inplace", record, schema, RECURSIVE, LOGGER) == {"a": "x", "b": True}
    schema["properties"] = {"b": {"type": "integer"}}  # replaced properties, same length
    assert conform("inplace", record, schema, RECURSIVE, LOGGER) == {"b": 1}


def test_new_schema_objects_never_get_a_stale_conformer() -> None:
    # Fresh schemas, each dropped after use: CPython reuses their ids, the types alternate.
    record = {"v": 1}
    for i in range(300):
        schema = schema_with(v={"type": "boolean"} if i % 2 else {"type": "integer"})
        result = _typing.conform_record_data_types("churn", record, schema, RECURSIVE, LOGGER)
        assert result == ({"v": True} if i % 2 else {"v": 1}), i
        del schema
        if i % 50 == 0:
            gc.collect()


def test_cache_is_bounded() -> None:
    for i in range(500):
        schema = schema_with(**{f"p{i}": {"type": "string"}})
        _typing.conform_record_data_types("bounded", {}, schema, RECURSIVE, LOGGER)
    assert len(_records._CONFORMERS) <= _records._CONFORMERS_LIMIT


def test_level_and_stream_are_part_of_the_cache_key() -> None:
    schema = schema_with(o=schema_with(at={"type": "string"}))
    record = {"o": {"at": dt.date(2024, 1, 1)}}
    conform = _typing.conform_record_data_types
    assert conform("key", record, schema, RECURSIVE, LOGGER) == {"o": {"at": "2024-01-01"}}
    root_only = conform("key", record, schema, TypeConformanceLevel.ROOT_ONLY, LOGGER)
    assert root_only == {"o": {"at": dt.date(2024, 1, 1)}}


# --- to_json_compatible ---


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (dt.datetime(2024, 1, 2, 3, 4, 5), "2024-01-02T03:04:05.000000+00:00"),
        (dt.datetime(2024, 1, 2, 3, 4, 5, tzinfo=dt.UTC), "2024-01-02T03:04:05.000000+00:00"),
        # The reference keeps "+02:00"; bookmarks compare as strings, so we normalise to UTC.
        (
            dt.datetime(2024, 1, 2, 3, 4, 5, tzinfo=dt.timezone(dt.timedelta(hours=2))),
            "2024-01-02T01:04:05.000000+00:00",
        ),
        (dt.date(2024, 1, 2), "2024-01-02"),  # the reference returns the date object
        (uuid.UUID(int=255), "00000000-0000-0000-0000-0000000000ff"),
        ("2024-01-02", "2024-01-02"),
        (5, 5),
        (decimal.Decimal("1.5"), decimal.Decimal("1.5")),
        (None, None),
    ],
)
def test_to_json_compatible(value: t.Any, expected: t.Any) -> None:
    assert _typing.to_json_compatible(value) == expected


# --- handle_invalid_timestamp_in_record ---


def call_handler(
    treatment: DatetimeErrorTreatmentEnum | None, typename: str = "date-time"
) -> t.Any:
    return _typing.handle_invalid_timestamp_in_record(
        record={"a": {"b": "nope"}},
        key_breadcrumb=["a", "b"],
        invalid_value="nope",
        datelike_typename=typename,
        ex=ValueError("bad"),
        treatment=treatment,
        logger=LOGGER,
    )


@pytest.mark.parametrize("treatment", [None, DatetimeErrorTreatmentEnum.ERROR])
def test_invalid_timestamp_error(treatment: DatetimeErrorTreatmentEnum | None) -> None:
    with pytest.raises(ValueError) as excinfo:
        call_handler(treatment)
    assert str(excinfo.value) == "Could not parse value 'nope' for field 'a:b'."
    assert str(excinfo.value.__cause__) == "bad"


@pytest.mark.parametrize(
    ("typename", "expected"),
    [
        ("date-time", "9999-12-31 23:59:59.999999"),
        ("date", "9999-12-31 23:59:59.999999"),
        ("time", "23:59:59.999999"),
    ],
)
def test_invalid_timestamp_max(
    typename: str, expected: str, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING, logger=LOGGER.name):
        assert call_handler(DatetimeErrorTreatmentEnum.MAX, typename) == expected
    assert [r.getMessage() for r in caplog.records] == [
        "Could not parse value 'nope' for field 'a:b'. Replacing with MAX value.\nbad\n"
    ]


def test_invalid_timestamp_null(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger=LOGGER.name):
        assert call_handler(DatetimeErrorTreatmentEnum.NULL) is None
    assert [r.getMessage() for r in caplog.records] == [
        "Could not parse value 'nope' for field 'a:b'. Replacing with NULL.\nbad\n"
    ]


# --- timing (printed, not asserted) ---


@pytest.mark.skipif(not (BENCH_DIR / "synth_data.py").exists(), reason="bench data not present")
def test_print_timing_on_the_benchmark_record(capsys: pytest.CaptureFixture[str]) -> None:
    sys.path.insert(0, str(BENCH_DIR))
    try:
        import synth_data  # type: ignore[import-not-found]
    finally:
        sys.path.remove(str(BENCH_DIR))
    records = [synth_data.make_record(i) for i in range(500)]
    conformer = build_conformer(synth_data.SCHEMA, RECURSIVE, stream_name="synth", logger=LOGGER)
    assert conformer(records[0]) is records[0]  # nothing to convert in the benchmark shape
    compiled = min(timeit.repeat(lambda: [conformer(r) for r in records], number=3, repeat=3))

    def via_compat() -> None:
        for r in records:
            _typing.conform_record_data_types("synth", r, synth_data.SCHEMA, RECURSIVE, LOGGER)

    compat = min(timeit.repeat(via_compat, number=3, repeat=3))
    with capsys.disabled():
        per = 1e6 / (3 * len(records))
        print(
            f"\nconform (benchmark record): build_conformer {compiled * per:.2f} us/record, "
            f"conform_record_data_types {compat * per:.2f} us/record"
        )


# --- _conform_primitive_property: called, and replaceable, as in the reference ---


def test_conform_primitive_property_converts_like_the_reference() -> None:
    convert = _typing._conform_primitive_property
    assert convert(dt.date(2024, 1, 2), {"type": "string"}) == "2024-01-02"
    assert convert(dt.datetime(2024, 1, 2, 3, 4, 5), {}) == "2024-01-02T03:04:05.000000+00:00"
    assert convert(b"\x00", {"type": ["boolean", "null"]}) is False
    assert convert(b"\x01\xff", {"type": "string"}) == "01ff"
    assert convert(float("nan"), {"type": "number"}) is None
    assert convert(2, {"type": ["boolean", "null"]}) is True
    assert convert(None, {"type": "boolean"}) is None
    assert convert("text", {"type": "string"}) == "text"


def test_a_replaced_conform_primitive_property_is_called_for_every_primitive(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """meltanolabs-tap-mysql replaces it at import to keep date-times as ``isoformat()``."""
    original = _typing._conform_primitive_property
    seen: list[tuple[t.Any, dict[str, t.Any]]] = []

    def patched(elem: t.Any, property_schema: dict[str, t.Any]) -> t.Any:
        seen.append((elem, property_schema))
        if isinstance(elem, dt.date):
            return elem.isoformat()
        return original(elem, property_schema)

    monkeypatch.setattr(_typing, "_conform_primitive_property", patched)
    schema = schema_with(
        at={"type": "string", "format": "date-time"},
        n={"type": "integer"},
        inner=schema_with(on={"type": "string", "format": "date"}),
    )
    conform = build_conformer(schema, RECURSIVE, stream_name="s", logger=LOGGER)
    record = {"at": dt.datetime(2024, 1, 2, 3, 4, 5), "n": 1, "inner": {"on": dt.date(2024, 5, 6)}}
    assert conform(record) == {"at": "2024-01-02T03:04:05", "n": 1, "inner": {"on": "2024-05-06"}}
    assert [elem for elem, _ in seen] == [dt.datetime(2024, 1, 2, 3, 4, 5), 1, dt.date(2024, 5, 6)]
    monkeypatch.undo()
    # Back to the compiled conversion once the original is in place again.
    conform = build_conformer(schema, RECURSIVE, stream_name="s", logger=LOGGER)
    assert conform(record)["at"] == "2024-01-02T03:04:05.000000+00:00"
