"""``spinemet extract``: a draft case file from a text, a folder or JSON Lines; bad input is a plain
message and exit 1, never a traceback."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from spinemet.cli import app
from spinemet.cli.app import _register
from spinemet.io.casefile import load_case

from .test_extract_reports import OP_NOTE, STORY


@pytest.fixture(scope="module")
def runner() -> CliRunner:
    _register()
    return CliRunner()


def test_a_text_file_becomes_a_valid_draft_case_file(runner: CliRunner, tmp_path: Path) -> None:
    src = tmp_path / "letter.txt"
    src.write_text(STORY, encoding="utf-8")
    out = tmp_path / "draft.yaml"
    result = runner.invoke(app, ["extract", str(src), "--output", str(out)])
    assert result.exit_code == 0, result.output
    case = load_case(out)  # valid against the case-file schema
    assert case.primary.site.value == "lung_other"
    assert out.read_text(encoding="utf-8").startswith("# DRAFT case")


def test_json_format_carries_the_provenance_of_every_value(runner: CliRunner) -> None:
    result = runner.invoke(app, ["extract", "-", "--format", "json"], input=OP_NOTE)
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    paths = {p["path"]: p for p in data["provenance"]}
    assert paths["timeline[0].fixation_span"]["quote"] == "T7-T11"
    assert data["case"]["timeline"][0]["type"] == "surgery"


def test_explain_prints_each_value_beside_its_words(runner: CliRunner) -> None:
    result = runner.invoke(app, ["extract", "-", "--explain"], input=OP_NOTE)
    assert result.exit_code == 0
    assert 'timeline[0].fixation_span = "T7-T11"' in result.output
    assert '<- "T7-T11"' in result.output


def test_little_found_is_exit_0_with_a_draft_and_a_clear_message(runner: CliRunner) -> None:
    result = runner.invoke(app, ["extract", "-"], input="Please see the attached letter from the clinic.")
    assert result.exit_code == 0
    assert yaml.safe_load(result.stdout)["primary"] == {"site": "unknown"}
    assert "no clinical facts were recognised" in result.output


@pytest.mark.parametrize(("content", "message"), [
    (b"", "is empty"),
    (b"   \n\t ", "is empty"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
    (b"\xff\xfe\xfa garbage \xc3\x28", "not UTF-8"),
    ("Die Patientin wurde mit starken Rückenschmerzen aufgenommen und die Fraktur des Wirbelkörpers war "
     "nicht stabil, sie wurde am nächsten Tag operiert und es ging ihr danach besser.".encode(), "German"),
])
def test_unreadable_input_is_a_plain_message_and_exit_1(runner: CliRunner, tmp_path: Path, content: bytes,
                                                         message: str) -> None:
    src = tmp_path / "bad.txt"
    src.write_bytes(content)
    result = runner.invoke(app, ["extract", str(src)])
    assert result.exit_code == 1
    assert message in result.output
    assert "Traceback" not in result.output


def test_text_over_the_limit_is_refused(runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SPINEMET_LIMIT_EXTRACT_CHARS", "100")
    result = runner.invoke(app, ["extract", "-"], input=STORY)
    assert result.exit_code == 1
    assert "the limit is 100" in result.output


def test_a_folder_gives_one_draft_per_text_and_names_the_refused(runner: CliRunner, tmp_path: Path) -> None:
    folder = tmp_path / "letters"
    folder.mkdir()
    (folder / "a.txt").write_text(STORY, encoding="utf-8")
    (folder / "b.txt").write_text(OP_NOTE, encoding="utf-8")
    (folder / "c.txt").write_bytes(b"\x00\x01binary")
    out = tmp_path / "drafts"
    result = runner.invoke(app, ["extract", str(folder), "--output", str(out)])
    assert result.exit_code == 1  # one text was refused
    assert sorted(p.name for p in out.iterdir()) == ["a.yaml", "b.yaml"]
    assert load_case(out / "b.yaml").timeline[0].type == "surgery"
    assert "refused c.txt" in result.output


def test_json_lines_in_gives_json_lines_out(runner: CliRunner, tmp_path: Path) -> None:
    src = tmp_path / "texts.jsonl"
    src.write_text("\n".join(json.dumps({"id": f"t{i}", "text": t}) for i, t in enumerate([STORY, OP_NOTE])),
                   encoding="utf-8")
    result = runner.invoke(app, ["extract", str(src)])
    assert result.exit_code == 0, result.output
    lines = [json.loads(x) for x in result.stdout.splitlines() if x.strip()]
    assert [x["case"]["id"] for x in lines] == ["t0", "t1"]
    assert all(x["provenance"] for x in lines)


def test_each_refused_json_line_says_what_is_wrong_with_it(runner: CliRunner, tmp_path: Path) -> None:
    src = tmp_path / "texts.jsonl"
    src.write_text('{"id": "a"}\nnot json\n[1, 2]\n{"id": "b", "text": "   "}\n' + json.dumps({"id": "c", "text": OP_NOTE})
                   + "\n", encoding="utf-8")
    result = runner.invoke(app, ["extract", str(src)])
    assert result.exit_code == 1
    assert 'texts.jsonl:1: no "text" field holding a string' in result.output
    assert "texts.jsonl:2: not JSON" in result.output
    assert "texts.jsonl:3: not a JSON object" in result.output
    assert "texts.jsonl:4: is empty" in result.output
    assert [json.loads(x)["case"]["id"] for x in result.stdout.splitlines() if x.startswith("{")] == ["c"]
    assert "Traceback" not in result.output


def test_a_folder_without_texts_is_exit_1_with_a_message(runner: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    result = runner.invoke(app, ["extract", str(tmp_path / "empty")])
    assert result.exit_code == 1
    assert "no text files in this folder" in result.output
