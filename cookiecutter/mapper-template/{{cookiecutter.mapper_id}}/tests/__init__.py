"""Tests of {{ cookiecutter.mapper_id }}."""
