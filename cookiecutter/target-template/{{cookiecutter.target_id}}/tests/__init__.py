"""Tests of {{ cookiecutter.target_id }}."""
