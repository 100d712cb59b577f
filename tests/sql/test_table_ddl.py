"""SQLConnector's table hooks: one reflection per table and run, and overrides reach TableDDL."""

from __future__ import annotations

import typing as t

import sqlalchemy as sa

from singer_sdk.sql import SQLConnector

if t.TYPE_CHECKING:
    from pathlib import Path

    from singer_sdk.sql.connector import FullyQualifiedName

_SCHEMA = {"properties": {"id": {"type": "integer"}, "name": {"type": "string"}}}
_WIDER = {
    "properties": {
        **_SCHEMA["properties"],
        "extra": {"type": "string"},
        "count": {"type": "integer"},
    }
}


class CountingConnector(SQLConnector):
    """Counts table reflections, and marks the columns it adds through its hooks."""

    def __init__(self, url: str) -> None:
        super().__init__(sqlalchemy_url=url)
        self.reflections = 0
        self.added: list[str] = []

    def get_table_columns(
        self,
        full_table_name: str | FullyQualifiedName,
        column_names: list[str] | None = None,
    ) -> dict[str, sa.Column[t.Any]]:
        self.reflections += 1
        return super().get_table_columns(full_table_name, column_names)

    def get_column_add_ddl(
        self,
        table_name: str | FullyQualifiedName,
        column_name: str,
        column_type: sa.types.TypeEngine[t.Any],
    ) -> sa.DDL:
        self.added.append(column_name)
        return super().get_column_add_ddl(table_name, column_name, column_type)


def test_an_existing_table_is_reflected_once_per_run(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'warehouse.db'}"
    creator = CountingConnector(url)
    creator.prepare_table("t", _SCHEMA, ["id"])
    creator.prepare_table("t", _WIDER, ["id"])
    assert creator.reflections == 0  # it created the table: its columns are known

    later_run = CountingConnector(url)
    for _ in range(3):
        later_run.prepare_table("t", _WIDER, ["id"])
    assert later_run.reflections == 1


def test_table_hooks_overridden_on_the_connector_are_called_back(tmp_path: Path) -> None:
    connector = CountingConnector(f"sqlite:///{tmp_path / 'warehouse.db'}")
    connector.prepare_table("t", _SCHEMA, ["id"])
    connector.prepare_table("t", _WIDER, ["id"])
    assert connector.added == ["extra", "count"]
    assert set(connector.get_table_columns("t")) == {"id", "name", "extra", "count"}
