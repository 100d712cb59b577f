"""By default the suites give the reference's verdicts; ``SuiteConfig(strict=True)`` is stricter.

The expected test names were observed by running Meltano's singer-sdk 0.54.9 (``pip install
"singer-sdk[testing]==0.54.9"``): its ``get_tap_test_class`` on ``lenient_tap.py`` (every test
passes) and its ``get_target_test_class`` on a target.
"""

from __future__ import annotations

import importlib.util
import io
import json
import sys
import typing as t
import warnings
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(HERE))

from conftest import load_module  # noqa: E402
from lenient_tap import TapLenient  # noqa: E402

from singer_sdk import typing as th  # noqa: E402
from singer_sdk.testing import SuiteConfig, tap_sync_test  # noqa: E402
from singer_sdk.testing.target_tests import TargetArrayData  # noqa: E402

#: What singer-sdk 0.54.9 generates for tap-lenient (all of them pass there).
REFERENCE_TAP_TESTS = {
    "test_tap_cli_prints",
    "test_tap_discovery",
    "test_tap_stream_attribute_is_datetime[changes.updated_at]",
    "test_tap_stream_attribute_is_datetime[people.born]",
    "test_tap_stream_attribute_is_datetime[people.seen_at]",
    "test_tap_stream_attribute_is_integer[changes.id]",
    "test_tap_stream_attribute_is_integer[people.id]",
    "test_tap_stream_attribute_not_null[changes.id]",
    "test_tap_stream_attribute_not_null[people.id]",
    "test_tap_stream_connections",
    "test_tap_stream_primary_keys[changes]",
    "test_tap_stream_primary_keys[people]",
    "test_tap_stream_record_matches_stream_schema[changes]",
    "test_tap_stream_record_matches_stream_schema[people]",
    "test_tap_stream_record_schema_matches_transformed_catalog[changes]",
    "test_tap_stream_record_schema_matches_transformed_catalog[people]",
    "test_tap_stream_returns_record[changes]",
    "test_tap_stream_returns_record[people]",
    "test_tap_stream_schema_is_valid[changes]",
    "test_tap_stream_schema_is_valid[people]",
    "test_tap_stream_transformed_catalog_schema_matches_record[changes]",
    "test_tap_stream_transformed_catalog_schema_matches_record[people]",
    "test_tap_valid_final_state",
}

#: singer_sdk's own stream tests, generated only with strict=True (streams with a replication key).
STRICT_ONLY_TAP_TESTS = {
    "test_tap_stream_bookmarks_advance[changes]",
    "test_tap_stream_incremental[changes]",
    "test_tap_stream_future_state[changes]",
}

#: What strict=True fails on tap-lenient, and what its message says.
STRICT_FAILURES = {
    "test_tap_stream_record_matches_stream_schema[people]": (
        "Stream 'people': records do not match the schema:\n"
        "  record 0, field 'born': '1963-04-08' is not an RFC 3339 date-time\n"
        "  record 0, field 'seen_at': '2024-01-01 10:00:00' is not an RFC 3339 date-time"
    ),
    "test_tap_stream_attribute_is_datetime[people.born]": (
        "Stream 'people', record 0, field 'born': '1963-04-08' is not an RFC 3339 date-time"
    ),
    "test_tap_stream_attribute_is_datetime[people.seen_at]": (
        "Stream 'people', record 0, field 'seen_at': '2024-01-01 10:00:00' is not an RFC 3339 "
        "date-time"
    ),
    "test_tap_stream_primary_keys[people]": (
        "Stream 'people': primary key ['id'] problems:\n  record 2: primary key [2] repeats "
        "record 1"
    ),
    "test_tap_stream_incremental[changes]": (
        "Stream 'changes': a second sync from the final state returned records older than the "
        "bookmark:\n  record 0 of the second sync, field 'updated_at'"
    ),
    "test_tap_stream_future_state[changes]": (
        "Stream 'changes': 3 record(s) returned from a state whose bookmarks lie in the future:"
    ),
}

#: What singer-sdk 0.54.9 generates for any target.
REFERENCE_TARGET_TESTS = {
    "test_target_array_data",
    "test_target_camelcase",
    "test_target_camelcase_complex_schema",
    "test_target_cli_prints",
    "test_target_duplicate_records",
    "test_target_encoded_string_data",
    "test_target_invalid_schema",
    "test_target_no_primary_keys",
    "test_target_optional_attributes",
    "test_target_pk_updates",
    "test_target_record_before_schema",
    "test_target_record_missing_fields",
    "test_target_record_missing_key_property",
    "test_target_schema_no_properties",
    "test_target_schema_updates",
    "test_target_special_chars_in_attributes",
}

TAP_TEST_FILE = f"""
import sys
sys.path.insert(0, {str(HERE)!r})
from lenient_tap import TapLenient
from singer_sdk.testing import SuiteConfig, get_tap_test_class

TestTapLenient = get_tap_test_class(TapLenient, suite_config=SuiteConfig(strict=STRICT))
"""

TARGET_TEST_FILE = f"""
import tempfile
import sys
sys.path.insert(0, {str(HERE)!r})
from conftest import ROOT, load_module
from singer_sdk.testing import SuiteConfig, get_target_test_class

TargetJSONLDemo = load_module(ROOT / "samples/target_jsonl_demo.py").TargetJSONLDemo
TestTarget = get_target_test_class(
    TargetJSONLDemo,
    config={{"output_dir": tempfile.mkdtemp()}},
    suite_config=SuiteConfig(strict=STRICT),
)
"""


def _run(pytester: pytest.Pytester, source: str, *args: str) -> dict[str, t.Any]:
    """Run a generated suite in-process; return each test's call report by test id."""
    pytester.makepyfile(test_generated=source)
    outcome = pytester.runpytest_inprocess("-p", "no:cacheprovider", "-q", *args)
    reports: dict[str, t.Any] = {}
    for report in outcome.reprec.getreports("pytest_runtest_logreport"):
        if report.when == "call" or report.outcome != "passed":
            reports[report.nodeid.split("::")[-1]] = report
    return reports


def _rfc3339_validator_installed() -> bool:
    """jsonschema checks ``format: date-time`` only when ``rfc3339-validator`` is installed."""
    return importlib.util.find_spec("rfc3339_validator") is not None


def test_suite_config_is_not_strict_by_default() -> None:
    assert SuiteConfig().strict is False
    assert "strict" in (SuiteConfig.__doc__ or "")


def test_default_tap_suite_has_the_reference_tests_and_verdicts(
    pytester: pytest.Pytester,
) -> None:
    reports = _run(pytester, TAP_TEST_FILE.replace("STRICT", "False"))
    assert set(reports) == REFERENCE_TAP_TESTS
    failed = {name for name, report in reports.items() if not report.passed}
    # Dates for date-time, naive date-times, a repeated key and an incremental stream that
    # ignores its bookmark all pass, as with the reference.
    expected = (
        {"test_tap_stream_record_matches_stream_schema[people]"}
        if _rfc3339_validator_installed()
        else set()
    )
    assert failed == expected


def test_strict_tap_suite_adds_tests_and_fails_with_clear_messages(
    pytester: pytest.Pytester,
) -> None:
    reports = _run(pytester, TAP_TEST_FILE.replace("STRICT", "True"))
    assert set(reports) == REFERENCE_TAP_TESTS | STRICT_ONLY_TAP_TESTS
    failed = {name: report for name, report in reports.items() if report.failed}
    assert set(failed) == set(STRICT_FAILURES)
    for name, message in STRICT_FAILURES.items():
        assert message in failed[name].longrepr.reprcrash.message, name


@pytest.mark.parametrize("strict", [False, True], ids=["default", "strict"])
def test_target_suite_has_the_reference_tests(pytester: pytest.Pytester, strict: bool) -> None:
    reports = _run(pytester, TARGET_TEST_FILE.replace("STRICT", str(strict)))
    assert set(reports) == REFERENCE_TARGET_TESTS
    assert all(report.passed for report in reports.values())


def test_strict_target_tests_read_the_richer_inputs() -> None:
    test = TargetArrayData()
    test.config = SuiteConfig()
    default_file = test.singer_filepath
    test.config = SuiteConfig(strict=True)
    strict_file = test.singer_filepath
    assert default_file.name == strict_file.name == "array_data.singer"
    assert Path(str(strict_file)).parent.name == "strict"
    assert (
        '"type": "object"' not in default_file.read_text("utf-8").split("\n")[0].split('"tags"')[-1]
    ), "the default array data holds arrays of strings only"
    assert '"items": {"type": "object"' in strict_file.read_text("utf-8")


# -- attribute tests: the reference shares one template instance per generated test -------------

SHARED_TAP = """
from singer_sdk import Stream, Tap
from singer_sdk import typing as th


class Stamps(Stream):
    name = "stamps"
    schema = th.PropertiesList(
        th.Property("good", th.DateTimeType),
        th.Property("bad", th.DateTimeType),
    ).to_dict()

    def get_records(self, context):
        yield {"good": "2024-01-01T00:00:00Z", "bad": "not a date"}


class TapStamps(Tap):
    name = "tap-stamps"
    config_jsonschema = th.PropertiesList().to_dict()

    def discover_streams(self):
        return [Stamps(self)]
"""


@pytest.mark.parametrize("strict", [False, True], ids=["default", "strict"])
def test_attribute_tests_share_their_values_like_the_reference_unless_strict(
    pytester: pytest.Pytester, strict: bool
) -> None:
    pytester.makepyfile(stamps_tap=SHARED_TAP)
    source = (
        "from stamps_tap import TapStamps\n"
        "from singer_sdk.testing import SuiteConfig, get_tap_test_class\n"
        f"TestStamps = get_tap_test_class(TapStamps, suite_config=SuiteConfig(strict={strict}))\n"
    )
    reports = _run(pytester, source, "-k", "is_datetime", "-p", "no:randomly")
    bad = reports["test_tap_stream_attribute_is_datetime[stamps.bad]"]
    # The reference checks the values of the first property (stamps.good) for stamps.bad too.
    assert bad.passed is not strict
    if strict:
        assert "'not a date' is not an RFC 3339 date-time" in bad.longrepr.reprcrash.message


# -- the legacy helpers ---------------------------------------------------------------------------


def _tap_with_missing_primary_key() -> type[t.Any]:
    from singer_sdk import Stream, Tap

    class Keyed(Stream):
        name = "keyed"
        primary_keys = ("nope",)
        schema = th.PropertiesList(th.Property("id", th.IntegerType)).to_dict()

        def get_records(self, context: t.Any) -> t.Iterable[dict[str, t.Any]]:
            yield {"id": 1}

    class TapKeyed(Tap):
        name = "tap-keyed"
        config_jsonschema = th.PropertiesList().to_dict()

        def discover_streams(self) -> list[Stream]:
            return [Keyed(self)]

    return TapKeyed


def _legacy_tap_tests(tap_class: type[t.Any]) -> list[t.Callable[[], None]]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from singer_sdk.testing import get_standard_tap_tests
    return get_standard_tap_tests(tap_class, config={})


def test_legacy_tap_tests_pass_where_the_reference_passes(
    capsys: pytest.CaptureFixture[str],
) -> None:
    for test in _legacy_tap_tests(TapLenient):
        test()
    # The discovery test runs discovery, which prints the catalog (as the reference does).
    printed = capsys.readouterr().out
    assert '"tap_stream_id": "people"' in printed or '"tap_stream_id":"people"' in printed


def test_legacy_tap_tests_fail_where_the_reference_fails() -> None:
    outcomes: dict[str, str] = {}
    for test in _legacy_tap_tests(_tap_with_missing_primary_key()):
        try:
            test()
        except AssertionError as exc:
            outcomes[test.__name__] = str(exc)
    assert list(outcomes) == ["_test_pkeys_in_schema"]
    assert outcomes["_test_pkeys_in_schema"].startswith(
        "Coding error in stream 'keyed': primary_key 'nope' is missing in schema"
    )


def test_legacy_sync_helpers_accept_the_lenient_tap(tmp_path: Path) -> None:
    from singer_sdk.testing import tap_to_target_sync_test, target_sync_test

    target_class = load_module(ROOT / "samples/target_jsonl_demo.py").TargetJSONLDemo
    stdout, _ = tap_sync_test(TapLenient(config={}))
    messages = [json.loads(line) for line in stdout]
    people = [m["record"] for m in messages if m["type"] == "RECORD" and m["stream"] == "people"]
    assert people[0]["born"] == "1963-04-08"
    target = target_class(config={"output_dir": str(tmp_path / "a")})
    (tmp_path / "a").mkdir()
    tap_out, _, _, _ = tap_to_target_sync_test(TapLenient(config={}), target)
    assert tap_out.readline().startswith('{"type":"SCHEMA"')
    assert len((tmp_path / "a" / "people.jsonl").read_text().splitlines()) == 3
    (tmp_path / "b").mkdir()
    target = target_class(config={"output_dir": str(tmp_path / "b")})
    tap_out.seek(0)
    out, _ = target_sync_test(target, io.StringIO(tap_out.read()), finalize=True)
    assert json.loads(out.read().splitlines()[-1])["bookmarks"]["changes"]


@pytest.mark.parametrize("plugin", ["default", "-p no:singer_testing"])
def test_generated_tests_are_parametrized_once_with_or_without_the_plugin(
    pytester: pytest.Pytester, plugin: str
) -> None:
    # Without the singer_testing plugin the generated classes parametrize themselves; with it,
    # they leave that to the plugin (found by its registered name), so nothing is doubled.
    args = plugin.split() if plugin != "default" else []
    reports = _run(pytester, TAP_TEST_FILE.replace("STRICT", "False"), *args)
    assert set(reports) == REFERENCE_TAP_TESTS
