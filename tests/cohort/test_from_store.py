"""``spinemet cohort score|validate --from-store``: the store's cases as registry rows of facts.

Checked against a registry written by hand from the same facts (read off the case files by eye, not
by SpineMet): scoring it with ``spinemet cohort score`` must give the same results, row by row, as
the cohort taken from the store. Both databases: SQLite and the real PostgreSQL.
"""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import polars as pl
import pytest
import yaml
from typer.testing import CliRunner

from spinemet.cli.app import _register, app
from spinemet.cohort.compile import result_column
from spinemet.cohort.dictionary import COHORT_INSTRUMENTS
from spinemet.service import Role, Service, system_actor

runner = CliRunner()
_register()
EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
FILES = ["story-lung-net-t6.yaml", "synthetic-breast-multilevel-visceral.yaml", "synthetic-gep-net-l1-g2.yaml",
         "synthetic-myeloma-l3-low-escc.yaml", "synthetic-rcc-t12-unstable.yaml", "v2/synthetic-rcc-uncertain-course.yaml"]
M = 365.25 / 12

#: an invented case that died: every fact on day 0, death on day 120
DIED = {
    "schema_version": 2, "id": "cohort-died-1", "synthetic": True,
    "primary": {"site": "lung_nsclc", "diagnosis_day": -200},
    "timeline": [
        {"type": "performance", "day": 0, "kps": 60},
        {"type": "neuro_exam", "day": 0, "frankel": "E", "ambulatory": "independent"},
        {"type": "disease_burden", "day": 0, "extraspinal_bone_mets": 6, "vertebral_mets": 2,
         "visceral_mets_present": True, "visceral": [{"organ": "liver", "removable": False, "treatable": True}],
         "brain_mets": False},
        {"type": "labs", "day": 0, "values": [{"analyte": "albumin", "value": 32, "unit": "g/L"},
                                              {"analyte": "crp", "value": 15, "unit": "mg/L"}]},
        {"type": "imaging", "day": 0, "modality": "mri", "findings": [{"level": "L2", "pathological_fracture": True}]},
        {"type": "death", "day": 120},
    ],
}

#: the same facts written by hand, in the dictionary's columns and units (survival: days / (365.25/12))
HAND = [
    {"case_id": "story-lung-net-t6", "primary_site": "lung_other", "index_level": "T6", "mscc": "yes",  # T6 cord
     "t": 180, "e": 0},
    {"case_id": "synthetic-breast-multilevel", "primary_site": "breast", "hormone_dependent": "yes", "ecog": "1",
     "frankel": "E", "ambulatory": "independent", "t": 264, "e": 0,
     "days_since_diagnosis": "1958"},  # diagnosed 2019-05-02, index date 2024-09-10
    {"case_id": "synthetic-gep-net-l1-g2", "primary_site": "gep_net", "kps": "80", "frankel": "E",
     "ambulatory": "independent", "index_level": "L1", "mscc": "no", "t": 300, "e": 0},  # ESCC 1b: no MSCC
    {"case_id": "synthetic-myeloma-l3", "primary_site": "myeloma", "kps": "80", "frankel": "E",
     "ambulatory": "independent", "days_since_diagnosis": "400", "t": 365, "e": 0},
    {"case_id": "synthetic-rcc-t12", "primary_site": "kidney", "kps": "70", "frankel": "D", "ambulatory": "with_aid",
     "index_level": "T12", "mscc": "yes", "days_since_diagnosis": "900", "t": 400, "e": 0},  # ESCC 2
    # primary unknown (kidney or lung): the dictionary has no candidates, so the site is empty
    {"case_id": "synthetic-rcc-uncertain-course", "ambulatory": "with_aid", "calcium": str(2.4 * 4.008),
     "visceral_mets": "no",  # visceral_mets_extent: none
     "index_level": "T12", "mscc": "yes", "t": None, "e": None},  # cord compression T11-L1 on day 0
    {"case_id": "cohort-died-1", "primary_site": "lung_nsclc", "kps": "60", "frankel": "E",
     "ambulatory": "independent", "extraspinal_bone_mets": "6", "vertebral_mets": "2", "visceral_mets": "yes",
     "visceral_removable": "no", "visceral_treatable": "yes", "brain_mets": "no", "albumin": "3.2", "crp": "1.5",
     "index_level": "L2", "pathological_fracture": "yes", "days_since_diagnosis": "200", "t": 120, "e": 1},
]


def _fill(service: Service) -> list[str]:
    actor = system_actor(Role.clinician)
    ids = [service.import_case_text(actor, (EXAMPLES / f).read_text(encoding="utf-8"), "yaml").id for f in FILES]
    ids.append(service.import_case_text(actor, yaml.safe_dump(DIED), "yaml").id)
    return ids


def _hand_registry(path: Path) -> Path:
    columns = sorted({k for r in HAND for k in r} - {"t", "e"})
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=[*columns, "survival_months", "death"])
        writer.writeheader()
        for r in HAND:
            writer.writerow({**{k: v for k, v in r.items() if k not in ("t", "e")},
                             "survival_months": "" if r["t"] is None else repr(r["t"] / M),
                             "death": "" if r["e"] is None else r["e"]})
    return path


RESULTS = [result_column(k, f) for k in COHORT_INSTRUMENTS
           for f in ("status", "total", "min_total", "max_total", "band", "possible_bands", "missing")]


def test_store_cohort_scores_as_a_hand_written_registry_of_the_same_facts(service: Service, db_url: str,
                                                                          tmp_path: Path) -> None:
    ids = _fill(service)
    out = runner.invoke(app, ["cohort", "score", "--from-store", "--db", db_url, "--as", "clinician",
                              "--output", str(tmp_path / "store.csv"), "--format", "json"])
    assert out.exit_code == 0, out.output
    summary = json.loads(out.output)
    assert summary["rows"] == len(ids)
    assert [r["id"] for r in summary["no_follow_up"]] == ["synthetic-rcc-uncertain-course"]
    hand = runner.invoke(app, ["cohort", "score", str(_hand_registry(tmp_path / "hand.csv")),
                               "--output", str(tmp_path / "hand.csv.scored.csv")])
    assert hand.exit_code == 0, hand.output
    store = pl.read_csv(tmp_path / "store.csv", infer_schema=False).sort("case_id")
    by_hand = pl.read_csv(tmp_path / "hand.csv.scored.csv", infer_schema=False).sort("case_id")
    assert store["case_id"].to_list() == sorted(ids)
    assert store.select(RESULTS).to_dicts() == by_hand.select(RESULTS).to_dicts()
    # survival from presentation, in months, as written by hand (unknown stays empty)
    assert store["death"].to_list() == by_hand["death"].to_list()
    for a, b in zip(store["survival_months"].to_list(), by_hand["survival_months"].to_list(), strict=True):
        assert (a is None and b is None) or abs(float(a) - float(b)) < 1e-9
    # the died case is fully stated: exact scores there (the check above is not only over ranges)
    died = store.filter(pl.col("case_id") == "cohort-died-1")
    assert died[result_column("tokuhashi_revised", "status")].item() == "exact"


DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def test_researcher_output_has_research_ids_and_no_case_id_or_date(service: Service, db_url: str,
                                                                   tmp_path: Path) -> None:
    ids = _fill(service)
    out = runner.invoke(app, ["cohort", "score", "--from-store", "--db", db_url, "--output", str(tmp_path / "r.csv")])
    assert out.exit_code == 0, out.output
    text = (tmp_path / "r.csv").read_text(encoding="utf-8")
    table = pl.read_csv(tmp_path / "r.csv", infer_schema=False)
    assert "case_id" not in table.columns
    assert all(r.startswith("R-") for r in table["research_id"].to_list())
    # de-identification keeps every fact and day offset: the researcher's rows are the clinician's
    clinician = runner.invoke(app, ["cohort", "score", "--from-store", "--db", db_url, "--as", "clinician",
                                    "--output", str(tmp_path / "c.csv")])
    assert clinician.exit_code == 0, clinician.output
    same = pl.read_csv(tmp_path / "c.csv", infer_schema=False)
    rest = [c for c in table.columns if c not in ("row", "research_id")]
    assert sorted(table.select(rest).rows(), key=str) == sorted(same.select(rest).rows(), key=str)
    page = tmp_path / "store.html"
    report = runner.invoke(app, ["cohort", "validate", "--from-store", "--db", db_url, "--bootstrap", "0",
                                 "--format", "json", "--report", str(page)])
    assert report.exit_code == 0, report.output
    data = json.loads(report.output)
    assert data["n"] == len(ids) - 1 and data["events"] == 1
    assert data["time_unit"].startswith("months")
    assert [set(r) for r in data["left_out"]] == [{"research_id", "reason"}]
    html = page.read_text(encoding="utf-8")
    assert "Cases without follow-up" in html and data["left_out"][0]["research_id"] in html
    for shown in (text, out.output, report.output, html):
        assert not DATE.search(shown)
        for case_id in ids:
            assert case_id not in shown


def test_empty_store_and_no_follow_up_are_a_plain_message(service: Service, db_url: str, tmp_path: Path) -> None:
    for args in (["score", "--output", str(tmp_path / "x.csv")], ["validate"]):
        out = runner.invoke(app, ["cohort", *args, "--from-store", "--db", db_url])
        assert out.exit_code == 1 and "Traceback" not in out.output
        assert "the store has no case you may see" in out.output
    service.import_case_text(system_actor(Role.clinician),
                             (EXAMPLES / "v2/synthetic-rcc-uncertain-course.yaml").read_text(encoding="utf-8"), "yaml")
    out = runner.invoke(app, ["cohort", "validate", "--from-store", "--db", db_url])
    assert out.exit_code == 1 and "has follow-up after presentation" in out.output


def test_a_missing_sqlite_store_is_a_plain_message_and_is_not_created(tmp_path: Path) -> None:
    missing = tmp_path / "none.sqlite3"
    out = runner.invoke(app, ["cohort", "validate", "--from-store", "--db", f"sqlite:///{missing}"])
    assert out.exit_code == 1 and f"no database at {missing}" in out.output and "Traceback" not in out.output
    assert not missing.exists()


@pytest.mark.parametrize("args, message", [
    (["score", "reg.csv", "--from-store", "--output", "x.csv"], "give no registry file"),
    (["score", "--output", "x.csv"], "a registry file is needed"),
    (["validate", "--from-store", "--time", "t", "--event", "e"], "not with --from-store"),
    (["validate", "--from-store", "--as", "admin"], "--as: 'admin' is not allowed"),
])
def test_from_store_options_are_checked(args: list[str], message: str) -> None:
    out = runner.invoke(app, ["cohort", *args])
    assert out.exit_code != 0 and message in out.output


def test_a_fully_stated_stored_case_scores_as_the_single_case_path(service: Service, db_url: str,
                                                                  tmp_path: Path) -> None:
    """The died case states every fact on day 0: its row's totals equal the single case's on day 0."""
    from spinemet.case import parse_case
    from spinemet.case.snapshot import snapshot
    from spinemet.instruments.scoring import assess_snapshot

    service.import_case_text(system_actor(Role.clinician), yaml.safe_dump(DIED), "yaml")
    out = runner.invoke(app, ["cohort", "score", "--from-store", "--db", db_url, "--output", str(tmp_path / "d.csv")])
    assert out.exit_code == 0, out.output
    row = pl.read_csv(tmp_path / "d.csv", infer_schema=False).row(0, named=True)
    single = {r.instrument: r for r in assess_snapshot(snapshot(parse_case(DIED), 0))}
    compared = 0
    for key in COHORT_INSTRUMENTS:
        result = single.get(key)
        if result is None or result.not_applicable is not None:
            continue
        assert row[result_column(key, "min_total")] == str(result.min_total), key
        assert row[result_column(key, "max_total")] == str(result.max_total), key
        compared += 1
    assert compared >= 6
    assert row["extraspinal_bone_mets"] == "6"  # the count as recorded, not capped at the table's classes
