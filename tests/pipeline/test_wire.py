"""The fast path of in-process runs: ``to_wire`` gives exactly what the codec's round trip gives."""

from __future__ import annotations

import dataclasses
import datetime as dt
import decimal
import enum
import random
import struct
import typing as t
import uuid

import pytest

from singer_sdk._messages import codec
from singer_sdk._pipeline.wire import to_wire


def round_trip(value: t.Any) -> t.Any:
    return codec.decode(codec.encode(value))


def same(a: t.Any, b: t.Any) -> bool:
    """Equal, with the same types everywhere (and the same Decimal digits and exponent)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return list(a) == list(b) and all(same(a[key], b[key]) for key in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, decimal.Decimal):
        return a.as_tuple() == b.as_tuple()
    return bool(a == b)


class Color(enum.Enum):
    RED = 1.5


class Size(enum.StrEnum):
    BIG = "big"


@dataclasses.dataclass
class Point:
    x: float
    y: decimal.Decimal


class Flag(int):
    pass


def _floats() -> list[float]:
    rng = random.Random(7)
    values = [0.0, -0.0, 1.0, 0.1, 1e15, 1e16, 1e17, 1e21, 1e22, 1e-4, 1e-5, 1e-7, 5e-324]
    values += [1.7976931348623157e308, 2.0**53, 2.0**64, 123456789012345680000.0, 12345678.9]
    for _ in range(3000):
        values.append(struct.unpack("d", struct.pack("Q", rng.getrandbits(64)))[0])
        values.append(rng.uniform(-1e6, 1e6))
        values.append(rng.random() * 10 ** rng.randint(-30, 30))
    return values


UTC = dt.UTC
ODD_VALUES: list[t.Any] = [
    *[decimal.Decimal(text) for text in ("1", "1.0", "100", "1E+2", "-0", "0E-5", "1e-7")],
    *[decimal.Decimal(text) for text in ("123.4500", "-1.5E-10", "1E+30", "NaN", "sNaN", "-Inf")],
    decimal.Decimal("12345678901234567890123456789.000000001"),
    float("nan"),
    float("inf"),
    float("-inf"),
    dt.datetime(2024, 1, 1, tzinfo=UTC),
    dt.datetime(2024, 1, 1, 1, 2, 3, 4500, tzinfo=UTC),
    dt.datetime(2024, 1, 1, 1, 2, 3, 450000),
    dt.datetime(1, 1, 1, tzinfo=dt.timezone(dt.timedelta(hours=5, minutes=30))),
    dt.datetime(2024, 1, 1, tzinfo=dt.timezone(dt.timedelta(seconds=3661))),
    dt.datetime(2024, 6, 1, 12, tzinfo=dt.timezone(dt.timedelta(hours=-3))),
    dt.date(2024, 1, 2),
    dt.time(1, 2, 3, 40),
    dt.time(1, 2, tzinfo=UTC),
    uuid.UUID(int=5),
    b"ab\x00\xff",
    (1, 2.5, "x"),
    {3},
    {1: 2.5},
    {"a": {2: "b"}},
    10**20,
    2**64,
    -(2**63) - 1,
    True,
    None,
    "",
    Color.RED,
    Size.BIG,
    Point(1.5, decimal.Decimal("2.50")),
    Flag(3),
    dt.timedelta(seconds=3),
    object,
]


def test_a_float_becomes_the_decimal_of_its_text_as_the_reader_parses_it() -> None:
    mismatches = [value for value in _floats() if not same(to_wire(value), round_trip(value))]
    assert mismatches == []


@pytest.mark.parametrize("value", ODD_VALUES, ids=repr)
def test_every_other_value_is_what_the_codec_round_trip_gives(value: t.Any) -> None:
    wrapped = {"type": "RECORD", "stream": "s", "record": {"v": value, "list": [value, [value]]}}
    assert same(to_wire(value), round_trip(value))
    assert same(to_wire(wrapped), round_trip(wrapped))


def test_a_message_is_copied_not_shared_and_the_input_is_left_alone() -> None:
    record = {"id": 1, "nested": {"tags": ["a"], "at": dt.datetime(2024, 1, 1, tzinfo=UTC)}}
    message = {"type": "RECORD", "stream": "s", "record": record}
    before = repr(message)

    wire = to_wire(message)
    wire["record"]["nested"]["tags"].append("b")
    wire["record"]["id"] = 2

    assert repr(message) == before
    assert wire["record"]["nested"]["at"] == "2024-01-01T00:00:00Z"


def test_a_tap_record_message_reads_as_from_a_pipe() -> None:
    message = {
        "type": "RECORD",
        "stream": "synth",
        "record": {
            "id": 7,
            "amount": 8.75,
            "price": decimal.Decimal("12.50"),
            "whole": decimal.Decimal("3"),
            "updated_at": "2024-01-01T00:00:07+00:00",
            "geo": {"lat": -89.5, "lon": 0.0},
            "tags": ("a", "b"),
            "notes": None,
        },
        "time_extracted": dt.datetime(2024, 6, 1, 12, 0, 0, 123456, tzinfo=UTC),
    }
    wire = to_wire(message)
    assert same(wire, round_trip(message))
    assert wire["record"]["amount"] == decimal.Decimal("8.75")
    assert wire["record"]["whole"] == 3
    assert type(wire["record"]["whole"]) is int
    assert wire["time_extracted"] == "2024-06-01T12:00:00.123456Z"
