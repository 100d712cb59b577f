"""tap-demo: a sample tap over an embedded, deterministic book shop.

Three streams show the main tap features without any network:

- ``authors``: full table, primary key ``id``.
- ``books``: incremental on ``updated_at`` (sorted), with a nested object and an array.
- ``reviews``: child of ``books`` (one context per book), incremental on ``created_at``.

Run it: ``python samples/tap_demo.py --config ENV`` (``TAP_DEMO_BOOK_COUNT=50`` for more data),
or ``--discover``, ``--about``, ``--test``.
"""

from __future__ import annotations

import datetime as dt
import typing as t

from singer_sdk import Stream, Tap
from singer_sdk import typing as th

if t.TYPE_CHECKING:
    from singer_sdk.helpers.types import Context, Record

EPOCH = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)
AUTHORS = [
    ("Ada Lovelace", "UK"),
    ("Grace Hopper", "US"),
    ("Edsger Dijkstra", "NL"),
    ("Barbara Liskov", "US"),
    ("Donald Knuth", "US"),
]
GENRES = ["reference", "fiction", "history", "science", "poetry"]


class AuthorsStream(Stream):
    """Every author, every time (full table)."""

    name = "authors"
    primary_keys = ("id",)
    schema = th.PropertiesList(
        th.Property("id", th.IntegerType, required=True),
        th.Property("name", th.StringType),
        th.Property("country", th.StringType),
    ).to_dict()

    def get_records(self, context: Context | None) -> t.Iterable[Record]:
        for index, (name, country) in enumerate(AUTHORS, start=1):
            yield {"id": index, "name": name, "country": country}


class BooksStream(Stream):
    """Books, read incrementally by ``updated_at`` (one book updated per hour)."""

    name = "books"
    primary_keys = ("id",)
    replication_key = "updated_at"
    is_sorted = True
    schema = th.PropertiesList(
        th.Property("id", th.IntegerType, required=True),
        th.Property("title", th.StringType),
        th.Property("author_id", th.IntegerType),
        th.Property("price", th.NumberType),
        th.Property("in_stock", th.BooleanType),
        th.Property("published_on", th.DateType),
        th.Property("updated_at", th.DateTimeType),
        th.Property(
            "details",
            th.ObjectType(
                th.Property("pages", th.IntegerType),
                th.Property("genre", th.StringType),
            ),
        ),
        th.Property("tags", th.ArrayType(th.StringType)),
    ).to_dict()

    def get_records(self, context: Context | None) -> t.Iterable[Record]:
        start = self.get_starting_timestamp(context)
        for index in range(1, int(self.config.get("book_count") or 20) + 1):
            updated_at = EPOCH + dt.timedelta(hours=index)
            if start is not None and updated_at < start:
                continue
            yield {
                "id": index,
                "title": f"Book {index}",
                "author_id": (index - 1) % len(AUTHORS) + 1,
                "price": round(5 + index * 1.25, 2),
                "in_stock": index % 3 != 0,
                "published_on": (EPOCH - dt.timedelta(days=30 * index)).date(),
                "updated_at": updated_at,
                "details": {"pages": 100 + index * 7, "genre": GENRES[index % len(GENRES)]},
                "tags": [GENRES[index % len(GENRES)], "demo"],
            }

    def get_child_context(self, record: Record, context: Context | None) -> Context:
        return {"book_id": record["id"]}


class ReviewsStream(Stream):
    """Reviews of each book (child of ``books``); two per book."""

    name = "reviews"
    parent_stream_type = BooksStream
    primary_keys = ("id",)
    replication_key = "created_at"
    schema = th.PropertiesList(
        th.Property("id", th.StringType, required=True),
        th.Property("book_id", th.IntegerType),
        th.Property("stars", th.IntegerType),
        th.Property("created_at", th.DateTimeType),
    ).to_dict()

    def get_records(self, context: Context | None) -> t.Iterable[Record]:
        assert context is not None
        book_id = context["book_id"]
        start = self.get_starting_timestamp(context)
        for number in (2, 1):  # not in replication key order: the bookmark waits for the end
            created_at = EPOCH + dt.timedelta(hours=book_id, minutes=10 * number)
            if start is not None and created_at < start:
                continue  # already synced: older than this book's bookmark
            yield {
                "id": f"{book_id}-{number}",
                "stars": (book_id + number) % 5 + 1,
                "created_at": created_at,
            }


class TapDemo(Tap):
    """A sample tap over an embedded book shop: authors, books and their reviews."""

    name = "tap-demo"
    config_jsonschema = th.PropertiesList(
        th.Property(
            "start_date",
            th.DateTimeType,
            description="Only sync books updated at or after this time.",
        ),
        th.Property(
            "book_count",
            th.IntegerType,
            default=20,
            description="How many books the shop has.",
        ),
    ).to_dict()

    def discover_streams(self) -> list[Stream]:
        return [AuthorsStream(self), BooksStream(self), ReviewsStream(self)]


if __name__ == "__main__":
    TapDemo.cli()
