"""Parent and child streams: child contexts, selection, SCHEMA once, dropped records."""

from __future__ import annotations

import typing as t

import pytest

from singer_sdk import Stream, Tap
from singer_sdk.helpers._compat import SingerSDKDeprecationWarning

ID_SCHEMA: dict[str, t.Any] = {
    "type": "object",
    "properties": {"id": {"type": "integer"}, "name": {"type": "string"}},
}


class Users(Stream):
    name = "users"
    primary_keys = ("id",)
    schema = ID_SCHEMA

    def get_records(self, context):
        yield {"id": 1, "name": "ann"}
        yield {"id": 2, "name": "bob"}
        yield {"id": 3, "name": "cat"}

    def get_child_context(self, record, context):
        return {"user_id": record["id"]}


class Posts(Stream):
    name = "posts"
    parent_stream_type = Users
    primary_keys = ("id",)
    schema: t.ClassVar[dict[str, t.Any]] = {
        "type": "object",
        "properties": {"id": {"type": "string"}, "user_id": {"type": "integer"}},
    }
    contexts: t.ClassVar[list[dict[str, t.Any]]]

    def get_records(self, context):
        type(self).contexts.append(dict(context))
        yield {"id": f"{context['user_id']}-a"}
        yield {"id": f"{context['user_id']}-b"}


def make_tap(
    users: type[Users] = Users, posts: type[Posts] = Posts, *extra: type[Stream]
) -> type[Tap]:
    posts.contexts = []

    class SocialTap(Tap):
        name = "tap-social"

        def discover_streams(self):
            return [users(self), posts(self), *(stream(self) for stream in extra)]

    return SocialTap


def test_one_child_context_per_parent_record(run_tap) -> None:
    run = run_tap(make_tap())
    assert Posts.contexts == [{"user_id": 1}, {"user_id": 2}, {"user_id": 3}]
    assert [record["id"] for record in run.records("posts")] == [
        "1-a", "1-b", "2-a", "2-b", "3-a", "3-b",
    ]  # fmt: skip
    # The context keys are merged into the child records.
    assert {record["user_id"] for record in run.records("posts")} == {1, 2, 3}
    assert [record["id"] for record in run.records("users")] == [1, 2, 3]
    partitions = run.final_state["bookmarks"]["posts"]["partitions"]
    assert [partition["context"] for partition in partitions] == Posts.contexts


def test_children_are_written_before_their_parent_record(run_tap) -> None:
    run = run_tap(make_tap())
    records = [kind for kind in run.kinds() if kind.startswith("RECORD")]
    assert records[:3] == ["RECORD:posts", "RECORD:posts", "RECORD:users"]


def test_child_schema_is_written_once_per_stream(run_tap) -> None:
    run = run_tap(make_tap())
    assert len(run.schemas("posts")) == 1
    assert len(run.schemas("users")) == 1
    kinds = run.kinds()
    assert kinds.index("SCHEMA:posts") < kinds.index("RECORD:posts")


def test_state_after_each_child_context_never_precedes_its_records(run_tap) -> None:
    run = run_tap(make_tap())
    posts_seen: set[str] = set()
    for message in run.messages:
        if message["type"] == "RECORD" and message["stream"] == "posts":
            posts_seen.add(message["record"]["user_id"])
        if message["type"] == "STATE":
            partitions = message["value"]["bookmarks"].get("posts", {}).get("partitions", [])
            assert {partition["context"]["user_id"] for partition in partitions} <= posts_seen


def test_many_child_contexts_per_parent_record(run_tap) -> None:
    class MultiUsers(Users):
        def generate_child_contexts(self, record, context):
            yield {"user_id": record["id"], "page": 1}
            yield {"user_id": record["id"], "page": 2}

    run = run_tap(make_tap(MultiUsers))
    assert Posts.contexts == [
        {"user_id": user_id, "page": page} for user_id in (1, 2, 3) for page in (1, 2)
    ]
    assert len(run.records("posts")) == 12
    assert len(run.schemas("posts")) == 1
    assert len(run.final_state["bookmarks"]["posts"]["partitions"]) == 6


def test_none_child_context_skips_the_children(run_tap, caplog) -> None:
    class SomeUsers(Users):
        def get_child_context(self, record, context):
            return None if record["id"] == 2 else {"user_id": record["id"]}

    run = run_tap(make_tap(SomeUsers))
    assert Posts.contexts == [{"user_id": 1}, {"user_id": 3}]
    assert len(run.records("users")) == 3
    assert "Context for child streams of 'users' is null" in caplog.text


def test_deselected_parent_with_selected_child(run_tap, set_metadata) -> None:
    tap_class = make_tap()
    catalog = tap_class(config={}).catalog_dict
    set_metadata(catalog, "users", [], selected=False)
    run = run_tap(tap_class, catalog=catalog)
    assert run.of_type("SCHEMA", "users") == []
    assert run.of_type("RECORD", "users") == []
    assert len(run.records("posts")) == 6
    assert len(run.schemas("posts")) == 1
    assert run.final_state["bookmarks"].get("users", {}) == {}


def test_deselected_child_is_not_synced(run_tap, set_metadata) -> None:
    tap_class = make_tap()
    catalog = tap_class(config={}).catalog_dict
    set_metadata(catalog, "posts", [], selected=False)
    run = run_tap(tap_class, catalog=catalog)
    assert Posts.contexts == []
    assert run.of_type("SCHEMA", "posts") == []
    assert len(run.records("users")) == 3


def test_both_deselected_sync_nothing(run_tap, set_metadata) -> None:
    tap_class = make_tap()
    catalog = tap_class(config={}).catalog_dict
    set_metadata(catalog, "users", [], selected=False)
    set_metadata(catalog, "posts", [], selected=False)
    run = run_tap(tap_class, catalog=catalog)
    assert [message for message in run.messages if message["type"] != "STATE"] == []
    assert Posts.contexts == []


def test_post_process_none_drops_the_record_and_its_children(run_tap) -> None:
    class FilteredUsers(Users):
        def post_process(self, row, context=None):
            return None if row["id"] == 2 else {**row, "name": row["name"].upper()}

    run = run_tap(make_tap(FilteredUsers))
    assert run.records("users") == [{"id": 1, "name": "ANN"}, {"id": 3, "name": "CAT"}]
    assert Posts.contexts == [{"user_id": 1}, {"user_id": 3}]


def test_default_child_context_without_partitioning_keys_is_ambiguous(run_tap) -> None:
    class PlainUsers(Users):
        get_child_context = Stream.get_child_context

    with pytest.raises(NotImplementedError) as excinfo:
        run_tap(make_tap(PlainUsers))
    message = str(excinfo.value)
    assert "'users'" in message
    assert "'posts'" in message
    assert "get_child_context" in message
    assert "state_partitioning_keys" in message


def test_default_child_context_is_the_parent_record_with_partitioning_keys(run_tap) -> None:
    class PlainUsers(Users):
        get_child_context = Stream.get_child_context

    class KeyedPosts(Posts):
        state_partitioning_keys: t.ClassVar[list[str]] = ["id"]
        replication_key = "id"

        def get_records(self, context):
            type(self).contexts.append(dict(context))
            yield {"id": f"{context['id']}-x"}

    run = run_tap(make_tap(PlainUsers, KeyedPosts))
    # The child gets the whole parent record as its context ...
    assert KeyedPosts.contexts[0] == {"id": 1, "name": "ann"}
    # ... and partitions its state by the keys it names.
    partitions = run.final_state["bookmarks"]["posts"]["partitions"]
    assert partitions == [
        {"context": {"id": n}, "replication_key": "id", "replication_key_value": f"{n}-x"}
        for n in (1, 2, 3)
    ]


def test_parent_context_is_passed_on_by_default(run_tap) -> None:
    class RegionUsers(Users):
        partitions: t.ClassVar[list[dict[str, t.Any]]] = [{"region": "eu"}]
        get_child_context = Stream.get_child_context
        schema: t.ClassVar[dict[str, t.Any]] = {
            "type": "object",
            "properties": {**ID_SCHEMA["properties"], "region": {"type": "string"}},
        }

    class RegionPosts(Posts):
        schema: t.ClassVar[dict[str, t.Any]] = {
            "type": "object",
            "properties": {"id": {"type": "string"}, "region": {"type": "string"}},
        }

        def get_records(self, context):
            type(self).contexts.append(dict(context))
            yield {"id": "p"}

    run = run_tap(make_tap(RegionUsers, RegionPosts))
    assert RegionPosts.contexts == [{"region": "eu"}] * 3
    assert run.records("posts")[0] == {"id": "p", "region": "eu"}


def test_preprocess_context_changes_the_child_context(run_tap) -> None:
    class TrimmedPosts(Posts):
        def preprocess_context(self, context):
            return {"user_id": context["user_id"] * 10}

        def get_records(self, context):
            type(self).contexts.append(dict(context))
            assert dict(self.context) == dict(context)
            with pytest.raises(TypeError):
                self.context["user_id"] = 0
            yield {"id": "x"}

    run = run_tap(make_tap(Users, TrimmedPosts))
    assert TrimmedPosts.contexts == [{"user_id": 10}, {"user_id": 20}, {"user_id": 30}]
    assert [record["user_id"] for record in run.records("posts")] == [10, 20, 30]


def test_grandchildren_are_synced_through_the_chain(run_tap) -> None:
    class Comments(Stream):
        name = "comments"
        parent_stream_type = Posts
        schema: t.ClassVar[dict[str, t.Any]] = {
            "type": "object",
            "properties": {"text": {"type": "string"}, "post_id": {"type": "string"}},
        }

        def get_records(self, context):
            yield {"text": "hi"}

    class PostsWithChildren(Posts):
        def get_child_context(self, record, context):
            return {"post_id": record["id"]}

    run = run_tap(make_tap(Users, PostsWithChildren, Comments))
    assert [record["post_id"] for record in run.records("comments")] == [
        "1-a", "1-b", "2-a", "2-b", "3-a", "3-b",
    ]  # fmt: skip
    assert len(run.schemas("comments")) == 1


def test_deprecated_record_and_context_tuples(run_tap) -> None:
    class TupleUsers(Users):
        get_child_context = Stream.get_child_context  # passes the given context on

        def get_records(self, context):
            yield {"id": 7, "name": "tup"}, {"user_id": 70}

    with pytest.warns(SingerSDKDeprecationWarning, match="tuples"):
        run = run_tap(make_tap(TupleUsers))
    assert run.records("users") == [{"id": 7, "name": "tup"}]
    assert Posts.contexts == [{"user_id": 70}]


def test_child_of_an_undiscovered_parent_is_an_error() -> None:
    class OnlyPostsTap(Tap):
        name = "tap-orphan"

        def discover_streams(self):
            return [Posts(self)]

    with pytest.raises(ValueError, match="'posts' has parent_stream_type Users"):
        _ = OnlyPostsTap(config={}).streams


def test_ignore_parent_replication_key_forces_the_parent_to_full_table(run_tap, caplog) -> None:
    class IncrementalUsers(Users):
        replication_key = "id"
        is_sorted = True

    class IndependentPosts(Posts):
        ignore_parent_replication_key = True

    run = run_tap(make_tap(IncrementalUsers, IndependentPosts))
    users = run.tap.streams["users"]
    assert users.replication_method == "FULL_TABLE"
    assert users.replication_key is None
    assert "Forcing full table replication for 'users'" in caplog.text
    assert run.final_state["bookmarks"]["users"] == {}
