"""{{ cookiecutter.target_id }}: a Singer target for {{ cookiecutter.destination_name }}."""
