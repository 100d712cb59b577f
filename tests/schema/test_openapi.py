"""OpenAPISchema: OpenAPI 3 / Swagger 2 documents as stream schema sources."""

from __future__ import annotations

import enum
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


# -- sources keyed by something other than a component name ---------------------------------

ENDPOINTS = {
    "openapi": "3.0.3",
    "info": {"title": "t", "version": "1"},
    "paths": {
        "/orgs": {
            "get": {
                "responses": {
                    "200": {
                        "content": {
                            "application/json": {
                                "schema": {
                                    "type": "object",
                                    "properties": {
                                        "data": {
                                            "type": "array",
                                            "items": {"$ref": "#/components/schemas/Org"},
                                        }
                                    },
                                }
                            }
                        }
                    }
                }
            }
        },
    },
    "components": {
        "schemas": {
            "Org": {
                "type": "object",
                "properties": {
                    "id": {"type": "string"},
                    "owner": {"$ref": "#/components/schemas/User"},
                    "plan": {"type": "string", "enum": ["free", "pro"]},
                },
            },
            "User": {"type": "object", "properties": {"login": {"type": "string"}}},
        }
    },
}


class EndpointKey(t.NamedTuple):
    path: str
    method: str = "get"
    status: int = 200


class EndpointSchemas(OpenAPISchema[EndpointKey]):
    """Looks a schema up by endpoint, the way tap-planetscaleapi does."""

    def __init__(self, source: Path) -> None:
        super().__init__(source)
        self.fetched: list[EndpointKey] = []

    def get_unresolved_schema(self, key: EndpointKey) -> dict[str, t.Any]:
        response = self.spec["paths"][key.path][key.method]["responses"][str(key.status)]
        schema: dict[str, t.Any] = response["content"]["application/json"]["schema"]
        return schema

    def fetch_schema(self, key: EndpointKey) -> dict[str, t.Any]:
        self.fetched.append(key)
        items: dict[str, t.Any] = super().fetch_schema(key)["properties"]["data"]["items"]
        return items


class SchemaFromEndpoint(StreamSchema[EndpointKey]):
    def get_stream_schema(
        self, stream: t.Any, stream_class: type[t.Any] | None
    ) -> dict[str, t.Any]:
        return self.schema_source.get_schema(
            EndpointKey(stream.path), key_properties=stream.primary_keys
        )


@pytest.fixture
def endpoints_path(tmp_path: Path) -> Path:
    path = tmp_path / "endpoints.json"
    path.write_text(json.dumps(ENDPOINTS))
    return path


def test_openapi_schema_is_generic_in_its_key_type(endpoints_path: Path) -> None:
    # OpenAPISchema[K] works at runtime; without a parameter the key is a component name
    assert OpenAPISchema[EndpointKey] is not None
    by_name = t.assert_type(OpenAPISchema(endpoints_path), OpenAPISchema[str])
    assert by_name.fetch_schema("User")["type"] == "object"
    source = EndpointSchemas(endpoints_path)
    assert source.get_unresolved_schema(EndpointKey("/orgs"))["properties"]["data"] == {
        "type": "array",
        "items": {"$ref": "#/components/schemas/Org"},
    }


def test_overridden_get_unresolved_schema_is_resolved_and_normalised(
    endpoints_path: Path,
) -> None:
    source = EndpointSchemas(endpoints_path)
    key = EndpointKey("/orgs")
    expected = {
        "type": "object",
        "properties": {
            "id": {"type": "string"},
            "owner": {
                "type": ["object", "null"],
                "properties": {"login": {"type": ["string", "null"]}},
            },
            "plan": {"type": ["string", "null"]},
        },
    }
    assert source.get_schema(key, key_properties=["id"]) == expected
    assert source.resolve_schema(key)["properties"]["data"]["items"]["properties"]["owner"] == {
        "type": "object",
        "properties": {"login": {"type": "string"}},
    }
    assert source.get_schema(key, key_properties=["id"]) == expected
    assert source.fetched == [key]  # fetched once, then cached


def test_custom_key_source_through_stream_schema(endpoints_path: Path) -> None:
    class Orgs(Stream):
        name = "orgs"
        path = "/orgs"
        primary_keys = ("id",)
        schema = SchemaFromEndpoint(EndpointSchemas(endpoints_path))

        def get_records(self, context: t.Any) -> t.Iterable[dict[str, t.Any]]:
            return []

    class EndpointTap(Tap):
        name = "tap-endpoints"

        def discover_streams(self) -> list[Stream]:
            return [Orgs(self)]

    tap = EndpointTap(config={}, validate_config=False)
    assert tap.streams["orgs"].schema["properties"]["id"] == {"type": "string"}
    entry = tap.catalog_dict["streams"][0]
    assert entry["schema"]["properties"]["owner"]["properties"] == {
        "login": {"type": ["string", "null"]}
    }
    assert entry["key_properties"] == ["id"]


def test_enum_keys_with_a_component_lookup(v3_path: Path) -> None:
    class Component(enum.Enum):
        USER = "User"
        TAG = "Tag"

    class ByEnum(OpenAPISchema[Component]):
        def get_unresolved_schema(self, key: Component) -> dict[str, t.Any]:
            return {"$ref": f"#/components/schemas/{key.value}"}

    source = ByEnum(v3_path)
    assert source.get_schema(Component.TAG)["properties"] == {"label": {"type": ["string", "null"]}}
    assert source.fetch_schema(Component.USER)["properties"]["address"]["type"] == "object"


def test_custom_key_errors_are_schema_not_found(endpoints_path: Path) -> None:
    class Missing(OpenAPISchema[EndpointKey]):
        def get_unresolved_schema(self, key: EndpointKey) -> dict[str, t.Any]:
            found: t.Any = self.spec["paths"].get(key.path)  # None: no such endpoint
            return t.cast("dict[str, t.Any]", found)

    with pytest.raises(SchemaNotFoundError) as info:
        Missing(endpoints_path).get_schema(EndpointKey("/nope"))
    assert str(info.value).startswith(
        "Schema not found for 'EndpointKey(path='/nope', method='get', status=200)'"
    )
    # any other error in a hook becomes SchemaNotFoundError naming the key, caused by it
    with pytest.raises(SchemaNotFoundError, match=r"Schema not found for .*KeyError") as caught:
        EndpointSchemas(endpoints_path).get_schema(EndpointKey("/orgs", method="post"))
    assert isinstance(caught.value.__cause__, KeyError)
