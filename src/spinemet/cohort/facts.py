"""One registry row of facts -> a case -> every cohort instrument, by the same readers as any case.

:func:`read_value` checks one cell against the dictionary (a located message naming the column and
what is allowed); :func:`case_from_facts` writes the row as a case of the case vocabulary (every
fact on the index day, day 0; a fact not stated is left out); :func:`assess_facts` scores it with
:func:`spinemet.instruments.scoring.assess_snapshot` -- the single-case path. The table path
(:mod:`spinemet.cohort.compile`) builds its cases with the same :func:`case_from_facts`.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from spinemet.anatomy import Level
from spinemet.case.model import Case
from spinemet.case.snapshot import snapshot
from spinemet.cohort.dictionary import (
    BY_NAME,
    CNS_SITES,
    CODE,
    COHORT_INSTRUMENTS,
    INTEGER,
    YES_NO,
    RegistryColumn,
)
from spinemet.errors import SpineMetError
from spinemet.instruments.engine import is_missing_token
from spinemet.instruments.result import Result
from spinemet.instruments.scoring import assess_snapshot
from spinemet.instruments.sites import PRIMARY_SITES

YES = frozenset({"yes", "y", "true", "t", "1", "1.0"})
NO = frozenset({"no", "n", "false", "f", "0", "0.0"})


class FactError(SpineMetError):
    """A registry cell that the dictionary does not allow (the message names column and allowed values)."""

    def __init__(self, column: str, value: object, allowed: str) -> None:
        self.column = column
        self.value = value
        super().__init__(f"{column}: {value!r} is not allowed; allowed: {allowed}")


def is_empty(raw: object) -> bool:
    """An empty cell: null, NaN, blank, or a word that means unknown ('unknown', 'NA', ...)."""
    if raw is None:
        return True
    if isinstance(raw, float) and math.isnan(raw):
        return True
    return isinstance(raw, str) and (not raw.strip() or is_missing_token(raw))


def read_value(col: RegistryColumn, raw: object) -> object | None:
    """The canonical value of one cell (``None``: not stated); :class:`FactError` when not allowed.

    'unknown' is a primary-site key (cancer of unknown primary), so it is read as that site there.
    """
    if col.name == "primary_site" and isinstance(raw, str) and raw.strip().lower() == "unknown":
        return "unknown"
    if is_empty(raw):
        return None
    if col.kind == CODE:
        text = str(raw).strip()
        for code in col.codes:
            if code.lower() == text.lower():
                return code
        raise FactError(col.name, raw, col.allowed)
    if col.kind == YES_NO:
        if isinstance(raw, bool):
            return raw
        text = str(raw).strip().lower()
        if text in YES:
            return True
        if text in NO:
            return False
        raise FactError(col.name, raw, col.allowed)
    if isinstance(raw, bool):
        raise FactError(col.name, raw, col.allowed)
    try:
        value = float(str(raw).strip()) if not isinstance(raw, (int, float)) else float(raw)
    except ValueError:
        raise FactError(col.name, raw, col.allowed) from None
    bad = (math.isnan(value) or math.isinf(value) or (col.low is not None and value < col.low)
           or (col.high is not None and value > col.high))
    if col.kind == INTEGER:
        bad = bad or value != int(value) or (col.step is not None and int(value) % col.step != 0)
        if bad:
            raise FactError(col.name, raw, col.allowed)
        return int(value)
    if bad:
        raise FactError(col.name, raw, col.allowed)
    return value


def read_row(raw: Mapping[str, object]) -> dict[str, object]:
    """Every dictionary column of a row read to its canonical value (absent columns: not stated)."""
    return {name: read_value(col, raw.get(name)) for name, col in BY_NAME.items()}


def case_document(facts: Mapping[str, object], case_id: str = "registry-row") -> dict[str, Any]:
    """The case-file document of a row of canonical facts (see :mod:`spinemet.cohort.dictionary`)."""
    f = {k: v for k, v in facts.items() if v is not None}
    site = f.get("primary_site")
    primary: dict[str, Any]
    if site is None:
        primary = {"site": "unknown", "candidates": [{"site": s, "certainty": "possible"}
                                                     for s in PRIMARY_SITES if s not in CNS_SITES]}
    else:
        primary = {"site": site}
    for key in ("hormone_dependent", "targeted_therapy"):
        if key in f:
            primary[key] = f[key]
    if "days_since_diagnosis" in f:
        primary["diagnosis_day"] = -int(f["days_since_diagnosis"])  # type: ignore[call-overload]
    timeline: list[dict[str, Any]] = []
    if f.get("previous_chemotherapy") is True:
        timeline.append({"type": "systemic_therapy", "day": -1, "drug_class": "chemotherapy"})
    perf: dict[str, object] = {k: f[k] for k in ("kps", "ecog") if k in f}
    if perf:
        timeline.append({"type": "performance", "day": 0, **perf})
    neuro: dict[str, Any] = {}
    if "frankel" in f:
        neuro["frankel"] = f["frankel"]
    if "ambulatory" in f:
        neuro["walking"] = f["ambulatory"]
    if "motor_deficit_days" in f:
        neuro["motor_deficit_onset_day"] = -int(f["motor_deficit_days"])  # type: ignore[call-overload]
    if neuro:
        timeline.append({"type": "neuro_exam", "day": 0, **neuro})
    if "index_level" in f:
        finding: dict[str, Any] = {"level": f["index_level"]}
        if "pathological_fracture" in f:
            finding["pathological_fracture"] = f["pathological_fracture"]
        if "mscc" in f:
            # The registry states MSCC without the structure; the row's case needs one (only Rades' applicability
            # reads it): the cord down to T12, where it reaches in every adult (Saifuddin 1998), the cauda
            # equina below.
            cord = Level[str(f["index_level"])] <= Level.T12
            finding["cord_compression" if cord else "cauda_equina_compression"] = f["mscc"]
        timeline.append({"type": "imaging", "day": 0, "findings": [finding]})
    burden: dict[str, Any] = {}
    for key, field in (("extraspinal_bone_mets", "extraspinal_bone_mets"), ("vertebral_mets", "vertebral_mets"),
                       ("visceral_mets", "visceral_mets_present"), ("brain_mets", "brain_mets"),
                       ("pleural_or_peritoneal_dissemination", "pleural_or_peritoneal_dissemination"),
                       ("leptomeningeal_dissemination", "leptomeningeal_dissemination")):
        if key in f:
            burden[field] = f[key]
    organ = {k.removeprefix("visceral_"): f[k] for k in ("visceral_removable", "visceral_treatable") if k in f}
    if organ:
        burden["visceral"] = [{"organ": "other", **organ}]
    if burden:
        timeline.append({"type": "disease_burden", "day": 0, **burden})
    labs = [{"analyte": name, "value": f[name], "unit": BY_NAME[name].unit}
            for name in ("albumin", "crp", "ldh", "platelets", "calcium", "bilirubin") if name in f]
    if labs:
        timeline.append({"type": "labs", "day": 0, "values": labs})
    if "motor_deficit_days" in f:
        timeline.append({"type": "radiotherapy", "day": 0})
    return {"schema_version": 2, "id": case_id, "primary": primary, "timeline": timeline}


class InconsistentRow(SpineMetError):
    """Facts of one row that contradict each other (e.g. removable visceral metastases, none present)."""


#: The one contradiction registry facts can hold (the table path states it with the same words).
VISCERAL_CONTRADICTION = ("visceral_removable/visceral_treatable: stated while visceral_mets is 'no' "
                          "(the row contradicts itself)")


def case_from_facts(facts: Mapping[str, object], case_id: str = "registry-row") -> Case:
    """The case a row of canonical facts states (:class:`InconsistentRow` when they contradict)."""
    if facts.get("visceral_mets") is False and (facts.get("visceral_removable") is not None
                                                or facts.get("visceral_treatable") is not None):
        raise InconsistentRow(VISCERAL_CONTRADICTION)
    try:
        return Case.model_validate(case_document(facts, case_id))
    except ValidationError as exc:
        raise InconsistentRow(f"the row's facts contradict each other: {exc.errors()[0]['msg']}") from None


@dataclass(frozen=True)
class Scored:
    """One instrument's result for one row, as the cohort table holds it.

    ``status``: ``exact`` (one total), ``range`` (items unknown: totals ``min_total``-``max_total``),
    ``unscored`` (no item could be read), ``not_applicable`` (the case is outside the instrument's
    disease; ``reason`` says why).
    """

    status: str
    total: int | None = None
    min_total: int | None = None
    max_total: int | None = None
    band: str | None = None
    possible_bands: tuple[str, ...] = ()
    missing: tuple[str, ...] = ()
    reason: str | None = None


def scored_of(result: Result | None) -> Scored:
    """The cohort view of an engine result (``None``: the instrument read nothing)."""
    if result is None:
        return Scored("unscored")
    if result.not_applicable is not None:
        return Scored("not_applicable", reason=result.not_applicable)
    return Scored("exact" if result.total is not None else "range", result.total, result.min_total,
                  result.max_total, result.band.key if result.band else None, result.possible_bands, result.missing)


def assess_facts(facts: Mapping[str, object], instruments: tuple[str, ...] = COHORT_INSTRUMENTS) -> dict[str, Scored]:
    """Every cohort instrument for one row of canonical facts: the single-case path."""
    snap = snapshot(case_from_facts(facts), 0)
    by_key = {r.instrument: r for r in assess_snapshot(snap)}
    return {key: scored_of(by_key.get(key)) for key in instruments}
