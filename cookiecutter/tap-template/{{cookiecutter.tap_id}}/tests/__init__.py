"""Tests of {{ cookiecutter.tap_id }}."""
