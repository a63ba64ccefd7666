"""``spinemet assess FILE... --format jsonl``: many case files, one JSON line each, and a file that
fails says where and why without stopping the batch. And the start of every command is light."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from spinemet.cli.app import _register, app
from spinemet.io.casefile import load_case
from spinemet.service import offline
from spinemet.service.jsonable import jsonable

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))

_register()
runner = CliRunner()


def test_batch_gives_one_line_per_file_equal_to_the_single_assessment(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("id: bad\nprimary: {site: lungs}\n", encoding="utf-8")
    missing = tmp_path / "missing.yaml"
    files = [EXAMPLES[0], bad, *EXAMPLES[1:], missing]
    out = runner.invoke(app, ["assess", *map(str, files), "--format", "jsonl"])
    assert out.exit_code == 1  # some files failed; the others were still assessed
    lines = [json.loads(line) for line in out.stdout.splitlines()]
    assert [line["file"] for line in lines] == [str(f) for f in files]
    by_file = {line["file"]: line for line in lines}
    for example in EXAMPLES:
        expected = jsonable(offline.assess(load_case(example)).as_dict())
        assert jsonable(by_file[str(example)]["assessment"]) == expected
    refused = by_file[str(bad)]
    assert "assessment" not in refused
    assert refused["problems"] == [{"location": "primary.site", "message": refused["problems"][0]["message"]}]
    assert "'lungs' is not allowed" in refused["problems"][0]["message"]
    assert "error" in by_file[str(missing)] and "assessment" not in by_file[str(missing)]
    assert "2 of 7 case file(s) could not be assessed" in out.stderr


def test_batch_on_a_day_and_several_files_without_jsonl_is_refused() -> None:
    out = runner.invoke(app, ["assess", *map(str, EXAMPLES[:2]), "--on", "0", "--format", "jsonl"])
    assert out.exit_code == 0
    assert [json.loads(line)["assessment"]["day"] for line in out.stdout.splitlines()] == [0, 0]
    several = runner.invoke(app, ["assess", *map(str, EXAMPLES[:2])])
    assert several.exit_code == 2 and "--format jsonl" in several.stderr


def test_help_loads_only_the_command_line() -> None:
    """``spinemet --help`` imports the command modules and Typer, not the core, the service, Polars,
    matplotlib, uvicorn, FastAPI, SQLAlchemy or pydantic (they load inside the commands)."""
    code = ("import sys; from spinemet.cli.app import _register; _register(); "
            "print(' '.join(sorted(sys.modules)))")
    loaded = set(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
                 .stdout.split())
    heavy = {"polars", "matplotlib", "uvicorn", "fastapi", "sqlalchemy", "pydantic", "yaml",
             "spinemet.service", "spinemet.case", "spinemet.instruments", "spinemet.assessment"}
    assert "spinemet.cli.pathway_cmds" in loaded
    assert heavy & loaded == set()


def test_jsonl_line_is_byte_for_byte_what_the_json_module_writes() -> None:
    """The batch writes its lines with orjson (for speed); the text must be the one ``json`` writes with the
    same options, on every example's assessment and on the values where the two libraries differ by default
    (keys that are not text, an integer beyond 64 bits, dataclasses, dates, text outside ASCII, numbers
    written with an exponent)."""
    import dataclasses
    import datetime as dt

    from spinemet.cli.output import dumps_default, json_line_encoder

    reference = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), default=dumps_default).encode
    encode = json_line_encoder()

    @dataclasses.dataclass
    class Dose:
        gray: float

        def as_dict(self) -> dict[str, object]:
            return {"dose_gy": self.gray}

    odd = {7: "seven", None: 2, False: [3.5, -0.0, 0.0001, 5e-10, 1e16, 1.2345678901234568e+17], "dose": Dose(8.0), "on": dt.date(2024, 2, 29),
           "at": dt.datetime(2024, 2, 29, 8, 30, 1, 5), "words": "Bilsky 1c \u2013 \u00e9t\u00e9 \u2028\x01\t\"", "set": (1, 2)}
    assert encode(odd) == reference(odd)
    assert encode({"count": 2**70}) == reference({"count": 2**70})  # orjson refuses it: json writes the line
    for example in EXAMPLES:
        line = {"file": str(example), "assessment": offline.assess(load_case(example)).as_dict()}
        assert encode(line) == reference(line)


@given(st.lists(st.floats(allow_nan=False, allow_infinity=False), max_size=4))
def test_jsonl_line_writes_any_number_as_the_same_json_number(numbers: list[float]) -> None:
    """Any number reads back as itself; the text is ``json``'s but below 0.0001 (orjson ``1e-7``, json
    ``1e-07``: the same JSON number)."""
    from spinemet.cli.output import dumps_default, json_line_encoder

    reference = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), default=dumps_default).encode
    line = json_line_encoder()({"values": numbers})
    assert json.loads(line) == {"values": numbers}
    if all(x == 0 or abs(x) >= 0.0001 for x in numbers):
        assert line == reference({"values": numbers})

