"""StateWriter: a STATE only when the state changed, never aliasing the live state."""

from __future__ import annotations

import decimal
import io

from singer_sdk._messages.io import MessageWriter
from singer_sdk._messages.models import Message, StateMessage
from singer_sdk._state.writer import StateWriter


class ListWriter:
    """A message writer that keeps the message objects it is given (as a queue would)."""

    def __init__(self) -> None:
        self.messages: list[Message] = []

    def write_message(self, message: Message) -> None:
        self.messages.append(message)


def test_identical_states_are_written_once():
    sink = ListWriter()
    writer = StateWriter(sink)  # type: ignore[arg-type]
    state = {"bookmarks": {"s": {"replication_key": "u", "replication_key_value": 1}}}
    assert writer.write_state(state) is True
    assert writer.write_state(state) is False
    assert (
        writer.write_state(
            {"bookmarks": {"s": {"replication_key": "u", "replication_key_value": 1}}}
        )
        is False
    )
    assert writer.states_written == 1
    assert [m.to_dict() for m in sink.messages] == [{"type": "STATE", "value": state}]


def test_changes_to_the_same_dict_are_seen():
    sink = ListWriter()
    writer = StateWriter(sink)  # type: ignore[arg-type]
    state: dict = {"bookmarks": {"s": {"replication_key_value": 1}}}
    writer.write_state(state)
    state["bookmarks"]["s"]["replication_key_value"] = 2  # mutated in place
    assert writer.has_changed(state)
    assert writer.write_state(state) is True
    assert writer.write_state(state) is False
    values = [m.value for m in sink.messages]  # type: ignore[attr-defined]
    # each message holds a snapshot: the later mutation did not reach the first message
    assert values == [
        {"bookmarks": {"s": {"replication_key_value": 1}}},
        {"bookmarks": {"s": {"replication_key_value": 2}}},
    ]
    assert values[1] is not state
    assert values[1]["bookmarks"] is not state["bookmarks"]


def test_last_state_is_a_copy():
    writer = StateWriter(ListWriter())  # type: ignore[arg-type]
    assert writer.last_state is None
    state = {"bookmarks": {"s": {"v": 1.5}}}
    writer.write_state(state)
    last = writer.last_state
    assert last == {"bookmarks": {"s": {"v": decimal.Decimal("1.5")}}}
    assert last is not None
    last["bookmarks"] = {}
    assert writer.last_state == {"bookmarks": {"s": {"v": decimal.Decimal("1.5")}}}


def test_key_order_does_not_count_as_a_change():
    writer = StateWriter(ListWriter())  # type: ignore[arg-type]
    writer.write_state({"bookmarks": {"s": {"a": 1, "b": 2}}})
    assert not writer.has_changed({"bookmarks": {"s": {"b": 2, "a": 1}}})
    assert writer.write_state({"bookmarks": {"s": {"b": 2, "a": 1}}}) is False
    assert writer.has_changed({"bookmarks": {"s": {"b": 2, "a": 3}}})


def test_reset_writes_the_next_state_again():
    sink = ListWriter()
    writer = StateWriter(sink)  # type: ignore[arg-type]
    state = {"bookmarks": {}}
    writer.write_state(state)
    writer.reset()
    assert writer.has_changed(state)
    assert writer.write_state(state) is True
    assert len(sink.messages) == 2


def test_with_the_message_writer_on_the_wire():
    output = io.BytesIO()
    writer = StateWriter(MessageWriter(output, flush_interval=0))
    state: dict = {
        "bookmarks": {"s": {"replication_key": "u", "replication_key_value": "2024-01-01"}}
    }
    writer.write_state(state)
    writer.write_state(state)
    state["bookmarks"]["s"]["replication_key_value"] = "2024-01-02"
    writer.write_state(state)
    assert output.getvalue().splitlines() == [
        b'{"type":"STATE","value":{"bookmarks":{"s":{"replication_key":"u","replication_key_value":"2024-01-01"}}}}',
        b'{"type":"STATE","value":{"bookmarks":{"s":{"replication_key":"u","replication_key_value":"2024-01-02"}}}}',
    ]
    assert isinstance(StateMessage(value={}), Message)
