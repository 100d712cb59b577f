"""Schema sources: StreamSchema with a SchemaDirectory, from a folder, a package, a Traversable."""

from __future__ import annotations

import importlib.resources
import json
import sys
import typing as t
from pathlib import Path

import pytest

from singer_sdk import SchemaDirectory, SchemaSource, Stream, StreamSchema, Tap
from singer_sdk.exceptions import SchemaNotFoundError, SchemaNotValidError

USERS = {"type": "object", "properties": {"id": {"type": "integer"}}}


@pytest.fixture
def schemas(tmp_path: Path) -> Path:
    folder = tmp_path / "schemas"
    folder.mkdir()
    (folder / "users.json").write_text(json.dumps(USERS))
    (folder / "broken.json").write_text('{"type": "object",\n "properties": }')
    (folder / "list.json").write_text("[1, 2]")
    return folder


def make_tap(stream_class: type[Stream]) -> Tap:
    class SourceTap(Tap):
        name = "tap-sources"

        def discover_streams(self) -> list[Stream]:
            return [stream_class(self)]

    return SourceTap(config={})


def test_stream_schema_reads_the_file_named_after_the_stream(schemas: Path) -> None:
    class Users(Stream):
        name = "users"
        schema = StreamSchema(SchemaDirectory(schemas))

        def get_records(self, context: t.Any) -> t.Iterable[dict[str, t.Any]]:
            yield {"id": 1}

    tap = make_tap(Users)
    stream = tap.streams["users"]
    assert stream.schema == USERS
    assert tap.catalog_dict["streams"][0]["schema"]["properties"] == USERS["properties"]


def test_key_overrides_the_stream_name_and_strings_are_paths(schemas: Path) -> None:
    class People(Stream):
        name = "people"
        schema = StreamSchema(SchemaDirectory(str(schemas)), key="users")

        def get_records(self, context: t.Any) -> t.Iterable[dict[str, t.Any]]:
            return []

    assert make_tap(People).streams["people"].schema == USERS


def test_package_module_and_traversable_sources(tmp_path: Path) -> None:
    package = tmp_path / "pkg_with_schemas"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "users.json").write_text(json.dumps(USERS))
    (package / "nested").mkdir()
    (package / "nested" / "users.schema").write_text(json.dumps(USERS))
    sys.path.insert(0, str(tmp_path))
    try:
        import pkg_with_schemas

        assert SchemaDirectory(pkg_with_schemas).get_schema("users") == USERS
        traversable = importlib.resources.files(pkg_with_schemas) / "nested"
        assert SchemaDirectory(traversable, extension="schema").get_schema("users") == USERS
    finally:
        sys.path.remove(str(tmp_path))
        sys.modules.pop("pkg_with_schemas", None)


def test_missing_schema_names_the_file(schemas: Path) -> None:
    source = SchemaDirectory(schemas)
    with pytest.raises(
        SchemaNotFoundError, match=r"No schema for 'orders': file not found: .*orders\.json"
    ):
        source.get_schema("orders")


def test_invalid_json_and_non_object_schemas(schemas: Path) -> None:
    source = SchemaDirectory(schemas)
    with pytest.raises(SchemaNotValidError, match=r"broken\.json is not valid JSON: .*line 2"):
        source.get_schema("broken")
    with pytest.raises(SchemaNotValidError, match="must be a JSON object, not list"):
        source.get_schema("list")


def test_schemas_are_fetched_once_and_preprocessed_each_time() -> None:
    calls: list[str] = []

    class Counting(SchemaSource[str]):
        def fetch_schema(self, key: str) -> dict[str, t.Any]:
            calls.append(key)
            return {"type": "object", "properties": {}}

    class AddKeys:
        def preprocess_schema(
            self, schema: dict[str, t.Any], *, key_properties: t.Sequence[str] = ()
        ) -> dict[str, t.Any]:
            return {**schema, "x-keys": list(key_properties)}

    source = Counting(preprocessor=AddKeys())
    assert source.get_schema("a", key_properties=["id"])["x-keys"] == ["id"]
    assert source.get_schema("a")["x-keys"] == []
    assert calls == ["a"]
