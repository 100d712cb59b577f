"""{{ cookiecutter.mapper_id }}: a Singer mapper."""
