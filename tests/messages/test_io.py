"""The message reader and the buffered writer."""

from __future__ import annotations

import decimal
import io
import subprocess
import sys
import textwrap
import time

import pytest

from singer_sdk.io_base import SingerReader, SingerWriter
from singer_sdk.singerlib import RecordMessage, SchemaMessage, StateMessage
from singer_sdk.singerlib.exceptions import InvalidInputLine


class CountingBytesIO(io.BytesIO):
    def __init__(self) -> None:
        super().__init__()
        self.flushes = 0
        self.writes = 0

    def write(self, data: bytes) -> int:  # type: ignore[override]
        self.writes += 1
        return super().write(data)

    def flush(self) -> None:
        self.flushes += 1
        super().flush()


def read_all(text: bytes) -> tuple[list[dict], dict[str, int]]:
    seen: list[dict] = []
    callbacks = dict.fromkeys(
        ("SCHEMA", "RECORD", "STATE", "ACTIVATE_VERSION", "BATCH"), seen.append
    )
    counts = SingerReader().process_lines(io.BytesIO(text), callbacks)
    return seen, dict(counts)


def test_reader_dispatches_by_type_and_counts() -> None:
    data = (
        b'{"type":"SCHEMA","stream":"s","schema":{},"key_properties":[]}\n'
        b"\n"
        b'{"type":"record","stream":"s","record":{"x":1.5}}\n'
        b'{"type":"STATE","value":{"a":1}}\n'
    )
    seen, counts = read_all(data)
    assert counts == {"SCHEMA": 1, "RECORD": 1, "STATE": 1}
    assert [m["type"] for m in seen] == ["SCHEMA", "RECORD", "STATE"]
    assert seen[1]["record"]["x"] == decimal.Decimal("1.5")


def test_reader_accepts_text_input() -> None:
    seen: list[dict] = []
    SingerReader().process_lines(
        io.StringIO('{"type":"STATE","value":{}}\n'), {"STATE": seen.append}
    )
    assert seen == [{"type": "STATE", "value": {}}]


@pytest.mark.parametrize(
    ("data", "error"),
    [
        (
            b'{"type":"STATE","value":{}}\n{"type": "RECORD", oops\n',
            r"Line 2 is not valid JSON .*oops",
        ),
        (b"[1,2]\n", r"Line 1 is not a JSON object but list: \[1,2\]"),
        (b'{"stream":"s"}\n', r"Line 1 has no message 'type'"),
        (
            b'{"type":"RECORD","stream":"s"}\n',
            r"Line 1: RECORD message is missing required key\(s\) 'record'",
        ),
        (
            b'{"type":"SCHEMA","schema":{}}\n',
            r"Line 1: SCHEMA message is missing required key\(s\) 'stream'",
        ),
        (b'{"type":"STATE"}\n', r"Line 1: STATE message is missing required key\(s\) 'value'"),
        (b"\xff\xfe\n", r"Line 1 is not valid JSON"),
        (b'{"type":5}\n', r"Line 1 has no message 'type'"),
        (b"  \n7\n", r"Line 2 is not a JSON object but int: 7"),
        (
            b'{"type":"batch"}\n',
            r"Line 1: BATCH message is missing required key\(s\) 'encoding', 'manifest', 'stream'",
        ),
    ],
)
def test_reader_errors_name_the_line(data: bytes, error: str) -> None:
    with pytest.raises(InvalidInputLine, match=error):
        read_all(data)


def test_reader_skips_unknown_types_with_warning(caplog: pytest.LogCaptureFixture) -> None:
    seen, counts = read_all(b'{"type":"TRACE","x":1}\n{"type":"STATE","value":{}}\n')
    assert counts == {"TRACE": 1, "STATE": 1}
    assert [m["type"] for m in seen] == ["STATE"]
    assert "Skipping message of unknown type 'TRACE' (line 1)" in caplog.text


def test_writer_buffers_records_and_flushes_on_state() -> None:
    out = CountingBytesIO()
    writer = SingerWriter(out, flush_interval=0)
    writer.write_message(SchemaMessage("s", {"type": "object"}, ["id"]))
    for i in range(100):
        writer.write_message(RecordMessage("s", {"id": i}))
    assert out.getvalue() == b""  # nothing handed out per record
    assert out.flushes == 0
    writer.write_message(StateMessage({"bookmarks": {}}))
    lines = out.getvalue().splitlines()
    assert len(lines) == 102
    assert lines[-1] == b'{"type":"STATE","value":{"bookmarks":{}}}'
    assert out.flushes == 1
    assert out.writes == 1


def test_writer_hands_out_full_buffers_without_flushing() -> None:
    out = CountingBytesIO()
    writer = SingerWriter(out, flush_interval=0, buffer_size=1000)
    for i in range(200):
        writer.write_message(RecordMessage("s", {"id": i, "pad": "x" * 20}))
    handed_out = len(out.getvalue())
    assert out.writes >= 10  # about one write per 1000 bytes, not one per record
    assert out.flushes == 0
    writer.close()
    assert handed_out < len(out.getvalue())
    assert len(out.getvalue().splitlines()) == 200
    assert out.flushes == 1


def test_writer_flushes_on_timer() -> None:
    out = CountingBytesIO()
    writer = SingerWriter(out, flush_interval=0.05)
    writer.write_message(RecordMessage("s", {"id": 1}))
    deadline = time.monotonic() + 5
    while not out.getvalue() and time.monotonic() < deadline:
        time.sleep(0.01)
    assert out.getvalue() == b'{"type":"RECORD","stream":"s","record":{"id":1}}\n'
    assert out.flushes >= 1
    writer.close()


def test_writer_to_text_stream(capsys: pytest.CaptureFixture[str]) -> None:
    writer = SingerWriter(flush_interval=0)
    writer.write_message(RecordMessage("s", {"id": 1}))
    writer.flush()
    assert capsys.readouterr().out == '{"type":"RECORD","stream":"s","record":{"id":1}}\n'
    assert writer.format_message(StateMessage({})) == '{"type":"STATE","value":{}}'


def test_writer_flushes_at_exit_in_a_real_process() -> None:
    script = textwrap.dedent(
        """
        from singer_sdk.io_base import SingerWriter
        from singer_sdk.singerlib import RecordMessage
        writer = SingerWriter(flush_interval=60)
        for i in range(3):
            writer.write_message(RecordMessage("s", {"id": i}))
        """
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, check=True)
    assert result.stdout.splitlines() == [
        b'{"type":"RECORD","stream":"s","record":{"id":0}}',
        b'{"type":"RECORD","stream":"s","record":{"id":1}}',
        b'{"type":"RECORD","stream":"s","record":{"id":2}}',
    ]
    assert result.stderr == b""


def test_writer_output_piped_into_reader_round_trips() -> None:
    out = io.BytesIO()
    writer = SingerWriter(out, flush_interval=0)
    messages = [
        SchemaMessage("s", {"type": "object"}, ["id"]),
        *(RecordMessage("s", {"id": i, "v": decimal.Decimal("0.1")}) for i in range(5)),
        StateMessage({"bookmarks": {"s": {"id": 4}}}),
    ]
    for message in messages:
        writer.write_message(message)
    writer.close()
    seen, _ = read_all(out.getvalue())
    assert seen == [message.to_dict() for message in messages]


def test_a_reader_that_parses_lines_its_own_way_is_used_for_every_line() -> None:
    parsed: list[bytes] = []

    class Reader(SingerReader):
        def deserialize_json(self, line: bytes | str) -> dict:
            parsed.append(bytes(line) if isinstance(line, bytes) else line.encode())
            message = super().deserialize_json(line)
            message["seen_by_reader"] = True
            return message

    seen: list[dict] = []
    data = b'{"type":"STATE","value":{}}\n\n{"type":"STATE","value":{"a":1}}\n'
    Reader().process_lines(io.BytesIO(data), {"STATE": seen.append})
    assert [m["seen_by_reader"] for m in seen] == [True, True]
    assert len(parsed) == 2
