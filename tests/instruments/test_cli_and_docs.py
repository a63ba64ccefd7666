"""The commands and the generated documentation."""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl
from typer.testing import CliRunner

from spinemet.cli.app import _register, app
from spinemet.instruments.docs import render_markdown

_register()
runner = CliRunner()
DOCS = Path(__file__).resolve().parents[2] / "docs" / "instruments.md"


def test_committed_docs_equal_the_generated_markdown() -> None:
    assert DOCS.read_text() == render_markdown(), "regenerate: spinemet instruments --format markdown > docs/instruments.md"


def test_instruments_json_lists_every_instrument_and_the_not_implemented() -> None:
    res = runner.invoke(app, ["instruments", "--format", "json"])
    assert res.exit_code == 0
    data = json.loads(res.stdout)
    assert "sins" in [i["key"] for i in data["instruments"]]
    assert {n["key"] for n in data["not_implemented"]} >= {"osri", "sorg"}


def test_score_json_shape() -> None:
    res = runner.invoke(app, ["score", "sins", "location=semirigid", "pain=mechanical", "--format", "json"])
    assert res.exit_code == 0
    d = json.loads(res.stdout)
    assert d["instrument"] == "sins" and d["total"] is None and d["min_total"] == 4


def test_score_bad_answer_exits_1_with_allowed_answers_and_no_traceback() -> None:
    res = runner.invoke(app, ["score", "sins", "pain=severe"])
    assert res.exit_code == 1
    assert "allowed: mechanical, occasional, none" in res.output and "Traceback" not in res.output


def test_score_unknown_instrument_and_malformed_pair() -> None:
    assert runner.invoke(app, ["score", "nope"]).exit_code == 1
    res = runner.invoke(app, ["score", "sins", "pain"])
    assert res.exit_code == 1 and "item=answer" in res.output


def test_score_file_roundtrip_reports_bad_rows(tmp_path: Path) -> None:
    src = tmp_path / "in.csv"
    pl.DataFrame({"id": ["a", "b"], "grade": ["1c", "4"]}).write_csv(src)
    out = tmp_path / "out.parquet"
    res = runner.invoke(app, ["score", "escc", "--input", str(src), "--output", str(out), "--format", "json"])
    assert res.exit_code == 1  # one bad row
    summary = json.loads(res.stdout)
    assert summary["bad_rows"][0]["row"] == 2 and summary["scored"] == 1
    written = pl.read_parquet(out)
    assert written["category"].to_list() == ["borderline", None]


def test_score_file_csv_output(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    pl.DataFrame({"kps": ["80_to_100"], "primary": ["breast"], "visceral_mets": ["absent"]}).write_ndjson(src)
    out = tmp_path / "out.csv"
    res = runner.invoke(app, ["score", "van_der_linden", "--input", str(src), "--output", str(out)])
    assert res.exit_code == 0, res.output
    assert pl.read_csv(out)["total"].to_list() == [6]
