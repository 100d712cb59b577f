"""In-process pipelines (the code behind :mod:`singer_sdk.pipeline`).

``wire`` makes a message's pipe form without JSON, ``channel`` joins two threads, ``stages``
plugs taps, mappers and targets into channels, ``runner`` runs them, ``arrow`` types records.
"""
