"""The built-in conformance tests for the incremental example tap (run with pytest)."""

from __future__ import annotations

from incremental import TapIncremental

from singer_sdk.testing import SuiteConfig, get_tap_test_class

TestTapIncremental = get_tap_test_class(
    TapIncremental,
    config={"start_date": "2024-01-01T00:00:00Z"},
    suite_config=SuiteConfig(max_records_limit=100),
)
