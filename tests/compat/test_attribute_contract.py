"""The attribute contract: what connectors use on ``self`` exists on ours, with the same meaning.

``attribute_contract.json`` (written by ``generate_attribute_contract.py`` from the connectors
on PyPI and the reference) lists, per public base class, each attribute real connectors read,
assign or call on ``self``, with its kind and the type of its value on the reference. Each is
checked here on a minimal real instance of our class (``attribute_fixtures.py``, the same
recipe the reference was measured with). Offline and fast: only the JSON file is read.
"""

from __future__ import annotations

import functools
import importlib.util
import inspect
import json
import sys
import typing as t
import warnings
from pathlib import Path

import pytest

HERE = Path(__file__).parent
CONTRACT = json.loads((HERE / "attribute_contract.json").read_text("utf-8"))


def _load_fixtures() -> t.Any:
    # The tests run with --import-mode=importlib: the sibling module is loaded by its path.
    spec = importlib.util.spec_from_file_location(
        "attribute_fixtures", HERE / "attribute_fixtures.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("attribute_fixtures", module)
    spec.loader.exec_module(module)
    return module


_fixtures = _load_fixtures()

#: Differences docs/differences.md explains: the type is not compared for these.
DELIBERATE = {
    ("InlineMapper", "mapper"): "our InlineMapper applies stream maps itself, so it has a "
    "mapper from the start; the reference's raises MapperNotInitialized until one is assigned",
}
SCHEMA = _fixtures.SCHEMA
build_instances = _fixtures.build_instances
overriding_streams = _fixtures.overriding_streams
type_label = _fixtures.type_label
CASES = [
    (base, name, entry)
    for base, names in CONTRACT["bases"].items()
    for name, entry in names.items()
]


@pytest.fixture(scope="module")
def instances(tmp_path_factory: pytest.TempPathFactory) -> dict[str, t.Any]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return build_instances(tmp_path_factory.mktemp("attribute-contract"))


def _class_member(instance: object, name: str) -> tuple[type | None, object]:
    """Return the SDK class that defines ``name`` for ``instance`` and the raw member, if any.

    The fixtures' own subclasses are skipped: what they set is not the library's.
    """
    for klass in type(instance).__mro__:
        if klass.__module__.split(".")[0] == "singer_sdk" and name in vars(klass):
            return klass, vars(klass)[name]
    return None, None


def _probe(instance: object, name: str) -> str:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # deprecated attributes are in the contract too
            value = getattr(instance, name)
    except Exception as exc:  # compared with how the reference failed
        return f"raises {type(exc).__name__}"
    return type_label(value)


def _accepts(function: t.Callable[..., t.Any], names: list[str]) -> list[str]:
    """Return the reference's parameter names that ``function`` does not accept."""
    parameters = inspect.signature(function).parameters.values()
    ours = {p.name for p in parameters}
    var_keyword = any(p.kind is p.VAR_KEYWORD for p in parameters)
    missing = []
    for name in names:
        if name.startswith("*") or name in {"self", "cls"}:
            continue  # *args/**kwargs promise nothing specific; self: an unbound wrapper
        if name not in ours and not var_keyword:
            missing.append(name)
    return missing


@pytest.mark.parametrize(
    ("base", "name", "entry"), CASES, ids=[f"{base}.{name}" for base, name, _ in CASES]
)
def test_attribute(instances: dict[str, t.Any], base: str, name: str, entry: dict[str, t.Any]):
    instance = instances[base]
    owner, member = _class_member(instance, name)
    kind = entry["kind"]
    where = f"{base}.{name} (used by {', '.join(entry['connectors']) or entry.get('reported')})"
    if kind == "method":
        assert owner is not None, f"{where}: no such method"
        bound = getattr(instance if name != "__init__" else type(instance), name)
        assert callable(bound), f"{where}: not callable"
        missing = _accepts(bound, entry.get("params", []))
        assert not missing, f"{where}: does not accept {missing} (reference: {entry['params']})"
        return
    if kind == "property":
        # A property on ours, or a plain class attribute holding the same kind of value: both
        # read alike, and a subclass may override either with a property or a class attribute.
        assert owner is not None, f"{where}: no such attribute"
        is_descriptor = hasattr(member, "__get__")
        assert not inspect.isfunction(member), f"{where}: ours is a method, not a value"
        if entry.get("settable"):
            settable = not is_descriptor or isinstance(member, functools.cached_property)
            settable = settable or (isinstance(member, property) and member.fset is not None)
            assert settable, f"{where}: the reference's property can be assigned, ours not"
    elif kind == "instance attribute":
        in_dict = name in vars(instance)
        alias = isinstance(member, property) and member.fset is not None
        plain_class = any(  # a default on the class (the fixtures' own classes count here)
            name in vars(klass) and not hasattr(vars(klass)[name], "__get__")
            for klass in type(instance).__mro__
        )
        assert in_dict or alias or plain_class, f"{where}: no instance attribute"
    else:
        assert owner is not None, f"{where}: no class attribute"
    expected = entry.get("probe")
    if expected is not None and (base, name) not in DELIBERATE:
        assert _probe(instance, name) == expected, f"{where}: type differs from the reference"
    assignable = kind != "property" or entry.get("settable")
    if entry.get("assigned_by") and assignable and (base, name) not in DELIBERATE:
        # Connectors assign it: the assignment must take (same value back).
        value = getattr(instance, name)
        setattr(instance, name, value)
        assert getattr(instance, name) is value, f"{where}: an assignment does not take"


# -- private attributes behind public properties ---------------------------------------------------


@pytest.fixture
def overrides(instances: dict[str, t.Any]) -> dict[str, t.Any]:
    return overriding_streams(instances["Tap"])


def test_schema_override_reads_and_sets_private_schema(overrides: dict[str, t.Any]) -> None:
    stream = overrides["schema"]
    assert stream._schema is None  # as on the reference: nothing passed, the subclass computes
    assert stream.schema == SCHEMA
    assert stream._schema == SCHEMA
    entry = stream._singer_catalog_entry
    assert entry.schema.to_dict() == SCHEMA


def test_private_schema_assignment_takes_effect(overrides: dict[str, t.Any]) -> None:
    stream = overrides["requests_session"]  # a stream that declares schema as a class attribute
    assert stream._schema is None
    tap = stream._tap

    from singer_sdk import Stream

    class Assigned(Stream):
        name = "assigned"

        def __init__(self, tap: t.Any) -> None:
            super().__init__(tap, schema={"type": "object", "properties": {}})
            self._schema = {**SCHEMA, "title": "assigned"}

        def get_records(self, context: t.Any) -> t.Iterable[dict[str, t.Any]]:
            return iter(())

    assert Assigned(tap).schema["title"] == "assigned"


def test_schema_argument_is_kept_privately(instances: dict[str, t.Any]) -> None:
    from singer_sdk import Stream

    class Given(Stream):
        name = "given"

        def get_records(self, context: t.Any) -> t.Iterable[dict[str, t.Any]]:
            return iter(())

    stream = Given(instances["Tap"], schema=SCHEMA)
    assert stream._schema == SCHEMA
    assert stream._schema_filepath is None


def test_schema_filepath_argument_is_kept_privately(
    instances: dict[str, t.Any], tmp_path: Path
) -> None:
    from singer_sdk import Stream

    class FromFile(Stream):
        name = "from_file"

        def get_records(self, context: t.Any) -> t.Iterable[dict[str, t.Any]]:
            return iter(())

    path = tmp_path / "schema.json"
    path.write_text(json.dumps(SCHEMA), encoding="utf-8")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        stream = FromFile(instances["Tap"], schema=path)
    assert stream._schema_filepath == path
    assert stream.schema_filepath == path
    assert stream.schema == SCHEMA


def test_config_override_keeps_private_config(overrides: dict[str, t.Any]) -> None:
    stream = overrides["config"]
    assert isinstance(stream._config, dict)
    assert stream._config["api_key"] == "secret"
    assert stream.config["extra"] is True


def test_private_config_assignment_takes_effect(instances: dict[str, t.Any]) -> None:
    tap = instances["Tap"]
    stream = overriding_streams(tap)["url_base"]
    stream._config = {**stream._config, "api_url": "https://other.invalid"}
    assert stream.config["api_url"] == "https://other.invalid"
    assert stream.url_base == "https://other.invalid"


def test_tap_private_config_assignment_takes_effect(tmp_path: Path) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        tap = build_instances(tmp_path)["Tap"]
    tap._config = {**tap._config, "api_key": "merged"}
    assert tap.config["api_key"] == "merged"


def test_requests_session_override_keeps_private_session(overrides: dict[str, t.Any]) -> None:
    import requests

    stream = overrides["requests_session"]
    assert isinstance(stream._requests_session, requests.Session)
    assert stream.requests_session is stream._requests_session


def test_private_session_assignment_takes_effect(instances: dict[str, t.Any]) -> None:
    import requests

    stream = overriding_streams(instances["Tap"])["url_base"]
    session = requests.Session()
    stream._requests_session = session
    assert stream.requests_session is session


def test_authenticator_override_is_used(overrides: dict[str, t.Any]) -> None:
    import requests

    sent: list[requests.PreparedRequest] = []

    class Recording(requests.Session):
        def send(self, request: requests.PreparedRequest, **kwargs: t.Any) -> requests.Response:
            sent.append(request)
            response = requests.Response()
            response.status_code = 200
            response._content = b"[]"
            response.request = request
            response.url = request.url or ""
            return response

    stream = overrides["authenticator"]
    stream._requests_session = Recording()
    stream._request(stream.prepare_request(context=None, next_page_token=None), None)
    assert sent[0].headers["Authorization"] == "Bearer secret"


def test_url_base_override_is_used(overrides: dict[str, t.Any]) -> None:
    stream = overrides["url_base"]
    assert stream.get_url(None) == "https://example.invalid/api/items"


def test_private_tap_state_is_the_tap_state(instances: dict[str, t.Any]) -> None:
    stream = instances["Stream"]
    assert stream._tap_state is stream._tap.state


def test_contract_covers_the_corpus() -> None:
    assert len(CONTRACT["connectors"]) >= 100
    assert CONTRACT["bases"]["RESTStream"]["_schema"]["kind"] == "instance attribute"


def test_private_partitioning_keys_assignment_takes_effect(instances: dict[str, t.Any]) -> None:
    stream = overriding_streams(instances["Tap"])["url_base"]
    assert stream._state_partitioning_keys is None
    stream._state_partitioning_keys = ["account_id"]
    assert stream.state_partitioning_keys == ["account_id"]
    stream.state_partitioning_keys = []
    assert stream._state_partitioning_keys == []


def test_paginator_private_state_is_its_public_state(instances: dict[str, t.Any]) -> None:
    from singer_sdk.pagination import JSONPathPaginator

    paginator = JSONPathPaginator("$.next")
    paginator._value = "token-2"
    paginator._page_count = 3
    paginator._finished = True
    assert (paginator.current_value, paginator.count, paginator.finished) == ("token-2", 3, True)


def test_private_url_encode_is_used_by_get_url(instances: dict[str, t.Any]) -> None:
    from singer_sdk import RESTStream

    class Placeholders(RESTStream):  # type: ignore[type-arg]
        name = "placeholders"
        schema = SCHEMA
        url_base = "https://example.invalid/api"
        path = "/orgs/{org}/since/{since}"

        @staticmethod
        def _url_encode(val: t.Any) -> str:
            return f"<{val}>"

    stream = Placeholders(instances["Tap"])
    url = stream.get_url({"org": "a/b", "since": 5})
    assert url == "https://example.invalid/api/orgs/<a/b>/since/<5>"
    assert RESTStream._url_encode("a/b") == "a%2Fb"
    assert RESTStream._url_encode(5) == "5"
