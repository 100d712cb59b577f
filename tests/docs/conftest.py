"""Fixtures for the documentation tests, and the ``docs`` marker.

``docs`` marks the Sphinx build test: ``pytest -m docs`` runs it alone, ``pytest -m "not docs"``
skips it.
"""

from __future__ import annotations

import sys
import typing as t
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))  # for `import docs_helpers`

from docs_helpers import RouteServer, load_snippet


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "docs: builds the documentation with Sphinx (-W); takes ~30-60 s"
    )


@pytest.fixture
def route_server() -> t.Iterator[RouteServer]:
    server = RouteServer()
    yield server
    server.close()


@pytest.fixture
def shop_api() -> t.Iterator[t.Any]:
    """The getting-started shop API (docs/snippets/shop_api.py) on a free port."""
    api = load_snippet("shop_api").ShopAPI().start()
    yield api
    api.stop()
