"""Keep the files the chosen stream type, auth method, license and CI option need."""

import shutil
from pathlib import Path

STREAM_TYPE = "{{ cookiecutter.stream_type }}"
AUTH_METHOD = "{{ cookiecutter.auth_method }}"
LICENSE = "{{ cookiecutter.license }}"
CI_FILES = "{{ cookiecutter.include_ci_files }}"
PACKAGE = Path("{{ cookiecutter.library_name }}")

HTTP = STREAM_TYPE in {"REST", "GraphQL"}
CLIENTS = {
    "REST": "client_http.py",
    "GraphQL": "client_http.py",
    "SQL": "client_sql.py",
    "Other": "client_other.py",
}
STREAMS = {"REST": "streams_rest.py", "GraphQL": "streams_graphql.py", "Other": "streams_other.py"}


def keep_one(candidates: set[str], chosen: str | None, final_name: str) -> None:
    """Rename the chosen variant of a module to its final name and delete the others."""
    for name in candidates:
        path = PACKAGE / name
        if name == chosen:
            path.rename(PACKAGE / final_name)
        else:
            path.unlink()


keep_one(set(CLIENTS.values()), CLIENTS[STREAM_TYPE], "client.py")
keep_one(set(STREAMS.values()), STREAMS.get(STREAM_TYPE), "streams.py")

if STREAM_TYPE != "REST":
    shutil.rmtree(PACKAGE / "schemas")
if not (HTTP and AUTH_METHOD in {"OAuth2", "JWT"}):
    (PACKAGE / "auth.py").unlink()
if not HTTP:
    Path("tests", "fixture_api.py").unlink()

if LICENSE != "None":
    Path("licenses", LICENSE).rename("LICENSE")
shutil.rmtree("licenses")

if CI_FILES == "None":
    shutil.rmtree(".github")
