"""The CSV sample tap, run as a real process on files written by each test."""

from __future__ import annotations

import json
import typing as t
from pathlib import Path

TAP = "tap_csv.py"
PEOPLE = 'id,name,age,active\n1,Ann,34,true\n2,"Bob\nJunior",,no\n\n3,Cy,40,1\n'


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_folder_gives_one_string_stream_per_file(tmp_path: Path, run: t.Any) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    write(folder, "people.csv", PEOPLE)
    write(folder, "Sales 2024.csv", "region;total\nnorth;10\n")
    write(folder, "notes.txt", "not a csv\n")
    result = run(TAP, config={"path": str(folder)})
    assert result.returncode == 0, result.stderr
    schemas = {m["stream"]: m for m in result.messages if m["type"] == "SCHEMA"}
    assert list(schemas) == ["people", "sales_2024"]
    assert schemas["people"]["schema"]["properties"] == {
        "id": {"type": ["string", "null"]},
        "name": {"type": ["string", "null"]},
        "age": {"type": ["string", "null"]},
        "active": {"type": ["string", "null"]},
        "_sdc_source_file": {"type": "string"},
        "_sdc_source_lineno": {"type": "integer"},
    }
    assert schemas["people"]["key_properties"] == []
    source = str(folder / "people.csv")
    # Line numbers are where each row starts: the quoted newline spans lines 3-4, line 5 is blank.
    assert result.records("people") == [
        {"id": "1", "name": "Ann", "age": "34", "active": "true",
         "_sdc_source_file": source, "_sdc_source_lineno": 2},
        {"id": "2", "name": "Bob\nJunior", "age": "", "active": "no",
         "_sdc_source_file": source, "_sdc_source_lineno": 3},
        {"id": "3", "name": "Cy", "age": "40", "active": "1",
         "_sdc_source_file": source, "_sdc_source_lineno": 6},
    ]  # fmt: skip
    # The default delimiter is a comma: the semicolon file has one column.
    assert result.records("sales_2024")[0]["region;total"] == "north;10"


def test_files_with_a_schema_get_typed_values_and_keys(tmp_path: Path, run: t.Any) -> None:
    write(tmp_path, "people.csv", PEOPLE)
    write(tmp_path, "sales.csv", "region;total;share\nnorth;10;0.25\nsouth;;\n")
    config = {
        "files": [
            {
                "path": "people.csv",
                "entity": "persons",
                "keys": ["id"],
                "schema": {
                    "properties": {
                        "id": {"type": "integer"},
                        "age": {"type": ["integer", "null"]},
                        "active": {"type": ["boolean", "null"]},
                        "tags": {"type": ["array", "null"]},
                    }
                },
            },
            {
                "path": "sales.csv",
                "delimiter": ";",
                "schema": {"properties": {"total": {"type": ["integer", "null"]},
                                          "share": {"type": ["number", "null"]}}},
            },
        ]
    }  # fmt: skip
    result = run(TAP, config=config)
    assert result.returncode == 0, result.stderr
    schema = next(m for m in result.messages if m["type"] == "SCHEMA")
    assert schema["stream"] == "persons"
    assert schema["key_properties"] == ["id"]
    assert list(schema["schema"]["properties"]) == [
        "id", "name", "age", "active", "tags", "_sdc_source_file", "_sdc_source_lineno",
    ]  # fmt: skip
    people = result.records("persons")
    assert [(p["id"], p["age"], p["active"]) for p in people] == [
        (1, 34, True),
        (2, None, False),
        (3, 40, True),
    ]
    assert people[0]["_sdc_source_file"] == "people.csv"  # as configured
    assert "tags" not in people[0]  # named by the schema, absent from the file
    assert [(s["region"], s["total"], s["share"]) for s in result.records("sales")] == [
        ("north", 10, 0.25),
        ("south", None, None),
    ]


def test_discover_lists_the_streams_without_reading_rows(tmp_path: Path, run: t.Any) -> None:
    write(tmp_path, "a.csv", "x\n1\n")
    result = run(TAP, "--discover", config={"files": [{"path": "a.csv", "keys": ["x"]}]})
    assert result.returncode == 0, result.stderr
    (stream,) = json.loads(result.stdout)["streams"]
    assert (stream["tap_stream_id"], stream["key_properties"]) == ("a", ["x"])


def failure(run: t.Any, config: dict[str, t.Any]) -> str:
    result = run(TAP, config=config)
    assert result.returncode == 1, result.stderr
    assert len(result.records("people")) <= 1  # rows before a bad one are already out
    return t.cast("str", result.stderr)


def test_neither_or_both_of_files_and_path_is_an_error(tmp_path: Path, run: t.Any) -> None:
    message = "Exactly one of the settings 'files' and 'path' is needed."
    assert message in failure(run, {})
    assert message in failure(run, {"path": ".", "files": [{"path": "a.csv"}]})
    assert "Setting 'path': 'missing' is not a folder." in failure(run, {"path": "missing"})


def test_missing_files_and_clashing_names_are_each_reported(tmp_path: Path, run: t.Any) -> None:
    write(tmp_path, "people.csv", PEOPLE)
    (tmp_path / "sub").mkdir()
    write(tmp_path / "sub", "people.csv", PEOPLE)
    stderr = failure(
        run,
        {"files": [{"path": "people.csv"}, {"path": "sub/people.csv"}, {"path": "gone.csv"}]},
    )
    assert "Two files make the stream 'people'; set 'entity' on one." in stderr
    assert "CSV file not found: gone.csv" in stderr


def test_a_value_that_does_not_convert_names_file_line_and_column(
    tmp_path: Path, run: t.Any
) -> None:
    write(tmp_path, "people.csv", "id,age\n1,30\n2,thirty\n")
    schema = {"properties": {"age": {"type": ["integer", "null"]}}}
    stderr = failure(run, {"files": [{"path": "people.csv", "schema": schema}]})
    assert "people.csv line 3, column 'age': 'thirty' is not integer" in stderr


def test_bad_rows_and_headers_are_reported(tmp_path: Path, run: t.Any) -> None:
    cases = {
        "id,name\n1,Ann\n2,Bob,extra\n": "people.csv line 3: 3 cells, the header has 2",
        "": "people.csv: the file has no header row",
        "id,id\n1,2\n": "people.csv: the header has duplicate columns ['id']",
        "id,,x\n": "people.csv: the header has an empty column name",
    }
    for text, message in cases.items():
        write(tmp_path, "people.csv", text)
        assert message in failure(run, {"files": [{"path": "people.csv"}]}), text
    write(tmp_path, "people.csv", "id\n1\n")
    stderr = failure(run, {"files": [{"path": "people.csv", "keys": ["uid"]}]})
    assert "people.csv: key column(s) ['uid'] are not in the header ['id']" in stderr


def test_short_rows_get_nulls_for_the_missing_cells(tmp_path: Path, run: t.Any) -> None:
    write(tmp_path, "people.csv", "id,name,age\n1,Ann\n")
    result = run(TAP, config={"files": [{"path": "people.csv"}]})
    assert result.returncode == 0, result.stderr
    assert result.records("people")[0] == {
        "id": "1",
        "name": "Ann",
        "age": None,
        "_sdc_source_file": "people.csv",
        "_sdc_source_lineno": 2,
    }
