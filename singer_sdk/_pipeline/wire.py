"""What a message looks like after a trip through a pipe, made without the trip.

:func:`to_wire` returns a deep copy of a message (or any JSON-able value) in the form the SDK's
reader would produce from the line the SDK's writer writes for it, value for value and type for
type (``codec.decode(codec.encode(x))``), but without encoding or parsing JSON. The rules follow the
codec (:mod:`singer_sdk._messages.codec`):

- ``str``, ``int``, ``bool`` and ``None`` are kept; dicts and lists are copied, tuples become lists;
- a finite ``float`` becomes the :class:`~decimal.Decimal` of its shortest ``repr`` (what the
  writer prints and the reader parses); NaN and infinities become ``None``;
- a finite ``Decimal`` with exponent 0 becomes an ``int`` (the writer prints ``100`` for
  ``Decimal("100")``, which reads back as an integer); other finite Decimals are kept as they are;
  non-finite ones become ``None``;
- datetimes, dates, times, UUIDs and bytes become the strings the writer prints for them
  (msgspec's own formatting, through :func:`msgspec.to_builtins`).

Anything else (a dict with a non-string key, a subclass of a built-in type, an enum, a set, a
dataclass, an object printed by ``str()``) is passed through the codec itself, so the result is
the same in every case; only the common types take the fast way. ``tests/pipeline/test_wire.py``
checks both against the codec.
"""

from __future__ import annotations

import datetime as dt
import decimal
import typing as t
import uuid

import msgspec

from singer_sdk._messages import codec

__all__ = ["to_wire"]

_NoneType = type(None)
_to_builtins = msgspec.to_builtins
#: Parses a number's text exactly as the reader's decoder hook does.
_EXACT = decimal.Context(prec=decimal.MAX_PREC, Emax=decimal.MAX_EMAX, Emin=decimal.MIN_EMIN)
_exact_decimal = _EXACT.create_decimal


def _through_codec(value: t.Any) -> t.Any:
    """The reference behaviour: encode with the codec, parse back."""
    return codec.decode(codec.encode(value))


def _float(value: float) -> t.Any:
    # value - value is 0.0 for finite floats and NaN for NaN and infinities.
    return _exact_decimal(repr(value)) if value - value == 0.0 else None


def _decimal(value: decimal.Decimal) -> t.Any:
    if not value.is_finite():
        return None
    if value.as_tuple().exponent == 0:
        return int(value)
    return value


def _dict(value: dict[t.Any, t.Any]) -> t.Any:
    out = value.copy()
    for key, item in value.items():
        kind = item.__class__
        if kind is str or kind is int or kind is _NoneType or kind is bool:
            if key.__class__ is str:
                continue
            return _through_codec(value)
        if key.__class__ is not str:
            return _through_codec(value)
        convert = _CONVERTERS.get(kind)
        out[key] = _through_codec(item) if convert is None else convert(item)
    return out


def _list(value: list[t.Any] | tuple[t.Any, ...]) -> list[t.Any]:
    out = list(value)
    for index, item in enumerate(value):
        kind = item.__class__
        if not (kind is str or kind is int or kind is _NoneType or kind is bool):
            convert = _CONVERTERS.get(kind)
            out[index] = _through_codec(item) if convert is None else convert(item)
    return out


#: Converters by exact type; a type not listed goes through the codec.
_CONVERTERS: dict[type, t.Callable[[t.Any], t.Any]] = {
    float: _float,
    dict: _dict,
    list: _list,
    tuple: _list,
    decimal.Decimal: _decimal,
    dt.datetime: _to_builtins,
    dt.date: _to_builtins,
    dt.time: _to_builtins,
    uuid.UUID: _to_builtins,
    bytes: _to_builtins,
}


def to_wire(value: t.Any) -> t.Any:
    """Return ``value`` as the SDK's reader would read it back from the SDK's writer.

    Always a new object for dicts and lists (the input is never shared or changed).
    """
    kind = value.__class__
    if kind is str or kind is int or kind is _NoneType or kind is bool:
        return value
    convert = _CONVERTERS.get(kind)
    return _through_codec(value) if convert is None else convert(value)
