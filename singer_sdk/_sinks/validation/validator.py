"""Compiling a record validator: the generated fast path in front of the closure validator.

:func:`compile_validator` returns a function that checks a record against a JSON Schema (draft
2020-12 semantics) and raises :class:`~singer_sdk._sinks.validation.values.RecordValidationError`
on the first violation: the generated function of
:mod:`singer_sdk._sinks.validation.fast_path` accepts the common valid record, the closures of
:mod:`singer_sdk._sinks.validation.closures` judge the rest.
"""

from __future__ import annotations

import typing as t

from singer_sdk._sinks.validation.closures import Compiler, has_reference
from singer_sdk._sinks.validation.fast_path import FastPath
from singer_sdk._sinks.validation.values import Failure, RecordValidationError, error_path

__all__ = ["compile_fast_check", "compile_validator"]


def compile_validator(
    schema: dict[str, t.Any],
    *,
    validate_formats: bool = False,
    format_checker: t.Any = None,
) -> t.Callable[[dict[str, t.Any]], None]:
    """Compile a record validator for one stream schema.

    Semantics are JSON Schema draft 2020-12, with two deliberate choices for what targets see:
    numbers arrive as ``int`` or :class:`~decimal.Decimal`, and a ``Decimal`` (or ``float``) with
    an integral value counts as an ``integer``; ``multipleOf`` is computed exactly. Unknown
    keywords are ignored. ``format`` is not checked unless asked for, as in Meltano's SDK.

    Args:
        schema: The stream's JSON Schema.
        validate_formats: Check ``format`` keywords with ``jsonschema``'s default format checker.
        format_checker: A ``jsonschema.FormatChecker`` to check ``format`` keywords with
            (implies ``validate_formats``).

    Returns:
        A function that returns None for a valid record and raises
        :class:`RecordValidationError` on the first violation it finds.

    Raises:
        InvalidJSONSchema: The schema cannot be compiled (unknown type name, a keyword of the
            wrong shape, an invalid regular expression, ...).
    """
    compiler = Compiler(validate_formats=validate_formats, format_checker=format_checker)
    if has_reference(schema):
        accept, check = compiler.delegated(schema)
    else:
        accept, check = compiler.node(schema, "")

    def validate(record: dict[str, t.Any]) -> None:
        if type(record) in accept:
            return
        try:
            check(record)
        except Failure as failure:
            raise RecordValidationError(error_path(failure.parts), failure.reason) from None

    if accept or has_reference(schema):
        return validate
    return FastPath(compiler).validator(schema, validate)


def compile_fast_check(
    schema: t.Any, *, validate_formats: bool = False, format_checker: t.Any = None
) -> t.Callable[[t.Any], bool] | None:
    """Return the generated check alone: True only for values the full validator accepts.

    None when the schema contains references (those schemas are left to ``jsonschema``).
    """
    if has_reference(schema):
        return None
    compiler = Compiler(validate_formats=validate_formats, format_checker=format_checker)
    compiler.node(schema, "")  # rejects schemas that cannot be compiled
    return FastPath(compiler).check(schema)
