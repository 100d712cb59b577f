"""The suite against a deliberately broken tap: the expected tests fail, saying why.

By default the suite fails exactly the tests Meltano's singer-sdk 0.54.9 fails on this tap
(observed by running its ``get_tap_test_class`` on ``broken_tap.py``); with
``SuiteConfig(strict=True)`` our stricter checks fail more of them.
"""

from __future__ import annotations

from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]

TEST_FILE = f"""
import sys
sys.path.insert(0, {str(HERE)!r})
from broken_tap import TapBroken
from singer_sdk.testing import SuiteConfig, get_tap_test_class

TestTapBroken = get_tap_test_class(TapBroken, suite_config=SuiteConfig(strict=STRICT))
"""

#: The reference fails these four (and passes the 43 other tests it generates).
EXPECTED_DEFAULT_FAILURES = {
    "test_tap_stream_schema_is_valid[bad_schema]": (
        "Stream 'bad_schema': schema is not valid at properties/size/type"
    ),
    "test_tap_stream_record_matches_stream_schema[bad_schema]": (
        "Stream 'bad_schema': records cannot be checked"
    ),
    "test_tap_stream_record_matches_stream_schema[mismatched]": (
        "record 2, field 'count': 'many' is not of type 'integer'"
    ),
    "test_tap_stream_primary_keys[keyless]": (
        "Stream 'keyless': primary key ['id'] problems:\n  record 1: primary key field(s) ['id'] "
        "missing"
    ),
}

EXPECTED_STRICT_FAILURES = {
    "test_tap_stream_schema_is_valid[bad_schema]": (
        "Stream 'bad_schema': schema is not valid at properties/size/type"
    ),
    "test_tap_stream_record_matches_stream_schema[bad_schema]": (
        "Stream 'bad_schema': records cannot be checked"
    ),
    "test_tap_stream_record_matches_stream_schema[mismatched]": (
        "record 2, field 'count': 'many' is not of type 'integer'"
    ),
    "test_tap_stream_attribute_is_integer[mismatched.count]": (
        "Stream 'mismatched', record 2, field 'count': 'many' is not an integer"
    ),
    "test_tap_stream_primary_keys[keyless]": (
        "Stream 'keyless': primary key ['id'] problems:\n  record 1: primary key field(s) ['id'] "
        "missing"
    ),
    "test_tap_stream_record_matches_stream_schema[naive_times]": (
        "record 1, field 'seen_at': '2024-01-01 10:00:00' is not an RFC 3339 date-time"
    ),
    "test_tap_stream_attribute_is_datetime[naive_times.seen_at]": (
        "Stream 'naive_times', record 1, field 'seen_at': '2024-01-01 10:00:00' is not an "
        "RFC 3339 date-time"
    ),
    "test_tap_stream_bookmarks_advance[backwards]": (
        "Stream 'backwards': the bookmark goes backwards:\n  STATE message 2: bookmark went "
        "back from 9 to 3"
    ),
}


@pytest.mark.parametrize(
    ("strict", "expected_failures", "test_count"),
    [(False, EXPECTED_DEFAULT_FAILURES, 47), (True, EXPECTED_STRICT_FAILURES, 49)],
    ids=["default", "strict"],
)
def test_broken_tap_fails_the_expected_tests_with_readable_messages(
    pytester: pytest.Pytester,
    monkeypatch: pytest.MonkeyPatch,
    strict: bool,
    expected_failures: dict[str, str],
    test_count: int,
) -> None:
    monkeypatch.syspath_prepend(str(ROOT))
    pytester.makepyfile(test_broken=TEST_FILE.replace("STRICT", str(strict)))
    outcome = pytester.runpytest_inprocess("-p", "no:cacheprovider", "-q")

    failed = {
        report.nodeid.split("::")[-1]: report
        for report in outcome.reprec.getreports("pytest_runtest_logreport")
        if report.failed
    }
    # Exactly the expected tests fail; the rest of the suite still runs and passes.
    assert set(failed) == set(expected_failures)
    counts = outcome.parseoutcomes()
    assert counts["failed"] == len(expected_failures)
    assert counts["failed"] + counts["passed"] == test_count
    # Each failure names the stream, the record and the field.
    for test_id, message in expected_failures.items():
        assert message in failed[test_id].longrepr.reprcrash.message, test_id
    # The suite's own helper frames stay out of the traceback.
    text = outcome.stdout.str()
    assert "def _fail_with" not in text
    assert "E       AssertionError: Stream 'keyless': primary key ['id'] problems:" in text
