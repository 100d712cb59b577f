"""Keep the files the chosen license and CI option need."""

import shutil
from pathlib import Path

LICENSE = "{{ cookiecutter.license }}"
CI_FILES = "{{ cookiecutter.include_ci_files }}"

if LICENSE != "None":
    Path("licenses", LICENSE).rename("LICENSE")
shutil.rmtree("licenses")

if CI_FILES == "None":
    shutil.rmtree(".github")
