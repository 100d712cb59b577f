"""Conformance tests for taps and targets, run with pytest (the ``testing`` extra).

Two lines in a connector's tests run the standard suites::

    from singer_sdk.testing import get_tap_test_class

    TestTapMine = get_tap_test_class(TapMine, config=SAMPLE_CONFIG)

The runners, templates and the legacy helpers are exported for custom tests.
"""

from __future__ import annotations

import typing as t
import warnings

from singer_sdk.testing.config import SuiteConfig
from singer_sdk.testing.factory import get_tap_test_class, get_target_test_class
from singer_sdk.testing.legacy import (
    _get_tap_catalog,
    _select_all,
    sync_end_to_end,
    tap_sync_test,
    tap_to_target_sync_test,
    target_sync_test,
)
from singer_sdk.testing.runners import SingerTestRunner, TapTestRunner, TargetTestRunner

__all__ = [
    "SingerTestRunner",
    "SuiteConfig",
    "TapTestRunner",
    "TargetTestRunner",
    "_get_tap_catalog",
    "_select_all",
    "get_tap_test_class",
    "get_target_test_class",
    "sync_end_to_end",
    "tap_sync_test",
    "tap_to_target_sync_test",
    "target_sync_test",
]

_DEPRECATED = {
    "get_standard_tap_tests": "get_tap_test_class",
    "get_standard_target_tests": "get_target_test_class",
}


def __getattr__(name: str) -> t.Any:
    if name in _DEPRECATED:
        from singer_sdk._compat import SingerSDKDeprecationWarning
        from singer_sdk.testing import legacy

        warnings.warn(
            f"singer_sdk.testing.{name} is deprecated and will be removed in 1.0; "
            f"use {_DEPRECATED[name]} instead.",
            SingerSDKDeprecationWarning,
            stacklevel=2,
        )
        return getattr(legacy, name)
    msg = f"module {__name__!r} has no attribute {name!r}"
    raise AttributeError(msg)
