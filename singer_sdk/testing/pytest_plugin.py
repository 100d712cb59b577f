"""The ``singer_testing`` pytest plugin (entry point ``pytest11``): parametrizes generated tests.

Each test method of a class built by :func:`~singer_sdk.testing.get_tap_test_class` that is
listed in the class's ``params`` gets one test per stream (id ``<stream>``) or per stream
property (id ``<stream>.<property>``). Without the plugin (e.g. ``PYTEST_DISABLE_PLUGIN_AUTOLOAD``)
the generated classes do the same themselves.
"""

from __future__ import annotations

import typing as t

from singer_sdk.testing.factory import BaseTestClass, parametrize_from_params

if t.TYPE_CHECKING:
    import pytest

__all__ = ["pytest_generate_tests"]


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Parametrize a test of a generated test class from the class's ``params``.

    Args:
        metafunc: The test being collected.
    """
    if metafunc.cls is not None and issubclass(metafunc.cls, BaseTestClass):
        parametrize_from_params(metafunc)
