"""A catalogue of bad case files: each gives a located, clear message and exit 1, never a traceback."""

from __future__ import annotations

import copy
import json
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from spinemet.cli import app
from spinemet.cli.app import _register

BASE: dict[str, Any] = {
    "id": "bad-input",
    "primary": {"site": "breast"},
    "timeline": [
        {"type": "pain", "day": 0, "nrs": 3},  # 0
        {"type": "performance", "day": 0, "kps": 70},  # 1
        {"type": "neuro_exam", "day": 0, "frankel": "E"},  # 2
        {"type": "imaging", "day": 1, "modality": "mri", "findings": [{"level": "T6", "escc": "1a"}]},  # 3
        {"type": "labs", "day": 1, "values": [{"analyte": "albumin", "value": 3.5, "unit": "g/dL"}]},  # 4
        {"type": "radiotherapy", "day": 2, "dose_gy": 20, "fractions": 5, "levels": "T6"},  # 5
        {"type": "surgery", "day": 3, "procedures": ["decompression"], "fixation_span": "T4-T8"},  # 6
    ],
}


def mutate(*path: str | int, value: Any = None, delete: bool = False) -> dict[str, Any]:
    data = copy.deepcopy(BASE)
    node: Any = data
    for key in path[:-1]:
        node = node[key]
    if delete:
        del node[path[-1]]
    else:
        node[path[-1]] = value
    return data


def edited(edit: Callable[[dict[str, Any]], None]) -> dict[str, Any]:
    data = copy.deepcopy(BASE)
    edit(data)
    return data


def _date_and_day_disagree(d: dict[str, Any]) -> None:
    d["index_date"] = "2024-01-01"
    d["timeline"][0]["date"] = "2024-01-05"  # day 4, but the event says day 0


def _same_id_twice(d: dict[str, Any]) -> None:
    d["timeline"][0]["id"] = "a"
    d["timeline"][1]["id"] = "a"


def retimed(index: int, **timing: Any) -> dict[str, Any]:
    """The base case with event ``index`` dated by ``timing`` instead of its day."""
    data = copy.deepcopy(BASE)
    del data["timeline"][index]["day"]
    data["timeline"][index].update(timing)
    return data


def as_yaml(data: Any) -> str:
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True)


@dataclass(frozen=True)
class Bad:
    name: str
    text: str | None  # None: no file is written
    location: str  # the exact location of the expected problem ("" = the whole file)
    phrases: tuple[str, ...]  # each must appear in that problem's message
    suffix: str = ".yaml"


CATALOGUE = [
    Bad("level T13", as_yaml(mutate("timeline", 3, "findings", 0, "level", value="T13")),
        "timeline[3].findings[0].level", ("'T13' is not a vertebral level", "C1–C7, T1–T12, L1–L5, S1–S5, Co")),
    Bad("level L6 transitional", as_yaml(mutate("timeline", 3, "findings", 0, "level", value="L6")),
        "timeline[3].findings[0].level", ("'L6'", "transitional", "C1–C7")),
    Bad("level X4", as_yaml(mutate("timeline", 3, "findings", 0, "level", value="X4")),
        "timeline[3].findings[0].level", ("'X4' is not a vertebral level", "S1–S5")),
    Bad("reversed span", as_yaml(mutate("timeline", 6, "fixation_span", value="T8-T3")),
        "timeline[6].fixation_span", ("'T8-T3'", "cranial to the caudal", "T3-T8")),
    Bad("span with missing end", as_yaml(mutate("timeline", 5, "levels", value="T3-")),
        "timeline[5].levels", ("'T3-'", "span of two levels")),
    Bad("KPS 55", as_yaml(mutate("timeline", 1, "kps", value=55)),
        "timeline[1].kps", ("55 is not a Karnofsky score", "multiples of 10 from 0 to 100")),
    Bad("KPS good", as_yaml(mutate("timeline", 1, "kps", value="good")),
        "timeline[1].kps", ("'good' is not a Karnofsky score", "0, 10, 20")),
    Bad("ESCC 4", as_yaml(mutate("timeline", 3, "findings", 0, "escc", value="4")),
        "timeline[3].findings[0].escc", ("'4' is not allowed", "0, 1a, 1b, 1c, 2 or 3")),
    Bad("negative dose", as_yaml(mutate("timeline", 5, "dose_gy", value=-8)),
        "timeline[5].dose_gy", ("-8", "greater than 0")),
    Bad("zero fractions", as_yaml(mutate("timeline", 5, "fractions", value=0)),
        "timeline[5].fractions", ("0:", "greater than or equal to 1")),
    Bad("unknown primary site", as_yaml(mutate("primary", "site", value="lungs")),
        "primary.site", ("'lungs' is not allowed", "lung_nsclc", "breast")),
    Bad("event after death", as_yaml(edited(lambda d: d["timeline"].insert(0, {"type": "death", "day": 2}))),
        "timeline[7].day", ("day 3 is after the recorded death on day 2",)),
    Bad("two deaths", as_yaml(edited(lambda d: d["timeline"].extend([{"type": "death", "day": 10},
                                                                      {"type": "death", "day": 11}]))),
        "timeline[8]", ("a second death", "at most one")),
    Bad("malformed YAML", "id: a\nprimary: {site: breast\n", "line 3, column 1", ("malformed YAML",)),
    Bad("malformed JSON", '{"id": "a",\n "primary": }\n', "line 2, column 13", ("malformed JSON",), ".json"),
    Bad("duplicate YAML key", "id: a\nprimary: {site: breast}\nid: b\n", "line 3, column 1",
        ("malformed YAML", "duplicate key 'id'")),
    Bad("unknown event type", as_yaml(mutate("timeline", 0, "type", value="xray")),
        "timeline[0]", ("'xray' is not an event type", "imaging", "neuro_exam")),
    Bad("event without type", as_yaml(mutate("timeline", 0, "type", delete=True)),
        "timeline[0]", ("needs a 'type'", "imaging")),
    Bad("event dated two ways", as_yaml(mutate("timeline", 0, "day_range", value={"earliest": 0, "latest": 3})),
        "timeline[0].day_range", ("dated one way", "day, day_range", "day (and/or date), day_range")),
    Bad("calendar date without index_date", as_yaml(mutate("timeline", 0, "date", value="2024-01-01")),
        "timeline[0].date", ("needs the case's index_date",)),
    Bad("day and date disagree",
        as_yaml(edited(_date_and_day_disagree)),
        "timeline[0]", ("day 0 and date 2024-01-05 disagree", "the date is day 4")),
    Bad("impossible calendar date", as_yaml(mutate("timeline", 0, "date", value="2024-02-30")).replace("'", ""),
        "timeline[0].date", ("'2024-02-30'", "valid date")),
    Bad("typo in a finding", as_yaml(mutate("timeline", 3, "findings", 0, "lesoin_type", value="lytic")),
        "timeline[3].findings[0].lesoin_type", ("not a field", "spelling")),
    Bad("MRC 6", as_yaml(mutate("timeline", 2, "mrc", value={"left_lower": 6})),
        "timeline[2].mrc.left_lower", ("6", "less than or equal to 5")),
    Bad("NRS 11", as_yaml(mutate("timeline", 0, "nrs", value=11)),
        "timeline[0].nrs", ("11", "less than or equal to 10")),
    Bad("ECOG 6", as_yaml(mutate("timeline", 1, "ecog", value=6)),
        "timeline[1].ecog", ("6", "less than or equal to 5")),
    Bad("Frankel F", as_yaml(mutate("timeline", 2, "frankel", value="F")),
        "timeline[2].frankel", ("'F' is not allowed", "A, B, C, D or E")),
    Bad("ASIA Z", as_yaml(mutate("timeline", 2, "asia", value="Z")),
        "timeline[2].asia", ("'Z' is not allowed", "A, B, C, D or E")),
    Bad("lab unknown unit", as_yaml(mutate("timeline", 4, "values", 0, "unit", value="mg/furlong")),
        "timeline[4].values[0].unit", ("'mg/furlong' is not a unit for albumin", "g/dL")),
    Bad("lab unknown analyte", as_yaml(mutate("timeline", 4, "values", 0, "analyte", value="sodium")),
        "timeline[4].values[0].analyte", ("'sodium' is not allowed", "albumin")),
    Bad("negative lab value", as_yaml(mutate("timeline", 4, "values", 0, "value", value=-1)),
        "timeline[4].values[0].value", ("-1", "greater than or equal to 0")),
    Bad("infinite lab value", as_yaml(mutate("timeline", 4, "values", 0, "value", value=float("inf"))),
        "timeline[4].values[0].value", ("inf", "finite number")),
    Bad("Ki-67 120%", as_yaml(mutate("primary", "neuroendocrine", value={"ki67_percent": 120})),
        "primary.neuroendocrine.ki67_percent", ("120", "less than or equal to 100")),
    Bad("collapse 150%", as_yaml(mutate("timeline", 3, "findings", 0, "collapse_percent", value=150)),
        "timeline[3].findings[0].collapse_percent", ("150", "less than or equal to 100")),
    Bad("cord compression disagrees with ESCC",
        as_yaml(mutate("timeline", 3, "findings", 0, "cord_compression", value=True)),
        "timeline[3].findings[0].cord_compression", ("disagrees with ESCC grade '1a'", "ESCC 2 or 3")),
    Bad("collapse category disagrees with percent",
        as_yaml(edited(lambda d: d["timeline"][3]["findings"][0].update(collapse_percent=60, collapse="under_50"))),
        "timeline[3].findings[0].collapse", ("'under_50' disagrees with collapse_percent 60",)),
    Bad("performance without kps or ecog", as_yaml(mutate("timeline", 1, "kps", delete=True)),
        "timeline[1]", ("needs 'kps'", "'ecog'")),
    Bad("surgery with no procedures", as_yaml(mutate("timeline", 6, "procedures", value=[])),
        "timeline[6].procedures", ("at least one procedure", "decompression", "posterior_fixation")),
    Bad("unknown surgical procedure", as_yaml(mutate("timeline", 6, "procedures", value=["laminoplasty"])),
        "timeline[6].procedures[0]", ("'laminoplasty' is not allowed", "separation_surgery")),
    Bad("duplicate event ids",
        as_yaml(edited(_same_id_twice)),
        "timeline[1].id", ("'a' is used more than once", "timeline[0]")),
    Bad("end_day before day", as_yaml(mutate("timeline", 5, "end_day", value=1)),
        "timeline[5].end_day", ("1 is before the event's day 2",)),
    Bad("top level is a list", "- id: a\n- primary: breast\n", "", ("must be a mapping", "list")),
    Bad("empty file", "", "", ("must be a mapping",)),
    Bad("missing primary", as_yaml(mutate("primary", delete=True)), "primary", ("is required",)),
    Bad("missing id", as_yaml(mutate("id", delete=True)), "id", ("is required",)),
    Bad("timeline not a list", as_yaml(mutate("timeline", value="T6")), "timeline", ("'T6'", "valid list")),
    Bad("wrong file extension", as_yaml(BASE), "", ("'.txt' is not a case-file type", ".yaml, .yml, .json"), ".txt"),
    Bad("missing file", None, "", ("no such file",)),
    Bad("sex x", as_yaml(mutate("patient", value={"sex": "x"})),
        "patient.sex", ("'x' is not allowed", "female, male or other")),
    Bad("age -1", as_yaml(mutate("patient", value={"age": -1})),
        "patient.age", ("-1", "greater than or equal to 0")),
    Bad("unsupported schema_version", as_yaml(mutate("schema_version", value=3)),
        "schema_version", ("3 is not supported", "allowed: 1, 2")),
    # Case-file version 2 (issue 12).
    Bad("collapse 140%", as_yaml(mutate("timeline", 3, "findings", 0, "collapse_percent", value=140)),
        "timeline[3].findings[0].collapse_percent", ("140", "less than or equal to 100")),
    Bad("collapse present disagrees with 0%",
        as_yaml(edited(lambda d: d["timeline"][3]["findings"][0].update(collapse_present=True, collapse_percent=0))),
        "timeline[3].findings[0].collapse_present", ("true disagrees with collapse_percent 0",)),
    Bad("day range ends before it starts",
        as_yaml(retimed(0, day_range={"earliest": 10, "latest": 3})),
        "timeline[0].day_range.latest", ("day 3 is before earliest day 10",)),
    Bad("relative time at_most below at_least",
        as_yaml(retimed(6, after={"event": "mri", "at_least": 3, "at_most": 1, "unit": "months"})),
        "timeline[6].after.at_most", ("1 is less than at_least 3",)),
    Bad("relative to an unknown event",
        as_yaml(retimed(6, after={"event": "mri-9", "at_most": 30})),
        "timeline[6].after.event", ("'mri-9' is not the id of an event", "allowed:")),
    Bad("unknown time unit",
        as_yaml(retimed(6, after={"event": "x", "at_most": 3, "unit": "fortnights"})),
        "timeline[6].after.unit", ("'fortnights' is not allowed", "days, weeks, months or years")),
    Bad("T3/T8 written as a span", as_yaml(mutate("timeline", 5, "levels", value="T3/T8")),
        "timeline[5].levels", ("'T3/T8'", "adjacent levels", "T3-T8", "[T3, T8]")),
    Bad("MRC 6 for a muscle group",
        as_yaml(mutate("timeline", 2, "power", value=[{"muscle": "hip_flexors", "side": "left", "grade": 6}])),
        "timeline[2].power[0].grade", ("6", "less than or equal to 5")),
    Bad("unknown muscle group",
        as_yaml(mutate("timeline", 2, "power", value=[{"muscle": "hip_flexers", "grade": 3}])),
        "timeline[2].power[0].muscle", ("'hip_flexers' is not a muscle group", "hip_flexors", "elbow_flexors")),
    Bad("unknown compartment", as_yaml(mutate("timeline", 3, "findings", 0, "compartments", value=["intradural"])),
        "timeline[3].findings[0].compartments[0]", ("'intradural' is not allowed", "intradural_extramedullary",
                                                     "intramedullary", "vertebral_body")),
    Bad("unknown deficit word", as_yaml(mutate("timeline", 2, "deficits", value=["paralysed"])),
        "timeline[2].deficits[0]", ("'paralysed' is not allowed", "paraplegia", "motor_complete")),
    Bad("unknown walking word", as_yaml(mutate("timeline", 2, "walking", value="crawling")),
        "timeline[2].walking", ("'crawling' is not allowed", "with_aid", "ambulatory_unspecified", "wheelchair")),
    Bad("walking disagrees with ambulatory",
        as_yaml(edited(lambda d: d["timeline"][2].update(walking="non_ambulatory", ambulatory="independent"))),
        "timeline[2].walking", ("'non_ambulatory' disagrees with ambulatory 'independent'",)),
    Bad("epidural absent but ESCC 1a",
        as_yaml(mutate("timeline", 3, "findings", 0, "epidural_present", value=False)),
        "timeline[3].findings[0].epidural_present", ("false disagrees with ESCC grade '1a'",)),
    Bad("level and span in one finding", as_yaml(mutate("timeline", 3, "findings", 0, "span", value="T5-T7")),
        "timeline[3].findings[0].span", ("one level or one span",)),
    Bad("unknown count word",
        as_yaml(edited(lambda d: d["timeline"].append({"type": "disease_burden", "day": 1,
                                                        "bone_mets_extent": "lots"}))),
        "timeline[7].bone_mets_extent", ("'lots' is not allowed", "solitary", "multiple", "widespread")),
    Bad("candidate sites with a known site",
        as_yaml(mutate("primary", "candidates", value=[{"site": "kidney", "certainty": "probable"}])),
        "primary.candidates", ("only when site is unknown", "site_certainty")),
    Bad("complication of an unknown procedure",
        as_yaml(edited(lambda d: d["timeline"].append({"type": "complication", "day": 5, "kind": "cement_leakage",
                                                        "procedure": "vp-1"}))),
        "timeline[7].procedure", ("'vp-1' is not the id of an event",)),
    Bad("unknown complication kind",
        as_yaml(edited(lambda d: d["timeline"].append({"type": "complication", "day": 5, "kind": "bad_luck"}))),
        "timeline[7].kind", ("'bad_luck' is not allowed", "cement_leakage", "hardware_failure")),
    Bad("lab value without its unit", as_yaml(mutate("timeline", 4, "values", 0, "unit", delete=True)),
        "timeline[4].values[0].unit", ("a value needs its unit", "g/dL")),
    Bad("lab statement not a word", as_yaml(mutate("timeline", 4, "values", 0,
                                                   value={"analyte": "psa", "statement": "high-ish"})),
        "timeline[4].values[0].statement", ("'high-ish' is not allowed", "raised", "normal")),
    Bad("surgical approach unknown", as_yaml(mutate("timeline", 6, "approach", value="sideways")),
        "timeline[6].approach", ("'sideways' is not allowed", "anterior", "posterior", "combined", "lateral")),
    Bad("overlapping surgical spans", as_yaml(mutate("timeline", 6, "spans", value=["T2-T4", "T4-T6"])),
        "timeline[6].spans", ("T2-T4 and T4-T6 overlap",)),
    Bad("day far out of range", as_yaml(mutate("timeline", 0, "day", value=10**20)),
        "timeline[0].day", ("allowed: -55,000 to 55,000",)),
]


def test_catalogue_is_big_and_distinct() -> None:
    assert len(CATALOGUE) >= 30
    assert len({b.name for b in CATALOGUE}) == len(CATALOGUE)
    assert len({(b.text, b.suffix) for b in CATALOGUE}) == len(CATALOGUE)


def test_base_case_is_valid(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "good.yaml"
    path.write_text(as_yaml(BASE), encoding="utf-8")
    result = runner.invoke(app, ["validate", str(path)])
    assert result.exit_code == 0, result.output
    assert "ok" in result.stdout


@pytest.fixture(scope="module")
def runner() -> CliRunner:
    _register()
    return CliRunner()


def _write(bad: Bad, tmp_path: Path) -> Path:
    path = tmp_path / f"case{bad.suffix}"
    if bad.text is not None:
        path.write_text(bad.text, encoding="utf-8")
    return path


@pytest.mark.parametrize("bad", CATALOGUE, ids=lambda b: b.name)
def test_bad_input_text_output(bad: Bad, runner: CliRunner, tmp_path: Path) -> None:
    path = _write(bad, tmp_path)
    result = runner.invoke(app, ["validate", str(path)])
    assert result.exit_code == 1, result.output
    assert isinstance(result.exception, SystemExit)  # a clean exit, not an escaped exception
    assert "Traceback" not in result.output
    assert f"invalid {path}" in result.stderr
    expected_line = f"  {bad.location}: " if bad.location else "  "
    lines = [line for line in result.stderr.splitlines() if line.startswith(expected_line)]
    assert any(all(p in line for p in bad.phrases) for line in lines), result.stderr


@pytest.mark.parametrize("bad", CATALOGUE, ids=lambda b: b.name)
def test_bad_input_json_output(bad: Bad, runner: CliRunner, tmp_path: Path) -> None:
    path = _write(bad, tmp_path)
    result = runner.invoke(app, ["validate", str(path), "--format", "json"])
    assert result.exit_code == 1
    (report,) = json.loads(result.stdout)
    assert report["valid"] is False
    matching = [p for p in report["problems"] if p["location"] == bad.location]
    assert matching, report["problems"]
    assert any(all(phrase in p["message"] for phrase in bad.phrases) for p in matching), matching


def test_every_problem_of_a_file_is_reported(runner: CliRunner, tmp_path: Path) -> None:
    data = copy.deepcopy(BASE)
    data["primary"]["site"] = "lungs"
    data["timeline"][1]["kps"] = 55
    data["timeline"][0]["nrs"] = 11
    data["timeline"][3]["findings"][0]["level"] = "T13"
    data["timeline"][3]["findings"][0]["lesoin_type"] = "lytic"
    data["timeline"][6]["fixation_span"] = "T8-T3"
    path = tmp_path / "many.yaml"
    path.write_text(as_yaml(data), encoding="utf-8")
    result = runner.invoke(app, ["validate", str(path), "--format", "json"])
    assert result.exit_code == 1
    (report,) = json.loads(result.stdout)
    locations = sorted(p["location"] for p in report["problems"])
    assert locations == sorted([
        "primary.site",
        "timeline[1].kps",
        "timeline[0].nrs",
        "timeline[3].findings[0].level",
        "timeline[3].findings[0].lesoin_type",
        "timeline[6].fixation_span",
    ])
    text = runner.invoke(app, ["validate", str(path)])
    assert "6 problem(s)" in text.stderr


def test_several_files_each_reported(runner: CliRunner, tmp_path: Path) -> None:
    good = tmp_path / "good.yaml"
    good.write_text(as_yaml(BASE), encoding="utf-8")
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(mutate("timeline", 1, "kps", value=55)), encoding="utf-8")
    result = runner.invoke(app, ["validate", str(good), str(bad)])
    assert result.exit_code == 1
    assert f"ok      {good}" in result.stdout
    assert "timeline[1].kps: 55 is not a Karnofsky score" in result.stderr


def test_json_case_file_locations(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "case.json"
    path.write_text(json.dumps(mutate("timeline", 3, "findings", 0, "level", value="T13")), encoding="utf-8")
    result = runner.invoke(app, ["validate", str(path)])
    assert result.exit_code == 1
    assert "timeline[3].findings[0].level: 'T13' is not a vertebral level" in result.stderr


# ---------------------------------------------------------------- end to end, real processes

def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "spinemet", *args], capture_output=True, text=True, timeout=120)


def test_python_m_spinemet_validate_examples() -> None:
    examples = sorted(str(p) for p in (Path(__file__).resolve().parents[2] / "examples").glob("*.yaml"))
    proc = _run("validate", *examples)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.count("ok ") == len(examples)


@pytest.mark.parametrize(
    "name", ["impossible calendar date", "level T13", "malformed YAML", "missing file", "top level is a list"]
)
def test_python_m_spinemet_bad_input_has_no_traceback(name: str, tmp_path: Path) -> None:
    bad = next(b for b in CATALOGUE if b.name == name)
    path = _write(bad, tmp_path)
    proc = _run("validate", str(path))
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr + proc.stdout
    assert all(p in proc.stderr for p in bad.phrases)


def test_console_script_show_bad_on(tmp_path: Path) -> None:
    script = Path(sys.executable).parent / "spinemet"
    if not script.exists():
        pytest.skip("the spinemet console script is not installed next to this interpreter")
    story = Path(__file__).resolve().parents[2] / "examples" / "story-lung-net-t6.yaml"
    proc = subprocess.run([str(script), "show", str(story), "--on", "banana"], capture_output=True, text=True,
                          timeout=120)
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr
    assert "'banana' is neither a day offset" in proc.stderr
