"""Build pytest test classes that run the standard suites against a tap or a target.

Usage in a connector's tests::

    from singer_sdk.testing import get_tap_test_class

    TestTapMine = get_tap_test_class(TapMine, config={"api_key": "..."})

Each test of a suite becomes a method ``test_<suite kind>_<test name>``; stream tests are
parametrized with the stream name (``test_tap_stream_primary_keys[books]``) and attribute tests
with ``<stream>.<property>`` (``test_tap_stream_attribute_is_integer[books.id]``).

By default the generated tests and their verdicts are those of Meltano's singer-sdk 0.54; with
``suite_config=SuiteConfig(strict=True)`` they run singer_sdk's stricter checks (see
:class:`~singer_sdk.testing.config.SuiteConfig`).
"""

from __future__ import annotations

import inspect
import typing as t
from dataclasses import dataclass

import pytest

from singer_sdk.testing._support import _final_schema
from singer_sdk.testing.config import SuiteConfig
from singer_sdk.testing.runners import TapTestRunner, TargetTestRunner
from singer_sdk.testing.suites import (
    SingerTestSuite,
    strict_tap_stream_tests,
    tap_stream_attribute_tests,
    tap_stream_tests,
    tap_tests,
    target_tests,
)

if t.TYPE_CHECKING:
    from singer_sdk._stream import Stream
    from singer_sdk._tap import Tap
    from singer_sdk._target import Target

__all__ = [
    "BaseTestClass",
    "StreamAttributeTestParams",
    "StreamTestParams",
    "TapTestClassFactory",
    "TargetTestClassFactory",
    "TestParam",
    "get_tap_test_class",
    "get_target_test_class",
]


class StreamTestParams(t.NamedTuple):
    """The argument of a stream test."""

    stream: Stream


class StreamAttributeTestParams(t.NamedTuple):
    """The arguments of an attribute test."""

    stream: Stream
    attribute_name: str


@dataclass(slots=True)
class TestParam:
    """One parametrization of a generated test: its id and its argument values."""

    __test__ = False

    id: str
    values: t.NamedTuple


class BaseTestClass:
    """Base of generated test classes.

    ``params`` maps a test method's name to its parametrizations, applied by the
    ``singer_testing`` pytest plugin, or by the class itself when the plugin is not loaded.
    """

    params: t.ClassVar[dict[str, list[TestParam]]]

    def __init_subclass__(cls, **kwargs: t.Any) -> None:
        """Give each direct subclass its own, empty ``params``."""
        super().__init_subclass__(**kwargs)
        if cls.__base__ is BaseTestClass:
            cls.params = {}

    def pytest_generate_tests(self, metafunc: pytest.Metafunc) -> None:
        """Parametrize a generated test method from ``params`` (called by pytest).

        Only when the ``singer_testing`` plugin is not active, which does the same.

        Args:
            metafunc: The test being collected.
        """
        manager = metafunc.config.pluginmanager
        if not any(manager.has_plugin(name) for name in PLUGIN_NAMES):
            parametrize_from_params(metafunc)


#: The names the ``singer_testing`` plugin is registered under: its entry point's, or its
#: module's when loaded with ``-p singer_sdk.testing.pytest_plugin``.
PLUGIN_NAMES = ("singer_testing", "singer_sdk.testing.pytest_plugin")


def parametrize_from_params(metafunc: pytest.Metafunc) -> None:
    """Parametrize ``metafunc`` from its class's ``params`` if it has an entry for the test."""
    cls = metafunc.cls
    params = getattr(cls, "params", None) if cls is not None else None
    if not isinstance(params, dict):
        return
    entries = params.get(metafunc.definition.originalname)
    if not entries:
        return
    names = list(entries[0].values._fields)
    metafunc.parametrize(names, [pytest.param(*entry.values, id=entry.id) for entry in entries])


def _bound(template_class: type[t.Any], *, shared: bool) -> t.Callable[..., None]:
    """A test method running ``template_class``.

    With ``shared``, one instance runs every parametrization of the method (the reference's
    behaviour: what an instance caches, like ``non_null_attribute_values``, carries over);
    otherwise each call gets a new instance. pytest reads the fixture names from the method's
    signature, so it gets the signature of the template's ``run``.
    """
    run_params = list(inspect.signature(template_class.run).parameters.values())[1:]
    instance = template_class() if shared else None

    def method(self: t.Any, **kwargs: t.Any) -> None:
        (instance or template_class()).run(**kwargs)

    method.__signature__ = inspect.Signature(  # type: ignore[attr-defined]
        [
            inspect.Parameter("self", inspect.Parameter.POSITIONAL_OR_KEYWORD),
            *(param.replace(kind=inspect.Parameter.KEYWORD_ONLY) for param in run_params),
        ]
    )
    method.__doc__ = template_class.__doc__
    return method


class TapTestClassFactory:
    """Builds test classes for one tap class and config.

    Args:
        tap_class: The tap class under test.
        config: Its config.
    """

    def __init__(self, tap_class: type[Tap], *, config: dict[str, t.Any] | None = None) -> None:
        self.tap_class = tap_class
        self.config = config

    def new_test_class(
        self,
        *,
        include_tap_tests: bool = True,
        include_stream_tests: bool = True,
        include_stream_attribute_tests: bool = True,
        custom_suites: list[SingerTestSuite[t.Any]] | None = None,
        suite_config: SuiteConfig | None = None,
        **kwargs: t.Any,
    ) -> type[BaseTestClass]:
        """Build the test class.

        Args:
            include_tap_tests: Add the tap-level suite.
            include_stream_tests: Add the stream-level suite.
            include_stream_attribute_tests: Add the attribute-level suite.
            custom_suites: More suites (run first).
            suite_config: The suite's settings.
            kwargs: Keyword arguments for every tap built (``parse_env_config`` defaults to
                True).

        Returns:
            A pytest test class (assign it to a ``Test*`` name in a test module).
        """
        strict = bool(suite_config is not None and suite_config.strict)
        suites = list(custom_suites or [])
        if include_tap_tests:
            suites.append(tap_tests)
        if include_stream_tests:
            suites.append(tap_stream_tests)
            if strict:
                suites.append(strict_tap_stream_tests)
        if include_stream_attribute_tests:
            suites.append(tap_stream_attribute_tests)
        kwargs.setdefault("parse_env_config", True)
        runner = TapTestRunner(self.tap_class, self.config, suite_config, **kwargs)
        test_class = _empty_class("TapTestClass", suite_config, tap_runner=runner)
        streams: list[Stream] | None = None
        for suite in suites:
            if suite.kind == "tap":
                for template in suite.tests:
                    _add_test(test_class, suite, template, None, strict=strict)
                continue
            if suite.kind not in {"tap_stream", "tap_stream_attribute"}:
                continue
            if streams is None:
                streams = list(runner.new_tap().streams.values())
            for template in suite.tests:
                if suite.kind == "tap_stream":
                    entries = _stream_params(template, streams)
                    # Like the reference, a tap without streams still gets the stream tests
                    # (pytest then reports the missing 'stream' fixture); strict leaves them out.
                    add = bool(entries) or (not streams and not strict)
                else:
                    entries = _attribute_params(template, streams, strict=strict)
                    add = bool(entries)
                if add:
                    _add_test(test_class, suite, template, entries, strict=strict)
        return test_class


def _stream_params(template: t.Any, streams: list[Stream]) -> list[TestParam]:
    applies = getattr(template, "applies_to", None)
    return [
        TestParam(id=stream.name, values=StreamTestParams(stream=stream))
        for stream in streams
        if applies is None or applies(stream)
    ]


def _attribute_params(template: t.Any, streams: list[Stream], *, strict: bool) -> list[TestParam]:
    applies = getattr(template, "applies_to_property", None)

    def wanted(stream: Stream, name: str, schema: dict[str, t.Any]) -> bool:
        if applies is not None:
            return bool(applies(stream, name, schema, strict=strict))
        return bool(template.evaluate(stream=stream, property_name=name, property_schema=schema))

    entries: list[TestParam] = []
    for stream in streams:
        properties = _final_schema(stream).get("properties", {})
        entries.extend(
            TestParam(
                id=f"{stream.name}.{name}",
                values=StreamAttributeTestParams(stream=stream, attribute_name=name),
            )
            for name, schema in properties.items()
            if wanted(stream, name, schema)
        )
    return entries


def _add_test(
    test_class: type[BaseTestClass],
    suite: SingerTestSuite[t.Any],
    template: type[t.Any],
    entries: list[TestParam] | None,
    *,
    strict: bool,
) -> None:
    method_name = f"test_{suite.kind}_{template.name}"
    method = _bound(template, shared=not strict)
    method.__name__ = method_name
    method.__qualname__ = f"{test_class.__qualname__}.{method_name}"
    setattr(test_class, method_name, method)
    if entries is not None:
        test_class.params[method_name] = entries


def _empty_class(
    name: str,
    suite_config: SuiteConfig | None,
    *,
    tap_runner: TapTestRunner | None = None,
    target_factory: t.Callable[[], TargetTestRunner] | None = None,
) -> type[BaseTestClass]:
    """A test class with the ``config``, ``resource`` and ``runner`` fixtures."""

    def config(self: t.Any) -> SuiteConfig:
        return suite_config or SuiteConfig()

    def resource(self: t.Any) -> t.Iterator[t.Any]:
        yield None

    namespace: dict[str, t.Any] = {
        "__doc__": f"Standard {'tap' if tap_runner else 'target'} tests (generated).",
        "config": pytest.fixture(config),
        "resource": pytest.fixture(resource),
    }
    if tap_runner is not None:

        def tap_runner_fixture(cls: t.Any) -> TapTestRunner:
            # One sync per test class; every test reads its output.
            tap_runner.sync_all()
            return tap_runner

        namespace["runner"] = pytest.fixture(scope="class", name="runner")(
            classmethod(tap_runner_fixture)  # type: ignore[arg-type]
        )
    elif target_factory is not None:

        def target_runner_fixture(self: t.Any) -> TargetTestRunner:
            return target_factory()

        namespace["runner"] = pytest.fixture(name="runner")(target_runner_fixture)
    return type(name, (BaseTestClass,), namespace)


class TargetTestClassFactory:
    """Builds test classes for one target class and config.

    Args:
        target_class: The target class under test.
        config: Its config.
    """

    def __init__(
        self, target_class: type[Target], *, config: dict[str, t.Any] | None = None
    ) -> None:
        self.target_class = target_class
        self.config = config

    def new_test_class(
        self,
        *,
        custom_suites: list[SingerTestSuite[t.Any]] | None = None,
        suite_config: SuiteConfig | None = None,
        include_target_tests: bool = True,
        **kwargs: t.Any,
    ) -> type[BaseTestClass]:
        """Build the test class.

        Args:
            custom_suites: More suites (run first).
            suite_config: The suite's settings.
            include_target_tests: Add the standard target suite.
            kwargs: Keyword arguments for every target built (``parse_env_config`` defaults
                to True).

        Returns:
            A pytest test class; each test gets a new runner and a new target.
        """
        suites = list(custom_suites or [])
        if include_target_tests:
            suites.append(target_tests)
        kwargs.setdefault("parse_env_config", True)
        target_class, config = self.target_class, self.config

        def new_runner() -> TargetTestRunner:
            return TargetTestRunner(target_class, config, suite_config, **kwargs)

        strict = bool(suite_config is not None and suite_config.strict)
        test_class = _empty_class("TargetTestClass", suite_config, target_factory=new_runner)
        for suite in suites:
            if suite.kind == "target":
                for template in suite.tests:
                    _add_test(test_class, suite, template, None, strict=strict)
        return test_class


def get_tap_test_class(
    tap_class: type[Tap],
    *,
    config: dict[str, t.Any] | None = None,
    include_tap_tests: bool = True,
    include_stream_tests: bool = True,
    include_stream_attribute_tests: bool = True,
    custom_suites: list[SingerTestSuite[t.Any]] | None = None,
    suite_config: SuiteConfig | None = None,
    **kwargs: t.Any,
) -> type[BaseTestClass]:
    """Build a pytest test class running the standard tap suites against ``tap_class``.

    Args:
        tap_class: The tap class under test.
        config: Its config.
        include_tap_tests: Add the tap-level tests.
        include_stream_tests: Add the stream-level tests.
        include_stream_attribute_tests: Add the attribute-level tests.
        custom_suites: More suites of your own.
        suite_config: The suite's settings (record limit, streams allowed to be empty,
            ``strict`` for singer_sdk's stricter checks).
        kwargs: Keyword arguments for every tap built (e.g. ``catalog``, ``state``).

    Returns:
        A test class usable by pytest.
    """
    return TapTestClassFactory(tap_class, config=config).new_test_class(
        include_tap_tests=include_tap_tests,
        include_stream_tests=include_stream_tests,
        include_stream_attribute_tests=include_stream_attribute_tests,
        custom_suites=custom_suites,
        suite_config=suite_config,
        **kwargs,
    )


def get_target_test_class(
    target_class: type[Target],
    *,
    config: dict[str, t.Any] | None = None,
    custom_suites: list[SingerTestSuite[t.Any]] | None = None,
    suite_config: SuiteConfig | None = None,
    include_target_tests: bool = True,
    **kwargs: t.Any,
) -> type[BaseTestClass]:
    """Build a pytest test class running the standard target suite against ``target_class``.

    Args:
        target_class: The target class under test.
        config: Its config.
        custom_suites: More suites of your own.
        suite_config: The suite's settings (``strict`` for singer_sdk's richer inputs).
        include_target_tests: Add the standard target tests.
        kwargs: Keyword arguments for every target built.

    Returns:
        A test class usable by pytest.
    """
    return TargetTestClassFactory(target_class, config=config).new_test_class(
        custom_suites=custom_suites,
        suite_config=suite_config,
        include_target_tests=include_target_tests,
        **kwargs,
    )
