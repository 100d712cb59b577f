"""Singer catalogs: entries, breadcrumb metadata, selection and selection-based pruning.

The public names live in :mod:`singer_sdk.singerlib.catalog`; this package holds the code.
"""
