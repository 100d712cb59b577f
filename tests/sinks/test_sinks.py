"""Sink hooks and properties, driven through a real target."""

from __future__ import annotations

import datetime as dt
import io
import typing as t

import pytest

from singer_sdk import BatchSink, RecordSink, Sink, Target
from singer_sdk import typing as th
from singer_sdk.exceptions import InvalidJSONSchema, InvalidRecord
from singer_sdk.helpers.conform import DatetimeErrorTreatmentEnum
from singer_sdk.sinks.core import BaseJSONSchemaValidator, JSONSchemaValidator

SCHEMA = {
    "properties": {"id": {"type": "integer"}, "at": {"type": "string", "format": "date-time"}}
}


class Collect(BatchSink):
    calls: t.ClassVar[list[t.Any]] = []

    def setup(self) -> None:
        self.calls.append(("setup", self.stream_name))

    def start_batch(self, context: dict[str, t.Any]) -> None:
        self.calls.append(("start_batch", sorted(context)))

    def preprocess_record(
        self, record: dict[str, t.Any], context: dict[str, t.Any]
    ) -> dict[str, t.Any]:
        return {**record, "seen": True}

    def process_batch(self, context: dict[str, t.Any]) -> None:
        self.calls.append(("process_batch", [r["id"] for r in context["records"]]))
        self.tally_duplicate_merged(1)

    def clean_up(self) -> None:
        self.calls.append(("clean_up", self.stream_name))
        super().clean_up()


class CollectTarget(Target):
    name = "target-collect"
    config_jsonschema = th.PropertiesList().to_dict()
    default_sink_class = Collect


def _feed(target: Target, *lines: str) -> None:
    target.listen(io.BytesIO("".join(f"{line}\n" for line in lines).encode()))


def _schema(stream: str = "s") -> str:
    import json

    return json.dumps(
        {"type": "SCHEMA", "stream": stream, "schema": SCHEMA, "key_properties": ["id"]}
    )


def _rec(i: int, stream: str = "s", **more: t.Any) -> str:
    import json

    return json.dumps({"type": "RECORD", "stream": stream, "record": {"id": i, **more}})


@pytest.fixture(autouse=True)
def _clear() -> None:
    Collect.calls.clear()


def test_hook_order_and_tallies() -> None:
    target = CollectTarget(config={"batch_size_rows": 2})
    _feed(target, _schema(), _rec(1), _rec(2), _rec(3))
    assert Collect.calls == [
        ("setup", "s"),
        ("start_batch", ["batch_id", "batch_start_time"]),
        ("process_batch", [1, 2]),
        ("start_batch", ["batch_id", "batch_start_time"]),
        ("process_batch", [3]),
        ("clean_up", "s"),
    ]
    sink = target._sinks_active["s"]
    assert sink.max_size == 2
    assert sink._total_records_read == 3
    assert sink._total_records_written == 1  # (2 - 1 merged) + (1 - 1 merged)
    assert sink._total_dupe_records_merged == 2


def test_context_and_parsed_values() -> None:
    seen: list[t.Any] = []

    class Look(BatchSink):
        def process_batch(self, context: dict[str, t.Any]) -> None:
            seen.append(context)

    class LookTarget(CollectTarget):
        default_sink_class = Look

    _feed(LookTarget(config={}), _schema(), _rec(1, at="2024-05-01T10:00:00"))
    (context,) = seen
    assert isinstance(context["batch_id"], str)
    assert context["batch_start_time"].tzinfo is dt.UTC
    assert context["records"] == [{"id": 1, "at": dt.datetime(2024, 5, 1, 10, tzinfo=dt.UTC)}]


def test_size_properties() -> None:
    target = CollectTarget(config={})
    _feed(target, _schema())
    sink = target._sinks_active["s"]
    assert sink.MAX_SIZE_DEFAULT == 10000
    assert sink.batch_size_rows is None
    assert sink.max_size == 10000
    assert sink.current_size == 0
    assert sink.is_full is False
    assert sink.key_properties == ["id"]
    assert sink.datetime_error_treatment is DatetimeErrorTreatmentEnum.ERROR
    assert sink.include_sdc_metadata_properties is False
    assert sink.process_activate_version_messages is True
    assert sink.validate_schema is True
    assert sink.config["load_method"] == "append-only"
    assert isinstance(sink.get_validator(), JSONSchemaValidator)


def test_datetime_error_treatment_null() -> None:
    got: list[t.Any] = []

    class Forgiving(RecordSink):
        datetime_error_treatment = DatetimeErrorTreatmentEnum.NULL  # type: ignore[assignment]

        def process_record(self, record: dict[str, t.Any], context: dict[str, t.Any]) -> None:
            got.append(record)

    class ForgivingTarget(CollectTarget):
        default_sink_class = Forgiving

    _feed(ForgivingTarget(config={}), _schema(), _rec(1, at="soon"))
    assert got == [{"id": 1, "at": None}]


def test_custom_validator_and_none() -> None:
    class OddOnly(BaseJSONSchemaValidator):
        def validate(self, record: dict[str, t.Any]) -> None:
            if record["id"] % 2 == 0:
                raise InvalidRecord("even ids are not allowed", record)

    class Strict(Collect):
        def get_validator(self) -> BaseJSONSchemaValidator | None:
            return OddOnly(self.schema)

    class StrictTarget(CollectTarget):
        default_sink_class = Strict

    with pytest.raises(InvalidRecord) as info:
        _feed(StrictTarget(config={}), _schema(), _rec(1), _rec(2))
    assert info.value.error_message == (
        "Record 2 of stream 's' (input line 3) is invalid: even ids are not allowed"
    )

    class Loose(Collect):
        def get_validator(self) -> BaseJSONSchemaValidator | None:
            return None

    class LooseTarget(CollectTarget):
        default_sink_class = Loose

    _feed(LooseTarget(config={}), _schema(), _rec("x"))  # type: ignore[arg-type]
    assert ("process_batch", ["x"]) in Collect.calls


def test_validator_rejects_a_bad_schema() -> None:
    with pytest.raises(InvalidJSONSchema):
        JSONSchemaValidator({"properties": {"id": {"type": "integr"}}})
    validator = JSONSchemaValidator(SCHEMA)
    validator.validate({"id": 1})
    with pytest.raises(InvalidRecord, match="Record Message Validation Error: id: expected"):
        validator.validate({"id": "one"})


def test_sink_is_abstract() -> None:
    target = CollectTarget(config={})
    with pytest.raises(TypeError):
        Sink(target, "s", SCHEMA, None)  # type: ignore[abstract]


def test_record_sink_batch_hooks_are_no_ops() -> None:
    class R(RecordSink):
        def process_record(self, record: dict[str, t.Any], context: dict[str, t.Any]) -> None:
            pass

    sink = R(CollectTarget(config={}), "s", SCHEMA, ["id"])
    sink.start_batch({})
    sink.process_batch({})
    assert sink._get_context({}) is sink._get_context({})
    assert sink.start_drain() == {}
    assert sink.schema is not SCHEMA
    assert sink.original_schema == SCHEMA
