"""SQLConnector: URL and engine errors, names and quoting, reflection helpers, old import paths."""

from __future__ import annotations

import importlib
import subprocess
import sys

import pytest
import sqlalchemy as sa

from singer_sdk.exceptions import ConfigValidationError
from singer_sdk.helpers._compat import (
    SingerSDKDeprecationWarning,
    SingerSDKPendingDeprecationWarning,
)
from singer_sdk.sql import SQLConnector
from singer_sdk.sql.connector import FullyQualifiedName


def test_missing_url_is_a_config_error() -> None:
    with pytest.raises(ConfigValidationError) as info:
        _ = SQLConnector(config={}).sqlalchemy_url
    assert info.value.errors == ["Could not find or create 'sqlalchemy_url' for connection."]


def test_explicit_url_wins_over_config() -> None:
    connector = SQLConnector(
        config={"sqlalchemy_url": "sqlite:///a.db"}, sqlalchemy_url="sqlite://"
    )
    assert connector.sqlalchemy_url == "sqlite://"
    assert SQLConnector(config={"sqlalchemy_url": "sqlite:///a.db"}).sqlalchemy_url == (
        "sqlite:///a.db"
    )


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("not a url", "Invalid 'sqlalchemy_url': cannot parse 'not a url' as a database URL."),
        (
            "nosuchdb://u:pw@host/db",
            "Invalid 'sqlalchemy_url': unknown database dialect or driver "
            "(Can't load plugin: sqlalchemy.dialects:nosuchdb).",
        ),
        (
            "mysql+nosuchdriver://u:pw@host/db",
            "Invalid 'sqlalchemy_url': unknown database dialect or driver "
            "(Can't load plugin: sqlalchemy.dialects:mysql.nosuchdriver).",
        ),
    ],
)
def test_bad_url_is_a_clear_config_error(url: str, message: str) -> None:
    connector = SQLConnector(config={"sqlalchemy_url": url})
    with pytest.raises(ConfigValidationError) as info:
        _ = connector._engine
    assert str(info.value).splitlines()[0] == message
    assert info.value.errors == [message]


def test_engine_is_created_once() -> None:
    connector = SQLConnector(sqlalchemy_url="sqlite://")
    assert connector._engine is connector._engine
    assert connector._dialect.name == "sqlite"


def test_fully_qualified_name_quotes_each_part() -> None:
    connector = SQLConnector(sqlalchemy_url="sqlite://")
    name = connector.get_fully_qualified_name("select", "my schema", 'db"x')
    assert str(name) == '"db""x"."my schema"."select"'
    assert (name.database, name.schema, name.table) == ('db"x', "my schema", "select")
    assert str(connector.get_fully_qualified_name("plain")) == "plain"
    assert str(connector.get_fully_qualified_name("t", "s", delimiter="-")) == "s-t"


def test_fully_qualified_name_needs_a_part() -> None:
    with pytest.raises(ValueError, match=r"^Could not generate fully qualified name: "):
        FullyQualifiedName()


def test_parse_full_table_name() -> None:
    connector = SQLConnector(sqlalchemy_url="sqlite://")
    assert connector.parse_full_table_name("t") == (None, None, "t")
    assert connector.parse_full_table_name("s.t") == (None, "s", "t")
    assert connector.parse_full_table_name("d.s.t") == ("d", "s", "t")
    fqn = FullyQualifiedName(table="a.b", schema="my schema")
    assert connector.parse_full_table_name(fqn) == (None, "my schema", "a.b")
    with pytest.raises(ValueError, match=r"^Cannot parse table name 'a.b.c.d'"):
        connector.parse_full_table_name("a.b.c.d")


def test_reflection_helpers(sqlite_url: str) -> None:
    connector = SQLConnector(sqlalchemy_url=sqlite_url)
    with connector._connect() as conn, conn.begin():
        conn.execute(sa.text('CREATE TABLE "my table" (id INTEGER PRIMARY KEY, "Name" TEXT)'))
    assert connector.table_exists("my table")
    assert connector.table_exists("main.my table")
    assert not connector.table_exists("other")
    assert connector.schema_exists("main")
    assert not connector.schema_exists("nope")
    assert connector.column_exists("my table", "Name")
    assert not connector.column_exists("my table", "name")
    assert list(connector.get_table_columns("my table")) == ["id", "Name"]
    assert list(connector.get_table_columns("my table", ["NAME"])) == ["Name"]
    table = connector.get_table("main.my table", column_names=["id"])
    assert table.schema == "main"
    assert [c.name for c in table.columns] == ["id"]


def test_deprecated_quote() -> None:
    connector = SQLConnector(sqlalchemy_url="sqlite://")
    with pytest.warns(SingerSDKPendingDeprecationWarning, match="quote"):
        assert connector.quote("s.select") == 's."select"'


@pytest.mark.parametrize(
    ("module", "name"),
    [
        ("singer_sdk.connectors", "SQLConnector"),
        ("singer_sdk.connectors.sql", "SQLConnector"),
        ("singer_sdk.connectors.sql", "SQLToJSONSchema"),
        ("singer_sdk.connectors.sql", "FullyQualifiedName"),
        ("singer_sdk.streams.sql", "SQLStream"),
    ],
)
def test_old_import_paths_warn(module: str, name: str) -> None:
    mod = importlib.import_module(module)
    with pytest.warns(SingerSDKDeprecationWarning, match=rf"{module}\.{name} is deprecated"):
        value = getattr(mod, name)
    new = importlib.import_module(
        "singer_sdk.sql.connector" if name != "SQLStream" else "singer_sdk.sql"
    )
    assert value is getattr(new, name)


def test_importing_the_sql_package_does_not_import_sqlalchemy() -> None:
    code = (
        "import sys, singer_sdk, singer_sdk.sql, singer_sdk.connectors, singer_sdk.streams.sql;"
        "print('sqlalchemy' in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"
