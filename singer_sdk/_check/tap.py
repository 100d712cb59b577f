"""Check a tap executable: discovery, a full sync, a resumed sync, and selection."""

from __future__ import annotations

import copy
import json
import subprocess
import tempfile
import typing as t
from pathlib import Path

from singer_sdk._check.findings import ERROR, WARNING, Report
from singer_sdk._check.messages import MessageChecker, RunResult, Selection, schema_problem
from singer_sdk._check.values import bookmark_for, compare_values

__all__ = ["check_tap"]


class _Process(t.NamedTuple):
    returncode: int
    stdout: bytes
    stderr: bytes


def _run(command: list[str], timeout: float, cwd: Path) -> _Process:
    try:
        done = subprocess.run(
            command,
            capture_output=True,
            timeout=timeout,
            cwd=cwd,
            check=False,
            stdin=subprocess.DEVNULL,
        )
    except subprocess.TimeoutExpired as exc:
        stderr = exc.stderr or b""
        return _Process(-1, exc.stdout or b"", stderr + f"\n(timed out after {timeout}s)".encode())
    return _Process(done.returncode, done.stdout, done.stderr)


def _tail(stderr: bytes, lines: int = 3) -> str:
    text = stderr.decode("utf-8", "replace").strip().splitlines()
    return " | ".join(text[-lines:]) if text else "(no stderr)"


def check_tap(
    command: list[str],
    report: Report,
    *,
    config: str | None = None,
    timeout: float = 300.0,
    catalog_flag: str = "auto",
    resume: bool = True,
    selection: bool = True,
) -> None:
    """Run every tap check, adding findings to ``report``.

    Args:
        command: The tap's command line (executable and any leading arguments).
        report: Where findings go.
        config: Passed as ``--config`` (a file path, or ``ENV`` for Meltano SDK taps).
        timeout: Seconds each run may take.
        catalog_flag: ``--catalog``, ``--properties``, or ``auto`` (try ``--catalog``, fall back
            to ``--properties`` when the tap rejects it).
        resume: Also run a second sync from the first one's final state.
        selection: Also run a sync with a part of the catalog deselected.
    """
    base = [*command, *(["--config", config] if config else [])]
    with tempfile.TemporaryDirectory(prefix="singer-sdk-check-") as folder:
        work = Path(folder)
        catalog = _discover(base, report, timeout, work)
        if catalog is None:
            return
        entries = [e for e in catalog.get("streams", []) if isinstance(e, dict)]
        selected = _select(catalog, keep=None)
        flag = "--catalog" if catalog_flag == "auto" else catalog_flag
        first, flag = _sync(
            base, report, "sync", selected, None, timeout, work, flag, catalog_flag == "auto"
        )
        if first is None:
            return
        ids = [str(e.get("tap_stream_id") or e.get("stream")) for e in entries]
        for stream in ids:
            if not first.records.get(stream):
                report.add(
                    WARNING, "stream-no-records", stream, "[sync] the stream returned no records"
                )
        if resume:
            _resume(base, report, selected, first, timeout, work, flag)
        if selection and entries:
            _selection_run(base, report, catalog, ids, timeout, work, flag)


def _discover(
    base: list[str], report: Report, timeout: float, work: Path
) -> dict[str, t.Any] | None:
    report.runs += 1
    done = _run([*base, "--discover"], timeout, work)
    if done.returncode != 0:
        report.add(
            ERROR,
            "discover-failed",
            None,
            f"--discover exited {done.returncode}: {_tail(done.stderr)}",
        )
        return None
    try:
        catalog = json.loads(done.stdout)
    except ValueError:
        report.add(ERROR, "catalog-not-json", None, "--discover did not print one JSON document")
        return None
    if not isinstance(catalog, dict) or not isinstance(catalog.get("streams"), list):
        report.add(ERROR, "catalog-shape", None, "the catalog has no 'streams' list")
        return None
    seen: set[str] = set()
    for position, entry in enumerate(catalog["streams"]):
        _check_entry(report, position, entry, seen)
    if not catalog["streams"]:
        report.add(WARNING, "catalog-empty", None, "discovery found no streams")
    return catalog


def _check_entry(report: Report, position: int, entry: t.Any, seen: set[str]) -> None:
    if not isinstance(entry, dict):
        report.add(ERROR, "catalog-shape", None, f"catalog entry {position} is not an object")
        return
    stream_id = entry.get("tap_stream_id")
    name = str(stream_id or entry.get("stream") or f"#{position}")
    for required in ("tap_stream_id", "stream", "schema"):
        if required not in entry:
            report.add(ERROR, "catalog-shape", name, f"catalog entry has no '{required}'")
    if stream_id in seen:
        report.add(ERROR, "catalog-shape", name, "tap_stream_id appears twice in the catalog")
    seen.add(str(stream_id))
    problem = schema_problem(entry.get("schema"))
    if problem:
        report.add(ERROR, "catalog-schema-invalid", name, problem)
    properties = (entry.get("schema") or {}).get("properties") or {}
    metadata = entry.get("metadata", [])
    if not isinstance(metadata, list) or not all(
        isinstance(m, dict)
        and isinstance(m.get("breadcrumb"), list)
        and isinstance(m.get("metadata"), dict)
        for m in metadata
    ):
        report.add(
            ERROR, "catalog-metadata", name, "metadata must be a list of {breadcrumb, metadata}"
        )
        return
    root: dict[str, t.Any] = next((m["metadata"] for m in metadata if m["breadcrumb"] == []), {})
    for label in ("table-key-properties", "valid-replication-keys"):
        listed = root.get(label) or []
        missing = [key for key in listed if isinstance(properties, dict) and key not in properties]
        if missing:
            report.add(
                ERROR, "catalog-metadata", name, f"{label} {missing} are not schema properties"
            )
    for item in metadata:
        crumb = item["breadcrumb"]
        if len(crumb) == 2 and crumb[0] == "properties" and crumb[1] not in properties:
            report.add(
                WARNING, "catalog-metadata", name, f"metadata for unknown property '{crumb[1]}'"
            )


def _select(
    catalog: dict[str, t.Any], keep: set[str] | None, drop_one_property: bool = False
) -> tuple[dict[str, t.Any], Selection]:
    """A copy of the catalog with streams (and perhaps one property each) selected."""
    chosen = copy.deepcopy(catalog)
    selection = Selection(streams=set())
    for entry in chosen["streams"]:
        stream_id = str(entry.get("tap_stream_id") or entry.get("stream"))
        on = keep is None or stream_id in keep
        metadata = entry.setdefault("metadata", [])
        root = next((m for m in metadata if m.get("breadcrumb") == []), None)
        if root is None:
            root = {"breadcrumb": [], "metadata": {}}
            metadata.append(root)
        root["metadata"]["selected"] = on
        if isinstance(entry.get("schema"), dict):
            entry["schema"]["selected"] = on  # legacy selection (singer-python "properties" mode)
        if not on:
            continue
        assert selection.streams is not None
        selection.streams.add(stream_id)
        if drop_one_property:
            dropped = _deselect_one_property(entry, root["metadata"])
            if dropped:
                selection.deselected[stream_id] = {dropped}
    return chosen, selection


def _deselect_one_property(entry: dict[str, t.Any], root: dict[str, t.Any]) -> str | None:
    protected = set(root.get("table-key-properties") or []) | set(
        root.get("valid-replication-keys") or []
    )
    protected |= set(entry.get("key_properties") or [])
    if entry.get("replication_key"):
        protected.add(entry["replication_key"])
    by_name = {
        m["breadcrumb"][1]: m
        for m in entry["metadata"]
        if len(m.get("breadcrumb", [])) == 2 and m["breadcrumb"][0] == "properties"
    }
    for name in (entry.get("schema") or {}).get("properties") or {}:
        if name in protected:
            continue
        item = by_name.get(name)
        if item is None:
            continue  # properties without metadata can't be deselected reliably
        if item["metadata"].get("inclusion") in {"automatic", "unsupported"}:
            continue
        item["metadata"]["selected"] = False
        return str(name)
    return None


def _sync(
    base: list[str],
    report: Report,
    label: str,
    selected: tuple[dict[str, t.Any], Selection],
    state: t.Any,
    timeout: float,
    work: Path,
    flag: str,
    may_fall_back: bool,
) -> tuple[RunResult | None, str]:
    catalog, selection = selected
    catalog_path = work / f"{label}-catalog.json"
    catalog_path.write_text(json.dumps(catalog))
    extra = [flag, str(catalog_path)]
    if state is not None:
        state_path = work / f"{label}-state.json"
        state_path.write_text(json.dumps(state))
        extra += ["--state", str(state_path)]
    report.runs += 1
    done = _run([*base, *extra], timeout, work)
    if (
        done.returncode != 0
        and may_fall_back
        and flag == "--catalog"
        and _rejected_option(done.stderr)
    ):
        flag = "--properties"
        extra[0] = flag
        report.runs += 1
        done = _run([*base, *extra], timeout, work)
    if done.returncode != 0:
        report.add(
            ERROR,
            "sync-failed",
            None,
            f"[{label}] the tap exited {done.returncode}: {_tail(done.stderr)}",
        )
    checker = MessageChecker(report, label, selection=selection, previous_state=state)
    result = checker.feed(done.stdout.splitlines())
    if done.returncode != 0 and not result.records:
        return None, flag
    if not result.states:
        report.add(WARNING, "state-none", None, f"[{label}] the tap wrote no STATE message")
    return result, flag


def _rejected_option(stderr: bytes) -> bool:
    text = stderr.decode("utf-8", "replace").lower()
    return "--catalog" in text and any(
        phrase in text for phrase in ("unrecognized", "no such option", "unknown option")
    )


def _resume(
    base: list[str],
    report: Report,
    selected: tuple[dict[str, t.Any], Selection],
    first: RunResult,
    timeout: float,
    work: Path,
    flag: str,
) -> None:
    state = first.final_state
    if state is None:
        return
    second, _ = _sync(base, report, "resume", selected, state, timeout, work, flag, False)
    if second is None:
        return
    for stream, records in second.records.items():
        schema = first.schemas.get(stream) or second.schemas.get(stream) or {}
        keys = schema.get("bookmark_properties") or []
        if len(keys) != 1:
            continue
        key = keys[0]
        for index, record in enumerate(records):
            found, bookmark = bookmark_for(state, stream, key, record)
            if not found or record.get(key) is None:
                continue
            if compare_values(bookmark, record[key]) == -1:
                report.add(
                    ERROR,
                    "incremental-older-than-bookmark",
                    stream,
                    f"[resume] record {index}, field '{key}': {record[key]!r} is older than "
                    f"the bookmark {bookmark!r} it resumed from",
                )
    final = second.final_state
    if isinstance(state, dict) and isinstance(final, dict):
        for stream in state.get("bookmarks") or {}:
            schema = first.schemas.get(stream) or {}
            keys = schema.get("bookmark_properties") or []
            key = keys[0] if len(keys) == 1 else None
            found_old, old = bookmark_for(state, stream, key)
            found_new, new = bookmark_for(final, stream, key)
            if found_old and found_new and compare_values(old, new) == -1:
                report.add(
                    ERROR,
                    "state-backwards",
                    stream,
                    f"[resume] the final bookmark {new!r} is before the one it resumed "
                    f"from {old!r}",
                )


def _selection_run(
    base: list[str],
    report: Report,
    catalog: dict[str, t.Any],
    ids: list[str],
    timeout: float,
    work: Path,
    flag: str,
) -> None:
    keep = set(ids[1:]) if len(ids) > 1 else set(ids)
    selected = _select(catalog, keep=keep, drop_one_property=True)
    _sync(base, report, "selection", selected, None, timeout, work, flag, False)
