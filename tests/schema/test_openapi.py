"""OpenAPISchema: OpenAPI 3 / Swagger 2 documents as stream schema sources."""

from __future__ import annotations

import http.server
import json
import threading
import typing as t
from importlib import resources

import pytest

from singer_sdk import Stream, Tap
from singer_sdk.exceptions import SchemaNotFoundError, SchemaNotValidError, UnsupportedOpenAPISpec
from singer_sdk.schema import OpenAPISchema, OpenAPISchemaNormalizer, StreamSchema

if t.TYPE_CHECKING:
    from pathlib import Path

V3 = {
    "openapi": "3.0.3",
    "info": {"title": "t", "version": "1"},
    "paths": {},
    "components": {
        "schemas": {
            "User": {
                "type": "object",
                "required": ["id"],
                "properties": {
                    "id": {"type": "integer"},
                    "name": {"type": "string", "nullable": True, "pattern": "^a", "enum": ["a"]},
                    "address": {"$ref": "#/components/schemas/Address"},
                    "tags": {"type": "array", "items": {"$ref": "#/components/schemas/Tag"}},
                    "pet": {"oneOf": [{"$ref": "#/components/schemas/Tag"}, {"type": "string"}]},
                    "maybe": {"oneOf": [{"type": "string"}, {"type": "null"}]},
                    "mix": {
                        "allOf": [
                            {"$ref": "#/components/schemas/Address"},
                            {"properties": {"zip": {"type": "string"}}, "required": ["zip"]},
                        ]
                    },
                },
            },
            "Address": {"type": "object", "properties": {"city": {"type": "string"}}},
            "Tag": {"type": "object", "properties": {"label": {"type": "string"}}},
            "Loop": {
                "type": "object",
                "properties": {"child": {"$ref": "#/components/schemas/Loop"}},
            },
            "a/b": {"type": "string"},
            "Dangling": {
                "type": "object",
                "properties": {"x": {"$ref": "#/components/schemas/Nope"}},
            },
            "External": {"$ref": "other.json#/Thing"},
        }
    },
}
OTHER = {"Thing": {"type": "object", "properties": {"n": {"type": "number"}}}}
V2 = {
    "swagger": "2.0",
    "info": {"title": "t", "version": "1"},
    "paths": {},
    "definitions": {
        "Pet": {"type": "object", "properties": {"owner": {"$ref": "#/definitions/Owner"}}},
        "Owner": {"type": "object", "properties": {"n": {"type": "string"}}},
    },
}


@pytest.fixture
def v3_path(tmp_path: Path) -> Path:
    (tmp_path / "other.json").write_text(json.dumps(OTHER))
    path = tmp_path / "openapi.json"
    path.write_text(json.dumps(V3))
    return path


def test_fetch_schema_resolves_refs_without_normalising(v3_path: Path) -> None:
    source = OpenAPISchema(v3_path)
    assert source.spec_version == "v3"
    raw = source.fetch_schema("User")
    assert raw["properties"]["address"] == {
        "type": "object",
        "properties": {"city": {"type": "string"}},
    }
    assert raw["properties"]["name"]["nullable"] is True
    assert source.get_unresolved_schema("User") == {"$ref": "#/components/schemas/User"}


def test_get_schema_normalises_like_the_reference(v3_path: Path) -> None:
    schema = OpenAPISchema(v3_path).get_schema("User", key_properties=["id"])
    assert schema == {
        "type": "object",
        "required": ["id"],
        "properties": {
            "id": {"type": "integer"},
            "name": {"type": ["string", "null"]},
            "address": {
                "type": ["object", "null"],
                "properties": {"city": {"type": ["string", "null"]}},
            },
            "tags": {
                "type": ["array", "null"],
                "items": {
                    "type": ["object", "null"],
                    "properties": {"label": {"type": ["string", "null"]}},
                },
            },
            "pet": {
                "oneOf": [
                    {
                        "type": ["object", "null"],
                        "properties": {"label": {"type": ["string", "null"]}},
                    },
                    {"type": "string"},
                ]
            },
            "maybe": {"type": ["string", "null"]},
            "mix": {
                "type": ["object", "null"],
                "properties": {
                    "city": {"type": ["string", "null"]},
                    "zip": {"type": ["string", "null"]},
                },
                "required": ["zip"],
            },
        },
    }


def test_root_stays_an_object_without_key_properties(v3_path: Path) -> None:
    assert OpenAPISchema(v3_path).get_schema("Tag")["type"] == "object"


def test_recursive_refs_stop_at_any_value(v3_path: Path) -> None:
    assert OpenAPISchema(v3_path).fetch_schema("Loop") == {
        "type": "object",
        "properties": {"child": {}},
    }


def test_component_names_with_slashes_and_external_files(v3_path: Path) -> None:
    source = OpenAPISchema(str(v3_path))
    assert source.fetch_schema("a/b") == {"type": "string"}
    assert source.fetch_schema("External") == OTHER["Thing"]


def test_swagger_2_definitions(tmp_path: Path) -> None:
    path = tmp_path / "swagger.json"
    path.write_text(json.dumps(V2))
    source = OpenAPISchema(path)
    assert source.spec_version == "v2"
    assert source.get_schema("Pet")["properties"]["owner"] == {
        "type": ["object", "null"],
        "properties": {"n": {"type": ["string", "null"]}},
    }


def test_yaml_documents(tmp_path: Path) -> None:
    path = tmp_path / "api.yaml"
    path.write_text(
        "openapi: 3.1.0\ncomponents:\n  schemas:\n    A:\n      type: [string, 'null']\n"
    )
    assert OpenAPISchema(path).get_schema("A") == {"type": ["string", "null"]}
    plain = tmp_path / "api.txt"  # no extension: YAML is tried when it is not JSON
    plain.write_text(path.read_text())
    assert OpenAPISchema(plain).fetch_schema("A") == {"type": ["string", "null"]}


def test_traversable_source() -> None:
    # any Traversable works; importlib.resources of this test package is one
    files = resources.files("tests") / "schema" / "test_openapi.py"
    with pytest.raises(SchemaNotValidError, match="is not valid JSON or YAML"):
        OpenAPISchema(files).get_schema("X")


def test_url_source() -> None:
    body = json.dumps(V3).encode()

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            status = 200 if self.path == "/openapi.json" else 404
            self.send_response(status)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: t.Any) -> None:
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{httpd.server_address[1]}"
    try:
        assert OpenAPISchema(f"{url}/openapi.json").fetch_schema("Tag")["type"] == "object"
        with pytest.raises(
            SchemaNotFoundError, match=r"Cannot read the OpenAPI document '.*/missing': 404"
        ):
            OpenAPISchema(f"{url}/missing").get_schema("Tag")
    finally:
        httpd.shutdown()
        httpd.server_close()


def test_stream_schema_descriptor(v3_path: Path) -> None:
    class Users(Stream):
        name = "users"
        primary_keys = ("id",)
        schema = StreamSchema(OpenAPISchema(v3_path), key="User")

        def get_records(self, context: t.Any) -> t.Iterable[dict[str, t.Any]]:
            return []

    class OneTap(Tap):
        name = "tap-openapi"

        def discover_streams(self) -> list[Stream]:
            return [Users(self)]

    stream = OneTap(config={}, validate_config=False).streams["users"]
    assert stream.schema["properties"]["id"] == {"type": "integer"}
    assert stream.schema["properties"]["name"] == {"type": ["string", "null"]}


def test_missing_component(v3_path: Path) -> None:
    with pytest.raises(SchemaNotFoundError) as info:
        OpenAPISchema(v3_path).get_schema("Nope")
    assert (
        str(info.value)
        == f"Schema not found for 'Nope': '{v3_path}' has no components/schemas/Nope"
    )


def test_dangling_ref(v3_path: Path) -> None:
    with pytest.raises(SchemaNotValidError) as info:
        OpenAPISchema(v3_path).get_schema("Dangling")
    assert str(info.value) == (
        "OpenAPI $ref '#/components/schemas/Nope' in the schema of 'Dangling' does not "
        f"resolve ('{v3_path}')"
    )


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(SchemaNotFoundError) as info:
        OpenAPISchema(tmp_path / "nope.json").get_schema("A")
    assert str(info.value) == f"OpenAPI document not found: '{tmp_path / 'nope.json'}'"


def test_missing_external_file(tmp_path: Path) -> None:
    path = tmp_path / "api.json"
    path.write_text(
        json.dumps({"openapi": "3.0.0", "components": {"schemas": {"A": {"$ref": "x.json#/A"}}}})
    )
    with pytest.raises(SchemaNotFoundError, match=r"OpenAPI document not found: '.*x\.json'"):
        OpenAPISchema(path).get_schema("A")


@pytest.mark.parametrize(
    ("text", "error", "message"),
    [
        (
            '{"openapi": ',
            SchemaNotValidError,
            "is not valid JSON: Expecting value (line 1, column 13)",
        ),
        ("[1, 2]", SchemaNotValidError, "must hold an object, not list"),
        (
            '{"info": {}}',
            UnsupportedOpenAPISpec,
            "declares neither 'openapi: 3.x' nor 'swagger: 2.x'",
        ),
        (
            '{"openapi": "1.0"}',
            UnsupportedOpenAPISpec,
            "declares neither 'openapi: 3.x' nor 'swagger: 2.x'",
        ),
    ],
)
def test_bad_documents(tmp_path: Path, text: str, error: type[Exception], message: str) -> None:
    path = tmp_path / "api.json"
    path.write_text(text)
    with pytest.raises(error) as info:
        OpenAPISchema(path).get_schema("A")
    assert str(info.value).endswith(message)
    assert str(path) in str(info.value)


def test_invalid_yaml(tmp_path: Path) -> None:
    path = tmp_path / "api.yml"
    path.write_text("openapi: [unclosed\n")
    with pytest.raises(SchemaNotValidError, match=r"is not valid JSON or YAML"):
        OpenAPISchema(path).get_schema("A")


def test_normalizer_rules_can_be_overridden(v3_path: Path) -> None:
    class KeepEnums(OpenAPISchemaNormalizer):
        def handle_enum(self, schema: dict[str, t.Any]) -> dict[str, t.Any]:
            return schema

    schema = OpenAPISchema(v3_path, preprocessor=KeepEnums()).get_schema("User")
    assert schema["properties"]["name"] == {"type": ["string", "null"], "enum": ["a"]}


def test_preprocess_does_not_change_the_cached_schema(v3_path: Path) -> None:
    source = OpenAPISchema(v3_path)
    source.get_schema("User")
    assert source.fetch_schema("User")["properties"]["name"]["nullable"] is True
    assert source.get_schema("User") == source.get_schema("User")
