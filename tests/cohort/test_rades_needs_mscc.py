"""The Rades survival score was derived in patients irradiated for metastatic spinal cord compression (Rades 2008,
Cancer 112:157: 1852 patients treated with RT for MSCC), so a registry row gets it only when the new ``mscc``
column records compression (with the index level it belongs to); 'no' or empty leaves it not applicable -- the same
answer as the single-case assessment of the row's facts."""

from __future__ import annotations

import csv
from pathlib import Path

import polars as pl
from typer.testing import CliRunner

from spinemet.case.snapshot import snapshot
from spinemet.cli.app import _register, app
from spinemet.cohort.facts import case_from_facts
from spinemet.instruments import assess_snapshot

runner = CliRunner()
_register()
ROW = {"primary_site": "breast", "kps": "70", "frankel": "D", "ambulatory": "independent", "extraspinal_bone_mets": "2",
       "vertebral_mets": "1", "visceral_mets": "no", "index_level": "T8", "days_since_diagnosis": "900",
       "motor_deficit_days": "10"}


def test_rades_is_scored_only_on_rows_that_record_mscc_rades2008(tmp_path: Path) -> None:
    rows = [{**ROW, "case_id": "yes", "mscc": "yes"}, {**ROW, "case_id": "no", "mscc": "no"},
            {**ROW, "case_id": "empty", "mscc": ""}, {**ROW, "case_id": "lumbar", "mscc": "yes", "index_level": "L5"}]
    path = tmp_path / "registry.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    out = runner.invoke(app, ["cohort", "score", str(path), "--output", str(tmp_path / "scored.csv")])
    assert out.exit_code == 0, out.output
    scored = {r["case_id"]: r for r in pl.read_csv(tmp_path / "scored.csv", infer_schema=False).to_dicts()}
    # breast 8 + other bone metastases 5 + no visceral 8 + interval > 15 months 7 + ambulatory 7
    # + motor deficit over 8-14 days 6 = 41 (Rades 2008 points as declared)
    assert scored["yes"]["rades_survival_status"] == "exact" and scored["yes"]["rades_survival_total"] == "41"
    assert scored["lumbar"]["rades_survival_total"] == "41"  # cauda equina compression is MSCC as Rades counts it
    for key in ("no", "empty"):
        assert scored[key]["rades_survival_status"] == "not_applicable", key
    # the same answers as the single-case assessment of the row's facts
    for key, mscc in (("yes", True), ("no", False), ("empty", None)):
        facts = {"primary_site": "breast", "index_level": "T8", "mscc": mscc}
        rades = {r.instrument: r for r in assess_snapshot(snapshot(case_from_facts(facts), 0))}["rades_survival"]
        assert rades.applicable is (key == "yes"), key
