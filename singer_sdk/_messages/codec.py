"""The one JSON codec of singer_sdk: every message, state and JSON helper goes through here.

Built on msgspec (measured against orjson and the reference's simplejson; see
``benchmarks/bench_writer.py``). Encoding rules, the Singer way:

- compact output (no spaces), keys in insertion order (messages put ``type`` first);
- :class:`~decimal.Decimal` as a JSON number, exactly as written (``1.10`` stays ``1.10``);
- float and Decimal NaN/Infinity as ``null`` (JSON has no such numbers; msgspec before 0.23
  writes a non-finite Decimal bare and later versions refuse it: both are caught here);
- aware datetimes as RFC 3339 (UTC written with ``Z``); dates ``YYYY-MM-DD``; times ``HH:MM:SS``;
- UUIDs and enums by value, sets as arrays, bytes as base64, anything else by ``str()``.

Decoding turns JSON numbers with a fraction or exponent into :class:`~decimal.Decimal`, so a
target never loses precision; integers stay ``int``. What the fast decoder refuses gets a second
look (only then, so the common path pays nothing): ``NaN``, ``Infinity`` and ``-Infinity``
literals and integers past 64 bits are accepted as the reference's ``json.loads`` accepts them
(as Decimal and int); a ``\\uD800``-style escape that is no Unicode character (a lone
surrogate) and nesting past the parser's depth are refused with an error that says so (see
``docs/differences.md``).
"""

from __future__ import annotations

import decimal
import json
import typing as t

import msgspec

__all__ = [
    "JSONDecodeError",
    "UnrepresentableInput",
    "decode",
    "decode_floats",
    "encode",
    "encode_into",
    "encode_str",
]

#: Raised for input that is not valid JSON.
JSONDecodeError = msgspec.DecodeError


def _enc_hook(obj: t.Any) -> t.Any:
    """Encode what msgspec does not know natively: by ``str()``, as the reference does."""
    return str(obj)


_encoder = msgspec.json.Encoder(enc_hook=_enc_hook, decimal_format="number")
#: Makes a Decimal of a JSON number's text, exactly as ``decimal.Decimal(text)`` does (digits,
#: exponent and trailing zeros kept: the precision and exponent range are the largest there are),
#: and ~10% faster as a decoder hook.
_EXACT = decimal.Context(prec=decimal.MAX_PREC, Emax=decimal.MAX_EMAX, Emin=decimal.MIN_EMIN)
_decoder = msgspec.json.Decoder(float_hook=_EXACT.create_decimal)
_float_decoder = msgspec.json.Decoder()


def _finite(obj: t.Any) -> t.Any:
    """Return ``obj`` with non-finite Decimals replaced by None (msgspec cannot write them)."""
    if isinstance(obj, decimal.Decimal):
        return obj if obj.is_finite() else None
    if isinstance(obj, dict):
        return {key: _finite(value) for key, value in obj.items()}
    if isinstance(obj, list | tuple):
        return [_finite(value) for value in obj]
    return obj


def _needs_finite_pass(data: bytes | bytearray, start: int = 0) -> bool:
    """Whether ``data[start:]`` may hold a bare NaN/Infinity (only a Decimal writes those).

    A quoted "NaN" is a harmless false alarm that costs one extra encoding pass. The
    one-byte searches use memchr and rule out most messages at a fraction of the cost of the
    substring searches.
    """
    if data.find(b"N", start) == -1 and data.find(b"I", start) == -1:
        return False
    return data.find(b"NaN", start) != -1 or data.find(b"Infinity", start) != -1


def encode(obj: t.Any) -> bytes:
    """Return ``obj`` as compact JSON bytes, following the Singer encoding rules above."""
    try:
        data = _encoder.encode(obj)
    except ValueError:
        # msgspec >= 0.23 refuses a non-finite Decimal instead of writing it bare.
        return _encoder.encode(_finite(obj))
    if _needs_finite_pass(data):
        return _encoder.encode(_finite(obj))
    return data


def encode_str(obj: t.Any) -> str:
    """Return ``obj`` as a compact JSON string (see :func:`encode`)."""
    return encode(obj).decode()


def encode_into(obj: t.Any, buffer: bytearray, _encode_into: t.Any = _encoder.encode_into) -> None:
    """Append ``obj`` as compact JSON plus a newline to ``buffer`` (the writer's hot path).

    If encoding fails (or is interrupted), ``buffer`` is left as it was: no half line remains.
    """
    start = len(buffer)
    try:
        try:
            _encode_into(obj, buffer, -1)
        except ValueError:
            # msgspec >= 0.23 refuses a non-finite Decimal instead of writing it bare.
            del buffer[start:]
            _encode_into(_finite(obj), buffer, -1)
        # Inlined _needs_finite_pass: this runs once per message.
        if (buffer.find(b"N", start) != -1 or buffer.find(b"I", start) != -1) and (
            buffer.find(b"NaN", start) != -1 or buffer.find(b"Infinity", start) != -1
        ):
            del buffer[start:]
            _encode_into(_finite(obj), buffer, -1)
        buffer += b"\n"
    except BaseException:
        del buffer[start:]
        raise


class UnrepresentableInput(ValueError):
    """Input that JSON's grammar allows but that cannot be held as Python values faithfully.

    A lone UTF-16 surrogate escape (``"\\ud800"``), or nesting too deep to parse.
    """


def decode(data: bytes | bytearray | memoryview | str) -> t.Any:
    """Parse JSON, with non-integer numbers as :class:`~decimal.Decimal`.

    Raises:
        JSONDecodeError: ``data`` is not valid JSON; the message gives the byte offset.
        UnrepresentableInput: ``data`` is JSON whose value cannot be represented (a lone
            surrogate escape, nesting too deep).
    """
    try:
        return _decoder.decode(data)
    except (msgspec.DecodeError, RecursionError) as exc:
        return _decode_refused(data, exc)
    except UnicodeDecodeError as exc:  # msgspec < 0.19 lets bytes that are not UTF-8 through
        msg = f"Input is not valid UTF-8: {exc}"
        raise JSONDecodeError(msg) from exc


#: The reference's reading of the literals msgspec refuses.
_CONSTANTS = {
    "NaN": decimal.Decimal("NaN"),
    "Infinity": decimal.Decimal("Infinity"),
    "-Infinity": decimal.Decimal("-Infinity"),
}


def _decode_refused(data: bytes | bytearray | memoryview | str, error: BaseException) -> t.Any:
    """Second look at what the fast decoder refused: accept, or raise the real problem."""
    if isinstance(error, RecursionError):
        msg = "JSON nested too deeply to parse (the limit is several hundred levels)"
        raise UnrepresentableInput(msg) from None
    if isinstance(data, bytes | bytearray | memoryview):
        try:
            text = bytes(data).decode("utf-8")
        except UnicodeDecodeError as exc:
            msg = f"not valid UTF-8 (byte {exc.start}: {bytes(data)[exc.start : exc.end]!r})"
            raise JSONDecodeError(msg) from None
    else:
        text = data
    try:
        value = json.loads(text, parse_float=_EXACT.create_decimal, parse_constant=_CONSTANTS.get)
    except RecursionError:
        msg = "JSON nested too deeply to parse (the limit is several hundred levels)"
        raise UnrepresentableInput(msg) from None
    except ValueError as exc:  # JSONDecodeError, too many digits: msgspec's text is the better
        if "digits" in str(exc):
            raise JSONDecodeError(f"a number has too many digits ({exc})") from None
        raise error from None
    path = _lone_surrogate(value)
    if path is not None:
        where, char = path
        msg = (
            f"the string at {where or 'the top level'} has a \\u{ord(char):04x} escape, which is "
            "not a Unicode character (a lone UTF-16 surrogate)"
        )
        raise UnrepresentableInput(msg)
    return value


def _lone_surrogate(value: t.Any, path: str = "") -> tuple[str, str] | None:
    """Where the first lone surrogate in ``value`` is (a JSON path and the character), if any."""
    stack: list[tuple[str, t.Any]] = [(path, value)]
    while stack:
        where, item = stack.pop()
        if isinstance(item, str):
            texts: t.Iterable[tuple[str, str]] = [(where, item)]
        elif isinstance(item, dict):
            for key, child in reversed(item.items()):
                found = _first_surrogate(key)
                if found:
                    return f"{where}.{key!r} (a key)".lstrip("."), found
                stack.append((f"{where}.{key}".lstrip("."), child))
            continue
        elif isinstance(item, list):
            stack.extend((f"{where}[{i}]", child) for i, child in reversed(list(enumerate(item))))
            continue
        else:
            continue
        for spot, text in texts:
            found = _first_surrogate(text)
            if found:
                return spot, found
    return None


def _first_surrogate(text: str) -> str:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        return text[exc.start]
    return ""


def direct_decoder() -> t.Callable[[bytes | bytearray | memoryview | str], t.Any]:
    """Return the bound method :func:`decode` calls, for loops that decode many lines.

    It behaves exactly as :func:`decode`, minus one Python call per line.
    """
    return _decoder.decode


def decode_floats(data: bytes | bytearray | memoryview | str) -> t.Any:
    """Parse JSON with non-integer numbers as ``float`` (for config files and catalogs)."""
    return _float_decoder.decode(data)
