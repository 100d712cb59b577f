"""Richer inputs for the built-in target tests, used with ``SuiteConfig(strict=True)``.

Arrays of numbers and objects, compound and changing primary keys, dropped columns, more
scripts and special characters: each file is named after its test (``<test name>.singer``).
"""
