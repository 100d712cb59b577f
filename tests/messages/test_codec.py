"""The one JSON codec: Singer encoding rules and Decimal-preserving decoding."""

from __future__ import annotations

import datetime as dt
import decimal
import enum
import uuid

import pytest

from singer_sdk._messages import codec


class Color(enum.Enum):
    RED = "red"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ({"b": 1, "a": [1, 2]}, b'{"b":1,"a":[1,2]}'),
        ({"d": decimal.Decimal("1.10")}, b'{"d":1.10}'),
        (
            {"d": decimal.Decimal("12345678901234567890.123456789")},
            b'{"d":12345678901234567890.123456789}',
        ),
        (
            {"f": float("nan"), "g": float("inf"), "h": float("-inf")},
            b'{"f":null,"g":null,"h":null}',
        ),
        ({"d": decimal.Decimal("NaN"), "e": decimal.Decimal("-Infinity")}, b'{"d":null,"e":null}'),
        (
            {"t": dt.datetime(2024, 1, 2, 3, 4, 5, 600000, tzinfo=dt.UTC)},
            b'{"t":"2024-01-02T03:04:05.600000Z"}',
        ),
        (
            {"t": dt.datetime(2024, 1, 2, 3, 4, 5, tzinfo=dt.timezone(dt.timedelta(hours=2)))},
            b'{"t":"2024-01-02T03:04:05+02:00"}',
        ),
        ({"d": dt.date(2024, 1, 2), "t": dt.time(3, 4, 5)}, b'{"d":"2024-01-02","t":"03:04:05"}'),
        ({"u": uuid.UUID(int=1)}, b'{"u":"00000000-0000-0000-0000-000000000001"}'),
        ({"e": Color.RED}, b'{"e":"red"}'),
        ({"s": "é \u2603 \n"}, '{"s":"é \u2603 \\n"}'.encode()),
    ],
)
def test_encode_follows_singer_rules(value: object, expected: bytes) -> None:
    assert codec.encode(value) == expected


def test_unknown_types_are_written_with_str() -> None:
    class Thing:
        def __str__(self) -> str:
            return "thing!"

    assert codec.encode({"x": Thing()}) == b'{"x":"thing!"}'


def test_quoted_nan_text_is_left_alone() -> None:
    # The literal text NaN inside a string takes the slow path but must come out unchanged.
    assert codec.encode({"s": "NaN and Infinity"}) == b'{"s":"NaN and Infinity"}'


def test_encode_into_appends_a_line_and_handles_non_finite_decimals() -> None:
    buffer = bytearray(b"prefix\n")
    codec.encode_into({"a": decimal.Decimal("Infinity")}, buffer)
    codec.encode_into({"b": 2}, buffer)
    assert bytes(buffer) == b'prefix\n{"a":null}\n{"b":2}\n'


def test_decode_keeps_decimal_precision_and_integers() -> None:
    data = codec.decode(b'{"a": 0.1, "b": 1e400, "c": 12345678901234567890123, "d": -0.0}')
    assert data["a"] == decimal.Decimal("0.1")
    assert isinstance(data["a"], decimal.Decimal)
    assert data["b"] == decimal.Decimal("1e400")
    assert data["c"] == 12345678901234567890123
    assert isinstance(data["c"], int)
    assert codec.decode_floats('{"a": 0.5}') == {"a": 0.5}


@pytest.mark.parametrize(
    "text",
    [
        "1.10", "2.50", "-0.0", "0.000", "1e400", "1E-400", "-5e-7", "1.0e+10", "9.99e999999",
        "123456789012345678901234567890.123456789012345678901234567890", "1e-999999",
    ],
)  # fmt: skip
def test_decoded_numbers_are_exactly_the_decimal_of_their_text(text: str) -> None:
    value = codec.decode(f'{{"n": {text}}}'.encode())["n"]
    assert type(value) is decimal.Decimal
    assert value.as_tuple() == decimal.Decimal(text).as_tuple()  # digits, sign and exponent


def test_round_trip_of_decimals_is_exact() -> None:
    original = {"x": decimal.Decimal("3.141592653589793238462643383279")}
    assert codec.decode(codec.encode(original)) == original


@pytest.mark.parametrize("bad", [b'{"a":1} x', b"{", b"", b'"\xff"', b"1" * 5000])
def test_decode_rejects_invalid_json(bad: bytes) -> None:
    with pytest.raises(codec.JSONDecodeError):
        codec.decode(bad)


def test_nan_and_infinity_literals_are_read_as_the_reference_reads_them() -> None:
    # json.loads accepts them; they come back as Decimals and are written as null.
    value = codec.decode(b'{"a": NaN, "b": Infinity, "c": -Infinity, "d": 1e400}')
    assert [str(v) for v in value.values()] == ["NaN", "Infinity", "-Infinity", "1E+400"]
    assert codec.encode(value) == b'{"a":null,"b":null,"c":null,"d":1E+400}'


def test_integers_past_64_bits_are_read() -> None:
    assert codec.decode(b"[123456789012345678901234567890]") == [123456789012345678901234567890]


@pytest.mark.parametrize("text", [b'"\\ud800"', b'{"a": ["x", "\\udfff y"]}', b'{"\\ud83d": 1}'])
def test_a_lone_surrogate_is_refused_by_name(text: bytes) -> None:
    # Issue 18: msgspec said "Input data was truncated", which was false.
    with pytest.raises(codec.UnrepresentableInput, match="lone UTF-16 surrogate"):
        codec.decode(text)


def test_a_surrogate_pair_is_one_character() -> None:
    assert codec.decode(b'"\\ud83d\\ude00"') == "\U0001f600"


def test_deep_nesting_is_refused_by_name() -> None:
    # Issue 18: a RecursionError without a line number.
    with pytest.raises(codec.UnrepresentableInput, match="nested too deeply"):
        codec.decode(b"[" * 10_000 + b"]" * 10_000)
