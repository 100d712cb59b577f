"""Keep the files the chosen serialization method, license and CI option need."""

import shutil
from pathlib import Path

SERIALIZATION = "{{ cookiecutter.serialization_method }}"
LICENSE = "{{ cookiecutter.license }}"
CI_FILES = "{{ cookiecutter.include_ci_files }}"
PACKAGE = Path("{{ cookiecutter.library_name }}")

SINKS = {"Per record": "sinks_record.py", "Per batch": "sinks_batch.py", "SQL": "sinks_sql.py"}

for method, module in SINKS.items():
    if method == SERIALIZATION:
        (PACKAGE / module).rename(PACKAGE / "sinks.py")
    else:
        (PACKAGE / module).unlink()

if LICENSE != "None":
    Path("licenses", LICENSE).rename("LICENSE")
shutil.rmtree("licenses")

if CI_FILES == "None":
    shutil.rmtree(".github")
