"""Write the cookiecutter replay files: one per prompt combination the project tests.

Run ``python cookiecutter/generate_replays.py`` after changing a template's prompts;
``--check`` exits 1 (listing the files) if the files on disk differ from what it would write.
Each combination gets its own source name, so all generated projects can be installed side
by side in one virtual environment.
"""

from __future__ import annotations

import itertools
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPLAY_DIR = HERE / "replays"

ADMIN = {"admin_name": "Ada Example", "admin_email": "ada@example.com"}
LICENSES = ["Apache-2.0", "MIT", "None"]
CI_OPTIONS = ["GitHub", "None"]

TAP_AUTH = {
    "API Key": "ApiKey",
    "Bearer Token": "Bearer",
    "Basic Auth": "Basic",
    "OAuth2": "Oauth",
    "JWT": "Jwt",
    "Custom or N/A": "NoAuth",
}


def _kebab(camel: str) -> str:
    out = "".join(f"-{char.lower()}" if char.isupper() else char for char in camel)
    return out.lstrip("-")


def tap_combinations() -> list[dict[str, str]]:
    """Return the tap-template answers: REST and GraphQL with each auth, SQL, Other."""
    pairs = [(stream_type, auth) for stream_type in ("REST", "GraphQL") for auth in TAP_AUTH]
    pairs += [("SQL", "Custom or N/A"), ("Other", "Custom or N/A")]
    variations = itertools.cycle(itertools.product(LICENSES, CI_OPTIONS))
    answers = []
    for (stream_type, auth), (license_name, ci) in zip(pairs, variations, strict=False):
        prefix = "Graphql" if stream_type == "GraphQL" else stream_type.capitalize()
        source = prefix + (TAP_AUTH[auth] if stream_type in {"REST", "GraphQL"} else "Sample")
        tap_id = f"tap-{_kebab(source)}"
        answers.append(
            {
                "source_name": source,
                **ADMIN,
                "tap_id": tap_id,
                "library_name": tap_id.replace("-", "_"),
                "variant": "None (Skip)" if stream_type != "REST" else "example-org",
                "stream_type": stream_type,
                "auth_method": auth,
                "license": license_name,
                "include_ci_files": ci,
            }
        )
    return answers


def target_combinations() -> list[dict[str, str]]:
    """Return the target-template answers: one per serialization method."""
    answers = []
    methods = {"Per record": "Record", "Per batch": "Batch", "SQL": "Sql"}
    variations = [("Apache-2.0", "GitHub"), ("MIT", "None"), ("None", "GitHub")]
    for (method, suffix), (license_name, ci) in zip(methods.items(), variations, strict=True):
        name = f"Sample{suffix}"
        target_id = f"target-{_kebab(name)}"
        answers.append(
            {
                "destination_name": name,
                **ADMIN,
                "target_id": target_id,
                "library_name": target_id.replace("-", "_"),
                "variant": "None (Skip)",
                "serialization_method": method,
                "license": license_name,
                "include_ci_files": ci,
            }
        )
    return answers


def mapper_combinations() -> list[dict[str, str]]:
    """Return the mapper-template answers: the same code, each license and CI option."""
    variations = [("Sample", "Apache-2.0", "GitHub"), ("Trim", "MIT", "None")]
    variations.append(("Plain", "None", "GitHub"))
    return [
        {
            "name": name,
            **ADMIN,
            "mapper_id": f"mapper-{name.lower()}",
            "library_name": f"mapper_{name.lower()}",
            "variant": "None (Skip)",
            "license": license_name,
            "include_ci_files": ci,
        }
        for name, license_name, ci in variations
    ]


def replay_files() -> dict[Path, str]:
    """Return the replay files to write: path -> JSON text."""
    files: dict[Path, str] = {}
    sets = {
        "tap-template": (tap_combinations(), "tap_id"),
        "target-template": (target_combinations(), "target_id"),
        "mapper-template": (mapper_combinations(), "mapper_id"),
    }
    for template, (combinations, id_key) in sets.items():
        for answers in combinations:
            path = REPLAY_DIR / template / f"{answers[id_key]}.json"
            files[path] = json.dumps({"cookiecutter": answers}, indent=2) + "\n"
    return files


def main(argv: list[str]) -> int:
    """Write the replay files (or, with ``--check``, report stale ones); return the exit code."""
    files = replay_files()
    existing = set(REPLAY_DIR.glob("*/*.json"))
    if "--check" in argv:
        stale = sorted(
            str(path.relative_to(HERE))
            for path, text in files.items()
            if not path.is_file() or path.read_text(encoding="utf-8") != text
        )
        stale += sorted(str(path.relative_to(HERE)) for path in existing - set(files))
        for name in stale:
            print(f"stale replay file: {name}", file=sys.stderr)
        return 1 if stale else 0
    for path in existing - set(files):
        path.unlink()
    for path, text in files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    print(f"wrote {len(files)} replay files to {REPLAY_DIR.relative_to(HERE.parent)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
