"""{{ cookiecutter.destination_name }} target class."""

from __future__ import annotations

{%- if cookiecutter.serialization_method == "SQL" %}

from singer_sdk import typing as th
from singer_sdk.sql import SQLTarget

from {{ cookiecutter.library_name }}.sinks import {{ cookiecutter.destination_name }}Sink


class Target{{ cookiecutter.destination_name }}(SQLTarget):
    """Singer target for {{ cookiecutter.destination_name }}: one table per stream."""

    name = "{{ cookiecutter.target_id }}"
    default_sink_class = {{ cookiecutter.destination_name }}Sink
    config_jsonschema = th.PropertiesList(
        th.Property(
            "sqlalchemy_url",
            th.StringType,
            required=True,
            secret=True,
            title="SQLAlchemy URL",
            description="The database URL, e.g. sqlite:///path/to/file.db",
        ),
    ).to_dict()
{%- else %}

from singer_sdk import Target
from singer_sdk import typing as th

from {{ cookiecutter.library_name }}.sinks import {{ cookiecutter.destination_name }}Sink


class Target{{ cookiecutter.destination_name }}(Target):
    """Singer target for {{ cookiecutter.destination_name }}: one JSON Lines file per stream."""

    name = "{{ cookiecutter.target_id }}"
    default_sink_class = {{ cookiecutter.destination_name }}Sink
    config_jsonschema = th.PropertiesList(
        th.Property(
            "output_dir",
            th.StringType,
            default="output",
            title="Output folder",
            description="Where the stream files are written",
        ),
    ).to_dict()
{%- endif %}


if __name__ == "__main__":
    Target{{ cookiecutter.destination_name }}.cli()
