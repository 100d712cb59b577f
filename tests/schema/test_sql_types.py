"""Legacy SQL <-> JSON Schema helpers in `singer_sdk.typing` (pending deprecation)."""

from __future__ import annotations

import sys
import typing as t

import pytest

import singer_sdk.typing as th
from singer_sdk.helpers._compat import SingerSDKPendingDeprecationWarning

pytestmark = pytest.mark.filterwarnings("ignore::PendingDeprecationWarning")

STRING = {"type": ["string"]}
INTEGER = {"type": ["integer"]}
NUMBER = {"type": ["number"]}
BOOLEAN = {"type": ["boolean"]}
DATETIME = {"type": ["string"], "format": "date-time"}
DATE = {"type": ["string"], "format": "date"}
TIME = {"type": ["string"], "format": "time"}


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        # same as the reference
        ("VARCHAR", STRING),
        ("varchar", STRING),
        ("TEXT", STRING),
        ("JSON", STRING),
        ("STRING", STRING),
        ("MONEY", STRING),
        ("INTEGER", INTEGER),
        ("INT", INTEGER),
        ("INT4", INTEGER),
        ("BIGINT", INTEGER),
        ("SMALLINT", INTEGER),
        ("TINYINT", INTEGER),
        ("FLOAT", NUMBER),
        ("DOUBLE PRECISION", NUMBER),
        ("DECIMAL(10,2)", NUMBER),
        ("NUMBER", NUMBER),
        ("BOOLEAN", BOOLEAN),
        ("bool", BOOLEAN),
        ("DATETIME", DATETIME),
        ("DATETIME2", DATETIME),
        ("TIMESTAMP(6)", DATETIME),
        ("timestamp with time zone", DATETIME),
        ("DATE", DATE),
        # the reference maps these by substring: NUMERIC/REAL -> string, TIME -> string,
        # INTERVAL/POINT -> integer (they contain "INT")
        ("NUMERIC", NUMBER),
        ("REAL", NUMBER),
        ("TIME", TIME),
        ("INTERVAL", STRING),
        ("POINT", STRING),
    ],
)
def test_sql_type_names(name: str, expected: dict[str, t.Any]) -> None:
    assert th.to_jsonschema_type(name) == expected


def test_pending_deprecation_warnings() -> None:
    with pytest.warns(SingerSDKPendingDeprecationWarning, match="Use `SQLToJSONSchema` instead."):
        th.to_jsonschema_type("VARCHAR")
    sa = pytest.importorskip("sqlalchemy")
    with pytest.warns(SingerSDKPendingDeprecationWarning, match="Use `JSONSchemaToSQL` instead."):
        assert isinstance(th.to_sql_type({"type": "integer"}), sa.types.INTEGER)


def test_to_jsonschema_type_rejects_other_values() -> None:
    with pytest.raises(
        TypeError,
        match=r"^to_jsonschema_type expects a SQL type name or a SQLAlchemy type, got 5$",
    ):
        th.to_jsonschema_type(5)  # type: ignore[arg-type]


def test_to_sql_type_without_sqlalchemy(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "sqlalchemy", None)
    monkeypatch.setitem(sys.modules, "sqlalchemy.types", None)
    with pytest.raises(
        ImportError,
        match=r"install the SQL extra: pip install 'singer-connector-sdk\[sql\]'",
    ):
        th.to_sql_type({"type": "string"})


def test_to_sql_type_rejects_non_dicts() -> None:
    with pytest.raises(TypeError, match=r"^to_sql_type expects a JSON Schema dict, got 'x'$"):
        th.to_sql_type("x")  # type: ignore[arg-type]


def test_sqlalchemy_types_both_ways() -> None:
    sa = pytest.importorskip("sqlalchemy")

    class Cents(sa.types.TypeDecorator):  # type: ignore[misc,name-defined]
        impl = sa.types.Integer
        cache_ok = True

    # same as the reference
    for sql_type, expected in [
        (sa.types.VARCHAR, STRING),
        (sa.types.VARCHAR(10), STRING),
        (sa.types.Integer, INTEGER),
        (sa.types.BigInteger(), INTEGER),
        (sa.types.Float(), NUMBER),
        (sa.types.Double(), NUMBER),
        (sa.types.DECIMAL(), NUMBER),
        (sa.types.Boolean(), BOOLEAN),
        (sa.types.DateTime(), DATETIME),
        (sa.types.TIMESTAMP(), DATETIME),
        (sa.types.Date(), DATE),
        (sa.types.Text(), STRING),
        (sa.types.JSON(), STRING),
        (sa.types.ARRAY(sa.types.Integer), STRING),
        (sa.types.Uuid(), STRING),
        # the reference answers string, string, string, integer, string here
        (sa.types.Numeric(), NUMBER),
        (sa.types.REAL(), NUMBER),
        (sa.types.Time(), TIME),
        (sa.types.Interval(), STRING),
        (Cents(), INTEGER),
    ]:
        assert th.to_jsonschema_type(sql_type) == expected, sql_type

    def sql(schema: dict[str, t.Any]) -> str:
        return repr(th.to_sql_type(schema))

    # same as the reference
    assert sql({"type": "string"}) == "VARCHAR()"
    assert sql({"type": ["string", "null"], "maxLength": 5}) == "VARCHAR(length=5)"
    assert sql({"type": ["string"], "format": "date-time", "maxLength": 5}) == "DATETIME()"
    assert sql({"type": "string", "format": "date"}) == "DATE()"
    assert sql({"type": "string", "format": "time"}) == "TIME()"
    assert sql({"type": "string", "format": "uuid"}) == "VARCHAR()"
    assert sql({"type": ["null", "integer"]}) == "INTEGER()"
    assert sql({"type": "number"}) == "DECIMAL()"
    assert sql({"type": ["boolean", "null"]}) == "BOOLEAN()"
    assert sql({"type": "object"}) == "VARCHAR()"
    assert sql({"type": "array", "items": {"type": "integer"}}) == "VARCHAR()"
    assert sql({"type": ["integer", "string"]}) == "VARCHAR()"
    assert sql({"type": "null"}) == "VARCHAR()"
    assert sql({}) == "VARCHAR()"
    assert sql({"format": "date-time"}) == "VARCHAR()"
    assert sql({"anyOf": [{"type": "integer"}, {"type": "null"}]}) == "INTEGER()"
    assert sql({"anyOf": [{"type": "string", "format": "date-time"}, {"type": "null"}]}) == (
        "DATETIME()"
    )
    assert sql({"anyOf": [{"type": "integer"}, {"type": "string"}]}) == "VARCHAR()"
    # the reference picks INTEGER, which cannot hold 1.5
    assert sql({"type": ["number", "integer"]}) == "DECIMAL()"
