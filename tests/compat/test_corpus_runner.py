"""The pure parts of the compatibility-corpus runner (``compat/run_corpus.py``), offline.

Placeholder configs from a settings schema, the "counts against us" rule, the totals and the
Markdown page rendered from a small results dictionary, and the wheel metadata reader.
"""

from __future__ import annotations

import importlib.util
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def runner():
    spec = importlib.util.spec_from_file_location("run_corpus", ROOT / "compat" / "run_corpus.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["run_corpus"] = module  # dataclasses resolve annotations through sys.modules
    try:
        spec.loader.exec_module(module)
        yield module
    finally:
        sys.modules.pop("run_corpus", None)


def test_placeholder_config_fills_required_settings_by_type(runner):
    settings = {
        "type": "object",
        "properties": {
            "api_key": {"type": ["string"], "secret": True},
            "start_date": {"type": ["string", "null"], "format": "date-time"},
            "day": {"type": "string", "format": "date"},
            "page_size": {"type": "integer", "minimum": 10},
            "ratio": {"type": "number"},
            "verbose": {"type": "boolean"},
            "region": {"type": "string", "enum": ["eu", "us"]},
            "limit": {"type": "integer", "default": 50},
            "base_url": {"type": "string"},
            "repos": {"type": "array", "items": {"type": "string"}},
            "auth": {
                "type": "object",
                "properties": {"user": {"type": "string"}, "port": {"type": "integer"}},
                "required": ["user"],
            },
            "either": {"anyOf": [{"type": "null"}, {"type": "integer"}]},
            "optional": {"type": "string"},
        },
        "required": [
            "api_key",
            "start_date",
            "day",
            "page_size",
            "ratio",
            "verbose",
            "region",
            "limit",
            "base_url",
            "repos",
            "auth",
            "either",
        ],
    }
    assert runner.placeholder_config(settings) == {
        "api_key": "placeholder",
        "start_date": "2020-01-01T00:00:00Z",
        "day": "2020-01-01",
        "page_size": 10,
        "ratio": 1,
        "verbose": False,
        "region": "eu",
        "limit": 50,
        "base_url": "https://example.invalid",
        "repos": ["placeholder"],
        "auth": {"user": "placeholder"},
        "either": 1,
    }


def test_placeholder_config_of_an_empty_schema(runner):
    assert runner.placeholder_config({}) == {}
    assert runner.placeholder_config({"properties": {"a": {"type": "string"}}}) == {}


def test_only_a_check_passing_on_the_reference_counts_against_us(runner):
    assert runner.outcome("pass", "fail") == "ours-only failure"
    assert runner.outcome("pass", "na") == "ours-only failure"
    assert runner.outcome("pass", "pass") == "both pass"
    assert runner.outcome("fail", "fail") == "fails on the reference"
    assert runner.outcome("fail", "pass") == "ours-only pass"
    assert runner.outcome("na", "na") == "n.a."


def _check(ref: str, ours: str, **extra: object) -> dict[str, dict[str, object]]:
    return {"ref": {"status": ref, **extra}, "ours": {"status": ours, **extra}}


def _results() -> dict[str, object]:
    passing = {name: _check("pass", "pass") for name in ("import", "about_json", "about_md")}
    return {
        "meta": {
            "generated": "2026-01-01 00:00 UTC",
            "reference": "0.54.9",
            "ours": {"commit": "abc123", "dirty": False},
            "python": "3.11.7",
        },
        "connectors": {
            "tap-good": {
                "kind": "tap",
                "sdk_requirement": "singer-sdk~=0.54.0",
                "version_tested": "1.0.0",
                "covered": True,
                "install": {"deps_mode": "declared"},
                "checks": {
                    **passing,
                    "version": _check("pass", "pass"),
                    "discover": _check("fail", "fail", reason="network"),
                    "tests": {
                        "ref": {"status": "fail", "passed": 3, "total": 5},
                        "ours": {"status": "fail", "passed": 2, "total": 5},
                    },
                },
                "test_regressions": ["tests.test_core::test_one"],
            },
            "target-bad": {
                "kind": "target",
                "sdk_requirement": "singer-sdk>=0.5,<0.6",
                "version_tested": "0.2.0",
                "covered": True,
                "install": {"deps_mode": "relaxed"},
                "checks": {
                    **passing,
                    "version": _check("pass", "fail"),
                    "discover": _check("na", "na"),
                    "tests": _check("na", "na"),
                },
            },
            "tap-gone": {
                "kind": "tap",
                "sdk_requirement": "singer-sdk",
                "covered": False,
                "reason": "download failed",
            },
        },
    }


def test_totals_count_passes_and_ours_only_failures(runner):
    totals = runner.totals(_results())
    assert totals["import"] == {"run": 2, "ref": 2, "ours": 2, "ours_only": 0}
    assert totals["version"] == {"run": 2, "ref": 2, "ours": 1, "ours_only": 1}
    assert totals["discover"] == {"run": 1, "ref": 0, "ours": 0, "ours_only": 0}
    assert totals["tests"] == {"run": 1, "ref": 0, "ours": 0, "ours_only": 0}
    assert runner.ours_only_failures(_results()) == [("target-bad", "version")]


def test_markdown_page_has_one_row_per_connector_and_the_totals(runner):
    page = runner.render_markdown(_results())
    assert page.startswith("# Compatibility corpus\n")
    assert "**2 of 3 connectors covered**" in page
    assert "`singer-sdk==0.54.9`" in page
    assert "commit `abc123`" in page
    rows = [line for line in page.splitlines() if line.startswith("| `")]
    assert [row.split(" | ")[0] for row in rows] == [
        "| `tap-gone`",
        "| `tap-good`",
        "| `target-bad`",
    ]
    good = next(row for row in rows if row.startswith("| `tap-good`"))
    assert "singer-sdk~=0.54.0" in good
    assert "✓ ✓" in good
    assert "✗ 3/5 · ✗ 2/5" in good
    bad = next(row for row in rows if row.startswith("| `target-bad`"))
    assert "**✓ ✗**" in bad  # passes on the reference, fails on ours
    assert "\u2013 \u2013" in bad  # not applicable on both sides
    gone = next(row for row in rows if row.startswith("| `tap-gone`"))
    assert "not installed: download failed" in gone
    assert "| Version | 2 | 2 | 1 | 1 |" in page
    assert "1 pass on the reference and fail on ours" in page
    assert "- `target-bad`: Version" in page


def test_results_file_drops_per_test_outcomes_and_cuts_tails(runner):
    entry = {
        "checks": {
            "tests": {
                "ref": {"status": "fail", "outcomes": {"t::a": "passed"}, "tail": "x" * 5000},
                "ours": {"status": "pass", "outcomes": {"t::a": "passed"}},
            }
        }
    }
    kept = runner.for_results_file(entry, tail_size=100)
    assert "outcomes" not in kept["checks"]["tests"]["ref"]
    assert "outcomes" not in kept["checks"]["tests"]["ours"]
    assert len(kept["checks"]["tests"]["ref"]["tail"]) == 101  # an ellipsis, then the end
    assert entry["checks"]["tests"]["ref"]["outcomes"] == {"t::a": "passed"}  # not modified


def test_reference_import_failures_are_grouped_by_their_last_line(runner):
    results = _results()
    results["connectors"]["tap-good"]["checks"]["import"] = {
        "ref": {"status": "fail", "tail": "Traceback\n  File x\nImportError: no (/a/b.py)\n"},
        "ours": {"status": "fail"},
    }
    page = runner.render_markdown(results)
    assert "| `ImportError: no` | 1: tap-good |" in page


def test_pipes_in_a_declared_range_do_not_break_the_table(runner):
    results = _results()
    results["connectors"]["tap-good"]["sdk_requirement"] = "singer-sdk>=0.1|weird"
    page = runner.render_markdown(results)
    assert "singer-sdk>=0.1\\|weird" in page


def test_requirements_keep_runtime_ones_and_set_singer_sdk_aside(runner):
    reqs, extras, bad = runner.runtime_requirements(
        [
            "singer-sdk[faker,sql]~=0.54.0",
            "requests>=2.31",
            "pytest>=8; extra == 'dev'",
            "backports.zoneinfo; python_version < '3.9'",
            "Singer_SDK[testing]; extra == 'testing'",
            "not a requirement !!",
        ]
    )
    assert reqs == ["requests>=2.31"]
    assert extras == {"faker", "sql"}
    assert bad == ["not a requirement !!"]
    assert runner.relax("requests[socks]>=2.31,<3") == "requests[socks]"
    assert runner.relax("pkg @ git+https://example.invalid/pkg.git") == "pkg"


def test_python_version_told_to_uv_only_when_3_11_is_excluded(runner):
    assert runner.python_version_for(">=3.9") is None
    assert runner.python_version_for("") is None
    assert runner.python_version_for(">=3.12") == "3.12"
    assert runner.python_version_for("<3.11,>=3.7.1") == "3.10"


def test_network_failures_are_recognised(runner):
    assert runner.is_network_failure("Failed to resolve 'api.example.com' ([Errno -2] Name")
    assert not runner.is_network_failure("KeyError: 'stream_maps'")


def test_wheel_metadata(runner, tmp_path):
    wheel = tmp_path / "tap_demo-1.2.3-py3-none-any.whl"
    with zipfile.ZipFile(wheel, "w") as archive:
        archive.writestr("tap_demo/__init__.py", "")
        archive.writestr("tests/__init__.py", "")
        archive.writestr(
            "tap_demo-1.2.3.dist-info/METADATA",
            "Metadata-Version: 2.1\nName: tap-demo\nVersion: 1.2.3\n"
            "Requires-Python: >=3.12\nRequires-Dist: singer-sdk~=0.54\n"
            "Requires-Dist: requests\n",
        )
        archive.writestr(
            "tap_demo-1.2.3.dist-info/entry_points.txt",
            "[console_scripts]\ntap-demo = tap_demo.tap:TapDemo.cli\n",
        )
    meta = runner.wheel_metadata(wheel)
    assert meta["name"] == "tap-demo"
    assert meta["version"] == "1.2.3"
    assert meta["requires_python"] == ">=3.12"
    assert meta["requires_dist"] == ["singer-sdk~=0.54", "requests"]
    assert meta["console_scripts"] == {"tap-demo": "tap_demo.tap:TapDemo.cli"}
    assert meta["modules"] == ["tap_demo"]


def test_test_requirements_from_a_poetry_sdist(runner, tmp_path):
    (tmp_path / "pyproject.toml").write_text(
        "[tool.poetry.dependencies]\npython = '>=3.9'\n"
        "[tool.poetry.group.dev.dependencies]\n"
        "pytest = '^8'\nmypy = '*'\nrequests-mock = '^1.11'\n"
        "singer-sdk = { version = '~=0.54', extras = ['testing'] }\n"
    )
    reqs, extras = runner.test_requirements(tmp_path)
    assert reqs == ["pytest", "requests-mock"]
    assert extras == {"testing"}
