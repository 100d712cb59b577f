"""``singer-sdk-infer`` (also ``python -m singer_sdk.schema``): write a stream's inferred schema.

Samples come from JSON files (an array of records, one record, or ``{"data": [...]}``-less
JSON Lines: one record per line; ``-`` reads stdin), or from the first ``--limit`` records of a
stream of a tap class run in process (``--tap module:Class --stream NAME --config FILE``). The
schema is written as sorted, indented JSON (``--output FILE``, else stdout): the same samples
always give the same bytes.
"""

from __future__ import annotations

import argparse
import decimal
import importlib
import itertools
import json
import logging
import os
import sys
import tempfile
import typing as t

from singer_sdk._schema.infer import infer_schema

__all__ = ["main", "read_samples", "stream_samples"]

_LOGGER = logging.getLogger("singer_sdk.schema")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="singer-sdk-infer",
        description=(
            "Infer a stream's JSON Schema from sample records (JSON or JSONL files) or from the "
            "first records of a running stream, and write it sorted and indented."
        ),
    )
    parser.add_argument("files", nargs="*", help="JSON or JSONL sample files ('-': stdin)")
    parser.add_argument("--tap", help="a tap class as module:Class (with --stream)")
    parser.add_argument("--stream", help="the stream of --tap to read samples from")
    parser.add_argument(
        "--config", action="append", default=[], help="config file of --tap (repeatable)"
    )
    parser.add_argument(
        "--limit", type=int, default=1000, help="records read from --stream (default 1000)"
    )
    parser.add_argument(
        "--key-property",
        "-k",
        action="append",
        default=None,
        help="a key property, not nullable (repeatable; default: the stream's primary keys)",
    )
    parser.add_argument("--replication-key", help="the replication key (default: the stream's own)")
    parser.add_argument(
        "--decimal",
        action="store_true",
        help="annotate numbers with more digits than a float keeps as x-singer.decimal",
    )
    parser.add_argument("--output", "-o", help="file to write (default: stdout)")
    return parser


def _parse(text: str) -> t.Any:
    return json.loads(text, parse_float=decimal.Decimal)


def read_samples(text: str, *, source: str = "<input>") -> list[t.Any]:
    """Return the records in ``text``: a JSON array, one JSON object, or JSON Lines.

    Raises:
        ValueError: the text is neither (the message names ``source`` and the line).
    """
    stripped = text.strip()
    if not stripped:
        return []
    try:
        value = _parse(stripped)
    except json.JSONDecodeError:
        value = None
    else:
        return list(value) if isinstance(value, list) else [value]
    records = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            records.append(_parse(line))
        except json.JSONDecodeError as exc:
            msg = f"{source}, line {number}: not JSON ({exc.msg})"
            raise ValueError(msg) from None
    return records


def stream_samples(
    tap_spec: str, stream_name: str, config_files: t.Sequence[str], limit: int
) -> tuple[list[dict[str, t.Any]], tuple[str, ...], str | None]:
    """Return up to ``limit`` records of a stream, with its key properties and replication key.

    Raises:
        ValueError: ``tap_spec`` is not ``module:Class`` or the stream does not exist.
    """
    module_name, _, class_name = tap_spec.partition(":")
    if not module_name or not class_name:
        msg = f"--tap must be module:Class, not {tap_spec!r}"
        raise ValueError(msg)
    sys.path.insert(0, os.getcwd())
    tap_class = getattr(importlib.import_module(module_name), class_name)
    from singer_sdk._config import ConfigInput

    config = ConfigInput.from_cli_args(*config_files)
    tap = tap_class(config=config.config, parse_env_config=config.parse_env)
    stream = tap.streams.get(stream_name)
    if stream is None:
        msg = f"Tap {class_name} has no stream {stream_name!r} (it has: {sorted(tap.streams)})"
        raise ValueError(msg)
    contexts = stream.partitions or [None]

    def records() -> t.Iterator[dict[str, t.Any]]:
        for context in contexts:
            yield from stream.get_records(context)

    # Round-trip through JSON: the schema describes records as they are written.
    from singer_sdk._messages.codec import encode_str

    samples = [_parse(encode_str(record)) for record in itertools.islice(records(), limit)]
    keys = tuple(stream.primary_keys or ())
    return samples, keys, stream.replication_key


def write_atomically(path: str, text: str) -> None:
    """Write ``text`` to ``path`` through a temporary file renamed over it."""
    directory = os.path.dirname(os.path.abspath(path))
    descriptor, temp_path = tempfile.mkstemp(dir=directory, prefix=".infer-", suffix=".tmp")
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8") as file:
            file.write(text)
        os.replace(temp_path, path)
    except BaseException:
        os.unlink(temp_path)
        raise


def main(argv: t.Sequence[str] | None = None) -> int:
    """Run the command; return its exit code (0 done, 2 bad usage or input)."""
    parser = _parser()
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(message)s", stream=sys.stderr)
    if bool(args.tap) != bool(args.stream):
        parser.error("--tap and --stream go together")
    if args.tap and args.files:
        parser.error("give sample files or --tap/--stream, not both")
    if not args.tap and not args.files:
        parser.error("give sample files (or '-') or --tap/--stream")
    keys: tuple[str, ...] = ()
    replication_key = None
    try:
        if args.tap:
            samples, keys, replication_key = stream_samples(
                args.tap, args.stream, args.config, args.limit
            )
        else:
            samples = []
            for name in args.files:
                if name == "-":
                    samples.extend(read_samples(sys.stdin.read(), source="<stdin>"))
                else:
                    with open(name, encoding="utf-8") as file:
                        samples.extend(read_samples(file.read(), source=name))
        if args.key_property is not None:
            keys = tuple(args.key_property)
        if args.replication_key is not None:
            replication_key = args.replication_key or None
        schema = infer_schema(
            samples, key_properties=keys, replication_key=replication_key, decimal=args.decimal
        )
    except (OSError, ValueError, TypeError) as exc:
        print(f"singer-sdk-infer: {exc}", file=sys.stderr)
        return 2
    text = json.dumps(schema, indent=2, sort_keys=True) + "\n"
    if args.output:
        write_atomically(args.output, text)
    else:
        sys.stdout.write(text)
    _LOGGER.info("Inferred %d properties from %d records", len(schema["properties"]), len(samples))
    return 0
