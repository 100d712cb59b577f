"""Write ``attribute_contract.json``: the base-class attributes real connectors use on ``self``.

Connectors built on Meltano's SDK do not stop at the documented hooks: they read and assign
private attributes of the base classes (``self._schema``, ``self._tap_state``,
``self._requests_session``, ...). This script measures which ones, so that
``test_attribute_contract.py`` can check that ours offer each with the same meaning.

Steps (run by hand, rarely; both are idempotent)::

    .venv/bin/python tests/compat/generate_attribute_contract.py download
    .venv/bin/python tests/compat/generate_attribute_contract.py scan

``download`` fetches every connector of the corpus (``corpus.tsv`` in the shared compat folder,
or ``--corpus PATH``) with ``pip download --no-deps`` into ``.cache/attr-scan/dist/<name>/``.

``scan`` parses each ``.py`` file of each downloaded archive with :mod:`ast` (nothing is
imported or run), finds the classes that derive, directly or through other classes of the same
connector, from one of the public base classes (:data:`BASES` plus the reference's paginators
and authenticators), and collects every ``self.X`` they load, store or call (also ``super().X``
and ``getattr/hasattr/setattr(self, "X")``; a stream's ``self._tap.X`` counts for its tap's
base class). A name counts for a class when the reference
defines it for the class's public base and no class of the connector defines it in a class body
(a connector's own method or class attribute is not the SDK's). Mixins of the connector that a
derived class inherits count for that class.

What the reference defines, and the kind and type of each name, comes from the reference
interpreter (``REF_PYTHON``, default ``/tmp/ref/bin/python``) running this file with
``reference-facts``: class members by introspection, instance attributes from the ``self.X =``
assignments in the source of each class of the base's MRO, and the type each value has on a
minimal real instance built by ``attribute_fixtures.py`` (the same fixtures the test builds
with ours).
"""

from __future__ import annotations

import ast
import csv
import json
import os
import subprocess
import sys
import tarfile
import typing as t
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
CACHE = ROOT / ".cache" / "attr-scan"
DIST = CACHE / "dist"
CONTRACT_FILE = HERE / "attribute_contract.json"
DEFAULT_CORPUS = Path("/work/shared/compat/corpus.tsv")
REF_PYTHON = os.environ.get("REF_PYTHON", "/tmp/ref/bin/python")

#: The public base classes, by name, and where the reference defines them.
BASES: dict[str, str] = {
    "Tap": "singer_sdk.tap_base",
    "Stream": "singer_sdk.streams.core",
    "RESTStream": "singer_sdk.streams.rest",
    "GraphQLStream": "singer_sdk.streams.graphql",
    "SQLStream": "singer_sdk.sql.stream",
    "SQLTap": "singer_sdk.sql.tap",
    "SQLConnector": "singer_sdk.sql.connector",
    "Target": "singer_sdk.target_base",
    "Sink": "singer_sdk.sinks.core",
    "RecordSink": "singer_sdk.sinks.record",
    "BatchSink": "singer_sdk.sinks.batch",
    "SQLSink": "singer_sdk.sql.sink",
    "SQLTarget": "singer_sdk.sql.target",
    "InlineMapper": "singer_sdk.mapper_base",
}
#: Modules whose subclasses of the given root class are public bases too.
BASE_FAMILIES: dict[str, str] = {
    "singer_sdk.pagination": "BaseAPIPaginator",
    "singer_sdk.authenticators": "APIAuthenticatorBase",
}

#: Names the bug report (issue 16) lists, kept even if no connector of the corpus uses them.
ISSUE_NAMES: dict[str, tuple[str, ...]] = {
    "Stream": ("_config", "_schema", "_schema_filepath", "_tap", "_tap_state"),
    "RESTStream": ("_config", "_requests_session", "_schema", "_tap", "_tap_state"),
    "Tap": ("_config",),
    "Target": ("_config",),
}

#: The tap class a stream's ``self._tap`` is, for ``self._tap.X`` uses in stream classes.
TAP_OF_STREAM = {
    "Stream": "Tap",
    "RESTStream": "Tap",
    "GraphQLStream": "Tap",
    "SQLStream": "SQLTap",
}

_DEFINITIONS = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)


# -- download ------------------------------------------------------------------------------------


def read_corpus(path: Path) -> list[dict[str, str]]:
    """Return the rows of the corpus file (name, version, kind, ...)."""
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


def download(corpus: list[dict[str, str]]) -> dict[str, str]:
    """Download each connector not yet in the cache; return ``{name: error}`` of failures."""
    failures: dict[str, str] = {}
    for row in corpus:
        name = row["name"]
        dest = DIST / name
        if dest.is_dir() and any(dest.iterdir()):
            continue
        dest.mkdir(parents=True, exist_ok=True)
        error = ""
        # The release the corpus names first; the newest one when that is gone.
        for spec in (f"{name}=={row['version']}", name):
            command = [
                sys.executable,
                *("-m", "pip", "download", "--no-deps", "--ignore-requires-python"),
                *("--disable-pip-version-check", "--quiet", "--dest", str(dest), spec),
            ]
            done = subprocess.run(command, capture_output=True, text=True, check=False)
            if done.returncode == 0 and any(dest.iterdir()):
                break
            error = (done.stderr.strip().splitlines() or ["unknown error"])[-1]
        else:
            failures[name] = error
            print(f"{name}: FAILED: {error}", file=sys.stderr)
    return failures


# -- reading connector sources ---------------------------------------------------------------------


def archive_sources(archive: Path) -> dict[str, str]:
    """Return ``{path: text}`` of the ``.py`` files in a wheel or sdist."""
    sources: dict[str, str] = {}
    if archive.suffix == ".whl" or archive.suffix == ".zip":
        with zipfile.ZipFile(archive) as zipped:
            for member in zipped.namelist():
                if member.endswith(".py"):
                    sources[member] = zipped.read(member).decode("utf-8", "replace")
    elif archive.name.endswith((".tar.gz", ".tgz", ".tar.bz2")):
        with tarfile.open(archive) as tarred:
            for info in tarred.getmembers():
                if info.isfile() and info.name.endswith(".py"):
                    extracted = tarred.extractfile(info)
                    if extracted is not None:
                        sources[info.name] = extracted.read().decode("utf-8", "replace")
    # A vendored copy of the SDK would only measure the SDK itself.
    return {path: text for path, text in sources.items() if "singer_sdk/" not in path}


def module_name(path: str) -> str:
    """Return the dotted module name of an archive member (sdist top folder dropped)."""
    parts = path.removesuffix(".py").split("/")
    if parts and "-" in parts[0]:  # sdist: <name>-<version>/...
        parts = parts[1:]
    if parts and parts[0] == "src":
        parts = parts[1:]
    if parts and parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


class ClassInfo(t.NamedTuple):
    """A class of a connector: where it is, its base expressions, what it defines and uses."""

    module: str
    name: str
    bases: list[str]  # dotted names as written
    defined: set[str]  # names its class body defines (methods, attributes)
    uses: set[str]  # self.X (load, store, call) in its methods
    super_uses: set[str]  # super().X in its methods
    stores: set[str]  # the names among ``uses`` that it assigns (self.X = ..., setattr)
    tap_uses: set[str]  # self._tap.X (a stream reaching into its tap), assigned or not
    tap_stores: set[str]  # self._tap.X = ...


def _dotted(node: ast.expr) -> str | None:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        inner = _dotted(node.value)
        return f"{inner}.{node.attr}" if inner else None
    if isinstance(node, ast.Subscript):  # Generic[...] / RESTStream[int]
        return _dotted(node.value)
    return None


def _class_body_names(node: ast.ClassDef) -> set[str]:
    names: set[str] = set()
    for item in node.body:
        if isinstance(item, _DEFINITIONS):
            names.add(item.name)
        elif isinstance(item, ast.Assign):
            for target in item.targets:
                for sub in ast.walk(target):
                    if isinstance(sub, ast.Name):
                        names.add(sub.id)
        elif isinstance(item, ast.AnnAssign | ast.AugAssign) and isinstance(item.target, ast.Name):
            names.add(item.target.id)
    return names


def _self_uses(node: ast.ClassDef) -> tuple[set[str], ...]:
    """Return the names used on ``self``, on ``super()``, assigned on ``self``, and used and
    assigned on ``self._tap`` in the methods of ``node``."""
    uses: set[str] = set()
    super_uses: set[str] = set()
    stores: set[str] = set()
    tap_uses: set[str] = set()
    tap_stores: set[str] = set()
    for item in node.body:
        if not isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        params = item.args.posonlyargs + item.args.args
        if not params:
            continue
        is_static = any(_dotted(d) == "staticmethod" for d in item.decorator_list)
        if is_static:
            continue
        self_name = params[0].arg
        for sub in ast.walk(item):
            if isinstance(sub, ast.Attribute):
                value = sub.value
                if isinstance(value, ast.Name) and value.id == self_name:
                    uses.add(sub.attr)
                    if isinstance(sub.ctx, ast.Store):
                        stores.add(sub.attr)
                elif (
                    isinstance(value, ast.Call)
                    and isinstance(value.func, ast.Name)
                    and value.func.id == "super"
                ):
                    super_uses.add(sub.attr)
                elif (
                    isinstance(value, ast.Attribute)
                    and value.attr == "_tap"
                    and isinstance(value.value, ast.Name)
                    and value.value.id == self_name
                ):
                    tap_uses.add(sub.attr)
                    if isinstance(sub.ctx, ast.Store):
                        tap_stores.add(sub.attr)
            elif (
                isinstance(sub, ast.Call)
                and isinstance(sub.func, ast.Name)
                and sub.func.id in {"getattr", "hasattr", "setattr"}
                and len(sub.args) >= 2
                and isinstance(sub.args[0], ast.Name)
                and sub.args[0].id == self_name
                and isinstance(sub.args[1], ast.Constant)
                and isinstance(sub.args[1].value, str)
            ):
                uses.add(sub.args[1].value)
                if sub.func.id == "setattr":
                    stores.add(sub.args[1].value)
    return uses, super_uses, stores, tap_uses, tap_stores


def _imports(tree: ast.Module, module: str) -> dict[str, str]:
    """Return ``{local name: dotted origin}`` of a module's imports (relative ones resolved)."""
    names: dict[str, str] = {}
    package = module.split(".")
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.asname:
                    names[alias.asname] = alias.name
                else:
                    top = alias.name.split(".")[0]
                    names[top] = top
        elif isinstance(node, ast.ImportFrom):
            origin = node.module or ""
            if node.level:
                # ``module`` is a package's __init__ only when it is one; close enough here.
                anchor = package[: len(package) - node.level] if node.level <= len(package) else []
                origin = ".".join([*anchor, *([origin] if origin else [])])
            for alias in node.names:
                names[alias.asname or alias.name] = f"{origin}.{alias.name}"
    return names


def parse_connector(sources: dict[str, str]) -> tuple[list[ClassInfo], dict[str, dict[str, str]]]:
    """Return the classes of a connector and each module's import table."""
    classes: list[ClassInfo] = []
    imports: dict[str, dict[str, str]] = {}
    for path, text in sorted(sources.items()):
        try:
            tree = ast.parse(text)
        except SyntaxError:
            continue
        module = module_name(path)
        imports[module] = _imports(tree, module)
        for node in ast.walk(tree):
            if isinstance(node, ast.ClassDef):
                bases = [b for b in map(_dotted, node.bases) if b]
                uses, super_uses, stores, tap_uses, tap_stores = _self_uses(node)
                defined = _class_body_names(node)
                classes.append(
                    ClassInfo(
                        module,
                        node.name,
                        bases,
                        defined,
                        uses,
                        super_uses,
                        stores,
                        tap_uses,
                        tap_stores,
                    )
                )
    return classes, imports


class Resolver:
    """Finds the public SDK base a connector class derives from."""

    def __init__(
        self,
        classes: list[ClassInfo],
        imports: dict[str, dict[str, str]],
        base_names: set[str],
    ) -> None:
        self.base_names = base_names
        self.imports = imports
        self.by_name: dict[str, list[ClassInfo]] = {}
        for info in classes:
            self.by_name.setdefault(info.name, []).append(info)

    def resolve_base(self, info: ClassInfo, written: str) -> str | ClassInfo | None:
        """Return a base expression of ``info`` as an SDK base name, a connector class, or None."""
        head, _, rest = written.partition(".")
        origin = self.imports.get(info.module, {}).get(head)
        full = f"{origin}.{rest}" if origin and rest else (origin or written)
        last = full.rsplit(".", 1)[-1]
        if full.startswith("singer_sdk"):
            return last if last in self.base_names else None
        candidates = self.by_name.get(last, [])
        if origin:  # imported from a module of the connector: prefer the class there
            module = full.rsplit(".", 1)[0]
            exact = [c for c in candidates if c.module == module or c.module.endswith(module)]
            candidates = exact or candidates
        else:  # defined in the same module, or a bare name
            same = [c for c in candidates if c.module == info.module and c is not info]
            candidates = same or [c for c in candidates if c is not info]
        return candidates[0] if candidates else None

    def lineage(
        self, info: ClassInfo, seen: frozenset[int] = frozenset()
    ) -> tuple[str | None, list[ClassInfo]]:
        """Return the nearest SDK base of ``info`` and the connector classes it inherits."""
        inherited: list[ClassInfo] = []
        found: str | None = None
        for written in info.bases:
            base = self.resolve_base(info, written)
            if isinstance(base, str):
                found = found or base
            elif base is not None and id(base) not in seen:
                inherited.append(base)
                sdk, more = self.lineage(base, seen | {id(info)})
                inherited.extend(more)
                found = found or sdk
        return found, inherited


def scan_connector(sources: dict[str, str], base_names: set[str]) -> dict[str, dict[str, set[str]]]:
    """Return ``{sdk base: {"uses": names, "super": names, "stores": names}}`` of a connector."""
    classes, imports = parse_connector(sources)
    resolver = Resolver(classes, imports, base_names)
    result: dict[str, dict[str, set[str]]] = {}
    for info in classes:
        sdk_base, inherited = resolver.lineage(info)
        if sdk_base is None:
            continue
        lineage = [info, *inherited]
        defined = set().union(*(c.defined for c in lineage))
        uses = set().union(*(c.uses for c in lineage)) - defined
        super_uses = set().union(*(c.super_uses for c in lineage))
        stores = set().union(*(c.stores for c in lineage)) & uses
        entry = result.setdefault(sdk_base, {"uses": set(), "super": set(), "stores": set()})
        entry["uses"] |= uses
        entry["super"] |= super_uses
        entry["stores"] |= stores
        tap_base = TAP_OF_STREAM.get(sdk_base)
        if tap_base and "_tap" not in defined:  # ``self._tap`` is then the SDK's tap
            tap_entry = result.setdefault(
                tap_base, {"uses": set(), "super": set(), "stores": set()}
            )
            tap_entry["uses"] |= set().union(*(c.tap_uses for c in lineage))
            tap_entry["stores"] |= set().union(*(c.tap_stores for c in lineage))
    return result


def archive_version(archive: Path) -> str:
    """Return the release of a downloaded wheel or sdist, from its file name."""
    stem = archive.name
    for suffix in (".whl", ".tar.gz", ".tgz", ".tar.bz2", ".zip"):
        stem = stem.removesuffix(suffix)
    parts = stem.split("-")
    return parts[1] if len(parts) > 1 else "?"


# -- what the reference defines (run by the reference interpreter) ---------------------------------


def _type_name(kind: type) -> str:
    if kind.__module__ == "builtins":
        return kind.__qualname__
    return f"{kind.__module__}.{kind.__qualname__}"


def _annotation_text(annotation: object) -> str | None:
    if annotation is None:
        return None
    if isinstance(annotation, str):
        return annotation
    if isinstance(annotation, type):
        return _type_name(annotation)
    return str(annotation).replace("typing.", "t.")


def _value_type(node: ast.expr | None) -> str | None:
    """Guess the type of an assigned expression (literals and constructor calls)."""
    if node is None:
        return None
    if isinstance(node, ast.Constant):
        return type(node.value).__name__ if node.value is not None else "None"
    literal = {ast.Dict: "dict", ast.List: "list", ast.Set: "set", ast.Tuple: "tuple"}
    for node_type, name in literal.items():
        if isinstance(node, node_type):
            return name
    if isinstance(node, ast.DictComp):
        return "dict"
    if isinstance(node, ast.ListComp):
        return "list"
    if isinstance(node, ast.Call):
        called = _dotted(node.func) or ""
        constructor = called.rsplit(".", 1)[-1][:1].isupper()
        if constructor or called in {"dict", "list", "set"}:
            return called
    return None


def _instance_assignments(klass: type) -> dict[str, str | None]:
    """Return ``{name: type text}`` of the ``self.X`` assignments in the methods of ``klass``."""
    import inspect
    import textwrap

    try:
        source = textwrap.dedent(inspect.getsource(klass))
    except (OSError, TypeError):
        return {}
    tree = ast.parse(source)
    found: dict[str, str | None] = {}
    class_node = tree.body[0]
    if not isinstance(class_node, ast.ClassDef):
        return {}
    for item in class_node.body:
        if not isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        params = item.args.posonlyargs + item.args.args
        if not params:
            continue
        self_name = params[0].arg
        for sub in ast.walk(item):
            pairs: list[tuple[ast.expr, str | None]] = []
            if isinstance(sub, ast.Assign):
                guess = _value_type(sub.value)
                pairs = [(target, guess) for target in sub.targets]
            elif isinstance(sub, ast.AnnAssign):
                pairs = [(sub.target, ast.unparse(sub.annotation))]
            for target, type_text in pairs:
                for element in target.elts if isinstance(target, ast.Tuple) else [target]:
                    if (
                        isinstance(element, ast.Attribute)
                        and isinstance(element.value, ast.Name)
                        and element.value.id == self_name
                    ):
                        if element.attr.startswith("__"):
                            continue  # name-mangled: private to the reference
                        # An annotation wins over a guess from one of the assignments.
                        if found.get(element.attr) is None or isinstance(sub, ast.AnnAssign):
                            found[element.attr] = type_text
    return found


def _params(function: t.Any) -> list[str]:
    import inspect

    try:
        signature = inspect.signature(function)
    except (TypeError, ValueError):
        return []
    shown = []
    for parameter in signature.parameters.values():
        prefix = {parameter.VAR_POSITIONAL: "*", parameter.VAR_KEYWORD: "**"}.get(
            parameter.kind, ""
        )
        shown.append(prefix + parameter.name)
    return shown


def reference_bases() -> dict[str, type]:
    """Return the public base classes of the running ``singer_sdk``, by name."""
    import importlib
    import inspect
    import warnings

    classes: dict[str, type] = {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for name, module_name in BASES.items():
            classes[name] = getattr(importlib.import_module(module_name), name)
        for module_name, root_name in BASE_FAMILIES.items():
            module = importlib.import_module(module_name)
            root = getattr(module, root_name)
            for name, value in vars(module).items():
                if (
                    inspect.isclass(value)
                    and issubclass(value, root)
                    and value.__module__ == (module_name)
                ):
                    classes[name] = value
    return classes


def _class_value(klass: type, name: str) -> t.Any:
    """Return ``klass.name``, or the raw class attribute when a descriptor cannot run here."""
    try:
        return getattr(klass, name)
    except Exception:  # e.g. ``cli`` needs a concrete plugin's name
        owner = next(k for k in klass.__mro__ if name in vars(k))
        return vars(owner)[name]


def describe(klass: type, instance: t.Any) -> dict[str, dict[str, t.Any]]:
    """Return every name ``klass`` offers: kind, type, the owner class and the probed value."""
    import functools
    import inspect

    import attribute_fixtures

    owners = [k for k in klass.__mro__ if k.__module__.startswith("singer_sdk")]
    assigned: dict[str, tuple[str, str | None]] = {}
    for owner in reversed(owners):  # the most derived assignment wins
        for name, type_text in _instance_assignments(owner).items():
            previous = assigned.get(name)
            keep = type_text or (previous[1] if previous else None)
            assigned[name] = (owner.__name__, keep)
    names = {n for n in dir(klass) if not (n.startswith("__") and n != "__init__")}
    names |= set(assigned)
    facts: dict[str, dict[str, t.Any]] = {}
    for name in sorted(names):
        owner = next((k for k in klass.__mro__ if name in vars(k)), None)
        if owner is not None and not owner.__module__.startswith("singer_sdk"):
            if name != "__init__":
                continue  # object's, ABC's, Generic's
            owner = None
        entry: dict[str, t.Any] = {}
        raw = vars(owner)[name] if owner is not None else None
        if isinstance(raw, property | functools.cached_property):
            function = raw.fget if isinstance(raw, property) else raw.func
            entry["kind"] = "property"
            entry["type"] = _annotation_text(getattr(function, "__annotations__", {}).get("return"))
            entry["settable"] = isinstance(raw, functools.cached_property) or (
                isinstance(raw, property) and raw.fset is not None
            )
        elif isinstance(raw, staticmethod | classmethod) or inspect.isfunction(raw):
            entry["kind"] = "method"
            entry["params"] = _params(getattr(instance, name, getattr(klass, name)))
        elif owner is not None and name not in assigned and callable(_class_value(klass, name)):
            entry["kind"] = "method"  # e.g. the ``cli`` descriptor, or a nested class
            entry["params"] = _params(_class_value(klass, name))
        elif name in assigned or name in getattr(instance, "__dict__", {}):
            entry["kind"] = "instance attribute"
            declared = next(
                (
                    vars(k).get("__annotations__", {}).get(name)
                    for k in klass.__mro__
                    if name in vars(k).get("__annotations__", {})
                ),
                None,
            )
            entry["type"] = (assigned.get(name, ("", None))[1]) or _annotation_text(declared)
            owner = owner or next(
                (k for k in klass.__mro__ if k.__name__ == assigned.get(name, ("",))[0]), klass
            )
        else:
            entry["kind"] = "class attribute"
            declared = vars(owner).get("__annotations__", {}).get(name) if owner else None
            entry["type"] = _annotation_text(declared) or _type_name(
                type(_class_value(klass, name))
            )
        entry["defined_by"] = owner.__name__ if owner is not None else klass.__name__
        if entry["kind"] != "method" and instance is not None:
            try:
                value = getattr(instance, name)
            except Exception as exc:  # recorded: the test expects the same failure
                entry["probe"] = f"raises {type(exc).__name__}"
            else:
                entry["probe"] = attribute_fixtures.type_label(value)
        facts[name] = entry
    return facts


def reference_facts(workdir: Path) -> dict[str, t.Any]:
    """Return what the running ``singer_sdk`` (the reference) defines for each public base."""
    import importlib.metadata
    import logging
    import warnings

    import attribute_fixtures

    logging.disable(logging.CRITICAL)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        instances = attribute_fixtures.build_instances(workdir)
        bases = {
            name: describe(klass, instances.get(name)) for name, klass in reference_bases().items()
        }
    return {"version": importlib.metadata.version("singer-sdk"), "bases": bases}


# -- the contract ----------------------------------------------------------------------------------


def load_reference_facts() -> dict[str, t.Any]:
    """Run :func:`reference_facts` under the reference interpreter and return its result."""
    import tempfile

    with tempfile.TemporaryDirectory() as workdir:
        # Run from the temporary folder: this checkout's ``singer_sdk`` must not shadow theirs.
        done = subprocess.run(
            [REF_PYTHON, str(Path(__file__).resolve()), "reference-facts", workdir],
            capture_output=True,
            text=True,
            check=True,
            cwd=workdir,
        )
    facts: dict[str, t.Any] = json.loads(done.stdout)
    return facts


def build_contract(corpus: list[dict[str, str]], facts: dict[str, t.Any]) -> dict[str, t.Any]:
    """Return the contract document: per base, each used name the reference defines."""
    reference: dict[str, dict[str, dict[str, t.Any]]] = facts["bases"]
    scanned: dict[str, str] = {}
    missing: list[str] = []
    usage: dict[str, dict[str, set[str]]] = {}
    assigning: dict[tuple[str, str], set[str]] = {}
    for row in corpus:
        name = row["name"]
        folder = DIST / name
        archives = sorted(folder.iterdir()) if folder.is_dir() else []
        if not archives:
            missing.append(name)
            continue
        archive = archives[0]
        scanned[name] = archive_version(archive)
        for base, found in scan_connector(archive_sources(archive), set(reference)).items():
            defined = reference[base]
            for attr in found["uses"] | found["super"]:
                if attr in defined:
                    usage.setdefault(base, {}).setdefault(attr, set()).add(name)
                    if attr in found["stores"]:
                        assigning.setdefault((base, attr), set()).add(name)
    for base, names in ISSUE_NAMES.items():
        for attr in names:
            usage.setdefault(base, {}).setdefault(attr, set())
    bases: dict[str, dict[str, t.Any]] = {}
    for base, names in sorted(usage.items()):
        bases[base] = {}
        for attr, users in sorted(names.items()):
            entry = {**reference[base][attr], "connectors": sorted(users)}
            if (base, attr) in assigning:
                entry["assigned_by"] = sorted(assigning[base, attr])
            if attr in ISSUE_NAMES.get(base, ()):
                entry["reported"] = "issue 16"
            bases[base][attr] = entry
    return {
        "about": (
            "Attributes that connectors built on Meltano's SDK use on self, per public base class "
            "(generated by tests/compat/generate_attribute_contract.py; do not edit)."
        ),
        "reference": f"singer-sdk {facts['version']}",
        "connectors": dict(sorted(scanned.items())),
        "not_downloaded": sorted(missing),
        "bases": bases,
    }


def main(argv: list[str]) -> int:
    """Run the step named on the command line: ``download``, ``scan`` or ``reference-facts``."""
    args = argv[1:]
    corpus_path = DEFAULT_CORPUS
    if "--corpus" in args:
        index = args.index("--corpus")
        corpus_path = Path(args[index + 1])
        del args[index : index + 2]
    if args[:1] == ["reference-facts"] and len(args) == 2:
        json.dump(reference_facts(Path(args[1])), sys.stdout, sort_keys=True)
        return 0
    if args == ["download"]:
        failures = download(read_corpus(corpus_path))
        for name, error in sorted(failures.items()):
            print(f"not downloaded: {name}: {error}")
        return 0
    if args == ["scan"]:
        contract = build_contract(read_corpus(corpus_path), load_reference_facts())
        text = json.dumps(contract, indent=1, sort_keys=True) + "\n"
        CONTRACT_FILE.write_text(text, encoding="utf-8")
        counts = {base: len(names) for base, names in contract["bases"].items()}
        print(f"{len(contract['connectors'])} connectors scanned; names per base: {counts}")
        return 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
