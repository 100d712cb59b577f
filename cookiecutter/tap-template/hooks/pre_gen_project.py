"""Check the answers before the tap project is generated; exit 1 with a message if wrong."""

import re
import sys

CHECKS = [
    (
        "source_name",
        "{{ cookiecutter.source_name }}",
        r"[A-Z][A-Za-z0-9]*",
        "a CamelCase name that is a Python identifier, e.g. MySource",
    ),
    (
        "tap_id",
        "{{ cookiecutter.tap_id }}",
        r"tap-[a-z0-9]+(-[a-z0-9]+)*",
        "kebab-case starting with 'tap-', e.g. tap-mysource",
    ),
    (
        "library_name",
        "{{ cookiecutter.library_name }}",
        r"[a-z_][a-z0-9_]*",
        "a snake_case Python package name, e.g. tap_mysource",
    ),
]

errors = [
    f"ERROR: {name} must be {what}; got {value!r}"
    for name, value, pattern, what in CHECKS
    if not re.fullmatch(pattern, value)
]
if errors:
    print("\n".join(errors), file=sys.stderr)
    sys.exit(1)
