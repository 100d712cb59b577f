"""JSON Schema validators: the default validator class and one that fills in defaults.

This module imports ``jsonschema``; ``singer_sdk.typing`` reaches it only on first use.
"""

from __future__ import annotations

import copy
import typing as t

from jsonschema import Draft202012Validator, validators  # type: ignore[import-untyped]

__all__ = ["DEFAULT_JSONSCHEMA_VALIDATOR", "extend_validator_with_defaults"]

#: The validator class used for config and record validation (JSON Schema draft 2020-12).
DEFAULT_JSONSCHEMA_VALIDATOR: type[t.Any] = Draft202012Validator

_EXTENDED: dict[type[t.Any], type[t.Any]] = {}


def extend_validator_with_defaults(validator_class: type[t.Any]) -> type[t.Any]:
    """Build a validator class that also fills in ``default`` values while it validates.

    When an object lacks a property whose schema has a ``default``, a deep copy of that default
    is stored in the instance (nested objects included, once they exist), then the instance is
    validated as usual. Used to validate plugin config.

    Args:
        validator_class: A ``jsonschema`` validator class, e.g. ``DEFAULT_JSONSCHEMA_VALIDATOR``.

    Returns:
        A validator class (the same one for repeated calls with the same argument).
    """
    extended = _EXTENDED.get(validator_class)
    if extended is not None:
        return extended
    validate_properties = validator_class.VALIDATORS["properties"]

    def properties_with_defaults(
        validator: t.Any,
        properties: t.Mapping[str, t.Any],
        instance: t.Any,
        schema: t.Mapping[str, t.Any],
    ) -> t.Iterator[t.Any]:
        if isinstance(instance, t.MutableMapping) and isinstance(properties, t.Mapping):
            for name, subschema in properties.items():
                if (
                    name not in instance
                    and isinstance(subschema, t.Mapping)
                    and "default" in subschema
                ):
                    instance[name] = copy.deepcopy(subschema["default"])
        yield from validate_properties(validator, properties, instance, schema)

    extended = validators.extend(validator_class, {"properties": properties_with_defaults})
    _EXTENDED[validator_class] = extended
    return t.cast("type[t.Any]", extended)
