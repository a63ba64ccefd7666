"""``spinemet cohort`` end to end (synth -> score -> validate -> report), the documented JSON shape, the
dictionary in both printed forms, and mappings (YAML, and a REDCap data-dictionary export)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import polars as pl
from typer.testing import CliRunner

from spinemet.cli.app import _register, app
from spinemet.cohort.dictionary import COHORT_INSTRUMENTS, COLUMNS
from spinemet.cohort.mapping import mapping_from_redcap
from spinemet.service import cohort as service

runner = CliRunner()
_register()


def test_dictionary_lists_every_column_as_csv_and_as_a_redcap_data_dictionary() -> None:
    out = runner.invoke(app, ["cohort", "dictionary", "--format", "csv"])
    assert out.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(out.output)))
    assert [r["column"] for r in rows] == [c.name for c in COLUMNS]
    albumin = next(r for r in rows if r["column"] == "albumin")
    assert albumin["unit"] == "g/dL" and "nesms" in albumin["instruments"] and "3.5, 3.7" in albumin["classes"]
    red = runner.invoke(app, ["cohort", "dictionary", "--format", "redcap"])
    redcap = list(csv.DictReader(io.StringIO(red.output)))
    assert redcap[0]["Variable / Field Name"] == "primary_site" and redcap[0]["Field Type"] == "dropdown"
    # Our own REDCap export maps back onto the dictionary, code for code.
    mapping = mapping_from_redcap(redcap)
    assert mapping.columns == {} and mapping.codes["frankel"] == {g: g for g in "ABCDE"}


def test_a_redcap_export_with_its_own_names_and_numeric_codes_maps_onto_the_dictionary(tmp_path: Path) -> None:
    export = tmp_path / "redcap.csv"
    export.write_text(
        "Variable / Field Name,Form Name,Field Type,Field Label,\"Choices, Calculations, OR Slider Labels\","
        "Field Annotation\n"
        "prim,baseline,dropdown,Primary,\"1, Breast | 2, Lung NSCLC | 3, Prostate\",@SPINEMET primary_site\n"
        "karnofsky,baseline,text,KPS,,@SPINEMET kps\n"
        "viscmet,baseline,yesno,Visceral,,@SPINEMET visceral_mets\n", encoding="utf-8")
    registry = tmp_path / "reg.csv"
    registry.write_text("prim,karnofsky,viscmet,months,dead\n1,80,0,20,1\n2,40,1,3,1\n3,70,0,12,0\n4,70,0,5,1\n",
                        encoding="utf-8")
    out = tmp_path / "scored.jsonl"
    summary = service.score_file(registry, out, mapping=export, instruments=["van_der_linden"])
    rows = pl.read_ndjson(out)
    assert rows["van_der_linden_total"].to_list()[:3] == [2 + 3 + 1, 0 + 1 + 0, 1 + 2 + 1]
    assert summary.bad_rows == ({"row": 4, "error": "primary_site: '4' is not allowed; allowed: "
                                 + ", ".join(c for c in COLUMNS[0].codes)},)


def test_synth_then_validate_writes_the_documented_json_and_the_report_with_its_pictures(tmp_path: Path) -> None:
    registry = tmp_path / "registry.parquet"
    assert runner.invoke(app, ["cohort", "synth", "1500", "--output", str(registry), "--seed", "5"]).exit_code == 0
    report = tmp_path / "report.html"
    out = runner.invoke(app, ["cohort", "validate", str(registry), "--time", "survival_months", "--event", "death",
                              "--report", str(report), "--bootstrap", "20", "--format", "json"])
    assert out.exit_code == 0, out.output
    data = json.loads(out.output)
    assert data["n"] == 1500 and [r["instrument"] for r in data["instruments"]] == list(COHORT_INSTRUMENTS)
    for r in data["instruments"]:
        assert {"instrument", "n_scored", "n_exact", "harrell_c", "uno_c", "td_auc", "bands", "logrank_p"} <= set(r)
        assert set(r["harrell_c"]) >= {"estimate", "ci"} and set(r["uno_c"]) >= {"estimate", "ci"}
        assert set(r["td_auc"]) == {"3", "6", "12"}
        for b in r["bands"]:
            assert {"band", "n", "median_months", "survival"} <= set(b)
    tokuhashi = data["instruments"][0]
    assert tokuhashi["harrell_c"]["ci"][0] <= tokuhashi["harrell_c"]["estimate"] <= tokuhashi["harrell_c"]["ci"][1]
    assert sum(b["n"] for b in tokuhashi["bands"]) == tokuhashi["n_exact"]
    page = report.read_text(encoding="utf-8")
    assert "report_figures/forest.png" in page and "Revised Tokuhashi" in page
    figures = tmp_path / "report_figures"
    assert (figures / "forest.png").read_bytes()[:4] == b"\x89PNG"
    assert (figures / "km_tokuhashi_revised.png").exists() and (figures / "calibration_katagiri_new.png").exists()


def test_score_writes_every_instrument_for_every_row_and_refuses_an_unknown_instrument(tmp_path: Path) -> None:
    registry = tmp_path / "registry.csv"
    runner.invoke(app, ["cohort", "synth", "200", "--output", str(registry)])
    out = runner.invoke(app, ["cohort", "score", str(registry), "--output", str(tmp_path / "s.parquet")])
    assert out.exit_code == 0, out.output
    scored = pl.read_parquet(tmp_path / "s.parquet")
    assert scored.height == 200 and scored["row"].to_list() == list(range(1, 201))
    assert set(scored["tomita_status"].unique().to_list()) <= {"exact", "range"}
    bad = runner.invoke(app, ["cohort", "score", str(registry), "--output", str(tmp_path / "x.csv"),
                              "--instruments", "sins"])
    assert bad.exit_code != 0 and "--instruments: sins not scored from registries; allowed: tokuhashi_revised" in bad.output
