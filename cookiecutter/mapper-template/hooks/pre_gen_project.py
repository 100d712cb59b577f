"""Check the answers before the mapper project is generated; exit 1 with a message if wrong."""

import re
import sys

CHECKS = [
    (
        "name",
        "{{ cookiecutter.name }}",
        r"[A-Z][A-Za-z0-9]*",
        "a CamelCase name that is a Python identifier, e.g. MyMapper",
    ),
    (
        "mapper_id",
        "{{ cookiecutter.mapper_id }}",
        r"mapper-[a-z0-9]+(-[a-z0-9]+)*",
        "kebab-case starting with 'mapper-', e.g. mapper-mymapper",
    ),
    (
        "library_name",
        "{{ cookiecutter.library_name }}",
        r"[a-z_][a-z0-9_]*",
        "a snake_case Python package name, e.g. mapper_mymapper",
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
