"""{{ cookiecutter.tap_id }}: a Singer tap for {{ cookiecutter.source_name }}."""
