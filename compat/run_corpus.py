#!/usr/bin/env python3
"""Run the compatibility corpus: published connectors on the reference singer-sdk and on ours.

For every connector of the corpus (``shared/compat/corpus.tsv``) this script

1. downloads its wheel and its sdist once (``pip download --no-deps``) into
   ``.cache/compat/wheelhouse/<name>/``;
2. builds two virtual environments with the same non-SDK packages: ``ref`` with
   ``singer-sdk==0.54.9`` and ``ours`` with a non-editable wheel of this checkout (never
   singer-sdk: the runner checks that it is absent);
3. runs the same checks on both: import, ``--about`` as JSON and as Markdown, ``--version``,
   ``--discover`` (taps) with a placeholder config, and the connector's own test suite from its
   sdist;
4. writes ``compat/results.json`` and renders ``docs/compatibility.md``.

``compat/README.md`` says how to run it. The pure parts (placeholder config, classification,
rendering) are covered by ``tests/compat/test_corpus_runner.py``.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import contextlib
import csv
import datetime as dt
import email.parser
import hashlib
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tarfile
import tempfile
import threading
import time
import tomllib
import typing as t
import xml.etree.ElementTree as ET
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from packaging.requirements import InvalidRequirement, Requirement
from packaging.specifiers import InvalidSpecifier, SpecifierSet
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[1]
CACHE = ROOT / ".cache" / "compat"
DEFAULT_CORPUS = ROOT.parent / "shared" / "compat" / "corpus.tsv"
RESULTS = ROOT / "compat" / "results.json"
DOC = ROOT / "docs" / "compatibility.md"

REF_VERSION = "0.54.9"
#: Bump when the checks change: cached per-connector results with another value are re-run.
RESULT_SCHEMA = 3
SIDES = ("ref", "ours")
CHECKS = ("import", "about_json", "about_md", "version", "discover", "tests")
CHECK_TITLES = {
    "import": "Import",
    "about_json": "About JSON",
    "about_md": "About MD",
    "version": "Version",
    "discover": "Discover",
    "tests": "Own tests",
}
PASS, FAIL, NA = "pass", "fail", "na"
DASH = "\u2013"  # an en dash: "not applicable"
SYMBOLS = {PASS: "✓", FAIL: "✗", NA: DASH}

#: Our library's extras, by the name the connectors use for singer-sdk's.
OUR_EXTRAS = {"sql", "postgres", "parquet", "s3", "jwt", "faker", "testing"}
#: Development tools listed among test dependencies that the tests do not need.
DEV_TOOLS = re.compile(
    r"^(mypy|ruff|black|flake8.*|isort|pylint|tox|pre-commit|pydocstyle|coverage|types-.*|"
    r".*-stubs|bumpversion|bump2version|commitizen|ipython|ipykernel|jupyter.*|sphinx.*|"
    r"mkdocs.*|pyupgrade|darglint|pep8-naming|poethepoet|nox|deptry|twine|build|wheel|"
    r"setuptools|pip|meltano|pyright|autopep8|yapf|bandit|safety|check-manifest|"
    r"pytest-xdist|pytest-github-actions-annotate-failures)$"
)
#: A failure whose output matches this came from the missing network (or database server).
NETWORK = re.compile(
    r"NameResolutionError|Name or service not known|Temporary failure in name resolution|"
    r"Failed to resolve|getaddrinfo|nodename nor servname|Failed to establish a new connection|"
    r"Max retries exceeded|ConnectionError|ConnectTimeout|ConnectionRefused|"
    r"Connection refused|could not connect to server|OperationalError|ServerSelectionTimeout|"
    r"No route to host|Network is unreachable|ClientConnectorError|gaierror|"
    r"Could not resolve host|DefaultCredentialsError|NoCredentialsError|SSLError"
)

TIMEOUT = 60  # seconds for import, --about, --version
DISCOVER_TIMEOUT = 60
TEST_TIMEOUT = 150  # a whole test suite on one side
TEST_CASE_TIMEOUT = 30  # one test (pytest-timeout)
INSTALL_TIMEOUT = 900
TAIL = 1500

_print_lock = threading.Lock()


def log(message: str) -> None:
    """Print a progress line (thread-safe)."""
    with _print_lock:
        print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


# -- the corpus --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Connector:
    """One row of the corpus."""

    name: str
    version: str
    kind: str
    sdk_requirement: str
    python_requires: str
    network: str
    description: str = ""


def read_corpus(path: Path) -> list[Connector]:
    """The rows of the corpus file (tab-separated, with a header)."""
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    return [
        Connector(
            name=row["name"],
            version=row["version"],
            kind=row["kind"],
            sdk_requirement=row.get("singer_sdk_requirement", ""),
            python_requires=row.get("python_requires", ""),
            network=row.get("needs_network_guess", ""),
            description=row.get("description", ""),
        )
        for row in rows
    ]


# -- pure helpers (tested offline) -------------------------------------------------------------


def _placeholder(schema: dict[str, t.Any], name: str = "") -> t.Any:
    """A value of the type ``schema`` asks for, valid for common formats and enums."""
    if not isinstance(schema, dict):
        return "placeholder"
    if "default" in schema and schema["default"] is not None:
        return schema["default"]
    if schema.get("enum"):
        return schema["enum"][0]
    if "const" in schema:
        return schema["const"]
    for key in ("anyOf", "oneOf"):
        options = [s for s in schema.get(key, []) if isinstance(s, dict)]
        options = [s for s in options if s.get("type") != "null"] or options
        if options:
            return _placeholder(options[0], name)
    if schema.get("allOf"):
        merged: dict[str, t.Any] = {}
        for part in schema["allOf"]:
            if isinstance(part, dict):
                merged.update(part)
        return _placeholder(merged, name)
    types = schema.get("type", "string")
    if isinstance(types, list):
        types = next((x for x in types if x != "null"), "string")
    if types == "object":
        return placeholder_config(schema) if "properties" in schema else {}
    if types == "array":
        items = schema.get("items")
        if isinstance(items, dict) and items:
            return [_placeholder(items, name)]
        return ["placeholder"]
    if types == "integer":
        return max(1, int(schema.get("minimum", 1)))
    if types == "number":
        return max(1, schema.get("minimum", 1))
    if types == "boolean":
        return False
    fmt = schema.get("format", "")
    lowered = name.lower()
    if fmt == "date-time":
        return "2020-01-01T00:00:00Z"
    if fmt == "date":
        return "2020-01-01"
    if fmt in {"uri", "url", "iri"} or lowered.endswith(("url", "uri")):
        return "https://example.invalid"
    if fmt == "email":
        return "placeholder@example.invalid"
    if lowered in {"start_date", "end_date"}:
        return "2020-01-01T00:00:00Z"
    return "placeholder"


def placeholder_config(settings: dict[str, t.Any]) -> dict[str, t.Any]:
    """A config for the settings JSON schema of ``--about``: a placeholder for each required one.

    Strings become ``"placeholder"`` (dates ``"2020-01-01T00:00:00Z"`` for ``date-time``),
    integers and numbers 1, booleans false, arrays one placeholder item, objects their own
    required settings; a default or the first ``enum`` value wins over the placeholder.
    """
    properties = settings.get("properties") or {}
    required = settings.get("required") or []
    return {name: _placeholder(properties.get(name, {}), name) for name in required}


def outcome(ref: str, ours: str) -> str:
    """How a check compares: ``ours-only failure`` counts against us, nothing else does.

    A check counts against us only where it passes on the reference and not on ours.
    """
    if ref == PASS:
        return "both pass" if ours == PASS else "ours-only failure"
    if ours == PASS:
        return "ours-only pass"
    if ref == NA and ours == NA:
        return "n.a."
    return "fails on the reference"


def is_network_failure(text: str) -> bool:
    """Whether an error tail looks like the missing network or database server."""
    return bool(NETWORK.search(text or ""))


def tail(text: str, size: int = TAIL) -> str:
    """The last ``size`` characters of ``text``."""
    text = text or ""
    return text if len(text) <= size else "…" + text[-size:]


def _cell(check: dict[str, t.Any] | None) -> str:
    """One table cell: the reference's status, then ours (bold when only ours fails)."""
    if not check:
        return DASH
    ref = check.get("ref", {}).get("status", NA)
    ours = check.get("ours", {}).get("status", NA)
    text = f"{SYMBOLS[ref]} {SYMBOLS[ours]}"
    if check.get("name") == "tests":
        counts = []
        for side in SIDES:
            info = check.get(side, {})
            if info.get("status") == NA:
                counts.append(DASH)
            else:
                counts.append(f"{info.get('passed', 0)}/{info.get('total', 0)}")
        if ref != NA or ours != NA:
            text = f"{SYMBOLS[ref]} {counts[0]} · {SYMBOLS[ours]} {counts[1]}"
    if outcome(ref, ours) == "ours-only failure":
        return f"**{text}**"
    return text


def last_error_line(text: str) -> str:
    """The last non-empty line of an error tail, without file paths in parentheses."""
    lines = [line.strip() for line in (text or "").splitlines() if line.strip()]
    last = lines[-1] if lines else "?"
    return re.sub(r" \(/[^)]*\)", "", last)[:120]


def _md(text: str) -> str:
    return (text or "").replace("|", "\\|").replace("\n", " ")


def totals(results: dict[str, t.Any]) -> dict[str, dict[str, int]]:
    """Per check: connectors run, passes on the reference, on ours, ours-only failures."""
    out = {c: {"run": 0, "ref": 0, "ours": 0, "ours_only": 0} for c in CHECKS}
    for entry in results.get("connectors", {}).values():
        if not entry.get("covered"):
            continue
        for name in CHECKS:
            check = entry.get("checks", {}).get(name)
            if not check:
                continue
            ref = check.get("ref", {}).get("status", NA)
            ours = check.get("ours", {}).get("status", NA)
            if ref == NA and ours == NA:
                continue
            row = out[name]
            row["run"] += 1
            row["ref"] += ref == PASS
            row["ours"] += ours == PASS
            row["ours_only"] += outcome(ref, ours) == "ours-only failure"
    return out


def ours_only_failures(results: dict[str, t.Any]) -> list[tuple[str, str]]:
    """(connector, check) for every check that passes on the reference and fails on ours."""
    found = []
    for name, entry in sorted(results.get("connectors", {}).items()):
        for check in CHECKS:
            info = entry.get("checks", {}).get(check)
            if info and outcome(info["ref"]["status"], info["ours"]["status"]) == (
                "ours-only failure"
            ):
                found.append((name, check))
    return found


def for_results_file(entry: dict[str, t.Any], tail_size: int = 1000) -> dict[str, t.Any]:
    """A connector's entry as ``compat/results.json`` keeps it: no per-test outcomes (the cache
    under ``.cache/compat/results/`` has them), error tails cut to ``tail_size`` characters."""
    entry = json.loads(json.dumps(entry))
    for check in entry.get("checks", {}).values():
        for side in SIDES:
            info = check.get(side, {})
            info.pop("outcomes", None)
            if "tail" in info:
                info["tail"] = tail(info["tail"], tail_size)
    return entry


def render_markdown(results: dict[str, t.Any]) -> str:
    """``docs/compatibility.md`` from the results of a run."""
    meta = results.get("meta", {})
    connectors = results.get("connectors", {})
    covered = [e for e in connectors.values() if e.get("covered")]
    ours = meta.get("ours", {})
    lines = [
        "# Compatibility corpus",
        "",
        f"Published connectors built on Meltano's singer-sdk, run on the reference "
        f"(`singer-sdk=={meta.get('reference', REF_VERSION)}`) and on singer_sdk "
        f"(commit `{ours.get('commit', '?')}`{', with local changes' if ours.get('dirty') else ''})"
        f", unchanged. Generated by `compat/run_corpus.py` (`make compat`) on "
        f"{meta.get('generated', '?')} with Python {meta.get('python', '?')}; the raw results "
        "are in `compat/results.json`.",
        "",
        f"**{len(covered)} of {len(connectors)} connectors covered** (installed and checked on "
        "both sides).",
        "",
        "## How",
        "",
        "- Each connector is downloaded once (`pip download --no-deps`: its wheel, and its sdist "
        "for the tests) at the version in the table; the ones that require another Python are "
        "installed on Python 3.11 anyway (`--ignore-requires-python`).",
        "- Two virtual environments per connector hold the same packages except the SDK: *ref* "
        f"gets `singer-sdk=={REF_VERSION}` with the connector's own runtime dependencies (from "
        "its wheel's `Requires-Dist`, and its test dependencies from the sdist); *ours* gets "
        "exactly the packages that the connector's dependencies need in *ref* (same versions, "
        "installed with `--no-deps`) and a non-editable wheel of this checkout with the same "
        "SDK extras, resolved under the versions of *ref*. singer-sdk is never installed in "
        "*ours*: the runner checks that its metadata is absent and that `singer_sdk` is ours.",
        "- When the declared dependencies cannot be installed on Python 3.11 their pins are "
        "relaxed, and failing that whatever can be installed is (column *Deps*: `declared`, "
        "`relaxed`, `partial`).",
        f"- Checks, each with a timeout ({TIMEOUT} s; discovery {DISCOVER_TIMEOUT} s; a test "
        f"suite {TEST_TIMEOUT} s): **Import** of its packages and console-script entry points; "
        "**About JSON** `--about --format=json` gives valid JSON; **About MD** "
        "`--about --format=markdown`; **Version** `--version`; **Discover** (taps) "
        "`--discover` with a config made of placeholders for the required settings of its "
        "`--about` settings schema; **Own tests** `pytest` on the tests of its sdist.",
        "- No network: a SaaS API or database is out of reach, so discovery and tests that need "
        "one fail on both sides. A check counts against us only where it passes on the "
        "reference.",
        "",
        f"Each cell shows the reference, then ours: ✓ passes, ✗ fails, {DASH} not applicable "
        "(not a tap, no tests in the sdist). *Own tests* shows passed/collected tests on each "
        "side. "
        "**Bold**: passes on the reference, fails on ours.",
        "",
        "## Totals",
        "",
        "| Check | Connectors run | Pass on ref | Pass on ours | Ours-only failures |",
        "|---|---|---|---|---|",
    ]
    for name, row in totals(results).items():
        lines.append(
            f"| {CHECK_TITLES[name]} | {row['run']} | {row['ref']} | {row['ours']} | "
            f"{row['ours_only']} |"
        )
    regressed = sum(len(e.get("test_regressions", [])) for e in covered)
    tests_ref = sum(
        e.get("checks", {}).get("tests", {}).get("ref", {}).get("passed", 0) for e in covered
    )
    tests_ours = sum(
        e.get("checks", {}).get("tests", {}).get("ours", {}).get("passed", 0) for e in covered
    )
    lines += [
        "",
        f"Single tests of the connectors' own suites: {tests_ref} pass on the reference, "
        f"{tests_ours} on ours; {regressed} pass on the reference and fail on ours.",
        "",
    ]
    failures: dict[str, list[str]] = {}
    for name, check in ours_only_failures(results):
        failures.setdefault(name, []).append(CHECK_TITLES[check])
    if failures:
        lines += ["Checks that pass on the reference and fail on ours:", ""]
        for name, checks in failures.items():
            lines.append(f"- `{name}`: {', '.join(checks)}")
        lines.append("")
    causes: dict[str, list[str]] = {}
    for name, entry in sorted(connectors.items()):
        check = entry.get("checks", {}).get("import", {}).get("ref", {})
        if entry.get("covered") and check.get("status") == FAIL:
            causes.setdefault(last_error_line(check.get("tail", "")), []).append(name)
    if causes:
        lines += [
            "Why the reference fails to import the others (the last line of its error; these "
            "fail on ours too): most need Python 3.12 (`typing.override`) or a package that an "
            "older singer-sdk release brought along without the connector declaring it.",
            "",
            "| Error on the reference | Connectors |",
            "|---|---|",
        ]
        for cause, names in sorted(causes.items(), key=lambda item: (-len(item[1]), item[0])):
            lines.append(f"| `{_md(cause)}` | {len(names)}: {', '.join(names)} |")
        lines.append("")
    differing: dict[str, int] = {}
    for entry in covered:
        for key in entry.get("about_differs", []):
            differing[key] = differing.get(key, 0) + 1
    if differing:
        listed = ", ".join(f"`{k}` ({v})" for k, v in sorted(differing.items()))
        lines += [
            "Where both print `--about --format=json`, the fields whose values differ (counted "
            f"per connector; no check depends on them): {listed}.",
            "",
        ]
    header = ["Connector", "Kind", "Declared singer-sdk", "Tested", "Deps"]
    header += [CHECK_TITLES[c] for c in CHECKS]
    lines += [
        "## Connectors",
        "",
        "| " + " | ".join(header) + " |",
        "|" + "---|" * len(header),
    ]
    for name in sorted(connectors):
        entry = connectors[name]
        install = entry.get("install", {})
        if entry.get("covered"):
            cells = [_cell({"name": c, **entry["checks"][c]}) for c in CHECKS]
        else:
            cells = ["not installed: " + _md(entry.get("reason", "?"))[:80]] + [""] * (
                len(CHECKS) - 1
            )
        row = [
            f"`{name}`",
            entry.get("kind", ""),
            _md(entry.get("sdk_requirement", "")),
            entry.get("version_tested") or DASH,
            install.get("deps_mode", DASH),
            *cells,
        ]
        lines.append("| " + " | ".join(row) + " |")
    lines.append("")
    return "\n".join(lines)


# -- subprocesses ------------------------------------------------------------------------------


@dataclass
class Ran:
    """The outcome of one command."""

    returncode: int
    stdout: str
    stderr: str
    seconds: float
    timed_out: bool = False

    @property
    def ok(self) -> bool:
        return self.returncode == 0 and not self.timed_out

    @property
    def output_tail(self) -> str:
        text = self.stderr.strip()
        if self.stdout.strip() and not self.ok:
            text = (text + "\n" + self.stdout.strip()).strip()
        if self.timed_out:
            text += "\n(timed out)"
        return tail(text)


def clean_env(extra: dict[str, str] | None = None) -> dict[str, str]:
    """The environment for subprocesses: no PYTHONPATH or virtualenv of ours leaking in."""
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME", "PIP_REQUIRE_VIRTUALENV"}
    }
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    env.update(extra or {})
    return env


def run(
    args: list[str],
    *,
    timeout: float,
    cwd: Path | None = None,
    env: dict[str, str] | None = None,
) -> Ran:
    """Run ``args``; on timeout kill its whole process group."""
    start = time.monotonic()
    with subprocess.Popen(
        [str(a) for a in args],
        cwd=cwd,
        env=env or clean_env(),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
    ) as proc:
        try:
            out, err = proc.communicate(timeout=timeout)
            timed_out = False
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
            out, err = proc.communicate()
            timed_out = True
    return Ran(
        returncode=proc.returncode if not timed_out else -9,
        stdout=out.decode(errors="replace"),
        stderr=err.decode(errors="replace"),
        seconds=round(time.monotonic() - start, 2),
        timed_out=timed_out,
    )


def uv(*args: str, timeout: float = INSTALL_TIMEOUT) -> Ran:
    return run(["uv", *args], timeout=timeout, env=clean_env({"UV_LINK_MODE": "hardlink"}))


# -- downloading -------------------------------------------------------------------------------


def wheel_metadata(wheel: Path) -> dict[str, t.Any]:
    """Name, version, requirements, Requires-Python, console scripts and top-level modules."""
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        info = next(n for n in names if n.count("/") == 1 and n.endswith(".dist-info/METADATA"))
        dist_info = info.split("/")[0]
        message = email.parser.Parser().parsestr(archive.read(info).decode("utf-8", "replace"))
        scripts: dict[str, str] = {}
        entry_points = f"{dist_info}/entry_points.txt"
        if entry_points in names:
            section = ""
            for line in archive.read(entry_points).decode().splitlines():
                line = line.strip()
                if line.startswith("["):
                    section = line.strip("[]").strip()
                elif "=" in line and section == "console_scripts":
                    key, value = line.split("=", 1)
                    scripts[key.strip()] = value.strip()
        top_level_file = f"{dist_info}/top_level.txt"
        if top_level_file in names:
            tops = archive.read(top_level_file).decode().split()
        else:
            tops = []
            for name in names:
                first = name.split("/")[0]
                if first.endswith((".dist-info", ".data")):
                    continue
                if "/" in name:
                    tops.append(first)
                elif name.endswith(".py"):
                    tops.append(name[:-3])
    modules = sorted(
        {m for m in tops if m.isidentifier() and m not in {"tests", "test", "docs"}},
    )
    return {
        "name": message["Name"],
        "version": message["Version"],
        "requires_python": message.get("Requires-Python") or "",
        "requires_dist": message.get_all("Requires-Dist") or [],
        "console_scripts": scripts,
        "modules": modules,
    }


def pip_download(spec: str, dest: Path, binary: bool) -> Ran:
    kind = ["--only-binary", ":all:"] if binary else ["--no-binary", ":all:"]
    return run(
        [
            sys.executable,
            "-m",
            "pip",
            "download",
            "-q",
            "--no-deps",
            "--ignore-requires-python",
            *kind,
            "-d",
            str(dest),
            spec,
        ],
        timeout=300,
    )


def fetch(conn: Connector) -> dict[str, t.Any]:
    """Download the connector once; return what was downloaded (cached in download.json)."""
    folder = CACHE / "wheelhouse" / conn.name
    stamp = folder / "download.json"
    if stamp.is_file():
        return json.loads(stamp.read_text())
    shutil.rmtree(folder, ignore_errors=True)
    (folder / "wheel").mkdir(parents=True)
    (folder / "sdist").mkdir(parents=True)
    notes = []
    spec = f"{conn.name}=={conn.version}"
    got_wheel = pip_download(spec, folder / "wheel", binary=True)
    got_sdist = pip_download(spec, folder / "sdist", binary=False)
    if not got_wheel.ok and not got_sdist.ok:
        notes.append(f"{spec} not found; took the latest release")
        spec = conn.name
        got_wheel = pip_download(spec, folder / "wheel", binary=True)
        got_sdist = pip_download(spec, folder / "sdist", binary=False)
    wheels = sorted((folder / "wheel").glob("*.whl"))
    sdists = sorted(
        [*(folder / "sdist").glob("*.tar.gz"), *(folder / "sdist").glob("*.zip")],
    )
    result: dict[str, t.Any] = {"notes": notes, "wheel": None, "sdist": None}
    if not wheels and sdists:
        notes.append("no wheel published: built one from the sdist")
        built = run(
            [
                sys.executable,
                "-m",
                "pip",
                "wheel",
                "-q",
                "--no-deps",
                "-w",
                folder / "wheel",
                sdists[0],
            ],
            timeout=600,
        )
        if not built.ok:
            notes.append("building the wheel failed: " + built.output_tail[-400:])
        wheels = sorted((folder / "wheel").glob("*.whl"))
    if not wheels:
        result["error"] = "download failed: " + (got_wheel.output_tail or got_sdist.output_tail)
        if got_wheel.returncode != 0 and "No matching distribution" not in got_wheel.stderr:
            return result  # maybe transient: do not cache
    else:
        result["wheel"] = str(wheels[0].relative_to(CACHE))
        result["metadata"] = wheel_metadata(wheels[0])
        result["version"] = result["metadata"]["version"]
    if sdists:
        result["sdist"] = str(sdists[0].relative_to(CACHE))
    stamp.write_text(json.dumps(result, indent=1))
    return result


# -- requirements ------------------------------------------------------------------------------


def is_sdk(req: Requirement) -> bool:
    return canonicalize_name(req.name) == "singer-sdk"


def runtime_requirements(requires_dist: list[str]) -> tuple[list[str], set[str], list[str]]:
    """(non-SDK requirements for Python 3.11 without extras, singer-sdk extras, unparsable)."""
    reqs, extras, bad = [], set(), []
    for text in requires_dist:
        try:
            req = Requirement(text)
        except InvalidRequirement:
            bad.append(text)
            continue
        if req.marker is not None and not req.marker.evaluate({"extra": ""}):
            continue
        if is_sdk(req):
            extras |= set(req.extras)
            continue
        req.marker = None
        reqs.append(str(req))
    return reqs, extras, bad


def relax(req_text: str) -> str:
    """The requirement without version pins or URL (extras kept)."""
    try:
        req = Requirement(req_text)
    except InvalidRequirement:
        return re.split(r"[<>=!~;@ \[]", req_text.strip(), maxsplit=1)[0]
    extras = f"[{','.join(sorted(req.extras))}]" if req.extras else ""
    return f"{req.name}{extras}"


def _poetry_entry(name: str, value: t.Any) -> str | None:
    if name.lower() == "python":
        return None
    if isinstance(value, dict):
        if value.get("optional") and not value.get("extras"):
            return name
        extras = value.get("extras") or []
        return f"{name}[{','.join(extras)}]" if extras else name
    if isinstance(value, list):
        return name
    return name


def test_requirements(source: Path) -> tuple[list[str], set[str]]:
    """(test/dev requirements named in the sdist's pyproject.toml, singer-sdk extras there)."""
    pyproject = source / "pyproject.toml"
    found: list[str] = []
    if pyproject.is_file():
        try:
            data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError):
            data = {}
        groups = {"dev", "test", "tests", "testing"}
        optional = data.get("project", {}).get("optional-dependencies", {})
        for group in groups & set(optional):
            found += [x for x in optional[group] if isinstance(x, str)]
        dependency_groups = data.get("dependency-groups", {})
        for group in groups & set(dependency_groups):
            found += [x for x in dependency_groups[group] if isinstance(x, str)]
        poetry = data.get("tool", {}).get("poetry", {})
        tables = [poetry.get("dev-dependencies", {})]
        tables += [
            g.get("dependencies", {}) for n, g in poetry.get("group", {}).items() if n in groups
        ]
        for table in tables:
            for name, value in table.items():
                entry = _poetry_entry(name, value)
                if entry:
                    found.append(entry)
    reqs, extras = [], set()
    for text in found:
        try:
            req = Requirement(text)
        except InvalidRequirement:
            continue
        if req.marker is not None and not req.marker.evaluate({"extra": ""}):
            continue
        if is_sdk(req):
            extras |= set(req.extras)
            continue
        if DEV_TOOLS.match(canonicalize_name(req.name)):
            continue
        reqs.append(relax(text))
    return sorted(set(reqs)), extras


# -- environments ------------------------------------------------------------------------------


def python_version_for(requires_python: str) -> str | None:
    """A Python version to tell uv when the connector does not declare 3.11 (None if it does)."""
    try:
        spec = SpecifierSet(requires_python)
    except InvalidSpecifier:
        return None
    if spec.contains("3.11.7", prereleases=True):
        return None
    for candidate in ("3.12", "3.13", "3.10", "3.9", "3.8", "3.7", "3.6"):
        if spec.contains(candidate + ".0", prereleases=True):
            return candidate
    return None


def site_packages(env: Path) -> Path:
    return next((env / "lib").glob("python3*/site-packages"))


def freeze(env: Path) -> dict[str, str]:
    """Installed distributions of ``env``: canonical name to version."""
    import importlib.metadata as md

    return {
        canonicalize_name(d.metadata["Name"]): d.version
        for d in md.distributions(path=[str(site_packages(env))])
        if d.metadata["Name"]
    }


def closure(env: Path, roots: list[str]) -> dict[str, str]:
    """The distributions that ``roots`` need in ``env`` (never following singer-sdk)."""
    import importlib.metadata as md

    dists = {
        canonicalize_name(d.metadata["Name"]): d
        for d in md.distributions(path=[str(site_packages(env))])
        if d.metadata["Name"]
    }
    seen: dict[str, str] = {}
    todo: list[tuple[str, set[str]]] = []
    for text in roots:
        with contextlib.suppress(InvalidRequirement):
            req = Requirement(text)
            todo.append((canonicalize_name(req.name), set(req.extras)))
    done: set[tuple[str, frozenset[str]]] = set()
    while todo:
        name, extras = todo.pop()
        if name == "singer-sdk" or (name, frozenset(extras)) in done or name not in dists:
            continue
        done.add((name, frozenset(extras)))
        dist = dists[name]
        seen[name] = dist.version
        for text in dist.requires or []:
            try:
                req = Requirement(text)
            except InvalidRequirement:
                continue
            wanted = req.marker is None or any(
                req.marker.evaluate({"extra": extra}) for extra in ["", *extras]
            )
            if wanted:
                todo.append((canonicalize_name(req.name), set(req.extras)))
    return seen


@dataclass
class Context:
    """What every connector shares in one run."""

    python: str
    ours_wheel: Path
    ours_meta: dict[str, t.Any]
    force: bool = False
    rebuild: bool = False
    skip_tests: bool = False
    lock: threading.Lock = field(default_factory=threading.Lock)


def build_ours_wheel(source: str) -> tuple[Path, dict[str, t.Any]]:
    """A wheel of this checkout: of a commit (``head`` or any git revision) or of the work tree."""
    revision = "HEAD" if source in {"head", "worktree"} else source
    commit = subprocess.run(
        ["git", "rev-parse", "--short=12", revision], cwd=ROOT, capture_output=True, text=True
    ).stdout.strip()
    if not commit:
        raise SystemExit(f"--ours {source}: not a git revision of this checkout")
    status = subprocess.run(
        ["git", "status", "--porcelain", "--", "singer_sdk", "pyproject.toml"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    ).stdout.strip()
    dirty = source == "worktree" and bool(status)
    with tempfile.TemporaryDirectory() as tmp:
        tree = Path(tmp) / "src"
        if source != "worktree":
            tree.mkdir()
            archive = subprocess.run(
                ["git", "archive", "--format=tar", commit],
                cwd=ROOT,
                capture_output=True,
                check=True,
            ).stdout
            subprocess.run(["tar", "-x", "-C", str(tree)], input=archive, check=True)
        else:
            shutil.copytree(
                ROOT,
                tree,
                ignore=shutil.ignore_patterns(".git", ".venv", ".cache", "*.egg-info", "docs"),
            )
        digest = hashlib.sha256()
        for path in sorted((tree / "singer_sdk").rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                digest.update(str(path.relative_to(tree)).encode())
                digest.update(path.read_bytes())
        digest.update((tree / "pyproject.toml").read_bytes())
        key = digest.hexdigest()[:16]
        out = CACHE / "ours" / key
        wheels = sorted(out.glob("*.whl"))
        if not wheels:
            built = uv("build", "--wheel", "--out-dir", str(out), str(tree), timeout=600)
            if not built.ok:
                raise SystemExit("building our wheel failed:\n" + built.output_tail)
            wheels = sorted(out.glob("*.whl"))
    meta = {
        "commit": commit,
        "dirty": dirty,
        "source": source,
        "wheel_key": key,
        "install": "non-editable wheel built from "
        + (f"commit {commit} (git archive)" if source != "worktree" else "the work tree"),
    }
    return wheels[0], meta


def new_env(path: Path, python: str) -> None:
    shutil.rmtree(path, ignore_errors=True)
    path.parent.mkdir(parents=True, exist_ok=True)
    created = uv("venv", "-q", "-p", python, str(path), timeout=120)
    if not created.ok:
        raise RuntimeError("uv venv failed: " + created.output_tail)


def pip_install(env: Path, args: list[str], *, offline_first: bool = False) -> Ran:
    base = ["pip", "install", "-q", "-p", str(env / "bin" / "python")]
    if offline_first:
        first = uv(*base, "--offline", *args)
        if first.ok:
            return first
    return uv(*base, *args)


def install_connector(env: Path, wheel: Path, requires_python: str) -> Ran:
    extra = []
    version = python_version_for(requires_python)
    if version:
        extra = ["--python-version", version]
    done = pip_install(env, ["--no-deps", *extra, str(wheel)], offline_first=True)
    if not done.ok:  # fall back on pip, which can ignore Requires-Python
        done = run(
            [
                *(sys.executable, "-m", "pip", "--python", env / "bin" / "python", "install"),
                *("-q", "--no-deps", "--ignore-requires-python", wheel),
            ],
            timeout=300,
        )
    return done


def build_ref(
    conn: Connector, dl: dict[str, t.Any], ctx: Context, source: Path | None
) -> dict[str, t.Any]:
    """The reference environment; returns its install record (cached by a stamp)."""
    env = CACHE / "envs" / conn.name / "ref"
    wheel = CACHE / dl["wheel"]
    meta = dl["metadata"]
    reqs, sdk_extras, bad = runtime_requirements(meta["requires_dist"])
    test_reqs, test_extras = test_requirements(source) if source else ([], set())
    test_reqs = sorted(set(test_reqs) | {"pytest", "pytest-timeout"}) if source else []
    key = hashlib.sha256(
        json.dumps([RESULT_SCHEMA, REF_VERSION, dl["wheel"], reqs, test_reqs]).encode()
    ).hexdigest()[:16]
    stamp = env / "compat-install.json"
    if stamp.is_file() and not ctx.rebuild:
        record = json.loads(stamp.read_text())
        if record.get("key") == key and record.get("ok"):
            return record
    new_env(env, ctx.python)
    extras = sorted(sdk_extras | test_extras)
    sdk = (
        f"singer-sdk[{','.join(extras)}]=={REF_VERSION}" if extras else f"singer-sdk=={REF_VERSION}"
    )
    record: dict[str, t.Any] = {
        "key": key,
        "requirements": reqs,
        "test_requirements": test_reqs,
        "sdk_extras": extras,
        "unparsable": bad,
        "skipped": [],
        "log": [],
    }
    wanted = reqs + test_reqs
    attempt = pip_install(env, [sdk, *reqs, *test_reqs])
    record["deps_mode"] = "declared"
    if not attempt.ok:
        record["log"].append("as declared: " + attempt.output_tail[-700:])
        relaxed = sorted({relax(r) for r in wanted})
        attempt = pip_install(env, [sdk, *relaxed])
        record["deps_mode"] = "relaxed"
        if not attempt.ok:
            record["log"].append("relaxed: " + attempt.output_tail[-700:])
            record["deps_mode"] = "partial"
            first = pip_install(env, [sdk])
            if not first.ok:
                record["ok"] = False
                record["error"] = "singer-sdk itself failed: " + first.output_tail
                return record
            for req in relaxed:
                one = pip_install(env, [sdk, req])
                if not one.ok:
                    record["skipped"].append(req)
                    record["log"].append(f"{req}: " + one.output_tail[-300:])
    done = install_connector(env, wheel, meta["requires_python"])
    if not done.ok:
        record["ok"] = False
        record["error"] = "installing the connector failed: " + done.output_tail
        return record
    record["freeze"] = freeze(env)
    roots = [relax(r) for r in wanted if relax(r) not in record["skipped"]]
    record["closure"] = closure(env, roots)
    record["ok"] = True
    stamp.write_text(json.dumps(record, indent=1))
    return record


def build_ours(conn: Connector, dl: dict[str, t.Any], ref: dict[str, t.Any], ctx: Context) -> dict:
    """Our environment: the ref closure pinned, our wheel, the connector; singer-sdk absent."""
    env = CACHE / "envs" / conn.name / "ours"
    wheel = CACHE / dl["wheel"]
    key = hashlib.sha256(
        json.dumps([ref["key"], ctx.ours_meta["wheel_key"], ref["closure"]]).encode()
    ).hexdigest()[:16]
    stamp = env / "compat-install.json"
    if stamp.is_file() and not ctx.rebuild:
        record = json.loads(stamp.read_text())
        if record.get("key") == key and record.get("ok"):
            return record
    new_env(env, ctx.python)
    record: dict[str, t.Any] = {"key": key, "log": []}
    pins = [f"{n}=={v}" for n, v in sorted(ref["closure"].items())]
    if pins:
        got = pip_install(env, ["--no-deps", *pins], offline_first=True)
        if not got.ok:
            record["log"].append("closure pins: " + got.output_tail[-700:])
    extras = [e for e in ref["sdk_extras"] if e in OUR_EXTRAS]
    record["dropped_extras"] = [e for e in ref["sdk_extras"] if e not in OUR_EXTRAS]
    target = f"singer-connector-sdk[{','.join(extras)}] @ {ctx.ours_wheel.as_uri()}"
    with tempfile.TemporaryDirectory() as tmp:
        constraints = Path(tmp) / "constraints.txt"
        constraints.write_text(
            "".join(f"{n}=={v}\n" for n, v in ref["freeze"].items() if n != "singer-sdk")
        )
        excludes = Path(tmp) / "excludes.txt"
        excludes.write_text("singer-sdk\n")
        got = pip_install(
            env, [target, "-c", str(constraints), "--excludes", str(excludes)], offline_first=True
        )
        record["ours_constrained"] = got.ok
        if not got.ok:
            record["log"].append("under ref's versions: " + got.output_tail[-700:])
            got = pip_install(env, [target, "--excludes", str(excludes)])
    if not got.ok:
        record["ok"] = False
        record["error"] = "installing our library failed: " + got.output_tail
        return record
    done = install_connector(env, wheel, dl["metadata"]["requires_python"])
    if not done.ok:
        record["ok"] = False
        record["error"] = "installing the connector failed: " + done.output_tail
        return record
    probe = run(
        [
            env / "bin" / "python",
            "-c",
            "import importlib.metadata as m, json, singer_sdk\n"
            "try:\n    m.version('singer-sdk'); present = True\n"
            "except m.PackageNotFoundError:\n    present = False\n"
            "print(json.dumps({'present': present, 'file': singer_sdk.__file__,"
            " 'ours': m.version('singer-connector-sdk')}))",
        ],
        timeout=TIMEOUT,
        cwd=env,  # not this checkout, whose singer_sdk folder would shadow the installed one
    )
    if not probe.ok:
        record["ok"] = False
        record["error"] = "probing the environment failed: " + probe.output_tail
        return record
    info = json.loads(probe.stdout.strip().splitlines()[-1])
    sp = str(site_packages(env))
    if info["present"] or not info["file"].startswith(sp + "/singer_sdk/"):
        record["ok"] = False
        record["error"] = f"singer-sdk leaked into ours: {info}"
        return record
    record["probe"] = info
    record["freeze"] = freeze(env)
    ours_freeze, ref_freeze = record["freeze"], ref["freeze"]
    record["differing"] = {
        n: [ref_freeze.get(n), ours_freeze.get(n)]
        for n in ref["closure"]
        if ref_freeze.get(n) != ours_freeze.get(n)
    }
    record["differing_shared"] = {
        n: [ref_freeze[n], v]
        for n, v in ours_freeze.items()
        if n in ref_freeze and ref_freeze[n] != v
    }
    record["ok"] = True
    stamp.write_text(json.dumps(record, indent=1))
    return record


# -- checks ------------------------------------------------------------------------------------


def pick_executable(conn: Connector, scripts: dict[str, str]) -> str | None:
    """The console script to run: the one named like the connector, else the first."""
    if not scripts:
        return None
    names = sorted(scripts)
    for name in names:
        if conn.name.endswith(name) or name.endswith(conn.name):
            return name
    for prefix in ("tap-", "target-", "meltano-map"):
        for name in names:
            if name.startswith(prefix) and conn.kind in prefix + "mapper":
                return name
    return names[0]


def status_of(ran: Ran, ok: bool) -> dict[str, t.Any]:
    result: dict[str, t.Any] = {"status": PASS if ok else FAIL, "seconds": ran.seconds}
    if not ok:
        result["tail"] = ran.output_tail or f"exit code {ran.returncode}"
        if ran.timed_out:
            result["reason"] = "timeout"
        if is_network_failure(result["tail"]):
            result["reason"] = "network"
    return result


def junit_outcomes(path: Path) -> dict[str, str]:
    """Test id to passed/failed/error/skipped from a JUnit XML report."""
    outcomes: dict[str, str] = {}
    if not path.is_file():
        return outcomes
    try:
        tree = ET.parse(path)
    except ET.ParseError:
        return outcomes
    for case in tree.iter("testcase"):
        test_id = f"{case.get('classname', '')}::{case.get('name', '')}"
        state = "passed"
        for child in case:
            if child.tag in {"failure", "error", "skipped"}:
                state = {"failure": "failed"}.get(child.tag, child.tag)
        outcomes[test_id] = state
    return outcomes


def find_tests(source: Path) -> list[str]:
    """The test folders of an extracted sdist."""
    found = [p for p in ("tests", "test") if (source / p).is_dir()]
    if not found:
        found = [
            str(p.relative_to(source))
            for p in sorted(source.glob("*/tests"))
            if p.is_dir() and any(p.rglob("test_*.py"))
        ]
    return [p for p in found if any((source / p).rglob("*.py"))]


def has_pytest_config(source: Path) -> bool:
    """Whether the sdist's root holds a pytest configuration of its own."""
    if (source / "pytest.ini").is_file() or (source / ".pytest.ini").is_file():
        return True
    sections = {
        "pyproject.toml": re.compile(r"^\[tool\.pytest(\.ini_options)?\]", re.M),
        "tox.ini": re.compile(r"^\[pytest\]", re.M),
        "setup.cfg": re.compile(r"^\[tool:pytest\]", re.M),
    }
    for name, pattern in sections.items():
        path = source / name
        if path.is_file() and pattern.search(path.read_text(encoding="utf-8", errors="replace")):
            return True
    return False


def extract_sdist(sdist: Path, dest: Path) -> Path | None:
    shutil.rmtree(dest, ignore_errors=True)
    dest.mkdir(parents=True)
    try:
        if sdist.suffix == ".zip":
            with zipfile.ZipFile(sdist) as archive:
                archive.extractall(dest)
        else:
            with tarfile.open(sdist) as archive:
                archive.extractall(dest, filter="data")
    except (OSError, tarfile.TarError, zipfile.BadZipFile):
        return None
    trees = [p for p in dest.iterdir() if p.is_dir()]
    return trees[0] if len(trees) == 1 else dest


def run_checks(
    conn: Connector,
    side: str,
    env: Path,
    dl: dict[str, t.Any],
    ctx: Context,
    config_from: dict[str, t.Any] | None,
) -> tuple[dict[str, t.Any], dict[str, t.Any] | None]:
    """All checks on one side; returns them and the parsed ``--about`` JSON."""
    meta = dl["metadata"]
    work = CACHE / "work" / conn.name / side
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    bin_dir = env / "bin"
    env_vars = clean_env(
        {"PATH": f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}", "VIRTUAL_ENV": str(env)}
    )
    checks: dict[str, t.Any] = {}
    script = (
        "import importlib, importlib.metadata as m, sys\n"
        f"for name in {meta['modules']!r}:\n    importlib.import_module(name)\n"
        f"for ep in m.distribution({meta['name']!r}).entry_points:\n"
        "    if ep.group == 'console_scripts':\n        ep.load()\n"
    )
    ran = run([bin_dir / "python", "-c", script], timeout=TIMEOUT, cwd=work, env=env_vars)
    checks["import"] = status_of(ran, ran.ok)
    exe_name = pick_executable(conn, meta["console_scripts"])
    about = None
    if exe_name is None:
        for name in ("about_json", "about_md", "version", "discover"):
            checks[name] = {"status": NA, "reason": "no console script"}
    else:
        exe = bin_dir / exe_name
        ran = run([exe, "--about", "--format=json"], timeout=TIMEOUT, cwd=work, env=env_vars)
        with contextlib.suppress(ValueError):
            about = json.loads(ran.stdout) if ran.ok else None
        checks["about_json"] = status_of(ran, isinstance(about, dict))
        if ran.ok and not isinstance(about, dict):
            checks["about_json"]["tail"] = "not a JSON object: " + tail(ran.stdout, 500)
        ran = run([exe, "--about", "--format=markdown"], timeout=TIMEOUT, cwd=work, env=env_vars)
        checks["about_md"] = status_of(ran, ran.ok and bool(ran.stdout.strip()))
        ran = run([exe, "--version"], timeout=TIMEOUT, cwd=work, env=env_vars)
        checks["version"] = status_of(ran, ran.ok and bool((ran.stdout + ran.stderr).strip()))
        if conn.kind == "tap":
            settings = (config_from or about or {}).get("settings") or {}
            config = placeholder_config(settings) if isinstance(settings, dict) else {}
            (work / "config.json").write_text(json.dumps(config, indent=1))
            ran = run(
                [exe, "--config", work / "config.json", "--discover"],
                timeout=DISCOVER_TIMEOUT,
                cwd=work,
                env=env_vars,
            )
            catalog = None
            with contextlib.suppress(ValueError):
                catalog = json.loads(ran.stdout) if ran.ok else None
            good = isinstance(catalog, dict) and isinstance(catalog.get("streams"), list)
            checks["discover"] = status_of(ran, good)
            checks["discover"]["config"] = config
            if good:
                checks["discover"]["streams"] = len(catalog["streams"])
        else:
            checks["discover"] = {"status": NA, "reason": f"not a tap ({conn.kind})"}
    checks["tests"] = run_tests(conn, side, env, dl, ctx, env_vars)
    return checks, about


def run_tests(
    conn: Connector, side: str, env: Path, dl: dict[str, t.Any], ctx: Context, env_vars: dict
) -> dict[str, t.Any]:
    if ctx.skip_tests:
        return {"status": NA, "reason": "skipped (--skip-tests)"}
    if not dl.get("sdist"):
        return {"status": NA, "reason": "no sdist"}
    source = extract_sdist(CACHE / dl["sdist"], CACHE / "work" / conn.name / side / "src")
    if source is None:
        return {"status": NA, "reason": "sdist could not be extracted"}
    paths = find_tests(source)
    if not paths:
        return {"status": NA, "reason": "no tests in the sdist"}
    if not has_pytest_config(source):
        # Else pytest climbs to this checkout's pyproject.toml and takes its options and rootdir.
        (source / "pytest.ini").write_text("[pytest]\n")
    report = CACHE / "work" / conn.name / side / "junit.xml"
    has_timeout = (site_packages(env) / "pytest_timeout.py").is_file()
    args = [env / "bin" / "python", "-m", "pytest", "-q", "-p", "no:cacheprovider", "-rN"]
    args += [f"--rootdir={source}"]
    args += [f"--junitxml={report}", "-o", "junit_family=xunit2"]
    if has_timeout:
        args.append(f"--timeout={TEST_CASE_TIMEOUT}")
    ran = run([*args, *paths], timeout=TEST_TIMEOUT, cwd=source, env=env_vars)
    outcomes = junit_outcomes(report)
    counts = {k: sum(1 for v in outcomes.values() if v == k) for k in ("passed", "failed", "error")}
    counts["skipped"] = sum(1 for v in outcomes.values() if v == "skipped")
    result = status_of(ran, ran.returncode == 0)
    result.update(counts)
    result["total"] = len(outcomes)
    result["exit_code"] = ran.returncode
    result["paths"] = paths
    result["outcomes"] = outcomes
    if ran.returncode == 0:
        result.pop("tail", None)
    else:
        result["tail"] = tail(ran.stdout.strip() + "\n" + ran.stderr.strip())
    return result


# -- one connector -----------------------------------------------------------------------------


def check_connector(conn: Connector, ctx: Context) -> dict[str, t.Any]:
    """Download, install both sides, run the checks; cached by inputs."""
    entry: dict[str, t.Any] = {
        "name": conn.name,
        "kind": conn.kind,
        "sdk_requirement": conn.sdk_requirement,
        "corpus_version": conn.version,
        "python_requires": conn.python_requires,
        "network_guess": conn.network,
        "covered": False,
    }
    started = time.monotonic()
    dl = fetch(conn)
    entry["download"] = {k: v for k, v in dl.items() if k != "metadata"}
    if not dl.get("wheel"):
        entry["reason"] = dl.get("error", "no wheel")
        return entry
    entry["version_tested"] = dl["version"]
    key = hashlib.sha256(
        json.dumps(
            [RESULT_SCHEMA, dl["wheel"], ctx.ours_meta["wheel_key"], REF_VERSION, ctx.skip_tests]
        ).encode()
    ).hexdigest()[:16]
    cached = CACHE / "results" / f"{conn.name}.json"
    if cached.is_file() and not ctx.force:
        previous = json.loads(cached.read_text())
        if previous.get("key") == key:
            log(f"{conn.name}: cached result")
            return previous
    source = None
    if dl.get("sdist"):
        source = extract_sdist(CACHE / dl["sdist"], CACHE / "work" / conn.name / "meta-src")
    try:
        ref = build_ref(conn, dl, ctx, source)
        ours = build_ours(conn, dl, ref, ctx) if ref.get("ok") else {"ok": False}
    except (RuntimeError, OSError, StopIteration) as exc:
        entry["reason"] = f"environment: {exc}"
        return entry
    entry["install"] = {
        "deps_mode": ref.get("deps_mode"),
        "requirements": ref.get("requirements"),
        "test_requirements": ref.get("test_requirements"),
        "sdk_extras": ref.get("sdk_extras"),
        "skipped": ref.get("skipped"),
        "log": ref.get("log"),
        "ours_log": ours.get("log"),
        "ours_constrained": ours.get("ours_constrained"),
        "dropped_extras": ours.get("dropped_extras"),
        "differing": ours.get("differing"),
        "differing_shared": ours.get("differing_shared"),
    }
    if not ref.get("ok") or not ours.get("ok"):
        entry["reason"] = ref.get("error") or ours.get("error") or "install failed"
        log(f"{conn.name}: not installed: {entry['reason'][:200]}")
        return entry
    log(f"{conn.name} {dl['version']}: environments ready ({ref['deps_mode']})")
    ref_checks, ref_about = run_checks(
        conn, "ref", CACHE / "envs" / conn.name / "ref", dl, ctx, None
    )
    ours_checks, ours_about = run_checks(
        conn, "ours", CACHE / "envs" / conn.name / "ours", dl, ctx, ref_about
    )
    entry["covered"] = True
    entry["checks"] = {
        name: {"ref": ref_checks[name], "ours": ours_checks[name]} for name in CHECKS
    }
    if ref_about and ours_about:
        entry["about_differs"] = sorted(
            k for k in set(ref_about) | set(ours_about) if ref_about.get(k) != ours_about.get(k)
        )
    ref_tests = ref_checks["tests"].get("outcomes", {})
    ours_tests = ours_checks["tests"].get("outcomes", {})
    entry["test_regressions"] = sorted(
        test
        for test, state in ref_tests.items()
        if state == "passed" and ours_tests.get(test) != "passed"
    )
    entry["ours_commit"] = ctx.ours_meta["commit"]
    entry["seconds"] = round(time.monotonic() - started, 1)
    entry["key"] = key
    cached.parent.mkdir(parents=True, exist_ok=True)
    cached.write_text(json.dumps(entry, indent=1))
    summary = " ".join(
        f"{c}={SYMBOLS[ref_checks[c]['status']]}{SYMBOLS[ours_checks[c]['status']]}" for c in CHECKS
    )
    log(f"{conn.name}: {summary} ({entry['seconds']} s)")
    return entry


# -- main --------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--only", help="comma-separated connector names")
    parser.add_argument("--jobs", type=int, default=2, help="connectors at once (default 2)")
    parser.add_argument("--force", action="store_true", help="re-run cached results")
    parser.add_argument("--rebuild", action="store_true", help="rebuild cached environments")
    parser.add_argument("--skip-tests", action="store_true", help="skip the connectors' tests")
    parser.add_argument(
        "--ours",
        default="head",
        metavar="REV",
        help="build our wheel from this git revision (default: head) or from the work tree "
        "(worktree)",
    )
    parser.add_argument(
        "--render-only", action="store_true", help="only render docs from compat/results.json"
    )
    parser.add_argument("--results", type=Path, default=RESULTS)
    parser.add_argument("--doc", type=Path, default=DOC)
    args = parser.parse_args(argv)

    previous: dict[str, t.Any] = {}
    if args.results.is_file():
        previous = json.loads(args.results.read_text())
    if args.render_only:
        args.doc.write_text(render_markdown(previous), encoding="utf-8")
        return 0

    corpus = read_corpus(args.corpus)
    if args.only:
        wanted = {n.strip() for n in args.only.split(",") if n.strip()}
        unknown = wanted - {c.name for c in corpus}
        if unknown:
            parser.error(f"not in the corpus: {', '.join(sorted(unknown))}")
        corpus = [c for c in corpus if c.name in wanted]

    python = getattr(sys, "_base_executable", sys.executable)
    started = time.monotonic()
    wheel, ours_meta = build_ours_wheel(args.ours)
    log(f"ours: {wheel.name} ({ours_meta['install']}, commit {ours_meta['commit']})")
    ctx = Context(
        python=python,
        ours_wheel=wheel,
        ours_meta=ours_meta,
        force=args.force,
        rebuild=args.rebuild,
        skip_tests=args.skip_tests,
    )
    entries: dict[str, t.Any] = {}
    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        futures = {pool.submit(check_connector, conn, ctx): conn for conn in corpus}
        for future in concurrent.futures.as_completed(futures):
            conn = futures[future]
            try:
                entries[conn.name] = future.result()
            except Exception as exc:  # one connector must not stop the run
                log(f"{conn.name}: runner error {exc!r}")
                entries[conn.name] = {
                    "name": conn.name,
                    "kind": conn.kind,
                    "sdk_requirement": conn.sdk_requirement,
                    "covered": False,
                    "reason": f"runner error: {exc!r}",
                }
    connectors = dict(previous.get("connectors", {})) if args.only else {}
    connectors.update({name: for_results_file(entry) for name, entry in entries.items()})
    ref_python = subprocess.run(
        [python, "-c", "import platform; print(platform.python_version())"],
        capture_output=True,
        text=True,
    ).stdout.strip()
    results = {
        "meta": {
            "generated": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
            "reference": REF_VERSION,
            "ours": ours_meta,
            "python": ref_python,
            "wall_seconds": round(time.monotonic() - started, 1),
            "only": sorted(entries) if args.only else None,
            "timeouts": {
                "check": TIMEOUT,
                "discover": DISCOVER_TIMEOUT,
                "tests": TEST_TIMEOUT,
                "test_case": TEST_CASE_TIMEOUT,
            },
        },
        "connectors": dict(sorted(connectors.items())),
    }
    if args.only and previous.get("meta"):
        results["meta"]["wall_seconds_full_run"] = previous["meta"].get(
            "wall_seconds_full_run", previous["meta"].get("wall_seconds")
        )
    args.results.write_text(json.dumps(results, indent=1, ensure_ascii=False) + "\n")
    args.doc.write_text(render_markdown(results), encoding="utf-8")
    covered = sum(1 for e in connectors.values() if e.get("covered"))
    log(f"done: {covered}/{len(connectors)} covered in {results['meta']['wall_seconds']} s")
    for name, check in ours_only_failures(results):
        log(f"ours-only failure: {name} {check}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
