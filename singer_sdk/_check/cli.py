"""``singer-sdk-check``: check any Singer tap or target executable against the Singer spec."""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import typing as t
from pathlib import Path

from singer_sdk._check.findings import ERROR, Report

__all__ = ["main"]

_DESCRIPTION = """\
Run a Singer tap or target (any executable, built with this library or not) and report
Singer spec violations, one line per finding: <severity> <rule-id> <stream>: <message>.
Exit code: 0 when no errors were found, 1 when some were, 2 on usage errors.

examples:
  singer-sdk-check tap --config config.json -- tap-github
  singer-sdk-check tap --config ENV -- python samples/tap_demo.py
  singer-sdk-check target --config target.json -- target-jsonl
"""


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="singer-sdk-check",
        description=_DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    kinds = parser.add_subparsers(dest="kind", required=True, metavar="{tap,target}")
    tap = kinds.add_parser("tap", help="check a tap: discovery, sync, resume, selection")
    target = kinds.add_parser("target", help="check a target: load valid messages, emit state")
    for sub in (tap, target):
        sub.add_argument("--config", help="passed to the executable as --config (file or ENV)")
        sub.add_argument(
            "--timeout", type=float, default=300.0, help="seconds per run (default 300)"
        )
        sub.add_argument(
            "--max-per-rule",
            type=int,
            default=5,
            help="findings shown per rule and stream (default 5)",
        )
        sub.add_argument(
            "command", nargs="+", help="the executable and its leading arguments (after --)"
        )
    tap.add_argument(
        "--catalog-flag",
        choices=["auto", "--catalog", "--properties"],
        default="auto",
        help="how to pass the catalog (auto: --catalog, then --properties if rejected)",
    )
    tap.add_argument("--no-resume", action="store_true", help="skip the run from the state")
    tap.add_argument("--no-selection", action="store_true", help="skip the selection run")
    return parser


def _absolute(argument: str) -> str:
    """``argument`` made absolute if it names an existing file or folder, else unchanged."""
    if argument.startswith("-") or not Path(argument).exists():
        return argument
    return os.path.abspath(argument)


def main(argv: t.Sequence[str] | None = None) -> int:
    """Run the checker.

    Args:
        argv: The arguments (default: ``sys.argv[1:]``).

    Returns:
        The exit code: 0 clean, 1 errors found, 2 usage error.
    """
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits 2 on usage errors, 0 for --help
        return int(exc.code or 0)
    if args.max_per_rule < 1 or args.timeout <= 0:
        parser.print_usage(sys.stderr)
        print("singer-sdk-check: --max-per-rule and --timeout must be positive", file=sys.stderr)
        return 2
    executable = shutil.which(args.command[0])
    if executable is None:
        print(f"singer-sdk-check: executable not found: {args.command[0]}", file=sys.stderr)
        return 2
    # The executable runs in a scratch folder: make paths given relative to here absolute.
    command = [os.path.abspath(executable), *map(_absolute, args.command[1:])]
    config = _absolute(args.config) if args.config else None
    report = Report(per_rule_limit=args.max_per_rule)
    if args.kind == "tap":
        from singer_sdk._check.tap import check_tap

        check_tap(
            command,
            report,
            config=config,
            timeout=args.timeout,
            catalog_flag=args.catalog_flag,
            resume=not args.no_resume,
            selection=not args.no_selection,
        )
    else:
        from singer_sdk._check.target import check_target

        check_target(command, report, config=config, timeout=args.timeout)
    for line in report.lines():
        print(line)
    return 1 if report.count(ERROR) else 0
