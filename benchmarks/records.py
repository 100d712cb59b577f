"""Deterministic synthetic records for the benchmarks (standard library only).

Twelve fields of mixed types: integers, strings, a float, a boolean, two date-time strings, a
nested object, a string array and a nullable string; the same shape as the shared yardstick.
"""

from __future__ import annotations

import datetime as dt

STREAM = "synth"
SCHEMA = {
    "type": "object",
    "properties": {
        "id": {"type": ["integer"]},
        "name": {"type": ["string", "null"]},
        "email": {"type": ["string", "null"]},
        "description": {"type": ["string", "null"]},
        "amount": {"type": ["number", "null"]},
        "quantity": {"type": ["integer", "null"]},
        "is_active": {"type": ["boolean", "null"]},
        "created_at": {"type": ["string", "null"], "format": "date-time"},
        "updated_at": {"type": ["string", "null"], "format": "date-time"},
        "address": {
            "type": ["object", "null"],
            "properties": {
                "street": {"type": ["string", "null"]},
                "city": {"type": ["string", "null"]},
                "geo": {
                    "type": ["object", "null"],
                    "properties": {"lat": {"type": ["number"]}, "lon": {"type": ["number"]}},
                },
            },
        },
        "tags": {"type": ["array", "null"], "items": {"type": ["string"]}},
        "notes": {"type": ["string", "null"]},
    },
}
_BASE = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)
_CITIES = ["Lisbon", "Oslo", "Kyoto", "Quito", "Nairobi", "Toronto", "Madrid"]
_TAGS = ["alpha", "beta", "gamma", "delta", "epsilon"]


def make_record(i: int) -> dict[str, object]:
    """Return a fresh record for row ``i``."""
    return {
        "id": i,
        "name": f"Person {i % 977}",
        "email": f"user{i}@example.com",
        "description": f"Synthetic description {i % 31} with some filler text " + "x" * (i % 7),
        "amount": (i % 100000) * 1.25 + 0.5,
        "quantity": i % 97,
        "is_active": i % 3 != 0,
        "created_at": (_BASE + dt.timedelta(seconds=i >> 1)).isoformat(),
        "updated_at": (_BASE + dt.timedelta(seconds=i)).isoformat(),
        "address": {
            "street": f"{i % 999} Main Street",
            "city": _CITIES[i % 7],
            "geo": {"lat": (i % 180) - 89.5, "lon": (i % 360) - 179.5},
        },
        "tags": [_TAGS[i % 5], _TAGS[(i + 2) % 5]],
        "notes": None if i & 1 else f"note {i}",
    }
