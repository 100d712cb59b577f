"""The standard suites, generated for the sample connectors exactly as a connector author would."""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(Path(__file__).resolve().parent))

from conftest import load_module  # noqa: E402

from singer_sdk.testing import SuiteConfig, get_tap_test_class, get_target_test_class  # noqa: E402

TapDemo = load_module(ROOT / "samples/tap_demo.py").TapDemo
TargetJSONLDemo = load_module(ROOT / "samples/target_jsonl_demo.py").TargetJSONLDemo

_OUTPUT = tempfile.TemporaryDirectory(prefix="target-jsonl-demo-suite-")
# Our samples meet singer_sdk's stricter checks, not only the reference suite's.
STRICT = SuiteConfig(strict=True)

TestTapDemo = get_tap_test_class(TapDemo, config={"book_count": 12}, suite_config=STRICT)

TestTargetJSONLDemo = get_target_test_class(
    TargetJSONLDemo,
    config={"output_dir": _OUTPUT.name},
    suite_config=SuiteConfig(max_records_limit=None, strict=True),
)
