"""Runners and the legacy helpers on the sample tap and target."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from conftest import ROOT, load_module

from singer_sdk import testing
from singer_sdk.helpers._compat import SingerSDKDeprecationWarning
from singer_sdk.testing import (
    SuiteConfig,
    TapTestRunner,
    TargetTestRunner,
    _select_all,
    tap_sync_test,
    tap_to_target_sync_test,
)

TapDemo = load_module(ROOT / "samples/tap_demo.py").TapDemo
TargetJSONLDemo = load_module(ROOT / "samples/target_jsonl_demo.py").TargetJSONLDemo


def test_suite_config_defaults() -> None:
    config = SuiteConfig()
    assert (config.max_records_limit, config.ignore_no_records) == (150, False)
    assert config.ignore_no_records_for_streams == []


def test_tap_runner_keeps_messages_by_kind() -> None:
    runner = TapTestRunner(TapDemo, {"book_count": 3}, SuiteConfig(max_records_limit=2))
    runner.sync_all()
    assert [r["id"] for r in runner.records["authors"]] == [1, 2]
    assert len(runner.records["books"]) == 2
    assert {m["stream"] for m in runner.schema_messages} == {"authors", "books", "reviews"}
    assert runner.state_messages[-1]["type"] == "STATE"
    assert len(runner.raw_messages) == (
        len(runner.schema_messages) + len(runner.record_messages) + len(runner.state_messages)
    )


def test_target_runner_collects_the_state_it_writes(tmp_path: Path) -> None:
    messages = (
        '{"type":"SCHEMA","stream":"s","schema":{"properties":{"a":{"type":"integer"}}},'
        '"key_properties":["a"]}\n{"type":"RECORD","stream":"s","record":{"a":1}}\n'
        '{"type":"STATE","value":{"n":1}}\n'
    )
    runner = TargetTestRunner(
        TargetJSONLDemo, {"output_dir": str(tmp_path)}, input_io=io.StringIO(messages)
    )
    runner.sync_all()
    assert runner.state_messages == [{"n": 1}]
    assert (tmp_path / "s.jsonl").read_text() == '{"a":1}\n'


def test_get_standard_tap_tests_is_deprecated_and_runs() -> None:
    with pytest.warns(SingerSDKDeprecationWarning, match="use get_tap_test_class instead"):
        factory = testing.get_standard_tap_tests
    tests = factory(TapDemo, config={"book_count": 2})
    assert [test.__name__ for test in tests] == [
        "_test_cli_prints",
        "_test_discovery",
        "_test_stream_connections",
        "_test_pkeys_in_schema",
        "_test_state_partitioning_keys_in_schema",
        "_test_replication_keys_in_schema",
    ]
    for test in tests:
        test()


def test_unknown_attribute() -> None:
    with pytest.raises(AttributeError, match="has no attribute 'nope'"):
        _ = testing.nope  # type: ignore[attr-defined]


def test_tap_to_target_sync_test(tmp_path: Path) -> None:
    tap = TapDemo(config={"book_count": 2})
    target = TargetJSONLDemo(config={"output_dir": str(tmp_path)})
    tap_out, _, target_out, _ = tap_to_target_sync_test(tap, target)
    assert tap_out.readline().startswith('{"type":"SCHEMA"')
    state = json.loads(target_out.read().splitlines()[-1])
    assert state["bookmarks"]["books"]["replication_key_value"].startswith("2024-01-01T02:00")
    assert len((tmp_path / "books.jsonl").read_text().splitlines()) == 2


def test_select_all_marks_every_stream_selected() -> None:
    stdout, _ = tap_sync_test(TapDemo(config={"book_count": 1}))
    assert stdout.read().count('"type":"RECORD"') == 5 + 1 + 2
    catalog = TapDemo(config={}).catalog_dict
    for entry in catalog["streams"]:
        for item in entry["metadata"]:
            if item["breadcrumb"] == []:
                item["metadata"]["selected"] = False
    selected = _select_all(catalog)
    roots = [m for e in selected["streams"] for m in e["metadata"] if m["breadcrumb"] == []]
    assert all(m["metadata"]["selected"] is True for m in roots)
