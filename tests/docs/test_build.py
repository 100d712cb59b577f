"""The documentation builds with Sphinx with warnings as errors, and the generated pages hold
what they promise (the CLI reference lists every option; the API pages document the classes)."""

from __future__ import annotations

import os
import subprocess
import sys
import typing as t

import pytest
from docs_helpers import DOCS, REPO, load_snippet

if t.TYPE_CHECKING:
    from pathlib import Path

pytestmark = pytest.mark.docs


@pytest.fixture(scope="module")
def html(tmp_path_factory: pytest.TempPathFactory) -> Path:
    pytest.importorskip("sphinx")
    pytest.importorskip("myst_parser")
    pytest.importorskip("furo")
    out = tmp_path_factory.mktemp("html")
    doctrees = tmp_path_factory.mktemp("doctrees")
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "sphinx",
            "-W",
            "--keep-going",
            "-q",
            "-b",
            "html",
            "-d",
            str(doctrees),
            str(DOCS),
            str(out),
        ],
        cwd=REPO,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, f"sphinx-build failed:\n{result.stderr}"
    assert "WARNING" not in result.stderr, result.stderr
    return out


def test_every_page_is_built(html: Path) -> None:
    pages = {p.relative_to(html).as_posix() for p in html.rglob("*.html")}
    expected = {
        "index.html",
        "getting_started.html",
        "cli.html",
        "differences.html",
        "module_status.html",
        "stream_maps.html",
        "api/index.html",
        "api/plugins.html",
        "api/streams.html",
        "api/sinks.html",
        "api/typing.html",
        "api/pagination.html",
        "api/authenticators.html",
        "api/mapper.html",
        "api/exceptions.html",
        "api/singerlib.html",
        "api/capabilities.html",
        "api/metrics.html",
        *(f"guides/{name}.html" for name in _GUIDES),
    }
    assert expected <= pages, sorted(expected - pages)


_GUIDES = [
    "incremental",
    "partitions",
    "pagination",
    "authentication",
    "batch",
    "sql",
    "testing",
    "performance",
]


def test_cli_reference_lists_every_option_of_the_real_commands(html: Path) -> None:
    page = (html / "cli.html").read_text()
    tap_shop = load_snippet("tap_shop")
    for param in tap_shop.TapShop.cli.params:
        for opt in param.opts:
            assert (
                f'<code class="docutils literal notranslate"><span class="pre">{opt}' in (page)
                or opt in page
            ), opt
    assert "Usage: &lt;executable&gt; [OPTIONS]" in page
    assert "--input" in page  # the target's option


def test_api_reference_documents_the_public_classes(html: Path) -> None:
    pages = {
        "api/plugins.html": [
            "singer_sdk.Tap",
            "singer_sdk.Target",
            "singer_sdk.Tap.discover_streams",
        ],
        "api/streams.html": [
            "singer_sdk.Stream.get_records",
            "singer_sdk.RESTStream.get_url_params",
            "singer_sdk.GraphQLStream",
        ],
        "api/pagination.html": ["singer_sdk.pagination.OffsetPaginator"],
        "api/authenticators.html": ["singer_sdk.authenticators.OAuthAuthenticator"],
        "api/exceptions.html": ["singer_sdk.exceptions.ConfigValidationError"],
        "api/typing.html": ["singer_sdk.typing.PropertiesList"],
    }
    for page, ids in pages.items():
        text = (html / page).read_text()
        for anchor in ids:
            assert f'id="{anchor}"' in text, (page, anchor)


def test_snippets_are_included_in_the_pages(html: Path) -> None:
    page = (html / "getting_started.html").read_text()
    assert "ProductsStream" in page
    assert "BearerTokenAuthenticator" in page
    assert "test_getting_started_tap_syncs_products_and_reviews" in page
