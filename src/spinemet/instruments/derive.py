"""Snapshot -> answers with provenance for every instrument, and :func:`assess_snapshot`.

Reads a :class:`spinemet.case.Snapshot` (the state of a case on one day) and builds, for each
instrument, a mapping item -> :class:`Given` using the pure derivations of
:mod:`spinemet.instruments.derivations` and the decision tables of
:mod:`spinemet.instruments.groups`. A fact that was not recorded stays unknown; the engine then
reports the range of totals and the bands still reachable.

Conventions (each also stated where it applies):

* SINS and ESCC are read at the snapshot's index level (worst ESCC, else the first level);
  :func:`sins_by_level` scores every level.
* Visceral metastases include brain metastases for Bauer (its negative factor was visceral *or*
  brain), Katagiri (nodular visceral *or cerebral*) and Tokuhashi (decision below); Tomita, Rades
  and Van der Linden read the visceral-organ facts only.
* A KPS that was not measured is converted from ECOG with the named table (default
  ``conventional``) and flagged as converted; likewise ECOG from KPS.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from spinemet.anatomy import Level
from spinemet.case.vocab import Analyte, PrimarySite
from spinemet.instruments import derivations as dv
from spinemet.instruments import groups
from spinemet.instruments.conversions import TABLE_CITATION, ecog_to_kps, kps_to_ecog
from spinemet.instruments.engine import Given, evaluate
from spinemet.instruments.model import Decision
from spinemet.instruments.registry import INSTRUMENTS
from spinemet.instruments.result import Result

if TYPE_CHECKING:  # pragma: no cover
    from spinemet.case.events import DiseaseBurden, LevelFinding, NetPathology
    from spinemet.case.snapshot import Snapshot

Answers = dict[str, Given]

TOKUHASHI_BRAIN = Decision(
    "tokuhashi_brain_is_major_organ",
    "Brain metastases count as metastases to the major internal organs (lung, liver, kidney, brain), as "
    "reproductions of Tokuhashi list them.",
    ("tokuhashi2005",),
)
COLLAPSE_IS_FRACTURE = Decision(
    "bauer_collapse_is_pathological_fracture",
    "A vertebral body collapse (any height loss) at a metastatic level counts as a pathological fracture.",
    ("bauer1995",),
)
ESCC_BELOW_CONUS = Decision(
    "escc_extrapolated_below_conus",
    "The ESCC scale describes the spinal cord; at L2 and below it is extrapolated to the thecal sac and roots.",
    ("bilsky2010",),
)


def _conversion_decision(table: str) -> Decision:
    return Decision(f"performance_status_converted_{table}",
                    f"A performance status was converted between KPS and ECOG with the {table} table.",
                    (TABLE_CITATION[table],))


# ------------------------------------------------------------------ shared readers
def _kps(s: Snapshot, table: str) -> tuple[tuple[int, ...], str, tuple[Decision, ...]] | None:
    if s.kps is not None:
        return (s.kps.value,), f"KPS {s.kps.value} (day {s.kps.day})", ()
    if s.ecog is not None:
        conv = ecog_to_kps(s.ecog.value, table)
        return conv.values, conv.describe(), (_conversion_decision(table),)
    return None


def _ecog(s: Snapshot, table: str) -> tuple[tuple[int, ...], str, tuple[Decision, ...]] | None:
    if s.ecog is not None:
        return (s.ecog.value,), f"ECOG {s.ecog.value} (day {s.ecog.day})", ()
    if s.kps is not None:
        conv = kps_to_ecog(s.kps.value, table)
        return conv.values, conv.describe(), (_conversion_decision(table),)
    return None


def _from_values(values: tuple[int, ...], fn: object, source: str, decisions: tuple[Decision, ...]) -> Given:
    """Apply a value -> Given derivation to each possible value; keep every answer still possible."""
    answers: list[str] = []
    for v in values:
        g = fn(v)  # type: ignore[operator]
        if str(g.answer) not in answers:
            answers.append(str(g.answer))
    if len(answers) == 1:
        return Given(answers[0], f"derived from {source}", decisions)
    return Given(None, f"derived from {source}", decisions, tuple(answers))


def _burden(s: Snapshot) -> DiseaseBurden | None:
    return s.burden.value if s.burden else None


def _visceral(s: Snapshot, brain: bool) -> bool | None:
    """Visceral (and optionally brain) metastases present: True, False, or None (unknown)."""
    b = _burden(s)
    if b is None:
        return None
    flags = [b.visceral_mets_present if not b.visceral else True]
    if brain:
        flags.append(b.brain_mets)
    if any(f is True for f in flags):
        return True
    if all(f is False for f in flags):
        return False
    return None


def _yes_no(flag: bool | None, source: str, invert: bool = False) -> Given:
    if flag is None:
        return Given(None, source)
    return Given("yes" if flag != invert else "no", source)


def _counts(s: Snapshot) -> tuple[int, int] | None:
    b = _burden(s)
    if b is None or b.extraspinal_bone_mets is None or b.vertebral_mets is None:
        return None
    return b.extraspinal_bone_mets, b.vertebral_mets


def _index_finding(s: Snapshot) -> tuple[Level, LevelFinding, int] | None:
    lvl = s.index_level
    if lvl is None:
        return None
    dated = s.findings[lvl]
    return lvl, dated.value, dated.day


def _net_grade_category(s: Snapshot) -> tuple[str | None, tuple[str, ...], str]:
    """(category, candidates, source) of the tumour's WHO NEN grade."""
    net = s.net
    if net is None:
        return None, (), ""
    if net.classification is not None:
        return net.classification.value, (), f"recorded NEN classification {net.classification.value}"
    res = evaluate(INSTRUMENTS["net_grade"], net_grade_answers(s.primary.site.value, net))
    return res.category, res.possible_bands, "derived from the WHO grading facts"


# ------------------------------------------------------------------ per instrument
def net_grade_answers(site: str, net: NetPathology) -> Answers:
    """WHO grading items from a pathology block; the system follows the primary site."""
    lung = site.startswith("lung")
    out: Answers = {"system": Given("lung_who2021" if lung else "gep_who2019", f"derived from primary site {site}")}
    morphology = {"lung_carcinoid": "carcinoid", "lung_lcnec": "large_cell_neuroendocrine",
                  "lung_sclc": "small_cell"}.get(site)
    if morphology:
        out["morphology"] = Given(morphology, f"derived from primary site {site}")
    if net.differentiation is not None:
        out["differentiation"] = Given(net.differentiation.value)
    if net.ki67_percent is not None:
        out["ki67"] = dv.ki67_bin(net.ki67_percent)
    if net.mitoses_per_2mm2 is not None:
        out["mitoses"] = dv.mitoses_bin(net.mitoses_per_2mm2)
    if net.necrosis is not None:
        out["necrosis"] = Given(net.necrosis.value)
    return out


def sins_answers(s: Snapshot, level: Level | None = None) -> Answers:
    """SINS items at ``level`` (default: the index level)."""
    out: Answers = {}
    if level is None:
        found = _index_finding(s)
        if found is None:
            return out
        level = found[0]
    out["location"] = dv.sins_location_from_level(level)
    f = s.finding(level)
    if s.pain is not None and s.pain.value.character is not None:
        out["pain"] = Given(s.pain.value.character.value, f"recorded pain character (day {s.pain.day})")
    if f is None:
        return out
    if f.lesion_type is not None:
        out["bone_lesion"] = Given(f.lesion_type.value, f"recorded at {level}")
    if f.alignment is not None:
        out["alignment"] = Given(f.alignment.value, f"recorded at {level}")
    if f.collapse is not None:
        out["collapse"] = Given(f.collapse.value, f"recorded at {level}")
    elif f.collapse_percent is not None:
        out["collapse"] = dv.sins_collapse_from_percent(f.collapse_percent, f.body_involvement_percent)
    if f.posterolateral is not None:
        out["posterolateral"] = Given(f.posterolateral.value, f"recorded at {level}")
    return out


def escc_answers(s: Snapshot) -> Answers:
    found = _index_finding(s)
    if found is None:
        return {}
    lvl, f, day = found
    extra = (ESCC_BELOW_CONUS,) if lvl >= Level.L2 else ()
    if f.escc is not None:
        return {"grade": Given(f.escc.value, f"recorded at {lvl} (day {day})", extra)}
    if f.cord_compression is not None:
        cands = ("2", "3") if f.cord_compression else ("0", "1a", "1b", "1c")
        what = "cord compression" if f.cord_compression else "no cord compression"
        return {"grade": Given(None, f"derived from {what} at {lvl} (day {day})", extra, cands)}
    return {}


def tokuhashi_answers(s: Snapshot, table: str, revised: bool = True) -> Answers:
    out: Answers = {}
    kps = _kps(s, table)
    if kps is not None and 0 not in kps[0]:
        out["general_condition"] = _from_values(kps[0], dv.general_condition_from_kps, kps[1], kps[2])
    b = _burden(s)
    if b is not None and b.extraspinal_bone_mets is not None:
        out["extraspinal_bone_mets"] = dv.extraspinal_bin(b.extraspinal_bone_mets)
    if b is not None and b.vertebral_mets is not None:
        out["vertebral_body_mets"] = dv.vertebral_bin(b.vertebral_mets)
    out["visceral_mets"] = _tokuhashi_visceral(s)
    site = s.primary.site.value
    if revised:
        category, candidates, _ = _net_grade_category(s)
        out["primary_site"] = groups.tokuhashi_primary(site, category, candidates)
    else:
        out["primary_site"] = Given(site, f"derived from primary site {site}")
    if s.neuro is not None and s.neuro.value.frankel is not None:
        out["palsy"] = dv.palsy_from_frankel(s.neuro.value.frankel.value)
    return out


def _tokuhashi_visceral(s: Snapshot) -> Given:
    present = _visceral(s, brain=True)
    src = "derived from visceral and brain metastases"
    if present is False:
        return Given("none", src, (TOKUHASHI_BRAIN,))
    b = _burden(s)
    if present is None or b is None:
        return Given(None, src)
    flags = [v.removable for v in (b.visceral or [])]
    if b.brain_mets is not False:  # present (resectability not recorded) or not known: could be unremovable
        flags.append(None)
    if flags and all(f is True for f in flags):
        return Given("removable", src, (TOKUHASHI_BRAIN,))
    if any(f is False for f in flags):
        return Given("unremovable", src, (TOKUHASHI_BRAIN,))
    return Given(None, src + " (resectability unknown)", (TOKUHASHI_BRAIN,), ("unremovable", "removable"))


def tomita_answers(s: Snapshot) -> Answers:
    out: Answers = {"primary_growth": groups.tomita_growth(s.primary.site.value)}
    b = _burden(s)
    present = _visceral(s, brain=False)
    src = "derived from visceral metastases"
    if present is False:
        out["visceral_mets"] = Given("none", src)
    elif present and b is not None:
        flags = [v.treatable for v in (b.visceral or [])]
        if flags and all(f is True for f in flags):
            out["visceral_mets"] = Given("treatable", src)
        elif any(f is False for f in flags):
            out["visceral_mets"] = Given("untreatable", src)
        else:
            out["visceral_mets"] = Given(None, src, candidates=("treatable", "untreatable"))
    counts = _counts(s)
    if counts is not None:
        out["bone_mets"] = dv.solitary_from_counts(*counts, yes="solitary", no="multiple")
    return out


def bauer_answers(s: Snapshot, modified: bool) -> Answers:
    out: Answers = dict(groups.bauer_primary(s.primary.site.value))
    out["no_visceral_mets"] = _yes_no(_visceral(s, brain=True), "derived from visceral and brain metastases",
                                      invert=True)
    counts = _counts(s)
    if counts is not None:
        out["solitary_skeletal_met"] = dv.solitary_from_counts(*counts)
    if not modified:
        out["no_pathological_fracture"] = _fracture(s)
    return out


def _fracture(s: Snapshot) -> Given:
    fractured, unknown = [], False
    for lvl, dated in s.findings.items():
        f = dated.value
        collapsed = f.collapse is not None and f.collapse.value in ("at_least_50", "under_50")
        collapsed = collapsed or (f.collapse_percent is not None and f.collapse_percent > 0)
        if f.pathological_fracture or collapsed:
            fractured.append(str(lvl))
        elif f.pathological_fracture is None:
            unknown = True
    if fractured:
        return Given("no", f"derived from fracture or collapse at {', '.join(fractured)}", (COLLAPSE_IS_FRACTURE,))
    if s.findings and not unknown:
        return Given("yes", "derived from no fracture recorded at any level")
    return Given(None, "pathological fracture not recorded")


def katagiri_answers(s: Snapshot, table: str) -> Answers:
    p = s.primary
    out: Answers = {"primary_growth": groups.katagiri_growth(p.site.value, s.hormone_dependent, p.targeted_therapy)}
    b = _burden(s)
    if b is not None:
        dissem = [b.pleural_or_peritoneal_dissemination, b.leptomeningeal_dissemination]
        nodular = _visceral(s, brain=True)
        src = "derived from visceral, cerebral and disseminated metastases"
        if any(d is True for d in dissem):
            out["visceral_mets"] = Given("disseminated", src)
        elif nodular is not None:
            possible = (["nodular"] if nodular else ["none"]) + (
                ["disseminated"] if any(d is None for d in dissem) else [])
            out["visceral_mets"] = (Given(possible[0], src) if len(possible) == 1
                                    else Given(None, src, candidates=tuple(possible)))
    labs = {a.value: r.value.canonical_value for a, r in s.labs.items()}
    if labs:
        out["laboratory"] = dv.katagiri_laboratory(labs)
    ecog = _ecog(s, table)
    if ecog is not None:
        out["ecog_3_or_4"] = _from_values(ecog[0], lambda e: Given("yes" if e in (3, 4) else "no"), ecog[1], ecog[2])
    # A systemic therapy of unrecorded drug class is not assumed to be chemotherapy (the item stays unknown).
    chemo = [t for t in s.systemic_therapies() if getattr(t.value, "drug_class", None) == "chemotherapy"
             or type(t.value).__name__ == "ChemoRadiotherapy"]
    if chemo:
        out["previous_chemotherapy"] = Given("yes", f"derived from systemic therapy on day {chemo[0].day}")
    counts = _counts(s)
    if counts is not None:
        out["multiple_skeletal_mets"] = dv.solitary_from_counts(*counts, yes="no", no="yes")
    return out


def nesms_answers(s: Snapshot) -> Answers:
    out: Answers = {}
    mb = evaluate(INSTRUMENTS["bauer_modified"], bauer_answers(s, modified=True))
    assert mb.min_total is not None and mb.max_total is not None
    rng = str(mb.min_total) if mb.min_total == mb.max_total else f"{mb.min_total}-{mb.max_total}"
    src = f"derived from modified Bauer {rng}"
    if mb.min_total >= 3:
        out["bauer_modified_3_or_more"] = Given("yes", src)
    elif mb.max_total < 3:
        out["bauer_modified_3_or_more"] = Given("no", src)
    else:
        out["bauer_modified_3_or_more"] = Given(None, src)
    if s.neuro is not None and s.neuro.value.ambulatory is not None:
        out["ambulatory"] = dv.ambulatory_item(s.neuro.value.ambulatory.value)
    alb = s.lab(Analyte.ALBUMIN)
    if alb is not None:
        out["albumin_normal"] = dv.albumin_normal(alb.canonical_value, "g/dL")
    return out


def rades_answers(s: Snapshot) -> Answers:
    out: Answers = {"tumour_type": groups.rades_tumour_type(s.primary.site.value)}
    counts = _counts(s)
    if counts is not None:
        other = counts[0] > 0 or counts[1] > 1
        out["other_bone_mets"] = Given("yes" if other else "no", f"derived from {sum(counts)} bone metastases")
    out["visceral_mets"] = _yes_no(_visceral(s, brain=False), "derived from visceral metastases")
    found = _index_finding(s)
    if found is not None and s.primary.diagnosis_day is not None:
        out["interval_to_mscc"] = dv.interval_to_mscc(max(found[2] - s.primary.diagnosis_day, 0))
    if s.neuro is not None and s.neuro.value.ambulatory is not None:
        out["ambulatory"] = dv.ambulatory_item(s.neuro.value.ambulatory.value)
    onset = s.neuro.value.motor_deficit_onset_day if s.neuro is not None else None
    if onset is not None:
        rts = [r.day for r in s.radiotherapies() if r.day >= onset]
        if rts:
            out["motor_deficit_time"] = dv.motor_deficit_time(min(rts) - onset)
    return out


def van_der_linden_answers(s: Snapshot, table: str) -> Answers:
    out: Answers = {"primary": groups.van_der_linden_primary(s.primary.site.value)}
    kps = _kps(s, table)
    if kps is not None and 0 not in kps[0]:
        out["kps"] = _from_values(kps[0], dv.van_der_linden_kps, kps[1], kps[2])
    present = _visceral(s, brain=False)
    if present is not None:
        out["visceral_mets"] = Given("present" if present else "absent", "derived from visceral metastases")
    return out


def radiosensitivity_answers(s: Snapshot) -> Answers:
    site = s.primary.site.value
    out: Answers = {"primary_site": Given(site, f"derived from primary site {site}")}
    category, candidates, source = _net_grade_category(s)
    if category is not None:
        out["net_grade"] = Given(category, source)
    elif candidates:
        out["net_grade"] = Given(None, source, candidates=candidates)
    return out


#: A lung neuro-endocrine neoplasm whose WHO type was reported maps to its site key.
_LUNG_NEN_SITE = {
    "typical_carcinoid": "lung_carcinoid",
    "atypical_carcinoid": "lung_carcinoid",
    "lcnec": "lung_lcnec",
    "sclc": "lung_sclc",
}


def lung_nen_sites(s: Snapshot) -> tuple[str, ...]:
    """The primary-site keys a lung neuro-endocrine neoplasm recorded as ``lung_other`` may stand for.

    A case report often says only 'lung neuro-endocrine tumour' (the SpineMet story case): the
    instruments treat carcinoids and neuro-endocrine carcinomas very differently (revised
    Tokuhashi 5 vs 0 points), so rather than guess, every instrument is scored for each WHO
    type still possible and an item on which they disagree stays open (a range), naming why.
    Returns ``()`` when the site is not an unspecified lung neuro-endocrine neoplasm.
    """
    if s.primary.site.value != "lung_other" or s.net is None:
        return ()
    if s.net.classification is not None and s.net.classification.value in _LUNG_NEN_SITE:
        return (_LUNG_NEN_SITE[s.net.classification.value],)
    return ("lung_carcinoid", "lung_lcnec", "lung_sclc")


def _merge_alternatives(alternatives: dict[str, dict[str, Answers]]) -> dict[str, Answers]:
    """Merge per-site answer sets: agreeing items stay settled, disagreeing ones become candidates."""
    sites = tuple(alternatives)
    why = f"lung neuro-endocrine neoplasm of unreported WHO type (could be {', '.join(sites)})"
    merged: dict[str, Answers] = {}
    for instrument in {k for answers in alternatives.values() for k in answers}:
        per_site = [answers.get(instrument, {}) for answers in alternatives.values()]
        items: Answers = {}
        for item in {k for answers in per_site for k in answers}:
            givens = [answers[item] for answers in per_site if item in answers]
            options: list[str] = []
            for g in givens:
                for option in ((str(g.answer),) if g.answer is not None else g.candidates):
                    if option not in options:
                        options.append(option)
            decisions = tuple(dict.fromkeys(d for g in givens for d in g.decisions))
            if len(givens) == len(per_site) and len(options) == 1 and all(g.answer is not None for g in givens):
                first = givens[0]
                items[item] = Given(first.answer, first.source, decisions, ())
            elif not options:
                items[item] = Given(None, givens[0].source, decisions, ())
            else:
                items[item] = Given(None, why, decisions, tuple(options))
        merged[instrument] = items
    return merged


def snapshot_answers(s: Snapshot, conversion_table: str = "conventional") -> dict[str, Answers]:
    """Answers with provenance for every instrument, keyed by instrument key.

    An unspecified lung neuro-endocrine neoplasm is scored for each WHO type still possible
    (:func:`lung_nen_sites`) and the answer sets merged, so unknown type shows as a range.
    """
    sites = lung_nen_sites(s)
    if sites:
        from dataclasses import replace

        alternatives = {
            site: _site_answers(replace(s, primary=s.primary.model_copy(update={"site": PrimarySite(site)})),
                                conversion_table)
            for site in sites
        }
        return alternatives[sites[0]] if len(sites) == 1 else _merge_alternatives(alternatives)
    return _site_answers(s, conversion_table)


def _site_answers(s: Snapshot, conversion_table: str) -> dict[str, Answers]:
    out: dict[str, Answers] = {
        "sins": sins_answers(s),
        "escc": escc_answers(s),
        "tokuhashi_revised": tokuhashi_answers(s, conversion_table),
        "tokuhashi_1990": tokuhashi_answers(s, conversion_table, revised=False),
        "tomita": tomita_answers(s),
        "bauer": bauer_answers(s, modified=False),
        "bauer_modified": bauer_answers(s, modified=True),
        "katagiri_new": katagiri_answers(s, conversion_table),
        "nesms": nesms_answers(s),
        "rades_survival": rades_answers(s),
        "van_der_linden": van_der_linden_answers(s, conversion_table),
        "radiosensitivity": radiosensitivity_answers(s),
    }
    if s.neuro is not None and s.neuro.value.frankel is not None:
        out["frankel"] = {"grade": Given(s.neuro.value.frankel.value, f"recorded (day {s.neuro.day})")}
    if s.neuro is not None and s.neuro.value.asia is not None:
        out["asia"] = {"grade": Given(s.neuro.value.asia.value, f"recorded (day {s.neuro.day})")}
    kps = _kps(s, conversion_table)
    if kps is not None:
        out["kps"] = {"score": _from_values(kps[0], lambda v: Given(str(v)), kps[1], kps[2])}
    ecog = _ecog(s, conversion_table)
    if ecog is not None:
        out["ecog"] = {"score": _from_values(ecog[0], lambda v: Given(str(v)), ecog[1], ecog[2])}
    if s.net is not None:
        out["net_grade"] = net_grade_answers(s.primary.site.value, s.net)
    return out


def assess_snapshot(s: Snapshot, conversion_table: str = "conventional") -> list[Result]:
    """Every instrument the snapshot supports (at least one item known or narrowed), in registry order.

    This is the function ``spinemet assess`` and the pathway build on; each result's
    ``as_dict()`` is the public JSON shape.
    """
    answers = snapshot_answers(s, conversion_table)
    results = []
    for key, inst in INSTRUMENTS.items():
        given = {k: g for k, g in answers.get(key, {}).items() if g.answer is not None or g.candidates}
        if given:
            results.append(evaluate(inst, given))
    return results


def sins_by_level(s: Snapshot) -> dict[Level, Result]:
    """SINS at every level with a recorded finding (SINS is scored per lesion)."""
    return {lvl: evaluate(INSTRUMENTS["sins"], sins_answers(s, lvl)) for lvl in s.levels if lvl != Level.Co}
