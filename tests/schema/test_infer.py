"""Schema inference: properties over random samples, the rules one by one, dates, the command."""

from __future__ import annotations

import datetime as dt
import decimal
import json
import logging
import random
import subprocess
import sys
import typing as t
from pathlib import Path

import jsonschema  # type: ignore[import-untyped]
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from singer_sdk._schema.infer import is_rfc3339_date, is_rfc3339_datetime
from singer_sdk._schema.infer_cli import main, read_samples
from singer_sdk.schema import infer_schema

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "samples"

# -- random JSON records ---------------------------------------------------------------------

KEYS = st.sampled_from(["id", "name", "a", "b", "c", "when", "nested", "list"])
DATES = st.dates().map(lambda d: d.isoformat())
ZONES = st.integers(min_value=-(23 * 60 + 59), max_value=23 * 60 + 59).map(
    lambda minutes: dt.timezone(dt.timedelta(minutes=minutes))
)  # RFC 3339 offsets are whole minutes
DATETIMES = st.datetimes(timezones=ZONES).map(lambda d: d.isoformat(timespec="microseconds"))
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=12),
    DATES,
    DATETIMES,
    st.sampled_from(["1", "May", "2024", "12/01/2024", "10:30", "2024-13-01", ""]),
)
JSON_VALUES = st.recursive(
    SCALARS,
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.dictionaries(KEYS, children, max_size=4),
    ),
    max_leaves=12,
)
RECORDS = st.lists(st.dictionaries(KEYS, JSON_VALUES, max_size=6), min_size=1, max_size=8)

VALIDATOR = jsonschema.Draft202012Validator


def assert_validates_all(schema: dict[str, t.Any], records: list[t.Any]) -> None:
    VALIDATOR.check_schema(schema)
    validator = VALIDATOR(schema, format_checker=VALIDATOR.FORMAT_CHECKER)
    for record in records:
        errors = list(validator.iter_errors(record))
        assert not errors, (record, [error.message for error in errors])


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(RECORDS)
def test_the_schema_validates_every_sample(records: list[dict[str, t.Any]]) -> None:
    assert_validates_all(infer_schema(records), records)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(RECORDS, st.randoms(use_true_random=False))
def test_shuffled_samples_give_the_same_schema(
    records: list[dict[str, t.Any]], rng: random.Random
) -> None:
    shuffled = list(records)
    rng.shuffle(shuffled)
    keys = ["id"]
    first = infer_schema(records, key_properties=keys, replication_key="when")
    second = infer_schema(shuffled, key_properties=keys, replication_key="when")
    assert json.dumps(first) == json.dumps(second)  # key order too
    assert_validates_all(first, records)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.dictionaries(
            st.sampled_from(["x", "y"]),
            st.decimals(allow_nan=False, allow_infinity=False, places=None),
            max_size=2,
        ),
        min_size=1,
        max_size=6,
    )
)
def test_decimal_samples_validate_with_the_annotation(records: list[dict[str, t.Any]]) -> None:
    schema = infer_schema(records, decimal=True)
    assert_validates_all(schema, records)


# -- the rules -----------------------------------------------------------------------------------


def test_properties_are_nullable_except_keys_and_replication_key() -> None:
    records = [
        {"id": 1, "updated": "2024-01-01T00:00:00Z", "name": "a"},
        {"id": 2, "updated": "2024-01-02T00:00:00+02:00", "name": "b"},
    ]
    schema = infer_schema(records, key_properties=["id"], replication_key="updated")
    assert schema["properties"] == {
        "id": {"type": ["integer"]},
        "name": {"type": ["string", "null"]},
        "updated": {"format": "date-time", "type": ["string"]},
    }


def test_a_key_missing_or_null_somewhere_stays_nullable(caplog: pytest.LogCaptureFixture) -> None:
    records: list[dict[str, t.Any]] = [{"id": 1}, {"id": None}, {"other": 1}]
    assert infer_schema(records, key_properties=["id"])["properties"]["id"] == {
        "type": ["integer", "null"]
    }
    assert "missing or null in some samples" in caplog.text


def test_type_merging() -> None:
    records: list[dict[str, t.Any]] = [
        {"n": 1, "mixed": "a", "obj": {"a": 1}, "arr": [1, 2]},
        {"n": 2.5, "mixed": 3, "obj": {"b": "x"}, "arr": [1.5, "s"]},
        {"missing": True},
    ]
    props = infer_schema(records)["properties"]
    assert props["n"] == {"type": ["number", "null"]}
    assert props["mixed"] == {"type": ["integer", "string", "null"]}
    assert props["obj"] == {
        "properties": {"a": {"type": ["integer", "null"]}, "b": {"type": ["string", "null"]}},
        "type": ["object", "null"],
    }
    assert props["arr"] == {"items": {"type": ["number", "string"]}, "type": ["array", "null"]}
    assert props["missing"] == {"type": ["boolean", "null"]}


def test_a_property_seen_only_as_null_is_kept_permissive_with_a_warning(
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.WARNING)
    schema = infer_schema([{"a": None, "o": {"b": None}, "e": []}])
    assert schema["properties"]["a"] == {}
    assert schema["properties"]["o"]["properties"]["b"] == {}
    assert schema["properties"]["e"] == {"items": {}, "type": ["array", "null"]}
    assert "'a' is null in every sample" in caplog.text
    assert "'o.b' is null in every sample" in caplog.text


def test_dates_need_every_sample_to_be_strict_rfc3339() -> None:
    def fmt(*values: t.Any) -> t.Any:
        return infer_schema([{"v": v} for v in values])["properties"]["v"].get("format")

    assert fmt("2024-01-01T10:30:00Z", None, "2024-02-29T23:59:59.5+05:30") == "date-time"
    assert fmt("2024-01-01", "1999-12-31") == "date"
    assert fmt("2024-01-01", "2024-01-01T10:30:00Z") is None
    assert fmt("2024-01-01T10:30:00Z", "soon") is None
    assert fmt("2024-01-01T10:30:00Z", 5) is None


ADVERSARIAL = [
    "1", "May", "2024", "12/01/2024", "10:30", "10:30:00", "2024-1-1", "2024-01", "20240101",
    "2024-13-01", "2024-02-30", "2023-02-29", "2024-00-10", "2024-01-32", "0000-00-00",
    "2024-01-01T25:00:00Z", "2024-01-01T10:60:00Z", "2024-01-01T10:30:00",
    "2024-01-01T10:30Z", "2024-01-01 10:30:00", "2024-01-01T10:30:00+2400",
    "2024-01-01T10:30:00+25:00", "2024-01-01T10:30:00 Z", " 2024-01-01", "2024-01-01 ",
    "2024-01-01\n", "Mon, 01 Jan 2024 10:30:00 GMT", "Jan 1 2024", "1/1/24", "1.5",
    "1e10", "1704067200", "today", "now", "2024-W01-1", "2024-001", "T10:30:00Z",
    "2024-01-01T", "2024-01-01T10:30:00.Z", "+2024-01-01",
    "\u0662\u0660\u0662\u0664-\u0660\u0661-\u0660\u0661",  # Arabic-Indic digits
    "\uff12\uff10\uff12\uff14-\uff10\uff11-\uff10\uff11",  # full-width digits
    "-2024-01-01", "2024/01/01", "01-01-2024", "true", "null", "", "P1D", "10:30 AM",
]  # fmt: skip


def test_adversarial_strings_are_never_dates() -> None:
    false_positives = [
        value for value in ADVERSARIAL if is_rfc3339_date(value) or is_rfc3339_datetime(value)
    ]
    assert false_positives == []
    for value in ADVERSARIAL:
        for other in ("2024-01-01", "2024-01-01T00:00:00Z"):
            schema = infer_schema([{"v": other}, {"v": value}])
            assert "format" not in schema["properties"]["v"], value


@settings(max_examples=300, deadline=None)
@given(st.datetimes(timezones=ZONES), st.sampled_from(["seconds", "milliseconds"]))
def test_real_rfc3339_date_times_are_recognized(moment: t.Any, spec: str) -> None:
    text = moment.isoformat(timespec=spec)
    assert is_rfc3339_datetime(text)
    assert_validates_all({"format": "date-time", "type": "string"}, [text])


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="0123456789-:TZ+. /", max_size=25))
def test_what_is_recognized_the_format_checker_accepts(text: str) -> None:
    checker = VALIDATOR.FORMAT_CHECKER
    if is_rfc3339_datetime(text):
        assert checker.conforms(text, "date-time")
    if is_rfc3339_date(text):
        assert checker.conforms(text, "date")


def test_decimal_annotation_for_numbers_beyond_float_precision() -> None:
    records = [
        {"price": decimal.Decimal("12345678901234567.25"), "small": decimal.Decimal("1.5")},
        {"price": decimal.Decimal("0.125"), "small": decimal.Decimal("2.25")},
    ]
    props = infer_schema(records, decimal=True)["properties"]
    assert props["price"] == {
        "format": "x-singer.decimal",
        "precision": 20,
        "scale": 3,
        "type": ["number", "null"],
    }
    assert props["small"] == {"type": ["number", "null"]}
    assert "format" not in infer_schema(records)["properties"]["price"]


def test_bad_records_are_type_errors() -> None:
    with pytest.raises(TypeError, match="must be a JSON object"):
        infer_schema([[1, 2]])  # type: ignore[list-item]
    with pytest.raises(TypeError, match="set"):
        infer_schema([{"a": {1}}])


# -- the sample tap's hand-written schemas -------------------------------------------------------


def _types(schema: dict[str, t.Any]) -> t.Any:
    """The types of a schema, ``null`` left out, recursively through properties and items."""
    declared = schema.get("type", [])
    names = sorted({declared} if isinstance(declared, str) else set(declared) - {"null"})
    out: dict[str, t.Any] = {"type": names}
    if "format" in schema and schema["format"] in {"date-time", "date"}:
        out["format"] = schema["format"]
    if "properties" in schema:
        out["properties"] = {k: _types(v) for k, v in schema["properties"].items()}
    if "items" in schema:
        out["items"] = _types(schema["items"])
    return out


def test_inferred_from_the_fixture_api_matches_the_sample_taps_schemas() -> None:
    if str(SAMPLES) not in sys.path:
        sys.path.insert(0, str(SAMPLES))
    from fixture_api import FixtureServer  # type: ignore[import-not-found]
    from tap_rest_fixture import TapFixtureREST  # type: ignore[import-not-found]

    with FixtureServer("127.0.0.1", 0, user_count=25) as api:
        tap = TapFixtureREST(config={"api_url": api.url, "api_key": api.api_key})
        users_stream = tap.streams["users"]
        users = list(users_stream.get_records(None))
        orders_stream = tap.streams["orders"]
        orders = [
            order for user in users for order in orders_stream.get_records({"user_id": user["id"]})
        ]
    assert len(users) == 25
    assert orders
    for stream, records in ((users_stream, users), (orders_stream, orders)):
        samples = list(records)  # numbers arrive as Decimals, as the tap decodes them
        inferred = infer_schema(
            samples, key_properties=stream.primary_keys, replication_key=stream.replication_key
        )
        hand_written = _types(stream.schema)
        # the hand-written schemas declare what the API may send; the API fills every field
        assert _types(inferred) == hand_written
        assert_validates_all(inferred, samples)
        for key in [*stream.primary_keys, stream.replication_key]:
            assert "null" not in inferred["properties"][key]["type"]


# -- the command -----------------------------------------------------------------------------


def test_read_samples_takes_arrays_objects_and_json_lines() -> None:
    assert read_samples('[{"a": 1}, {"a": 2}]') == [{"a": 1}, {"a": 2}]
    assert read_samples('{"a": 1}') == [{"a": 1}]
    assert read_samples('{"a": 1}\n\n{"a": 1.5}\n') == [{"a": 1}, {"a": decimal.Decimal("1.5")}]
    assert read_samples("  ") == []
    with pytest.raises(ValueError, match=r"x.jsonl, line 2: not JSON"):
        read_samples('{"a": 1}\n{oops\n', source="x.jsonl")


def test_the_command_writes_a_sorted_deterministic_file(tmp_path: Path) -> None:
    records = [{"id": i, "b": i / 2, "when": f"2024-01-0{i % 9 + 1}"} for i in range(20)]
    jsonl = tmp_path / "a.jsonl"
    jsonl.write_text("\n".join(json.dumps(r) for r in records))
    shuffled = list(records)
    random.Random(1).shuffle(shuffled)
    array = tmp_path / "b.json"
    array.write_text(json.dumps(shuffled))
    out_a, out_b = tmp_path / "a.schema.json", tmp_path / "b.schema.json"
    assert main([str(jsonl), "-k", "id", "--replication-key", "when", "-o", str(out_a)]) == 0
    assert main([str(array), "-k", "id", "--replication-key", "when", "-o", str(out_b)]) == 0
    assert out_a.read_bytes() == out_b.read_bytes()
    schema = json.loads(out_a.read_text())
    assert schema["properties"]["when"] == {"format": "date", "type": ["string"]}
    assert out_a.read_text() == json.dumps(schema, indent=2, sort_keys=True) + "\n"


def test_the_command_reports_bad_input(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text("{oops")
    assert main([str(bad)]) == 2
    assert "bad.jsonl, line 1: not JSON" in capsys.readouterr().err
    assert main([str(tmp_path / "missing.json")]) == 2
    with pytest.raises(SystemExit):
        main([])


def test_python_dash_m_reads_a_running_stream(tmp_path: Path) -> None:
    if str(SAMPLES) not in sys.path:
        sys.path.insert(0, str(SAMPLES))
    from fixture_api import FixtureServer

    with FixtureServer("127.0.0.1", 0, user_count=5) as api:
        config = tmp_path / "config.json"
        config.write_text(json.dumps({"api_url": api.url, "api_key": api.api_key}))
        result = subprocess.run(
            [
                sys.executable, "-m", "singer_sdk.schema", "--tap",
                "tap_rest_fixture:TapFixtureREST", "--stream", "users",
                "--config", str(config), "--limit", "3",
            ],
            cwd=SAMPLES, capture_output=True, text=True, timeout=120, check=False,
        )  # fmt: skip
    assert result.returncode == 0, result.stderr
    schema = json.loads(result.stdout)
    assert schema["properties"]["id"] == {"type": ["integer"]}
    assert schema["properties"]["updated_at"] == {"format": "date-time", "type": ["string"]}
    assert "from 3 records" in result.stderr
