"""Context freezing and the partition index."""

from __future__ import annotations

import pytest

from singer_sdk._state.partitions import PartitionIndex, freeze_context


def test_freeze_context_follows_dict_equality():
    assert freeze_context({"a": 1, "b": "x"}) == freeze_context({"b": "x", "a": 1})
    assert freeze_context({"a": 1}) == freeze_context({"a": 1.0})
    assert freeze_context({"a": 1}) != freeze_context({"a": 2})
    assert freeze_context({"a": 1}) != freeze_context({"b": 1})
    assert freeze_context({}) != freeze_context({"a": None})


def test_freeze_context_with_nested_values():
    nested = {"org": {"id": 1, "tags": ["x", "y"]}, "n": 2}
    same = {"n": 2, "org": {"tags": ["x", "y"], "id": 1}}
    assert freeze_context(nested) == freeze_context(same)
    assert hash(freeze_context(nested)) == hash(freeze_context(same))
    assert freeze_context(nested) != freeze_context({"org": {"id": 1, "tags": ["y", "x"]}, "n": 2})
    assert freeze_context({"a": [1, 2]}) == freeze_context({"a": (1, 2)})
    assert freeze_context({"a": {1, 2}}) == freeze_context({"a": {1, 2}})  # by repr


def test_index_finds_and_creates_entries_in_the_list():
    partitions = [{"context": {"id": 1}, "replication_key_value": 5}]
    index = PartitionIndex(partitions, "s")
    assert index.get({"id": 1}) is partitions[0]
    assert index.get({"id": 2}) is None
    created = index.get_or_create({"id": 2})
    assert partitions == [
        {"context": {"id": 1}, "replication_key_value": 5},
        {"context": {"id": 2}},
    ]
    assert partitions[1] is created
    assert index.get_or_create({"id": 2}) is created
    assert len(index) == 2
    assert index.is_current(partitions)


def test_index_notices_other_writers():
    partitions: list[dict] = []
    index = PartitionIndex(partitions, "s")
    assert index.is_current(partitions)
    partitions.append({"context": {"id": 1}})
    assert not index.is_current(partitions)
    assert not index.is_current(list(partitions))
    assert not index.is_current(None)


def test_index_rejects_duplicate_contexts():
    partitions = [
        {"context": {"org": {"id": 1, "name": "a"}}},
        {"context": {"org": {"name": "a", "id": 1}}},
    ]
    with pytest.raises(ValueError) as excinfo:
        PartitionIndex(partitions, "repos")
    assert str(excinfo.value) == (
        "State of stream 'repos' lists the partition context {'org': {'name': 'a', 'id': 1}} "
        "more than once; each context may appear only once in 'partitions'."
    )


def test_index_rejects_entries_without_context():
    with pytest.raises(ValueError) as excinfo:
        PartitionIndex([{"context": {"a": 1}}, {"ctx": {}}], "s")
    assert str(excinfo.value) == (
        "Partition #1 in the state of stream 's' must be an object with a 'context' object, "
        "got {'ctx': {}}"
    )
