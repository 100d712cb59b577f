"""strptime_to_utc and strftime."""

from __future__ import annotations

import datetime as dt

import pytest

from singer_sdk.singerlib.utils import (
    DATETIME_FMT,
    NonUTCDatetimeError,
    strftime,
    strptime_to_utc,
)

UTC = dt.UTC


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2021-01-02T03:04:05Z", dt.datetime(2021, 1, 2, 3, 4, 5, tzinfo=UTC)),
        ("2021-01-02T03:04:05.123456+00:00", dt.datetime(2021, 1, 2, 3, 4, 5, 123456, tzinfo=UTC)),
        ("2021-01-02T05:04:05+02:00", dt.datetime(2021, 1, 2, 3, 4, 5, tzinfo=UTC)),
        ("2021-01-02T05:04:05+0200", dt.datetime(2021, 1, 2, 3, 4, 5, tzinfo=UTC)),
        ("2021-01-01T22:00:00-05:00", dt.datetime(2021, 1, 2, 3, 0, tzinfo=UTC)),
        ("2021-01-02 03:04:05", dt.datetime(2021, 1, 2, 3, 4, 5, tzinfo=UTC)),
        ("2021-01-02t03:04:05z", dt.datetime(2021, 1, 2, 3, 4, 5, tzinfo=UTC)),
        ("  2021-01-02T03:04:05Z\n", dt.datetime(2021, 1, 2, 3, 4, 5, tzinfo=UTC)),
        ("2021-01-02", dt.datetime(2021, 1, 2, tzinfo=UTC)),
        ("20210102T030405Z", dt.datetime(2021, 1, 2, 3, 4, 5, tzinfo=UTC)),
        ("2021-01-02T03:04:05.123456789Z", dt.datetime(2021, 1, 2, 3, 4, 5, 123456, tzinfo=UTC)),
        ("2021-01-02T03:04:05.1Z", dt.datetime(2021, 1, 2, 3, 4, 5, 100000, tzinfo=UTC)),
    ],
)
def test_strptime_to_utc(text: str, expected: dt.datetime) -> None:
    parsed = strptime_to_utc(text)
    assert parsed == expected
    assert parsed.tzinfo is UTC


@pytest.mark.parametrize("text", ["", "yesterday", "2021-13-01", "2021-01-02T25:00:00Z"])
def test_strptime_to_utc_rejects_garbage(text: str) -> None:
    with pytest.raises(ValueError, match=r"^not an ISO 8601 date-time: ") as info:
        strptime_to_utc(text)
    assert repr(text) in str(info.value)


def test_strptime_to_utc_rejects_non_strings() -> None:
    with pytest.raises(TypeError, match=r"^expected an ISO 8601 date-time string, got int$"):
        strptime_to_utc(20210102)  # type: ignore[arg-type]


def test_strftime_default_format() -> None:
    assert DATETIME_FMT == "%04Y-%m-%dT%H:%M:%S.%fZ"
    assert strftime(dt.datetime(2021, 1, 2, 3, 4, 5, tzinfo=UTC)) == "2021-01-02T03:04:05.000000Z"
    assert strftime(dt.datetime(21, 1, 2, 3, 4, 5, 7, tzinfo=UTC)) == "0021-01-02T03:04:05.000007Z"


def test_strftime_accepts_zero_offset_zones() -> None:
    value = dt.datetime(2021, 1, 2, tzinfo=dt.timezone(dt.timedelta(0), "GMT"))
    assert strftime(value) == "2021-01-02T00:00:00.000000Z"


def test_strftime_custom_formats() -> None:
    value = dt.datetime(99, 1, 2, 3, 4, 5, tzinfo=UTC)
    assert strftime(value, "%Y/%m/%d") == value.strftime("%Y/%m/%d")
    assert strftime(value, "%04Y.%m") == "0099.01"


@pytest.mark.parametrize(
    "value",
    [
        dt.datetime(2021, 1, 2, 3, 4, 5),
        dt.datetime(2021, 1, 2, 3, 4, 5, tzinfo=dt.timezone(dt.timedelta(hours=1))),
    ],
)
def test_strftime_refuses_non_utc(value: dt.datetime) -> None:
    with pytest.raises(NonUTCDatetimeError) as info:
        strftime(value)
    assert str(info.value) == (
        f"datetime must be timezone-aware at UTC (offset 0), got {value.isoformat()!r}"
    )
    assert isinstance(info.value, ValueError)


def test_round_trip() -> None:
    text = "2024-02-29T23:59:59.999999Z"
    assert strftime(strptime_to_utc(text)) == text
