"""A sink's per-record steps, compiled once per sink into the one function the target calls.

The target hands every record to its sink through :func:`compile_record_steps`'s result. The
steps are the sink's hooks, in the order the reference calls them; what the sink's class leaves
at the library default is skipped or done inline here, so changing a :class:`Sink` hook means
changing this module and ``core.py``, never the target's.

Fast path (guarded by ``tests/target/test_fast_paths.py`` and ``tests/sinks``): per record it
skips ``preprocess_record``, ``_after_process_record`` and the ``_remove_sdc_*`` call when the
sink's class keeps the no-op defaults; it appends to the batch and starts it inline when the
class keeps :class:`BatchSink`'s ``_get_context``/``process_record``; it does the record
counter's ``increment`` inline when the counter keeps the stock one; it reads the batch size
from the read tally when the size properties are the defaults. Any override falls back to
calling the hook.
"""

from __future__ import annotations

import typing as t

from singer_sdk._overrides import overrides
from singer_sdk._sinks.batch import BatchSink
from singer_sdk._sinks.core import SDC_METADATA_PROPERTIES, Sink

__all__ = ["RecordSteps", "compile_record_steps"]

#: A sink's per-record steps: (record, RECORD message, input sequence number) -> is the sink full.
RecordSteps = t.Callable[[dict[str, t.Any], dict[str, t.Any], int], bool]


def compile_record_steps(sink: Sink) -> RecordSteps:
    """Return the per-record steps of ``sink`` as one function, built once per sink.

    The function runs, in order: context, ``_sdc_*`` metadata, validation and date-time parsing,
    ``preprocess_record``, the key-property check, the read tally, ``process_record``, the record
    counter and ``_after_process_record``, and notes the input sequence number of the sink's
    oldest undrained record. Hooks the sink's class leaves at the default no-op are skipped, and
    the defaults of :class:`BatchSink` (the batch context, appending to its records) and of the
    record counter run inline. It returns :attr:`Sink.is_full` (computed from the read tally when
    the sink's class keeps the default size properties).
    """
    cls = type(sink)
    get_context = sink._get_context
    batch_context = not overrides(cls, BatchSink, "_get_context")
    add_sdc = sink._add_sdc_metadata_to_record if sink._add_sdc else None
    remove_sdc = sink._remove_sdc_metadata_from_record
    strip_sdc = overrides(cls, Sink, "_remove_sdc_metadata_from_record")
    validate_and_parse = (
        sink._validate_and_parse
        if overrides(cls, Sink, "_validate_and_parse")
        else sink._validate_and_parse_record
    )
    preprocess = sink.preprocess_record if overrides(cls, Sink, "preprocess_record") else None
    check_keys = sink._singer_validate_message
    key_properties = tuple(sink._key_properties)
    custom_key_check = overrides(cls, Sink, "_singer_validate_message")
    process_record = sink.process_record
    append_to_batch = batch_context and not overrides(cls, BatchSink, "process_record")
    counter = sink._record_counter
    count_inline = counter.can_inline_increment()
    after = sink._after_process_record if overrides(cls, Sink, "_after_process_record") else None
    default_size = not any(
        overrides(cls, Sink, name)
        for name in ("is_full", "current_size", "max_size", "batch_size_rows")
    )
    max_size = sink.max_size if default_size else 0

    def steps(record: dict[str, t.Any], message_dict: dict[str, t.Any], seq: int) -> bool:
        if batch_context:
            context = sink._pending_batch
            if context is None:
                context = get_context(record)
        else:
            context = get_context(record)
        if add_sdc is not None:
            add_sdc(record, message_dict, context)
        elif strip_sdc or not record.keys().isdisjoint(SDC_METADATA_PROPERTIES):
            remove_sdc(record)  # the default is called only when there is something to remove
        parsed = validate_and_parse(record)
        if parsed is not None:
            record = parsed
        if preprocess is not None:
            record = preprocess(record, context)
        if custom_key_check:
            check_keys(record)
        else:
            for key in key_properties:
                if key not in record:
                    check_keys(record)  # raises, naming every missing key
        sink._total_records_read += 1
        sink._batch_records_read += 1
        if append_to_batch:
            records = context.get("records")
            if records is None:
                context["records"] = [record]
            else:
                records.append(record)
        else:
            process_record(record, context)
        if count_inline:
            counter.value += 1
            if counter.clock() >= counter.due_at:
                counter.report_due()
        else:
            counter.increment()
        if after is not None:
            after(context)
        if sink._pending_seq is None:
            sink._pending_seq = seq
        if default_size:
            return sink._batch_records_read >= max_size
        return sink.is_full

    return steps
