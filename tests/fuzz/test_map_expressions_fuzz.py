"""Fuzz stream-map expressions that try to grow without bound: repetition of strings, lists and
bytes, exponentiation, string methods that grow, nested comprehensions, serialising shared lists.

Hypothesis builds the expressions from small pieces; a child process with a memory limit
compiles and evaluates each against a record. Each must return a value of bounded size or fail
with a ``MapExpressionError`` naming the stream map and the property, quickly, and the child
must never run out of memory or time.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import typing as t
from pathlib import Path

from hypothesis import given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

REPO = Path(__file__).resolve().parents[2]
FACTOR = max(1, int(os.environ.get("SINGER_SDK_FUZZ_FACTOR", "1")))
MEMORY_LIMIT = 1 << 30

ATOMS = ["'x'", "'ab'", "name", "[1]", "['x']", "b'x'", "tags", "(1, 'y')", "{'k': name}"]
NUMBERS = ["9", "99", "99999", "10 ** 5", "10 ** 9", "2 ** 64", "-1", "0"]

CHILD = r"""
import json, sys, time
from singer_sdk._mapping.expressions import compile_expression, _size
from singer_sdk.exceptions import MapExpressionError, StreamMapConfigError
results = []
for text in json.loads(sys.stdin.read()):
    started = time.monotonic()
    try:
        expression = compile_expression(text, stream="people", prop="p")
        value = expression({"name": "Ada", "tags": ["a", "b"]})
        outcome = ["ok", _size(value, 10 ** 7)]
    except (MapExpressionError, StreamMapConfigError) as exc:
        outcome = ["refused", str(exc)]
    results.append([text, outcome, time.monotonic() - started])
print(json.dumps(results))
"""


def expressions() -> st.SearchStrategy[str]:
    def grow(inner: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
        number = st.sampled_from(NUMBERS)
        return st.one_of(
            st.tuples(inner, number).map(lambda p: f"({p[0]}) * {p[1]}"),
            st.tuples(number, inner).map(lambda p: f"{p[0]} * ({p[1]})"),
            st.tuples(inner, inner).map(lambda p: f"({p[0]}) + ({p[1]})"),
            st.tuples(inner, number).map(lambda p: f"str({p[0]}).zfill({p[1]})"),
            st.tuples(inner, number).map(lambda p: f"str({p[0]}).center({p[1]})"),
            st.tuples(inner, inner).map(lambda p: f"str({p[0]}).replace('x', str({p[1]}))"),
            st.tuples(inner, inner).map(lambda p: f"str({p[0]}).join([str({p[1]})] * 99)"),
            st.tuples(inner, number).map(lambda p: f"str({p[0]}).expandtabs({p[1]})"),
            st.tuples(inner, inner).map(lambda p: f"[{p[0]} for _i in str({p[1]})]"),
            st.tuples(inner, inner).map(
                lambda p: f"[[{p[0]} for _j in 'abc'] for _i in str({p[1]})]"
            ),
            inner.map(lambda e: f"json.dumps({e})"),
            inner.map(lambda e: f"str({e})"),
            st.tuples(number, number).map(lambda p: f"{p[0]} ** {p[1]}"),
            st.tuples(number, number).map(lambda p: f"{p[0]} << {p[1]}"),
        )

    return st.recursive(st.sampled_from(ATOMS), grow, max_leaves=6)


def _limit_child() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


@hsettings(max_examples=30 * FACTOR)
@given(texts=st.lists(expressions(), min_size=10, max_size=10))
def test_map_expressions_are_bounded(
    count_example: t.Callable[[str], None], texts: list[str]
) -> None:
    for _ in texts:
        count_example("map expressions")
    result = subprocess.run(
        [sys.executable, "-c", CHILD],
        input=json.dumps(texts).encode(),
        capture_output=True,
        timeout=60,
        env=dict(os.environ, PYTHONPATH=str(REPO)),
        preexec_fn=_limit_child,
        check=False,
    )
    assert result.returncode == 0, result.stderr.decode()[-3000:]
    for text, (kind, detail), seconds in json.loads(result.stdout):
        assert seconds < 5, (text, seconds)
        if kind == "ok":
            assert detail <= 2_000_000, (text, detail)
        else:
            assert "stream map 'people', property 'p'" in detail, (text, detail)
