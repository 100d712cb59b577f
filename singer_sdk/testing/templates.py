"""Test templates: the base classes of every built-in and custom conformance test.

A template is instantiated once per generated test method, and that instance runs every
stream or property the method is parametrized with, as in the reference (with
``SuiteConfig(strict=True)``, each run gets a new instance); pytest calls its :meth:`run` with
the suite's fixtures. ``run`` calls ``setup()``, ``test()``, ``validate()`` and ``teardown()`` in
that order; a hook left unimplemented (raising ``NotImplementedError``) is skipped.
"""

from __future__ import annotations

import contextlib
import importlib.resources
import typing as t
import warnings
from functools import cached_property

from singer_sdk.testing.runners import SingerTestRunner, TapTestRunner, TargetTestRunner

if t.TYPE_CHECKING:
    from singer_sdk._compat import Traversable
    from singer_sdk._stream import Stream
    from singer_sdk._tap import Tap
    from singer_sdk._target import Target
    from singer_sdk.testing.config import SuiteConfig

__all__ = [
    "AttributeTestTemplate",
    "StreamTestTemplate",
    "TapTestTemplate",
    "TargetFileTestTemplate",
    "TargetTestTemplate",
    "TestTemplate",
]

_R = t.TypeVar("_R", bound=SingerTestRunner[t.Any])


class TestTemplate(t.Generic[_R]):
    """Base of all test templates.

    Subclasses set :attr:`name` (the test's name: the generated method is
    ``test_<suite kind>_<name>``) and override :meth:`test`, optionally :meth:`setup`,
    :meth:`validate` and :meth:`teardown`.

    Attributes:
        name: The test's name.
        config: The suite's settings (set by :meth:`run`).
        resource: The value of the test class's ``resource`` fixture (set by :meth:`run`).
        runner: The runner holding the plugin's output (set by :meth:`run`).
    """

    __test__ = False  # a template is not a pytest test class itself

    name: str | None = None
    config: SuiteConfig
    resource: t.Any
    runner: _R

    @property
    def id(self) -> str:
        """A readable identifier of this test and what it is applied to."""
        msg = "ID not implemented."
        raise NotImplementedError(msg)

    def setup(self) -> None:
        """Prepare external resources; called before :meth:`test`. The default does nothing."""
        msg = "Setup method not implemented."
        raise NotImplementedError(msg)

    def test(self) -> None:
        """The test body; the default runs the runner's sync."""
        self.runner.sync_all()

    def validate(self) -> None:
        """Check the results (e.g. what a target wrote); called after :meth:`test`.

        The default does nothing.
        """
        msg = "Method not implemented."
        raise NotImplementedError(msg)

    def teardown(self) -> None:
        """Release external resources; called last, even when the test failed.

        The default does nothing.
        """
        msg = "Method not implemented."
        raise NotImplementedError(msg)

    def run(self, config: SuiteConfig, resource: t.Any, runner: _R) -> None:
        """Run the test: ``setup``, ``test``, ``validate``, then always ``teardown``.

        Args:
            config: The suite's settings.
            resource: The ``resource`` fixture's value.
            runner: The runner of the plugin under test.

        Raises:
            ValueError: The template has no ``name``.
        """
        if not self.name:
            msg = f"{type(self).__name__} must set a 'name'."
            raise ValueError(msg)
        self.config = config
        self.resource = resource
        self.runner = runner
        with contextlib.suppress(NotImplementedError):
            self.setup()
        try:
            self.test()
            with contextlib.suppress(NotImplementedError):
                self.validate()
        finally:
            with contextlib.suppress(NotImplementedError):
                self.teardown()


class TapTestTemplate(TestTemplate[TapTestRunner]):
    """Base of tap-level tests (suite kind ``tap``); ``self.tap`` is a new tap."""

    tap: Tap

    @property
    def id(self) -> str:
        """``tap__<name>``."""
        return f"tap__{self.name}"

    def run(self, config: SuiteConfig, resource: t.Any, runner: TapTestRunner) -> None:
        """Build ``self.tap`` from the runner, then run the test (see :class:`TestTemplate`).

        Args:
            config: The suite's settings.
            resource: The ``resource`` fixture's value.
            runner: The tap runner.
        """
        self.tap = runner.new_tap()
        super().run(config, resource, runner)


class StreamTestTemplate(TestTemplate[TapTestRunner]):
    """Base of stream-level tests (suite kind ``tap_stream``), run once per stream.

    Attributes:
        stream: The stream under test.
        stream_records: The records the runner's sync wrote for it.
    """

    required_kwargs: t.ClassVar[list[str]] = ["stream"]
    stream: Stream
    stream_records: list[dict[str, t.Any]]

    @classmethod
    def applies_to(cls, stream: Stream) -> bool:
        """Whether a test is generated for ``stream``; the default is every stream.

        Args:
            stream: A stream of the tap under test.

        Returns:
            True to generate ``test_<kind>_<name>[<stream>]``.
        """
        return True

    @property
    def id(self) -> str:
        """``<stream>__<name>``."""
        return f"{self.stream.name}__{self.name}"

    @property
    def ignore_no_records(self) -> bool:
        """Whether this stream may return no records (from the suite's settings)."""
        return (
            self.config.ignore_no_records
            or self.stream.name in self.config.ignore_no_records_for_streams
        )

    def run(  # type: ignore[override]
        self,
        config: SuiteConfig,
        resource: t.Any,
        runner: TapTestRunner,
        stream: Stream,
    ) -> None:
        """Set the stream and its records, then run the test (see :class:`TestTemplate`).

        Args:
            config: The suite's settings.
            resource: The ``resource`` fixture's value.
            runner: The tap runner (already synced).
            stream: The stream under test.
        """
        self.stream = stream
        self.stream_records = runner.records[stream.name]
        super().run(config, resource, runner)


class AttributeTestTemplate(StreamTestTemplate):
    """Base of attribute-level tests (suite kind ``tap_stream_attribute``).

    One test is generated per stream property for which :meth:`evaluate` returns True.

    Attributes:
        attribute_name: The property under test.
    """

    attribute_name: str

    @property
    def id(self) -> str:
        """``<stream>__<attribute>__<name>``."""
        return f"{self.stream.name}__{self.attribute_name}__{self.name}"

    def run(  # type: ignore[override]
        self,
        config: SuiteConfig,
        resource: t.Any,
        runner: TapTestRunner,
        stream: Stream,
        attribute_name: str,
    ) -> None:
        """Set the attribute, then run the test (see :class:`StreamTestTemplate`).

        Args:
            config: The suite's settings.
            resource: The ``resource`` fixture's value.
            runner: The tap runner (already synced).
            stream: The stream under test.
            attribute_name: The property under test.
        """
        self.attribute_name = attribute_name
        super().run(config, resource, runner, stream)

    @cached_property
    def non_null_attribute_values(self) -> list[t.Any]:
        """The property's non-null values across the stream's records (warns if none).

        Computed once per instance: without ``SuiteConfig(strict=True)`` one instance serves
        every property of a generated test (as in the reference), so this holds the values of
        the first property the test ran on.
        """
        self.__dict__["_values_of"] = (self.stream.name, self.attribute_name)
        values = [
            record[self.attribute_name]
            for record in self.stream_records
            if record.get(self.attribute_name) is not None
        ]
        if not values and not self.ignore_no_records:
            warnings.warn(
                UserWarning(
                    f"No non-null values of '{self.stream.name}.{self.attribute_name}' "
                    "were available to test."
                ),
                stacklevel=2,
            )
        return values

    def indexed_values(self) -> t.Iterator[tuple[int, t.Any]]:
        """Yield ``(record index, value)`` for each record holding a non-null value."""
        for index, record in enumerate(self.stream_records):
            value = record.get(self.attribute_name)
            if value is not None:
                yield index, value

    def fail(self, index: int, problem: str) -> t.NoReturn:
        """Fail naming the stream, the record index and the attribute.

        Args:
            index: The record's position in the stream's records.
            problem: What is wrong with the value.

        Raises:
            AssertionError: Always.
        """
        __tracebackhide__ = True
        msg = (
            f"Stream '{self.stream.name}', record {index}, field '{self.attribute_name}': {problem}"
        )
        raise AssertionError(msg)

    @classmethod
    def evaluate(
        cls,
        stream: Stream,
        property_name: str,
        property_schema: dict[str, t.Any],
    ) -> bool:
        """Whether this test applies to a property (subclasses must implement it).

        Args:
            stream: The property's stream.
            property_name: The property's name.
            property_schema: The property's JSON Schema.

        Returns:
            True to generate ``test_<kind>_<name>[<stream>.<property>]``.
        """
        msg = "Attribute tests must implement 'evaluate'."
        raise NotImplementedError(msg)

    @classmethod
    def applies_to_property(
        cls,
        stream: Stream,
        property_name: str,
        property_schema: dict[str, t.Any],
        *,
        strict: bool,
    ) -> bool:
        """Whether the factory generates this test for a property; the default is :meth:`evaluate`.

        Args:
            stream: The property's stream.
            property_name: The property's name.
            property_schema: The property's JSON Schema.
            strict: Whether the suite runs with ``SuiteConfig(strict=True)``.

        Returns:
            True to generate ``test_<kind>_<name>[<stream>.<property>]``.
        """
        return cls.evaluate(
            stream=stream, property_name=property_name, property_schema=property_schema
        )


class TargetTestTemplate(TestTemplate[TargetTestRunner]):
    """Base of target tests (suite kind ``target``); ``self.target`` is a new target."""

    target: Target

    @property
    def id(self) -> str:
        """``target__<name>``."""
        return f"target__{self.name}"

    def run(self, config: SuiteConfig, resource: t.Any, runner: TargetTestRunner) -> None:
        """Build ``self.target`` from the runner, then run the test (see :class:`TestTemplate`).

        Args:
            config: The suite's settings.
            resource: The ``resource`` fixture's value.
            runner: The target runner.
        """
        self.target = runner.new_target()
        super().run(config, resource, runner)


class TargetFileTestTemplate(TargetTestTemplate):
    """Base of target tests whose input is a file of Singer messages.

    The input is :attr:`singer_filepath`: by default ``target_test_streams/<name>.singer``
    shipped with this package (``target_test_streams/strict/<name>.singer``, richer inputs, with
    ``SuiteConfig(strict=True)``); override the property to read another file.
    """

    def run(self, config: SuiteConfig, resource: t.Any, runner: TargetTestRunner) -> None:
        """Point the runner at :attr:`singer_filepath`, then run the test.

        Args:
            config: The suite's settings.
            resource: The ``resource`` fixture's value.
            runner: The target runner.
        """
        self.config = config  # singer_filepath depends on it
        path = self.singer_filepath
        if path is not None:
            assert path.is_file(), f"Singer file {path} does not exist."
            runner.input_filepath = path
        super().run(config, resource, runner)

    @property
    def singer_filepath(self) -> Traversable:
        """The file of Singer messages this test feeds to the target."""
        package = importlib.resources.files("singer_sdk.testing.target_test_streams")
        config = getattr(self, "config", None)
        if getattr(config, "strict", False):
            strict_file = package / "strict" / f"{self.name}.singer"
            if strict_file.is_file():
                return strict_file
        return package / f"{self.name}.singer"
