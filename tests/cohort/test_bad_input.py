"""Bad registry input: each problem a located message (row and column, what is allowed); bad rows are
reported and the rest still analysed where that is sound."""

from __future__ import annotations

from pathlib import Path

import pytest

from spinemet.service import cohort as service

HEADER = "patient,primary_site,kps,visceral_mets,extraspinal_bone_mets,vertebral_mets,months,dead\n"
GOOD = [f"P{i},{site},{kps},{vis},{ext},1,{months},{dead}\n" for i, (site, kps, vis, ext, months, dead) in enumerate(
    [("breast", 80, "no", 0, 30, 0), ("lung_nsclc", 40, "yes", 4, 2, 1), ("prostate", 70, "no", 2, 20, 1),
     ("kidney", 60, "yes", 1, 9, 1), ("liver", 50, "yes", 3, 3, 1), ("breast", 90, "no", 1, 40, 0),
     ("colon", 60, "no", 2, 7, 1), ("thyroid", 80, "no", 0, 35, 0), ("stomach", 30, "yes", 5, 1, 1),
     ("myeloma", 70, "no", 1, 18, 1)] * 3)]


def _registry(tmp_path: Path, *bad: str) -> Path:
    path = tmp_path / "registry.csv"
    path.write_text(HEADER + "".join(GOOD) + "".join(bad), encoding="utf-8")
    return path


def test_a_missing_time_or_event_column_names_the_option_and_the_columns_there_are(tmp_path: Path) -> None:
    path = _registry(tmp_path)
    with pytest.raises(service.CohortInputError, match=r"--time: the registry has no column 'survival'; its columns:.*months"):
        service.validate_file(path, "survival", "dead", draws=0)
    with pytest.raises(service.CohortInputError, match="--event: the registry has no column 'death'"):
        service.validate_file(path, "months", "death", draws=0)


def test_negative_times_and_events_not_0_or_1_are_bad_rows_and_the_rest_is_analysed(tmp_path: Path) -> None:
    path = _registry(tmp_path, "X1,breast,80,no,0,1,-3,1\n", "X2,breast,80,no,0,1,12,2\n",
                     "X3,breast,80,no,0,1,soon,1\n")
    report, _ = service.validate_file(path, "months", "dead", draws=0)
    bad = {b["row"]: b["error"] for b in report["bad_rows"]}
    assert bad == {31: "months: '-3' is negative; allowed: 0 or more",
                   32: "dead: '2' is not allowed; allowed: 1 (death), 0 (censored)",
                   33: "months: 'soon' is not a number of months"}
    assert report["n"] == 30 and report["n_rows"] == 33
    vdl = next(r for r in report["instruments"] if r["instrument"] == "van_der_linden")
    assert vdl["n_exact"] == 30 and vdl["harrell_c"]["estimate"] is not None


def test_an_unmapped_code_is_a_located_bad_row_and_the_rest_is_scored(tmp_path: Path) -> None:
    path = _registry(tmp_path, "X1,7,80,no,0,1,12,1\n")
    mapping = tmp_path / "mapping.yaml"
    mapping.write_text("codes:\n  primary_site: {'1': breast}\n", encoding="utf-8")
    report, _ = service.validate_file(path, "months", "dead", mapping=mapping, draws=0)
    assert report["bad_rows"][0]["row"] == 31
    assert report["bad_rows"][0]["error"].startswith("primary_site: '7' is not allowed; allowed: breast, prostate")
    tokuhashi = report["instruments"][0]
    assert tokuhashi["n_error"] == 1 and tokuhashi["n_scored"] == 30


def test_an_unknown_column_in_the_mapping_names_the_entry_and_what_is_allowed(tmp_path: Path) -> None:
    path = _registry(tmp_path)
    mapping = tmp_path / "mapping.yaml"
    mapping.write_text("columns:\n  kps: karnofsky\n  nope: kps\n", encoding="utf-8")
    from spinemet.cohort.mapping import MappingError

    with pytest.raises(MappingError, match=r"columns.kps: 'karnofsky' is not a dictionary column; allowed: primary_site"):
        service.validate_file(path, "months", "dead", mapping=mapping, draws=0)
    mapping.write_text("columns:\n  nope: kps\n", encoding="utf-8")
    with pytest.raises(MappingError, match=r"mapping columns\.nope: the registry has no column 'nope'"):
        service.validate_file(path, "months", "dead", mapping=mapping, draws=0)


def test_a_bad_fact_names_its_row_and_column_in_the_scored_table(tmp_path: Path) -> None:
    path = _registry(tmp_path, "X1,breast,85,perhaps,0,1,12,1\n")
    summary = service.score_file(path, tmp_path / "out.csv")
    assert summary.bad_rows == ({"row": 31, "error": "kps: '85' is not allowed; allowed: whole numbers 0 to 100 in "
                                 "steps of 10; visceral_mets: 'perhaps' is not allowed; allowed: yes, no (also "
                                 "true/false, 1/0, y/n)"},)
    assert summary.counts["van_der_linden"]["error"] == 1 and summary.counts["van_der_linden"]["exact"] == 30
