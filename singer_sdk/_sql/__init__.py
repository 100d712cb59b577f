"""SQL connectors, streams, taps, sinks and targets on SQLAlchemy (the ``sql`` extra).

Public names live in :mod:`singer_sdk.sql`; the modules here import SQLAlchemy, so they are
only imported when a SQL class is used.
"""
