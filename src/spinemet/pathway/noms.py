"""D4-D8: the NOMS assessment and the treatment it points to.

Neurological (ESCC group and myelopathy; Bilsky 2010), oncological (radiosensitivity to
conventional RT), mechanical (SINS; Fisher 2010) and systemic (fit for surgery and expected
survival >= 3 months; Patchell 2005) assessments are read from the instrument results and the
record, then looked up in the declared table (:mod:`spinemet.pathway.noms_table`).

Unknown assessments are not guessed: the rule evaluates every combination still possible.
When all of them lead to the same treatment the rule decides (and says which unknowns did
not matter); otherwise it names the facts that would settle the choice and lists the
treatments still in play.
"""

from __future__ import annotations

from itertools import product

from spinemet.evidence import EvidenceStatus
from spinemet.frozen import dataclass
from spinemet.pathway.applicability import VERTEBRAL_OR_EPIDURAL
from spinemet.pathway.base import BRANCHED, DECIDED, NA, NEEDS, RuleSpec, answer, not_applicable, weakest
from spinemet.pathway.context import (
    RuleInput,
    cord_compressed,
    expected_survival_months,
    fit_for_surgery,
    index_level,
    possible,
    preference_words,
    surgery_declined,
    worst_escc,
)
from spinemet.pathway.failure import (
    COMPLICATION_SOURCES,
    complication_compression,
    complication_compression_statement,
    given_before_now,
)
from spinemet.pathway.model import Branch, Reason, Recommendation, SurvivalOffer
from spinemet.pathway.net import radiosensitivity_from_class
from spinemet.pathway.noms_table import KINDS, M_GROUPS, N_GROUPS, O_GROUPS, Cell, common_kind, lookup
from spinemet.pathway.preference import recorded_cautions, unrecorded_caution
from spinemet.pathway.survival import offers_in_words, survival_offers

#: Patchell 2005 inclusion: expected survival of at least 3 months (verified).
MIN_SURVIVAL_MONTHS = 3.0

_ESCC_TO_N = {"low_grade": "low", "borderline": "grey", "high_grade": "high"}
_SINS_TO_M = {"stable": "stable", "potentially_unstable": "indeterminate", "unstable": "unstable"}
_CHEMOSENSITIVE_SITES = ("lymphoma", "myeloma", "germ_cell")


@dataclass(frozen=True)
class Axis:
    """One NOMS assessment: the values still possible, how it was read, and what would settle it."""

    name: str
    values: tuple[str, ...]
    reading: str
    missing: tuple[str, ...]
    citation: str | None = None


def n_axis(inp: RuleInput) -> Axis:
    bands = [_ESCC_TO_N[b] for b in possible(inp.result("escc")) if b in _ESCC_TO_N]
    compressed = cord_compressed(inp.snapshot)
    if not bands:
        # Cord compressed = ESCC 2-3 (high); "no cord compression" = ESCC 0-1c (low or grey zone), Bilsky 2010.
        bands = ["high"] if compressed else ["low", "grey"] if compressed is False else list(N_GROUPS)
    grade = worst_escc(inp.snapshot)
    reading = f"ESCC {grade.value}" if grade else ("cord compression (exact grade unknown)" if compressed else
                                                   "no cord compression (exact grade unknown)" if compressed is False
                                                   else "ESCC not graded")
    missing = () if len(bands) == 1 else ("ESCC grade at the worst level (axial T2 MRI)",)
    return Axis("N", tuple(bands), f"{reading} -> {'/'.join(bands)} grade", missing, "bilsky2010")


def o_axis(inp: RuleInput) -> Axis:
    result = inp.result("radiosensitivity")
    values = possible(result)
    known = tuple(v for v in values if v in O_GROUPS)
    gaps = tuple(f"radiosensitivity input: {m}" for m in result.missing) if result else ()
    site = inp.snapshot.primary.site.value
    if not known or "not_classified" in values or len(known) > 1:
        # R-O-3: a neuro-endocrine class read wherever it is recorded, the histology text included.
        from_class = radiosensitivity_from_class(inp)
        if from_class is not None:
            group, where = from_class
            return Axis("O", (group,), f"{site}, WHO class {where} -> {group} (R-O-3, derived)", (), "net_rt_2019")
    if not known or "not_classified" in values:
        return Axis("O", O_GROUPS, f"radiosensitivity not known (primary {site})",
                    gaps or ("radiosensitivity of the histology (not classified for this primary)",), "laufer2013")
    missing = () if len(known) == 1 else (gaps or ("radiosensitivity (histology grade)",))
    return Axis("O", known, f"{site} -> {'/'.join(known)}", missing, "laufer2013")


def m_axis(inp: RuleInput) -> Axis:
    result = inp.result("sins")
    values = tuple(dict.fromkeys(_SINS_TO_M[b] for b in possible(result) if b in _SINS_TO_M))
    if not values:
        return Axis("M", M_GROUPS, "SINS not assessed", ("SINS (CT/MRI of the level)",), "fisher2010")
    if result is not None and result.total is not None:
        reading = f"SINS {result.total} -> {values[0]}"
    else:
        lo = result.min_total if result else None
        hi = result.max_total if result else None
        reading = f"SINS range {lo}-{hi} -> {'/'.join(values)}"
    missing = () if len(values) == 1 else tuple(f"SINS item: {m}" for m in (result.missing if result else ()))
    return Axis("M", values, reading, missing, "fisher2010")


def s_axis(inp: RuleInput) -> Axis:
    fit = fit_for_surgery(inp.snapshot)
    months = expected_survival_months(inp.snapshot)
    parts = [f"fit for surgery: {'unknown' if fit is None else ('yes' if fit else 'no')}",
             f"expected survival: {'unknown' if months is None else f'{months:g} months'}"]
    reading = "; ".join(parts)
    declined = surgery_declined(inp.snapshot)
    if declined is not None:
        return Axis("S", ("unfit",), reading + f" -> {preference_words(declined)}: the non-surgical column",
                    (), "ivanishvili_2014_lmnop")
    if fit is False or (months is not None and months < MIN_SURVIVAL_MONTHS):
        return Axis("S", ("unfit",), reading + " -> not a surgical candidate", (), "patchell2005")
    if fit is True and months is not None:
        return Axis("S", ("fit",), reading + " -> tolerates surgery", (), "patchell2005")
    missing = []
    if fit is None:
        missing.append("fitness for surgery (team assessment)")
    if months is None:
        missing.append("expected survival in months (team estimate or prognostic score)")
    return Axis("S", ("fit", "unfit"), reading, tuple(missing), "patchell2005")


def evaluate_axes(axes: tuple[Axis, Axis, Axis, Axis]) -> tuple[dict[tuple[str, ...], Cell], list[Axis]]:
    """Every still-possible combination's cell, and the axes whose value changes the answer."""
    cells = {combo: lookup(*combo) for combo in product(*(a.values for a in axes))}
    deciding = []
    for i, axis in enumerate(axes):
        if len(axis.values) < 2:
            continue
        groups: dict[tuple[str, ...], set[str]] = {}
        for combo, cell in cells.items():
            others = combo[:i] + combo[i + 1:]
            groups.setdefault(others, set()).add(cell.treatment)
        if any(len(treatments) > 1 for treatments in groups.values()):
            deciding.append(axis)
    return cells, deciding


def _with_survival_offers(inp: RuleInput, offers: tuple[SurvivalOffer, ...], reasons: list[Reason],
                          cautions: list[str]) -> tuple[list[Reason], list[str]]:
    """The reasons and cautions of a NOMS answer that branches on expected survival: which instruments
    offer survival of at least the Patchell threshold, and what the record leaves unsaid."""
    offer = Reason(offers_in_words(offers), {"offers": [o.instrument for o in offers]},
                   f"Patchell 2005: expected survival >= {MIN_SURVIVAL_MONTHS:g} months", "patchell2005")
    return [*reasons, offer], [*cautions, *unrecorded_caution(inp.snapshot)]


def _noms(inp: RuleInput) -> Recommendation:
    s = inp.snapshot
    iatrogenic = inp.fact(complication_compression)
    if iatrogenic:
        return answer(NOMS, NA, complication_compression_statement(iatrogenic), citations=COMPLICATION_SOURCES)
    done = inp.fact(given_before_now)
    if done:
        return not_applicable(NOMS, f"Treatment already chosen and given ({', '.join(done)}); see the "
                                    "post-operative and recurrence rules.")
    axes = (n_axis(inp), o_axis(inp), m_axis(inp), s_axis(inp))
    reasons = [Reason(f"{a.name}: {a.reading}.", {"possible": list(a.values)}, None, a.citation) for a in axes]
    cells, deciding = evaluate_axes(axes)
    treatments = {c.treatment: c for c in cells.values()}
    options: list[str] = []
    cautions: list[str] = recorded_cautions(s)
    myelopathy = s.neuro.value.myelopathy if s.neuro else None
    if myelopathy and axes[0].values == ("low",):
        cautions.append("Myelopathy with low-grade ESCC lies outside the NOMS table cells: MDT review.")
    if "high" in axes[0].values and "sensitive" in axes[1].values and s.primary.site.value in _CHEMOSENSITIVE_SITES:
        options.append("Chemosensitive histology: systemic therapy with RT (steroids + chemotherapy + RT; CEPO 2012).")
    options.extend(_cement_option(inp, axes))
    data = {a.name: list(a.values) for a in axes}
    if len(treatments) == 1:
        cell = next(iter(treatments.values()))
        unknown_irrelevant = [a.name for a in axes if len(a.values) > 1]
        if unknown_irrelevant:
            reasons.append(Reason(
                f"Not yet known but not changing the answer: {', '.join(unknown_irrelevant)}.",
                {"irrelevant_unknowns": unknown_irrelevant}))
        reasons.append(Reason(f"NOMS table: {cell.label}.", {"treatment": cell.treatment},
                              "; ".join(cell.rules), cell.sources[0]))
        return answer(NOMS, DECIDED, cell.label + ".", reasons, citations=cell.sources,
                      evidence_status=weakest(cell.status, EvidenceStatus.VERIFIED), options=options,
                      cautions=cautions, data={**data, "treatment": cell.treatment, "rules": list(cell.rules)})
    if {a.name for a in deciding} <= {"M", "S"}:
        branched = _branches(inp, axes, cells, reasons, options, cautions, data)
        if branched is not None:
            return branched
    if {a.name for a in deciding} <= {"N", "M", "S"} and 1 < len(axes[0].values) < len(N_GROUPS):
        by_grade = _n_branches(inp, axes, cells, reasons, options, cautions, data)
        if by_grade is not None:
            return by_grade
    missing = [m for a in deciding for m in a.missing] or [m for a in axes for m in a.missing]
    still = sorted(treatments.values(), key=lambda c: c.treatment)
    options = [f"{c.label} [{'; '.join(c.rules)}]" for c in still] + options
    settled = [f"{a.name} {a.values[0]}" for a in axes if len(a.values) == 1]
    statement = ("NOMS cannot choose yet: the unknown " + ", ".join(a.name for a in deciding)
                 + " assessment(s) would change the treatment"
                 + (f" (known: {', '.join(settled)})" if settled else "")
                 + f"; {len(still)} treatments remain possible (see options).")
    return answer(NOMS, NEEDS, statement, reasons, missing=missing, options=options, cautions=cautions,
                  citations=tuple(dict.fromkeys(src for c in still for src in c.sources)),
                  evidence_status=weakest(*(c.status for c in still)),
                  data={**data, "possible_treatments": [c.treatment for c in still]})


def s_conditions(inp: RuleInput) -> tuple[str, dict[str, str], dict[str, dict[str, object]]]:
    """The bedside judgement still open on the S axis: what picks the branch, and each answer in words.

    Fit for surgery *and* expected survival >= 3 months is the Patchell 2005 inclusion (verified);
    when one of the two is already recorded, only the other picks the branch."""
    fit = fit_for_surgery(inp.snapshot)
    months = expected_survival_months(inp.snapshot)
    limit = f"{MIN_SURVIVAL_MONTHS:g} months"
    if fit is True:
        return (f"expected survival of at least {limit} (team estimate)",
                {"fit": f"expected survival >= {limit}", "unfit": f"expected survival < {limit}"},
                {"fit": {"expected_survival_at_least_months": MIN_SURVIVAL_MONTHS},
                 "unfit": {"expected_survival_below_months": MIN_SURVIVAL_MONTHS}})
    if months is not None:
        return ("fitness for surgery (team assessment)",
                {"fit": "medically fit for surgery", "unfit": "not medically fit for surgery"},
                {"fit": {"fit_for_surgery": True}, "unfit": {"fit_for_surgery": False}})
    return (f"fitness for surgery and expected survival of at least {limit} (team assessment)",
            {"fit": f"fit for surgery and expected survival >= {limit}",
             "unfit": f"not fit for surgery, or expected survival < {limit}"},
            {"fit": {"fit_for_surgery": True, "expected_survival_at_least_months": MIN_SURVIVAL_MONTHS},
             "unfit": {"fit_for_surgery_or_survival": False}})


#: The stability bands in words (Fisher 2010: 0-6 stable, 7-12 potentially unstable, 13-18 unstable).
M_WORDS = {"stable": "SINS 0-6 (stable)", "indeterminate": "SINS 7-12 (potentially unstable)",
           "unstable": "SINS 13-18 (unstable)"}

def _stability_words(inp: RuleInput, axis: Axis) -> str:
    items = ", ".join(m.removeprefix("SINS item: ") for m in axis.missing if m.startswith("SINS item"))
    scored = axis.reading.removeprefix("SINS ")
    return ("spinal stability: the SINS band (" + scored + (f"; items not recorded: {items}" if items else "")
            + "; SINS 7-12 needs a spinal surgical opinion)")


def _per_band(inp: RuleInput, axes: tuple[Axis, Axis, Axis, Axis], s_value: str,
              per: dict[tuple[str, str], Cell]) -> list[tuple[str | None, str, str, Cell | None, tuple[Cell, ...]]]:
    """For one answer of the S judgement: (band or None, statement, treatment key, cell, cells) entries.

    One entry when every possible band gives the same treatment, or the same kind of treatment
    (stability then only adds stabilisation, said in the statement); otherwise one entry per band."""
    bands = axes[2].values
    band_cells = [(m, per[(m, s_value)]) for m in bands]
    treatments = {c.treatment for _m, c in band_cells}
    if len(treatments) == 1:
        cell = band_cells[0][1]
        return [(None, cell.label + ".", cell.treatment, cell, (cell,))]
    kind = common_kind(treatments)
    if kind is not None:
        return [(None, KINDS[kind][1] + ".", kind, None, tuple(c for _m, c in band_cells))]
    return [(m, c.label + ".", c.treatment, c, (c,)) for m, c in band_cells]


def _branches(inp: RuleInput, axes: tuple[Axis, Axis, Axis, Axis], cells: dict[tuple[str, ...], Cell],
              reasons: list[Reason], options: list[str], cautions: list[str],
              data: dict[str, list[str]]) -> Recommendation | None:
    """Only stability (M) and the bedside judgement (S) change the treatment.

    Stability bands that all lead to the same kind of treatment settle M for this decision (the
    statement says where stabilisation is added); bands that differ give one branch each, naming the
    SINS band that picks it. The S judgement (fit for surgery, expected survival >= 3 months, Patchell
    2005) gives one branch per answer, with the survival the prognostic scores offer beside it."""
    per: dict[tuple[str, str], Cell] = {}
    for combo, cell in cells.items():
        known = per.setdefault((combo[2], combo[3]), cell)
        if known.treatment != cell.treatment:
            return None
    s_values = axes[3].values
    entries = {s_value: _per_band(inp, axes, s_value, per) for s_value in s_values}
    if len(s_values) > 1 and entries[s_values[0]] == entries[s_values[1]]:
        entries = {s_values[0]: entries[s_values[0]]}
    s_split = len(entries) > 1
    m_split = any(band is not None for rows in entries.values() for band, *_ in rows)
    picked_by, words, when = s_conditions(inp)
    branch_on = ([picked_by] if s_split else []) + ([_stability_words(inp, axes[2])] if m_split else [])
    branches: list[Branch] = []
    used: list[Cell] = []
    for s_value, rows in entries.items():
        for band, statement, treatment, _cell, members in rows:
            used.extend(members)
            s_words = words[s_value] if not band or "," not in words[s_value] else f"({words[s_value]})"
            conditions = ([s_words] if s_split else []) + ([M_WORDS[band]] if band else [])
            condition_when: dict[str, object] = {**(when[s_value] if s_split else {}),
                                                 **({"sins_band": band} if band else {})}
            rules = tuple(dict.fromkeys(r for c in members for r in c.rules))
            sources = tuple(dict.fromkeys(src for c in members for src in c.sources))
            branches.append(Branch(
                condition=" and ".join(conditions), statement=statement, when=condition_when,
                reasons=(Reason(f"NOMS table: {statement[:-1]}.", {"treatment": treatment}, "; ".join(rules),
                                sources[0]),),
                citations=sources, evidence_status=weakest(*(c.status for c in members))))
    status_of = weakest(*(c.status for c in used))
    irrelevant = [a.name for a in axes[:2] if len(a.values) > 1]
    if irrelevant:
        reasons = [*reasons, Reason(f"Not yet known but not changing the answer: {', '.join(irrelevant)}.",
                                    {"irrelevant_unknowns": irrelevant})]
    cited = tuple(dict.fromkeys(src for c in used for src in c.sources))
    treatments = [b.reasons[0].facts["treatment"] for b in branches]
    settled_kind = not m_split and len(axes[2].values) > 1
    if settled_kind:
        reasons = [*reasons, Reason(
            f"Every stability band still possible ({axes[2].reading}) leads to the same kind of treatment: stability "
            "only adds stabilisation (or bracing), so it does not change the choice; it is settled for this decision.", {"bands": list(axes[2].values)},
            "SINS 0-6 stable, 7-12 potentially unstable (surgical opinion), 13-18 unstable (Fisher 2010)",
            "fisher2010")]
    if len(branches) == 1:
        branch = branches[0]
        return answer(NOMS, DECIDED, branch.statement, [*reasons, *branch.reasons], citations=cited,
                      evidence_status=status_of, options=options, cautions=cautions,
                      missing=axes[2].missing if settled_kind else (),
                      data={**data, "treatment": treatments[0], "possible_treatments":
                            sorted({c.treatment for c in used}),
                            "rules": list(dict.fromkeys(r for c in used for r in c.rules))})
    offers = survival_offers(inp, MIN_SURVIVAL_MONTHS) if s_split else ()
    if s_split:
        reasons, cautions = _with_survival_offers(inp, offers, reasons, cautions)
    *head, last = branches
    statement = ("NOMS depends on " + " and on ".join(branch_on) + ": "
                 + "; ".join(f"if {b.condition}: {b.statement[:-1]}" for b in head)
                 + (f"; otherwise: {last.statement}" if s_split and not m_split else
                    f"; if {last.condition}: {last.statement}"))
    missing = (*(axes[3].missing if s_split else ()), *(axes[2].missing if len(axes[2].values) > 1 else ()))
    return answer(NOMS, BRANCHED, statement, reasons, options=options, cautions=cautions, citations=cited,
                  evidence_status=status_of, missing=missing, branches=branches, branch_on=branch_on,
                  survival_offers=offers,
                  data={**data, "possible_treatments": list(dict.fromkeys(treatments)),
                        "branch_on": branch_on[0] if len(branch_on) == 1 else branch_on})


#: The ESCC groups in words (Bilsky 2010: 0-1b low grade, 1c cord abutted, 2-3 cord compressed).
N_WORDS = {"low": "ESCC 0-1b (low grade)", "grey": "ESCC 1c (cord abutted, not compressed: grey zone)",
           "high": "ESCC 2-3 (high grade: cord compressed)"}


def _n_branches(inp: RuleInput, axes: tuple[Axis, Axis, Axis, Axis], cells: dict[tuple[str, ...], Cell],
                reasons: list[Reason], options: list[str], cautions: list[str],
                data: dict[str, list[str]]) -> Recommendation | None:
    """The record bounds the ESCC grade without fixing its group (e.g. "no cord compression": ESCC 0-1c, low or
    grey zone; Bilsky 2010) and only N, M and S change the treatment: one set of branches per ESCC group still
    possible, each read from the NOMS table as :func:`_branches` reads it, with the ESCC grade named as the fact
    that picks the branch (an imaging grade that the recorded statement has already narrowed)."""
    per_group: list[tuple[str, Recommendation]] = []
    for n in axes[0].values:
        sub_axes = (Axis("N", (n,), axes[0].reading, (), axes[0].citation), *axes[1:])
        sub_cells = {combo: cell for combo, cell in cells.items() if combo[0] == n}
        _cells, deciding = evaluate_axes(sub_axes)
        if not {a.name for a in deciding} <= {"M", "S"}:
            return None
        if len({c.treatment for c in sub_cells.values()}) == 1:
            cell = next(iter(sub_cells.values()))
            sub = answer(NOMS, DECIDED, cell.label + ".", [Reason(f"NOMS table: {cell.label}.", {
                "treatment": cell.treatment}, "; ".join(cell.rules), cell.sources[0])], citations=cell.sources,
                evidence_status=cell.status, data={"treatment": cell.treatment})
        else:
            found = _branches(inp, sub_axes, sub_cells, [], [], [], {})
            if found is None:
                return None
            sub = found
        per_group.append((n, sub))
    grade = ("the ESCC grade at the worst level (axial T2 MRI): " + axes[0].reading + " -- "
             + " or ".join(N_WORDS[n] for n in axes[0].values))
    branches: list[Branch] = []
    for n, sub in per_group:
        if sub.status is BRANCHED:
            for b in sub.branches:
                # "not fit for surgery, or expected survival < 3 months" is one alternative: bracketed after "and".
                then = f"({b.condition})" if ", or " in b.condition and not b.condition.startswith("(") else b.condition
                branches.append(Branch(condition=f"{N_WORDS[n]} and {then}", statement=b.statement,
                                       when={"escc_group": n, **b.when}, reasons=b.reasons, citations=b.citations,
                                       evidence_status=b.evidence_status))
        else:
            branches.append(Branch(condition=N_WORDS[n], statement=sub.statement, when={"escc_group": n},
                                   reasons=sub.reasons[-1:], citations=sub.citations,
                                   evidence_status=sub.evidence_status))
    branch_on = [grade, *dict.fromkeys(f for _n, sub in per_group for f in sub.branch_on)]
    offers = next((sub.survival_offers for _n, sub in per_group if sub.survival_offers), ())
    if offers:
        reasons, cautions = _with_survival_offers(inp, offers, reasons, cautions)
    statement = ("NOMS depends on " + " and on ".join(branch_on) + ": "
                 + "; ".join(f"if {b.condition}: {b.statement[:-1]}" for b in branches) + ".")
    missing = (*axes[0].missing, *dict.fromkeys(m for _n, sub in per_group for m in sub.missing))
    treatments = [str(b.reasons[0].facts.get("treatment")) for b in branches if b.reasons]
    return answer(NOMS, BRANCHED, statement, reasons, options=options, cautions=cautions,
                  citations=tuple(dict.fromkeys(c for b in branches for c in b.citations)),
                  evidence_status=weakest(*(b.evidence_status for b in branches)), missing=missing,
                  branches=branches, branch_on=branch_on, survival_offers=offers,
                  data={**data, "possible_treatments": list(dict.fromkeys(treatments)), "branch_on": branch_on})


def _cement_option(inp: RuleInput, axes: tuple[Axis, ...]) -> list[str]:
    """R-NOMS-7: vertebral augmentation for fracture or mechanical pain without instability or high ESCC."""
    s = inp.snapshot
    level = inp.fact(index_level)
    finding = s.finding(level) if level is not None else None
    mechanical = s.pain is not None and s.pain.value.character is not None and s.pain.value.character.value == "mechanical"
    fracture = bool(finding and finding.pathological_fracture)
    if not (mechanical or fracture):
        return []
    if axes[0].values != ("low",) or "unstable" in axes[2].values:
        return []
    if finding is None or finding.retropulsion is not False:
        return ["Vertebral augmentation (vertebroplasty/kyphoplasty) + RT may suit the mechanical pain once "
                "retropulsion is excluded (R-NOMS-7; CAFE trial)."]
    return ["Vertebral augmentation (vertebroplasty/kyphoplasty) + RT for the mechanical/fracture pain "
            "(R-NOMS-7; CAFE trial)."]


NOMS = RuleSpec(
    key="noms",
    decision_point="D4-D8",
    title="NOMS: choose the treatment",
    summary="ESCC group, radiosensitivity, SINS and fitness/survival -> cEBRT, SBRT, separation surgery + SBRT, "
            "stabilisation + RT, cement, palliative RT or supportive care.",
    inputs=("escc result (or cord compression)", "radiosensitivity result", "sins result",
            "fitness for surgery", "expected survival (months)", "myelopathy", "pain character, fracture, "
            "retropulsion"),
    outputs=("treatment (one table cell) or the treatments still possible and the facts that decide",),
    sources=("laufer2013", "newman_2020_noms", "bilsky2010", "fisher2010", "patchell2005",
             "laufer_2013_separation", "berenson_2011_cafe"),
    pathway_rules=("R-N-1", "R-O-1", "R-O-2", "R-O-3", "R-M-1", "R-M-2", "R-S-1", "R-NOMS-1", "R-NOMS-2",
                   "R-NOMS-3", "R-NOMS-4", "R-NOMS-5", "R-NOMS-6", "R-NOMS-7"),
    evidence_status=EvidenceStatus.VERIFIED,
    evaluate=_noms,
    applies_to=VERTEBRAL_OR_EPIDURAL,
)
