"""The published development set (issue 12), part 2: each case file against its own ledger.

A fact is *entered* when the ledger names the place(s) in the case file that hold it; it is
*not representable* when the ledger says why the record cannot hold it yet. The checks:
- every case file validates and loads through the same reader the CLI uses;
- every fact id of facts.yaml has exactly one ledger entry, and the ledger names no other fact;
- every ledger path resolves in the loaded case to a value (not None, not empty);
- no value sits in a case file that no fact accounts for (every non-structural leaf is claimed by
  a ledger path), except values the current format *demands* and the source does not give, which
  the ledger lists under ``forced_by_format`` - each must be a field the format requires, so the
  list cannot hide a typed-in value of an optional field;
- every case file is written in case-file version 2 and needs no forced value at all;
- the assessment (snapshot, every instrument, alerts and plan), through the service's offline door,
  runs on every case on every day its timeline names.

A ledger entry may add ``lost`` (what the record keeps only as text, or not at all), ``reading``
(where entering the fact took a reading of the words, e.g. "paralysis in both legs" as paraplegia)
and ``note`` (details the source does not give, left out).
"""

from __future__ import annotations

from typing import Any

import pytest

from cases.published._dataset import (
    PublishedCase,
    claims,
    forced_values,
    is_structural,
    leaves,
    ledger_entries,
    parse_path,
    published_cases,
    resolve,
)
from spinemet.case.model import Case
from spinemet.io.casefile import load_case
from spinemet.service.offline import assess

CASES = published_cases()
IDS = [c.name for c in CASES]

#: the primary sites, besides a neuro-endocrine pathology block, that name a neuro-endocrine neoplasm
NET_SITES = frozenset({"gep_net", "paraganglioma", "lung_sclc", "lung_lcnec", "lung_carcinoid"})


def _loaded(case: PublishedCase) -> Case:
    return load_case(case.case_path)


def _is_empty(value: Any) -> bool:
    return value is None or (isinstance(value, list | dict | str) and len(value) == 0)


def test_every_case_of_the_set_has_a_case_file_and_a_ledger() -> None:
    missing = [c.name for c in CASES if not (c.case_path.exists() and (c.folder / "ledger.yaml").exists())]
    assert not missing


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_case_file_validates_and_loads(case: PublishedCase) -> None:
    loaded = _loaded(case)
    assert loaded.id == case.name
    assert loaded.synthetic is False
    # the case file names the same publication as source.yaml
    source = case.source
    assert loaded.source is not None
    assert (loaded.source.pmid, loaded.source.doi) == (source.get("pmid"), source.get("doi"))


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_every_fact_has_exactly_one_ledger_entry(case: PublishedCase) -> None:
    fact_ids = [f["id"] for f in case.facts]
    entries = ledger_entries(case)
    assert sorted(entries) == sorted(fact_ids)
    for fact_id, entry in entries.items():
        kinds = {"paths", "not_representable"} & set(entry)
        assert len(kinds) == 1, f"{fact_id}: either paths or not_representable"
        if "paths" in entry:
            assert entry["paths"], f"{fact_id}: at least one path"
        else:
            assert entry["not_representable"].strip(), f"{fact_id}: the reason"
        assert set(entry) <= {"paths", "lost", "reading", "note", "not_representable"}, (
            f"{fact_id}: {set(entry)}"
        )


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_every_ledger_path_resolves_to_a_value_in_the_loaded_case(case: PublishedCase) -> None:
    loaded = _loaded(case)
    for fact_id, entry in ledger_entries(case).items():
        for path in entry.get("paths", []):
            value = resolve(loaded, path)
            assert not _is_empty(value), f"{fact_id}: {path} is empty in the loaded case"


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_no_value_in_the_case_file_is_unaccounted_for(case: PublishedCase) -> None:
    claimed = [p for entry in ledger_entries(case).values() for p in entry.get("paths", [])]
    forced = [item["path"] for item in forced_values(case)]
    unclaimed = [
        path
        for path, _ in leaves(case.case_data)
        if not is_structural(path) and not any(claims(prefix, path) for prefix in claimed + forced)
    ]
    assert not unclaimed, f"values no fact accounts for (invented?): {unclaimed}"


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_forced_values_are_only_fields_the_format_requires(case: PublishedCase) -> None:
    loaded = _loaded(case)
    raw_leaves = dict(leaves(case.case_data))
    claimed = [p for entry in ledger_entries(case).values() for p in entry.get("paths", [])]
    for item in forced_values(case):
        path = item["path"]
        assert item["reason"].strip()
        assert path in raw_leaves or any(p.startswith(path + "[") for p in raw_leaves), (
            f"{path} not in the file"
        )
        assert not any(claims(prefix, path) for prefix in claimed), f"{path} is both stated and forced"
        field = parse_path(path)[-1]
        assert isinstance(field, str), path
        owner_path = path[: path.rindex("." + field)] if "." in path else ""
        owner = resolve(loaded, owner_path) if owner_path else loaded
        assert field in type(owner).model_fields, f"{path}: no such field"
        assert type(owner).model_fields[field].is_required(), f"{path}: optional fields are never forced"


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_version_2_case_files_carry_no_forced_values(case: PublishedCase) -> None:
    # version 2 dates by range, relation or order and lets modality and procedures be left out:
    # nothing may be typed in because the format asked for it (issue 12: zero invented values)
    assert case.case_data["schema_version"] == 2
    assert forced_values(case) == []


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_neuro_endocrine_cases_are_recorded_as_neuro_endocrine(case: PublishedCase) -> None:
    loaded = _loaded(case)
    is_net = loaded.primary.neuroendocrine is not None or loaded.primary.site.value in NET_SITES
    assert is_net == ("neuroendocrine" in case.source["mix"])


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_assessment_runs_on_every_day_of_the_timeline(case: PublishedCase) -> None:
    loaded = _loaded(case)
    days = sorted({day for day, _ in loaded.ordered_events()})
    assert days
    for day in days:
        result = assess(loaded, day)
        assert result.day == day
        assert result.instruments
        assert result.as_dict()["case_id"] == case.name
