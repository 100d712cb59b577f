"""``pipeline.read``: a tap's records as ``(stream, record)``, Arrow tables and pandas frames."""

from __future__ import annotations

import datetime as dt
import decimal
import sys
import threading
import typing as t

import pytest

from singer_sdk import Stream, Tap, pipeline
from singer_sdk import typing as th

pa = pytest.importorskip("pyarrow")

BASE = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)


def pipeline_threads() -> list[threading.Thread]:
    """The threads of in-process runs still alive (none once a run returned)."""
    return [thread for thread in threading.enumerate() if thread.name.startswith("pipeline-")]


class OrdersStream(Stream):
    name = "orders"
    primary_keys = ("id",)
    schema = {
        "type": "object",
        "properties": {
            "id": {"type": ["integer"]},
            "total": {
                "type": ["string", "null"],
                "format": "x-singer.decimal",
                "precision": 10,
                "scale": 2,
            },
            "tax": {
                "type": ["number", "null"],
                "multipleOf": 0.01,
                "minimum": 0,
                "maximum": 9999.99,
            },
            "ratio": {"type": ["number", "null"]},
            "placed_at": {"type": ["string", "null"], "format": "date-time"},
            "placed_on": {"type": ["string", "null"], "format": "date"},
            "customer": {
                "type": ["object", "null"],
                "properties": {"name": {"type": ["string"]}, "vip": {"type": ["boolean"]}},
            },
            "lines": {"type": ["array", "null"], "items": {"type": ["integer"]}},
            "extra": {"type": ["object", "null"]},
        },
    }

    def get_records(self, context: t.Any) -> t.Iterable[dict[str, t.Any]]:
        for i in range(int(self.config.get("count", 25))):
            yield {
                "id": i,
                "total": f"{i}.50",
                "tax": decimal.Decimal(i) / 4,
                "ratio": i / 8,
                "placed_at": BASE + dt.timedelta(hours=i),
                "placed_on": (BASE + dt.timedelta(days=i)).date(),
                "customer": {"name": f"c{i}", "vip": i % 2 == 0},
                "lines": [i, i + 1],
                "extra": {"k": [i]} if i % 3 else None,
            }


class NotesStream(Stream):
    name = "notes"
    schema = th.PropertiesList(th.Property("body", th.StringType)).to_dict()

    def get_records(self, context: t.Any) -> t.Iterable[dict[str, t.Any]]:
        yield {"body": "hello"}


class ShopTap(Tap):
    name = "tap-shop"
    config_jsonschema = th.PropertiesList(th.Property("count", th.IntegerType)).to_dict()

    def discover_streams(self) -> list[Stream]:
        return [OrdersStream(self), NotesStream(self)]


def test_read_yields_each_record_with_its_stream_as_a_target_reads_it() -> None:
    pairs = list(pipeline.read(ShopTap(config={"count": 3})))
    assert [stream for stream, _ in pairs] == ["notes", "orders", "orders", "orders"]
    record = pairs[2][1]
    assert record["placed_at"] == "2024-01-01T01:00:00.000000+00:00"  # as the tap writes it
    assert record["ratio"] == decimal.Decimal("0.125")
    assert record["tax"] == decimal.Decimal("0.25")


def test_read_only_the_streams_asked_for() -> None:
    assert {stream for stream, _ in pipeline.read(ShopTap(config={"count": 3}), ["notes"])} == {
        "notes"
    }
    with pytest.raises(ValueError, match=r"Unknown stream.*'nope'"):
        list(pipeline.read(ShopTap(config={}), ["nope"]))


def test_stopping_early_stops_the_tap() -> None:
    records = pipeline.read(ShopTap(config={"count": 10**9}), ["orders"])
    for index, _ in enumerate(records):
        if index == 5000:
            break
    del records
    assert pipeline_threads() == []


def test_to_arrow_types_columns_from_the_schema() -> None:
    tables = pipeline.read(ShopTap(config={"count": 25})).to_arrow()
    orders = tables["orders"]
    assert orders.num_rows == 25
    types = {field.name: field.type for field in orders.schema}
    assert types["id"] == pa.int64()
    assert types["total"] == pa.decimal128(10, 2)
    assert types["tax"] == pa.decimal128(6, 2)
    assert types["ratio"] == pa.float64()
    assert types["placed_at"] == pa.timestamp("us", tz="UTC")
    assert types["placed_on"] == pa.date32()
    assert types["customer"] == pa.struct([("name", pa.large_string()), ("vip", pa.bool_())])
    assert types["lines"] == pa.list_(pa.int64())
    assert types["extra"] == pa.large_string()  # no properties: JSON text
    row = orders.slice(3, 1).to_pylist()[0]
    assert row["total"] == decimal.Decimal("3.50")
    assert row["placed_at"] == BASE + dt.timedelta(hours=3)
    assert row["extra"] is None
    assert orders.slice(4, 1).to_pylist()[0]["extra"] == '{"k":[4]}'
    assert tables["notes"].to_pylist() == [{"body": "hello"}]


def test_to_pandas_gives_one_frame_per_stream() -> None:
    pd = pytest.importorskip("pandas")
    frames = pipeline.read(ShopTap(config={"count": 5})).to_pandas()
    orders = frames["orders"]
    assert isinstance(orders, pd.DataFrame)
    assert len(orders) == 5
    assert str(orders["placed_at"].dtype).startswith("datetime64")


def test_to_pandas_without_pandas_says_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pandas", None)
    with pytest.raises(ImportError, match="needs the 'pandas' package"):
        pipeline.read(ShopTap(config={"count": 1})).to_pandas()


def test_to_arrow_without_pyarrow_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pyarrow", None)
    with pytest.raises(ImportError, match=r"singer-connector-sdk\[parquet\]"):
        pipeline.read(ShopTap(config={"count": 1})).to_arrow()


def test_a_tap_error_is_raised_by_read() -> None:
    class Broken(NotesStream):
        def get_records(self, context: t.Any) -> t.Iterable[dict[str, t.Any]]:
            yield {"body": "one"}
            raise RuntimeError("source went away")

    class BrokenTap(ShopTap):
        def discover_streams(self) -> list[Stream]:
            return [Broken(self)]

    seen = []
    with pytest.raises(RuntimeError, match="source went away"):
        seen.extend(pipeline.read(BrokenTap(config={})))
    assert seen == [("notes", {"body": "one"})]
