"""Tap-side state: bookmarks, partitions, progress markers and STATE de-duplication.

Everything here is pure bookkeeping on the tap's state dict; nothing reads or writes files or
streams (the :class:`~singer_sdk._state.writer.StateWriter` hands STATE messages to a message
writer it is given).

- :mod:`~singer_sdk._state.bookmarks`: the state shape and the functions that read and update it
  (the names of the reference's ``singer_sdk.helpers._state``);
- :mod:`~singer_sdk._state.partitions`: an index over a stream's ``partitions`` list so a context's
  state is found in constant time;
- :mod:`~singer_sdk._state.manager`: :class:`~singer_sdk._state.manager.StreamStateManager`, the
  collaborator a stream holds to keep its own part of the state;
- :mod:`~singer_sdk._state.writer`: :class:`~singer_sdk._state.writer.StateWriter`, which writes a
  STATE message only when the state changed since the last one.
"""
