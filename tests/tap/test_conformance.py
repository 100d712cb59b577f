"""Records are conformed to the schema on the way out: values made JSON, unknown keys dropped."""

from __future__ import annotations

import datetime as dt
import decimal
import typing as t

from singer_sdk import Stream, Tap

SCHEMA: dict[str, t.Any] = {
    "type": "object",
    "properties": {
        "id": {"type": "integer"},
        "at": {"type": ["string", "null"], "format": "date-time"},
        "day": {"type": "string", "format": "date"},
        "clock": {"type": "string", "format": "time"},
        "amount": {"type": "number"},
        "nested": {"type": "object", "properties": {"a": {"type": "integer"}}},
        "free": {"type": "object", "additionalProperties": True, "properties": {}},
        "items": {
            "type": "array",
            "items": {"type": "object", "properties": {"x": {"type": "integer"}}},
        },
        "flag": {"type": "boolean"},
        "blob": {"type": "string"},
    },
}


class Things(Stream):
    name = "things"
    schema = SCHEMA
    rows: t.ClassVar[list[dict[str, t.Any]]] = []

    def get_records(self, context):
        yield from (dict(row) for row in self.rows)


def make_tap(rows: list[dict[str, t.Any]], *names: str) -> type[Tap]:
    classes = [type(f"S{name}", (Things,), {"name": name, "rows": rows}) for name in names]

    class ThingsTap(Tap):
        name = "tap-things"

        def discover_streams(self):
            return [stream_class(self) for stream_class in classes]

    return ThingsTap


def test_python_values_become_json_values(run_tap) -> None:
    row = {
        "id": 1,
        "at": dt.datetime(2024, 5, 6, 7, 8, 9),  # naive: taken as UTC
        "day": dt.date(2024, 5, 6),
        "clock": dt.time(1, 2, 3),
        "amount": decimal.Decimal("1.50"),
        "nested": {"a": 1},
        "free": {"anything": [1, 2]},
        "items": [{"x": 1}],
        "flag": 1,
        "blob": b"\x01\x02",
    }
    run = run_tap(make_tap([row], "things"))
    (record,) = run.records("things")
    assert record == {
        "id": 1,
        "at": "2024-05-06T07:08:09.000000+00:00",
        "day": "2024-05-06",
        "clock": "01:02:03",
        "amount": 1.5,
        "nested": {"a": 1},
        "free": {"anything": [1, 2]},
        "items": [{"x": 1}],
        "flag": True,
        "blob": "0102",
    }


def test_aware_datetimes_are_written_in_utc(run_tap) -> None:
    plus_two = dt.timezone(dt.timedelta(hours=2))
    rows = [
        {"id": 1, "at": dt.datetime(2024, 5, 6, 7, 8, 9, 123456, tzinfo=plus_two)},
        {"id": 2, "at": dt.datetime(2024, 5, 6, 7, 8, 9, tzinfo=dt.UTC)},
        {"id": 3, "at": None},
    ]
    run = run_tap(make_tap(rows, "things"))
    assert [record["at"] for record in run.records("things")] == [
        "2024-05-06T05:08:09.123456+00:00",
        "2024-05-06T07:08:09.000000+00:00",
        None,
    ]


def test_non_finite_numbers_become_null(run_tap) -> None:
    rows = [{"id": 1, "amount": float("nan")}, {"id": 2, "amount": float("inf")}]
    run = run_tap(make_tap(rows, "things"))
    assert [record["amount"] for record in run.records("things")] == [None, None]


def test_unknown_keys_are_dropped_with_one_warning_per_stream(run_tap, caplog) -> None:
    rows = [
        {"id": n, "unknown": n, "nested": {"a": 1, "zzz": 2}, "items": [{"x": 1, "y": 2}]}
        for n in range(5)
    ]
    run = run_tap(make_tap(rows, "first", "second"))
    for stream in ("first", "second"):
        records = run.records(stream)
        assert len(records) == 5
        for record in records:
            assert "unknown" not in record
            assert record["nested"] == {"a": 1}
            assert record["items"] == [{"x": 1}]
    warnings = [r.getMessage() for r in caplog.records if "not found in catalog schema" in r.msg]
    assert len(warnings) == 2, warnings
    assert "'first' stream" in warnings[0]
    assert "'second' stream" in warnings[1]
    for message in warnings:
        for key in ("'unknown'", "'nested.zzz'", "'items.y'"):
            assert key in message


def test_unknown_keys_of_a_child_warn_once_over_all_contexts(run_tap, caplog, tap_demo) -> None:
    class NoisyReviews(tap_demo.ReviewsStream):
        def get_records(self, context):
            for record in super().get_records(context):
                yield {**record, "extra": 1}

    class NoisyTap(tap_demo.TapDemo):
        def discover_streams(self):
            return [tap_demo.BooksStream(self), NoisyReviews(self)]

    run = run_tap(NoisyTap, config={"book_count": 4})
    assert len(run.records("reviews")) == 8
    assert all("extra" not in record for record in run.records("reviews"))
    warnings = [r for r in caplog.records if "not found in catalog schema" in r.msg]
    assert len(warnings) == 1


def test_deselected_properties_are_not_reported_as_unknown(run_tap, caplog, set_metadata) -> None:
    tap_class = make_tap([{"id": 1, "amount": 2.5}], "things")
    catalog = tap_class(config={}).catalog_dict
    set_metadata(catalog, "things", ["properties", "amount"], selected=False)
    run = run_tap(tap_class, catalog=catalog)
    assert run.records("things") == [{"id": 1}]
    assert not [r for r in caplog.records if "not found in catalog schema" in r.msg]


def test_catalog_schema_is_the_one_records_are_conformed_to(run_tap, set_metadata) -> None:
    tap_class = make_tap([{"id": 1, "amount": 2.5, "day": dt.date(2024, 1, 2)}], "things")
    catalog = tap_class(config={}).catalog_dict
    # The catalog narrows the schema: properties it lacks are dropped from the records.
    entry = catalog["streams"][0]
    entry["schema"]["properties"] = {"id": {"type": "integer"}, "day": {"type": "string"}}
    run = run_tap(tap_class, catalog=catalog)
    assert run.records("things") == [{"id": 1, "day": "2024-01-02"}]
    assert set(run.schemas("things")[0]["schema"]["properties"]) == {"id", "day"}
