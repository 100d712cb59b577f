"""Sphinx configuration for the singer_sdk documentation (MyST Markdown, furo theme).

Build: ``.venv/bin/sphinx-build -W --keep-going -b html docs docs/_build/html``.
"""

from __future__ import annotations

import sys
from pathlib import Path

DOCS = Path(__file__).resolve().parent
sys.path.insert(0, str(DOCS.parent))  # the singer_sdk package of this checkout
sys.path.insert(0, str(DOCS / "_ext"))  # local extensions (cli_help)

project = "singer_sdk"
author = "singer_sdk contributors"
copyright = "singer_sdk contributors"

extensions = [
    "myst_parser",
    "sphinx.ext.autodoc",
    "sphinx.ext.napoleon",
    "sphinx.ext.viewcode",
    "cli_help",
]

source_suffix = {".md": "markdown", ".rst": "restructuredtext"}
root_doc = "index"
exclude_patterns = ["_build", "snippets"]

# MyST: ``{directive}`` fences, ``:::`` fences, header anchors for cross-page links.
myst_enable_extensions = ["colon_fence", "deflist"]
myst_heading_anchors = 3

# autodoc: document what a module's ``__all__`` exports, in source order, typed signatures.
autodoc_member_order = "bysource"
autodoc_typehints = "signature"
autodoc_default_options = {"show-inheritance": True}
autodoc_preserve_defaults = True
autoclass_content = "both"

napoleon_google_docstring = True
napoleon_numpy_docstring = False
napoleon_use_rtype = False

html_theme = "furo"
html_title = "singer_sdk"
html_static_path: list[str] = []
