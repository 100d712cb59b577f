"""SQLAlchemy column types -> JSON Schema (``SQLToJSONSchema`` and ``to_jsonschema_type``)."""

from __future__ import annotations

import functools
import typing as t

import pytest
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql as pg

from singer_sdk.helpers._compat import SingerSDKPendingDeprecationWarning
from singer_sdk.sql import SQLConnector
from singer_sdk.sql.connector import SQLToJSONSchema

STRING = {"type": ["string"]}
NUMBER = {"type": ["number"]}
ANY_JSON = {"type": ["string", "number", "integer", "boolean", "object", "array"]}

CASES: list[tuple[sa.types.TypeEngine[t.Any], dict[str, t.Any], dict[str, t.Any]]] = [
    # (type, without use_singer_decimal, with use_singer_decimal)
    (sa.DateTime(), {"type": ["string"], "format": "date-time"}, {}),
    (pg.TIMESTAMP(timezone=True), {"type": ["string"], "format": "date-time"}, {}),
    (sa.Date(), {"type": ["string"], "format": "date"}, {}),
    (sa.Time(), {"type": ["string"], "format": "time"}, {}),
    (sa.Integer(), {"type": ["integer"]}, {}),
    (sa.BigInteger(), {"type": ["integer"]}, {}),
    (sa.SmallInteger(), {"type": ["integer"]}, {}),
    (sa.Float(), NUMBER, NUMBER),
    (pg.DOUBLE_PRECISION(), NUMBER, NUMBER),
    (sa.REAL(), NUMBER, NUMBER),
    (sa.Numeric(), NUMBER, {"type": ["string"], "format": "x-singer.decimal"}),
    (
        sa.Numeric(12, 4),
        NUMBER,
        {"type": ["string"], "format": "x-singer.decimal", "precision": 12, "scale": 4},
    ),
    (sa.Numeric(10, 2, asdecimal=False), NUMBER, NUMBER),
    (sa.String(), STRING, {}),
    (sa.String(20), {"type": ["string"], "maxLength": 20}, {}),
    (sa.CHAR(3), {"type": ["string"], "maxLength": 3}, {}),
    (sa.Text(), STRING, {}),
    (sa.Boolean(), {"type": ["boolean"]}, {}),
    (sa.JSON(), ANY_JSON, {}),
    (pg.JSONB(), ANY_JSON, {}),
    (pg.ARRAY(sa.Integer()), {"type": ["array"], "items": {"type": ["integer", "null"]}}, {}),
    (
        sa.ARRAY(sa.String(5)),
        {"type": ["array"], "items": {"type": ["string", "null"], "maxLength": 5}},
        {},
    ),
    (sa.LargeBinary(), STRING, {}),
    (sa.Uuid(), STRING, {}),
    (sa.Interval(), STRING, {}),
    (pg.INET(), STRING, {}),
    (sa.types.NullType(), STRING, {}),
]


@pytest.mark.parametrize(("sql_type", "plain", "singer_decimal"), CASES, ids=repr)
def test_type_mapping(
    sql_type: sa.types.TypeEngine[t.Any],
    plain: dict[str, t.Any],
    singer_decimal: dict[str, t.Any],
) -> None:
    assert SQLToJSONSchema().to_jsonschema(sql_type) == plain
    assert SQLToJSONSchema(use_singer_decimal=True).to_jsonschema(sql_type) == (
        singer_decimal or plain
    )


def test_array_of_decimals_with_singer_decimal() -> None:
    schema = SQLToJSONSchema(use_singer_decimal=True).to_jsonschema(pg.ARRAY(sa.Numeric(5, 2)))
    assert schema == {
        "type": ["array"],
        "items": {
            "type": ["string", "null"],
            "format": "x-singer.decimal",
            "precision": 5,
            "scale": 2,
        },
    }


def test_from_config_reads_use_singer_decimal() -> None:
    assert SQLToJSONSchema.from_config({}).use_singer_decimal is False
    assert SQLToJSONSchema.from_config({"use_singer_decimal": True}).use_singer_decimal is True


class _Money(sa.types.TypeDecorator[t.Any]):
    impl = sa.Numeric
    cache_ok = True


class _CustomConverter(SQLToJSONSchema):
    @functools.singledispatchmethod
    def to_jsonschema(self, column_type: t.Any) -> dict[str, t.Any]:
        return super().to_jsonschema(column_type)

    @to_jsonschema.register
    def _money(self, column_type: _Money) -> dict[str, t.Any]:
        return {"type": ["string"], "format": "money"}

    @to_jsonschema.register
    def _text(self, column_type: sa.Text) -> dict[str, t.Any]:
        return {"type": ["string"], "contentMediaType": "text/plain"}


class _CustomConnector(SQLConnector):
    sql_to_jsonschema_converter = _CustomConverter


def test_registered_handlers_of_a_subclass_win_and_fall_back() -> None:
    connector = _CustomConnector()
    assert connector.to_jsonschema_type(_Money()) == {"type": ["string"], "format": "money"}
    assert connector.to_jsonschema_type(sa.Text()) == {
        "type": ["string"],
        "contentMediaType": "text/plain",
    }
    # Types without a handler in the subclass use the base handlers.
    assert connector.to_jsonschema_type(sa.String(9)) == {"type": ["string"], "maxLength": 9}
    assert connector.to_jsonschema_type(sa.Integer()) == {"type": ["integer"]}


def test_connector_builds_its_converter_from_config_once() -> None:
    connector = SQLConnector(config={"use_singer_decimal": True})
    assert connector.sql_to_jsonschema is connector.sql_to_jsonschema
    assert connector.to_jsonschema_type(sa.Numeric(5, 1))["format"] == "x-singer.decimal"


def test_to_jsonschema_type_deprecated_inputs() -> None:
    connector = SQLConnector()
    with pytest.warns(SingerSDKPendingDeprecationWarning, match="type name"):
        assert connector.to_jsonschema_type("TIMESTAMP") == {
            "type": ["string"],
            "format": "date-time",
        }
    with pytest.warns(SingerSDKPendingDeprecationWarning, match="type class"):
        assert connector.to_jsonschema_type(sa.Integer) == {"type": ["integer"]}


@pytest.mark.parametrize(("value", "name"), [(42, "int"), (object, "object")])
def test_to_jsonschema_type_rejects_other_values(value: t.Any, name: str) -> None:
    with pytest.raises(ValueError, match=rf"^Unexpected type received: '{name}'$"):
        SQLConnector().to_jsonschema_type(value)
