"""Stream map expressions: parsing, sandbox checks, compilation and type inference.

An expression is parsed and checked once, when the stream maps are set up: only the node types
the :class:`MapperEval` evaluator (a ``simpleeval.EvalWithCompoundTypes``) knows are accepted,
no name may start with ``__`` (except ``__stream_name__`` and ``__original_stream_name__``),
no attribute may start with ``_`` or be one of simpleeval's disallowed methods, and modules are
only reachable through wrappers that expose a fixed list of attributes.

Expressions without comprehensions are then compiled to Python bytecode over a namespace with
no builtins, with ``**``, ``*``, ``%``, ``<<`` and ``>>`` routed through bounded versions:
that is the fast path, a few hundred nanoseconds per record. Expressions with comprehensions
are evaluated by :class:`MapperEval`, which counts comprehension iterations.
"""

from __future__ import annotations

import ast
import datetime as dt
import hashlib
import json
import re
import typing as t

import simpleeval

from singer_sdk._exceptions import MapExpressionError, StreamMapConfigError

__all__ = [
    "ALLOWED_DUNDER_NAMES",
    "CompiledExpression",
    "MapperEval",
    "compile_expression",
    "default_functions",
    "infer_schema",
    "md5",
    "sha256",
]

#: The only ``__x__`` names an expression may use.
ALLOWED_DUNDER_NAMES = frozenset({"__stream_name__", "__original_stream_name__"})

#: Largest result (in bits) of ``a ** b`` and ``a << b`` on integers.
MAX_INT_BITS = 100_000
#: Longest sequence ``*`` and the string methods that grow a string may build; for lists it
#: counts every string's characters and every other item once, nested lists included (so
#: ``[["x"] * n] * m`` counts ``n * m``): that is what writing the value out will cost.
MAX_SEQUENCE_LENGTH = simpleeval.MAX_STRING_LENGTH
#: Largest value a comprehension may build, counted as above.
MAX_VALUE_SIZE = 10 * MAX_SEQUENCE_LENGTH
#: String and bytes methods whose result can be far larger than their inputs.
_GROWING_METHODS = frozenset({"replace", "join", "zfill", "ljust", "rjust", "center", "expandtabs"})

_MISSING: t.Any = object()
_WIDE_FORMAT = re.compile(r"\d{4,}")


def md5(string: str) -> str:
    """Return the hex MD5 digest of ``string`` (UTF-8)."""
    return hashlib.md5(string.encode(), usedforsecurity=False).hexdigest()


def sha256(string: str) -> str:
    """Return the hex SHA-256 digest of ``string`` (UTF-8)."""
    return hashlib.sha256(string.encode()).hexdigest()


def _safe_pow(a: t.Any, b: t.Any) -> t.Any:
    if isinstance(a, int) and isinstance(b, int) and b > 0 and abs(a) > 1:
        if a.bit_length() * b > MAX_INT_BITS:
            msg = f"Refusing to evaluate {a} ** {b}: the result would be too large"
            raise simpleeval.NumberTooHigh(msg)
    elif isinstance(b, int | float) and abs(b) > simpleeval.MAX_POWER:
        msg = f"Refusing to evaluate {a} ** {b}: the exponent is too large"
        raise simpleeval.NumberTooHigh(msg)
    return a**b


def _size(value: t.Any, limit: int) -> int:
    """The size of ``value`` as :data:`MAX_SEQUENCE_LENGTH` counts it; stops past ``limit``.

    Shared items count each time they appear (they are written out each time).
    """
    total = 0
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str | bytes | bytearray):
            total += len(item) or 1
        elif isinstance(item, dict):
            total += 1
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list | tuple | set | frozenset):
            total += 1
            stack.extend(item)
        else:
            total += 1
        if total > limit:
            break
    return total


def _too_long(what: str) -> simpleeval.IterableTooLong:
    return simpleeval.IterableTooLong(
        f"Refusing to build {what} that long (limit: {MAX_SEQUENCE_LENGTH:,} items or characters)"
    )


def _safe_mult(a: t.Any, b: t.Any) -> t.Any:
    for seq, times in ((a, b), (b, a)):
        if isinstance(times, int) and not isinstance(times, bool) and hasattr(seq, "__len__"):
            if times > 0 and len(seq) * times > MAX_SEQUENCE_LENGTH:
                raise _too_long("a sequence")
            if times > 1 and _size(seq, MAX_SEQUENCE_LENGTH) * times > MAX_SEQUENCE_LENGTH + times:
                raise _too_long("a sequence")
    return a * b


def _grown_size(obj: t.Any, name: str, args: tuple[t.Any, ...]) -> int:
    """The length of ``obj.name(*args)`` (an upper bound), without computing it."""
    if name == "join":
        items = list(args[0]) if args else []
        sizes = sum(len(item) if hasattr(item, "__len__") else 1 for item in items)
        return sizes + len(obj) * max(len(items) - 1, 0)
    if name == "replace" and len(args) >= 2:
        old, new = args[0], args[1]
        if not hasattr(old, "__len__") or not hasattr(new, "__len__"):
            return 0
        times = obj.count(old) if len(old) else len(obj) + 1
        if len(args) > 2 and isinstance(args[2], int) and args[2] >= 0:
            times = min(times, args[2])
        return len(obj) + times * max(len(new) - len(old), 0)
    if name == "expandtabs":
        tabsize = args[0] if args and isinstance(args[0], int) else 8
        tabs: int = obj.count("\t" if isinstance(obj, str) else b"\t")
        return len(obj) + tabs * max(tabsize, 0)
    width = args[0] if args else 0
    return width if isinstance(width, int) else 0


def _safe_method(obj: t.Any, name: str, *args: t.Any, **kwargs: t.Any) -> t.Any:
    """Call ``obj.name(*args, **kwargs)``: refused first if it would grow a string too far."""
    method = getattr(obj, name)
    if isinstance(obj, str | bytes | bytearray) and not kwargs:
        if name == "join" and args:
            args = (list(args[0]), *args[1:])
        if _grown_size(obj, name, args) > MAX_SEQUENCE_LENGTH:
            raise _too_long(f"a string with {name}()")
    return method(*args, **kwargs)


def _safe_lshift(a: t.Any, b: t.Any) -> t.Any:
    if isinstance(a, int) and isinstance(b, int) and a.bit_length() + b > MAX_INT_BITS:
        msg = f"Refusing to evaluate {a} << {b}: the result would be too large"
        raise simpleeval.NumberTooHigh(msg)
    return a << b


def _safe_rshift(a: t.Any, b: t.Any) -> t.Any:
    return a >> b


def _safe_mod(a: t.Any, b: t.Any) -> t.Any:
    if isinstance(a, str | bytes):
        msg = "%-formatting of strings is not available in stream maps; use an f-string"
        raise simpleeval.FeatureNotAvailable(msg)
    return a % b


_SAFE_OPERATORS: dict[type[ast.AST], t.Callable[[t.Any, t.Any], t.Any]] = {
    ast.Pow: _safe_pow,
    ast.Mult: _safe_mult,
    ast.LShift: _safe_lshift,
    ast.RShift: _safe_rshift,
    ast.Mod: _safe_mod,
}
_SAFE_NAMES: dict[type[ast.AST], str] = {
    ast.Pow: "_op_pow",
    ast.Mult: "_op_mult",
    ast.LShift: "_op_lshift",
    ast.RShift: "_op_rshift",
    ast.Mod: "_op_mod",
}


def default_functions() -> dict[str, t.Any]:
    """Return the functions and modules expressions may call, by name.

    simpleeval's defaults (``rand``, ``randint``, ``int``, ``float``, ``str``) plus ``bool``,
    ``md5``, ``sha256``, and the ``datetime`` and ``json`` modules (wrapped: only their
    public classes and ``dumps``/``loads`` are reachable).
    """
    functions: dict[str, t.Any] = dict(simpleeval.DEFAULT_FUNCTIONS)
    functions.update(
        bool=bool,
        md5=md5,
        sha256=sha256,
        datetime=simpleeval.ModuleWrapper(
            dt,
            allowed_attrs={"date", "datetime", "time", "timedelta", "timezone", "UTC"},
        ),
        json=simpleeval.ModuleWrapper(json, allowed_attrs={"dumps", "loads"}),
    )
    return functions


class MapperEval(simpleeval.EvalWithCompoundTypes):  # type: ignore[misc]
    """The stream map evaluator: simpleeval with compound types and bounded operators.

    ``**``, ``*``, ``<<`` and ``%`` refuse results that would be huge (and ``%`` refuses
    string formatting); comprehensions are limited to simpleeval's iteration count.
    """

    def __init__(self, functions: dict[str, t.Any] | None = None) -> None:
        operators = dict(simpleeval.DEFAULT_OPERATORS)
        operators.update(_SAFE_OPERATORS)
        super().__init__(operators=operators, functions=functions or default_functions())
        self.names: dict[str, t.Any] = {}

    def _eval_call(self, node: ast.Call) -> t.Any:
        func = node.func
        if isinstance(func, ast.Attribute) and func.attr in _GROWING_METHODS:
            obj = self._eval(func.value)
            getattr(obj, func.attr)  # the sandbox's attribute checks were made when compiled
            args = [self._eval(arg) for arg in node.args]
            kwargs = dict(self._eval(keyword) for keyword in node.keywords)
            return _safe_method(obj, func.attr, *args, **kwargs)
        return super()._eval_call(node)

    def _eval_comprehension(self, node: ast.AST) -> t.Any:
        value = super()._eval_comprehension(node)
        if _size(value, MAX_VALUE_SIZE) > MAX_VALUE_SIZE:
            msg = f"Refusing to build a value that large (limit: {MAX_VALUE_SIZE:,} items)"
            raise simpleeval.IterableTooLong(msg)
        return value

    def allowed_node_types(self) -> frozenset[type[ast.AST]]:
        """The AST node types an expression may contain."""
        nodes = set(self.nodes) - {ast.Assign, ast.AugAssign, ast.Import, ast.Expr}
        return frozenset(
            nodes
            | set(self.operators)
            | {ast.Expression, ast.Load, ast.Store, ast.comprehension, ast.And, ast.Or}
        )


def _check_tree(tree: ast.AST, allowed: frozenset[type[ast.AST]]) -> None:
    """Raise ``simpleeval.FeatureNotAvailable`` for anything outside the sandbox."""
    for node in ast.walk(tree):
        if type(node) not in allowed:
            msg = f"{type(node).__name__} is not available in stream map expressions"
            raise simpleeval.FeatureNotAvailable(msg)
        if isinstance(node, ast.Name):
            if node.id.startswith("__") and node.id not in ALLOWED_DUNDER_NAMES:
                msg = f"The name '{node.id}' is not available in stream map expressions"
                raise simpleeval.FeatureNotAvailable(msg)
        elif isinstance(node, ast.Attribute):
            attr = node.attr
            if attr.startswith(tuple(simpleeval.DISALLOW_PREFIXES)) or (
                attr in simpleeval.DISALLOW_METHODS
            ):
                msg = f"The attribute '{attr}' is not available in stream map expressions"
                raise simpleeval.FeatureNotAvailable(msg)
        elif isinstance(node, ast.FormattedValue) and node.format_spec is not None:
            spec = node.format_spec
            parts = spec.values if isinstance(spec, ast.JoinedStr) else [spec]
            for part in parts:
                if not isinstance(part, ast.Constant) or _WIDE_FORMAT.search(str(part.value)):
                    msg = "This format specification is not available in stream map expressions"
                    raise simpleeval.FeatureNotAvailable(msg)


_COMPREHENSIONS = (ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)


class _Rewriter(ast.NodeTransformer):
    """Turn a checked expression into the body of ``lambda _r, _s: ...`` (fast path)."""

    def __init__(self, functions: t.Collection[str]) -> None:
        self.functions = functions

    def visit_Name(self, node: ast.Name) -> ast.AST:
        name = node.id
        if name in {"_", "record"}:
            new: ast.expr = ast.Name("_r", ast.Load())
        elif name == "self":
            new = ast.Call(ast.Name("_need_self", ast.Load()), [ast.Name("_s", ast.Load())], [])
        elif name in {"config", "fake", *ALLOWED_DUNDER_NAMES}:
            new = ast.Name(f"_g_{name.strip('_')}", ast.Load())
        elif name in self.functions:
            new = ast.IfExp(
                ast.Compare(ast.Constant(name), [ast.In()], [ast.Name("_r", ast.Load())]),
                ast.Subscript(ast.Name("_r", ast.Load()), ast.Constant(name), ast.Load()),
                ast.Name(f"_f_{name}", ast.Load()),
            )
        else:
            new = ast.Subscript(ast.Name("_r", ast.Load()), ast.Constant(name), ast.Load())
        return ast.copy_location(new, node)

    def visit_Call(self, node: ast.Call) -> ast.AST:
        if isinstance(node.func, ast.Name):  # calls reach only the functions, never fields
            func = ast.copy_location(ast.Name(f"_f_{node.func.id}", ast.Load()), node.func)
            node.args = [self.visit(arg) for arg in node.args]
            node.keywords = [self.visit(keyword) for keyword in node.keywords]
            node.func = func
            return node
        self.generic_visit(node)
        if isinstance(node.func, ast.Attribute) and node.func.attr in _GROWING_METHODS:
            # obj.replace(...) -> _op_method(obj, "replace", ...): refused if it grows too far
            args = [node.func.value, ast.Constant(node.func.attr), *node.args]
            call = ast.Call(ast.Name("_op_method", ast.Load()), args, node.keywords)
            return ast.copy_location(call, node)
        return node

    def visit_BinOp(self, node: ast.BinOp) -> ast.AST:
        self.generic_visit(node)
        safe = _SAFE_NAMES.get(type(node.op))
        if safe is None:
            return node
        call = ast.Call(ast.Name(safe, ast.Load()), [node.left, node.right], [])
        return ast.copy_location(call, node)


def _need_self(value: t.Any) -> t.Any:
    if value is _MISSING:
        msg = "'self' is not defined: the record has no value for this property"
        raise NameError(msg)
    return value


class CompiledExpression:
    """One checked, compiled expression of a stream map.

    Args:
        text: the expression as configured.
        stream: the stream map it belongs to (for error messages).
        evaluate: ``evaluate(record, self_value)`` returns the expression's value.
        tree: the parsed expression.
        prop: the property it computes (for error messages); None for a filter.
    """

    __slots__ = ("evaluate", "prop", "stream", "text", "tree", "uses_self")

    def __init__(
        self,
        text: str,
        stream: str,
        evaluate: t.Callable[[t.Mapping[str, t.Any], t.Any], t.Any],
        tree: ast.Expression,
        prop: str | None = None,
    ) -> None:
        self.text = text
        self.stream = stream
        self.prop = prop
        self.evaluate = evaluate
        self.tree = tree
        self.uses_self = any(
            isinstance(node, ast.Name) and node.id == "self" for node in ast.walk(tree)
        )

    def __call__(self, record: t.Mapping[str, t.Any], self_value: t.Any = _MISSING) -> t.Any:
        """Return the expression's value for ``record``.

        Raises:
            MapExpressionError: the expression failed on this record.
        """
        try:
            return self.evaluate(record, self_value)
        except MapExpressionError:
            raise
        except Exception as exc:
            raise self.failure(exc) from exc

    def failure(self, exc: BaseException) -> MapExpressionError:
        """Return the error to raise when evaluating this expression raised ``exc``."""
        where = f"'{self.stream}'" + (f", property '{self.prop}'" if self.prop else "")
        msg = f"Failed to evaluate expression {self.text!r} of stream map {where}: {_describe(exc)}"
        return MapExpressionError(msg)


def _describe(exc: BaseException) -> str:
    if isinstance(exc, KeyError) and exc.args:
        return f"name {exc.args[0]!r} is not defined"
    return f"{type(exc).__name__}: {exc}"


def compile_expression(
    text: t.Any,
    *,
    stream: str,
    prop: str | None = None,
    config: t.Mapping[str, t.Any] | None = None,
    original_stream: str | None = None,
    fake: t.Any = None,
    functions: dict[str, t.Any] | None = None,
) -> CompiledExpression:
    """Check and compile one stream map expression.

    Args:
        text: the expression.
        stream: the output stream name (``__stream_name__``).
        prop: the property the expression computes, for error messages (None for filters).
        config: the ``stream_map_config`` (``config`` in the expression).
        original_stream: the source stream name (``__original_stream_name__``).
        fake: the Faker instance (``fake``), or None when faker is not set up.
        functions: the callable names; :func:`default_functions` when None.

    Returns:
        The compiled expression.

    Raises:
        StreamMapConfigError: the expression is not valid, uses something outside the
            sandbox, or uses ``fake`` while faker is not installed.
    """
    where = f"stream map '{stream}'" + (f", property '{prop}'" if prop else "")
    if not isinstance(text, str) or not text.strip():
        msg = f"Invalid expression {text!r} in {where}: expected a non-empty string"
        raise StreamMapConfigError(msg)
    functions = functions if functions is not None else default_functions()
    evaluator = MapperEval(functions)
    try:
        tree = ast.parse(text.strip(), mode="eval")
        _check_tree(tree, evaluator.allowed_node_types())
    except SyntaxError as exc:
        msg = f"Invalid expression {text!r} in {where}: {exc.msg}"
        raise StreamMapConfigError(msg) from exc
    except simpleeval.InvalidExpression as exc:
        msg = f"Invalid expression {text!r} in {where}: {exc}"
        raise StreamMapConfigError(msg) from exc
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id not in functions
        ):
            msg = (
                f"Invalid expression {text!r} in {where}: function '{node.func.id}' is not "
                f"defined (available: {', '.join(sorted(functions))})"
            )
            raise StreamMapConfigError(msg)
    uses = {node.id for node in ast.walk(tree) if isinstance(node, ast.Name)}
    if "fake" in uses and fake is None:
        msg = (
            f"Expression {text!r} in {where} uses 'fake', but Faker is not installed: "
            "install the 'faker' extra (pip install 'singer-connector-sdk[faker]')"
        )
        raise StreamMapConfigError(msg)
    map_config = dict(config or {})
    specials: dict[str, t.Any] = {
        "config": map_config,
        "__stream_name__": stream,
        "__original_stream_name__": original_stream or stream,
    }
    if fake is not None:
        specials["fake"] = fake

    if any(isinstance(node, _COMPREHENSIONS) for node in ast.walk(tree)):
        evaluator.names = {}

        def slow(record: t.Mapping[str, t.Any], self_value: t.Any) -> t.Any:
            names = dict(record)
            names["_"] = record
            names["record"] = record
            names.update(specials)
            if self_value is not _MISSING:
                names["self"] = self_value
            evaluator.names = names
            return evaluator.eval(text, previously_parsed=tree.body)

        return CompiledExpression(text, stream, slow, tree, prop)

    body = _Rewriter(functions).visit(ast.parse(text.strip(), mode="eval").body)
    func = ast.Expression(
        ast.Lambda(
            ast.arguments(
                posonlyargs=[],
                args=[ast.arg("_r"), ast.arg("_s")],
                kwonlyargs=[],
                kw_defaults=[],
                defaults=[],
            ),
            body,
        )
    )
    ast.fix_missing_locations(func)
    namespace: dict[str, t.Any] = {
        "__builtins__": {},
        "_need_self": _need_self,
        "_op_method": _safe_method,
    }
    namespace.update({_SAFE_NAMES[op]: fn for op, fn in _SAFE_OPERATORS.items()})
    namespace.update({f"_f_{name}": fn for name, fn in functions.items()})
    namespace.update({f"_g_{name.strip('_')}": value for name, value in specials.items()})
    code = compile(func, f"<stream map {stream}>", "eval")
    fast = eval(code, namespace)  # the tree is checked and no builtins are reachable
    return CompiledExpression(text, stream, fast, tree, prop)


# -- type inference --------------------------------------------------------------------------

_PREFIX_TYPES: tuple[tuple[str, dict[str, t.Any]], ...] = (
    ("float(", {"type": "number"}),
    ("int(", {"type": "integer"}),
    ("str(", {"type": "string"}),
    ("bool(", {"type": "boolean"}),
    ("json.dumps(", {"type": "string"}),
    ("md5(", {"type": "string"}),
    ("sha256(", {"type": "string"}),
    ("datetime.datetime.", {"type": "string", "format": "date-time"}),
    ("datetime.datetime(", {"type": "string", "format": "date-time"}),
    ("datetime.date.", {"type": "string", "format": "date"}),
    ("datetime.date(", {"type": "string", "format": "date"}),
)
_STRING_METHODS = frozenset(
    {"upper", "lower", "strip", "lstrip", "rstrip", "title", "capitalize", "replace", "join",
     "isoformat", "strftime", "casefold", "zfill", "removeprefix", "removesuffix"}
)  # fmt: skip
_LIST_METHODS = frozenset({"split", "rsplit", "splitlines"})
_CALL_TYPES: dict[str, dict[str, t.Any]] = {
    "int": {"type": "integer"},
    "float": {"type": "number"},
    "str": {"type": "string"},
    "bool": {"type": "boolean"},
    "md5": {"type": "string"},
    "sha256": {"type": "string"},
    "rand": {"type": "number"},
    "randint": {"type": "integer"},
}


def _nullable(schema: dict[str, t.Any]) -> dict[str, t.Any]:
    schema = dict(schema)
    kind = schema.get("type")
    if isinstance(kind, str):
        schema["type"] = [kind, "null"] if kind != "null" else kind
    elif isinstance(kind, list) and "null" not in kind:
        schema["type"] = [*kind, "null"]
    return schema


def _kinds(schema: t.Mapping[str, t.Any] | None) -> set[str]:
    if not schema:
        return set()
    kind = schema.get("type")
    kinds = {kind} if isinstance(kind, str) else set(kind or [])
    return kinds - {"null"}


def _infer_node(
    node: ast.expr, properties: t.Mapping[str, t.Any], raw_schema: t.Mapping[str, t.Any]
) -> dict[str, t.Any] | None:
    """The schema of what ``node`` evaluates to, or None when it cannot be told."""
    if isinstance(node, ast.Constant):
        value = node.value
        if isinstance(value, bool):
            return {"type": "boolean"}
        if isinstance(value, int):
            return {"type": "integer"}
        if isinstance(value, float):
            return {"type": "number"}
        if isinstance(value, str):
            return {"type": "string"}
        return None
    if isinstance(node, ast.Name):
        if node.id in {"record", "_"}:
            return dict(raw_schema)
        if node.id in ALLOWED_DUNDER_NAMES:
            return {"type": "string"}
        prop = properties.get(node.id)
        return dict(prop) if isinstance(prop, dict) else None
    if isinstance(node, ast.Subscript) and isinstance(node.value, ast.Name):
        if node.value.id in {"record", "_"} and isinstance(node.slice, ast.Constant):
            prop = properties.get(str(node.slice.value))
            return dict(prop) if isinstance(prop, dict) else None
        return None
    if isinstance(node, ast.Compare):
        return {"type": "boolean"}
    if isinstance(node, ast.UnaryOp):
        if isinstance(node.op, ast.Not):
            return {"type": "boolean"}
        return _infer_node(node.operand, properties, raw_schema)
    if isinstance(node, ast.BoolOp):
        kinds = [_infer_node(value, properties, raw_schema) for value in node.values]
        if all(kind == {"type": "boolean"} for kind in kinds):
            return {"type": "boolean"}
        return None
    if isinstance(node, ast.JoinedStr):
        return {"type": "string"}
    if isinstance(node, ast.ListComp | ast.SetComp):
        return _infer_comprehension(node, properties, raw_schema)
    if isinstance(node, ast.List | ast.Tuple | ast.Set):
        return {"type": "array"}
    if isinstance(node, ast.GeneratorExp):
        return None
    if isinstance(node, ast.Dict | ast.DictComp):
        return {"type": "object"}
    if isinstance(node, ast.IfExp):
        body = _infer_node(node.body, properties, raw_schema)
        orelse = _infer_node(node.orelse, properties, raw_schema)
        if body is not None and _kinds(body) == _kinds(orelse):
            return body
        if isinstance(node.orelse, ast.Constant) and node.orelse.value is None:
            return body
        if isinstance(node.body, ast.Constant) and node.body.value is None:
            return orelse
        return None
    if isinstance(node, ast.BinOp):
        left = _kinds(_infer_node(node.left, properties, raw_schema))
        right = _kinds(_infer_node(node.right, properties, raw_schema))
        if "string" in left | right and isinstance(node.op, ast.Add):
            return {"type": "string"}
        numeric = {"integer", "number"}
        if left and right and left <= numeric and right <= numeric:
            if left == right == {"integer"} and not isinstance(node.op, ast.Div):
                return {"type": "integer"}
            return {"type": "number"}
        if isinstance(node.op, ast.Add) and "array" in left and left == right:
            return {"type": "array"}
        return None
    if isinstance(node, ast.Call):
        func = node.func
        if isinstance(func, ast.Name) and func.id in _CALL_TYPES:
            return dict(_CALL_TYPES[func.id])
        if isinstance(func, ast.Attribute):
            if func.attr in _STRING_METHODS:
                return {"type": "string"}
            if func.attr in _LIST_METHODS:
                return {"type": "array", "items": {"type": "string"}}
            if func.attr == "date":
                return {"type": "string", "format": "date"}
        return None
    return None


def _infer_comprehension(
    node: ast.ListComp | ast.SetComp,
    properties: t.Mapping[str, t.Any],
    raw_schema: t.Mapping[str, t.Any],
) -> dict[str, t.Any]:
    """An array; a filter of an array property (``[x for x in prop if ...]``) keeps its items."""
    if len(node.generators) == 1:
        generator = node.generators[0]
        if (
            isinstance(generator.target, ast.Name)
            and isinstance(node.elt, ast.Name)
            and node.elt.id == generator.target.id
        ):
            source = _infer_node(generator.iter, properties, raw_schema)
            if source and "array" in _kinds(source) and isinstance(source.get("items"), dict):
                return {"type": "array", "items": dict(source["items"])}
    return {"type": "array"}


def infer_schema(
    text: str,
    tree: ast.Expression,
    *,
    existing: t.Mapping[str, t.Any] | None,
    properties: t.Mapping[str, t.Any],
    raw_schema: t.Mapping[str, t.Any],
) -> dict[str, t.Any]:
    """Return the JSON schema of a computed property (nullable).

    The rules, first match wins: ``record`` is the whole source schema; the reference's text
    prefixes (``float(`` number, ``int(`` integer, ``str(``/``json.dumps(``/``md5(`` string,
    ``bool(`` boolean, ``datetime.date…`` date, ``datetime.datetime…`` date-time, a quoted
    literal string) are checked after the expression's shape: constants, calls of ``int``,
    ``float``, ``str``, ``bool``, ``md5``, ``sha256``; comparisons are boolean, comprehensions
    and lists are arrays, dicts objects, a property name has its schema, arithmetic on numbers
    is numeric, ``+`` with a string is a string. Else the schema of the property being
    overwritten, else ``string``.
    """
    stripped = text.strip()
    if stripped in {"record", "_"}:
        return _nullable(dict(raw_schema))
    inferred = _infer_node(tree.body, properties, raw_schema)
    if inferred is None:
        for prefix, schema in _PREFIX_TYPES:
            if stripped.startswith(prefix):
                inferred = schema
                break
        else:
            if stripped.endswith(".date()"):
                inferred = {"type": "string", "format": "date"}
    if inferred is None:
        inferred = dict(existing) if existing else {"type": "string"}
    return _nullable(inferred)
