"""Micro-benchmark: bookmark increments here and in the reference (printed, never asserted).

Run as ``python benchmarks/state_increments.py [N]`` (default 100,000 increments per
scenario; the report in the docs uses 1,000,000). The reference side runs only where its
virtual environment exists (``SINGER_SDK_REFERENCE_PYTHON``, default ``/tmp/ref/bin/python``).
"""

from __future__ import annotations

import json
import os
import pathlib
import subprocess
import sys

SCRIPT = pathlib.Path(__file__).with_name("state_workload.py")
REPO = pathlib.Path(__file__).resolve().parents[1]


def _run(python: str, side: str, n: int) -> dict[str, float]:
    env = {**os.environ, "PYTHONPATH": str(REPO) if side == "ours" else ""}
    result = subprocess.run(
        [python, str(SCRIPT), side, str(n)],
        capture_output=True,
        text=True,
        check=True,
        env=env,
        cwd="/" if side == "reference" else str(REPO),
    )
    return json.loads(result.stdout)  # type: ignore[no-any-return]


def main() -> None:
    """Run every scenario on our side and, where it is installed, on the reference's."""
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    rows = {"ours": _run(sys.executable, "ours", n)}
    reference = os.environ.get("SINGER_SDK_REFERENCE_PYTHON", "/tmp/ref/bin/python")
    if pathlib.Path(reference).exists():
        rows["reference"] = _run(reference, "reference", n)
    print(f"bookmark increments, microseconds each ({n:,} increments per scenario):")
    names = [k for k in rows["ours"] if k != "increments"]
    print(f"  {'scenario':26}" + "".join(f"{side:>12}" for side in rows))
    for name in names:
        print(f"  {name:26}" + "".join(f"{rows[side][name]:12.3f}" for side in rows))


if __name__ == "__main__":
    main()
