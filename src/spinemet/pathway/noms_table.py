"""The NOMS decision table (Laufer 2013), declared as data.

Each row reads: neurological group (ESCC: low 0-1b, grey 1c, high 2-3), oncological group
(radiosensitivity to conventional RT: sensitive, intermediate, resistant), mechanical group
(SINS: stable 0-6, unstable 13-18; 7-12 "indeterminate" is resolved by a surgical opinion and
handled in :func:`lookup`), systemic group (fit = medically fit for surgery *and* expected
survival >= 3 months, Patchell 2005; otherwise unfit). ``*`` matches any value. The first
matching row wins. Rows marked ``derived`` extend the published table (the grey zone 1c and
the "intermediate" radiosensitivity of well-differentiated NETs, rule R-O-3); rows marked
``unverified`` rest on a cell the source tag calls [m].
"""

from __future__ import annotations

from functools import cache
from itertools import product

from spinemet.evidence import EvidenceStatus
from spinemet.frozen import dataclass

V = EvidenceStatus.VERIFIED
D = EvidenceStatus.DERIVED
M = EvidenceStatus.UNVERIFIED

N_GROUPS = ("low", "grey", "high")
O_GROUPS = ("sensitive", "intermediate", "resistant")
M_GROUPS = ("stable", "indeterminate", "unstable")
S_GROUPS = ("fit", "unfit")

TREATMENTS: dict[str, str] = {
    "cebrt": "Conventional external-beam radiotherapy (cEBRT)",
    "sbrt": "Stereotactic radiosurgery / SBRT",
    "cebrt_or_sbrt": "cEBRT for palliation, or SBRT when durable local control is the goal (MDT)",
    "separation_sbrt": "Separation surgery, then SBRT",
    "separation_stabilisation_sbrt": "Separation surgery with stabilisation, then SBRT",
    "stabilisation_cebrt": "Stabilisation (open or percutaneous; cement if fracture pain without gross "
                           "instability), then cEBRT",
    "stabilisation_sbrt": "Stabilisation (open or percutaneous), then SBRT",
    "stabilisation_rt_mdt": "Stabilisation, then cEBRT or SBRT (MDT)",
    "stabilisation_separation_mdt_sbrt": "Stabilisation (with separation surgery if the MDT judges it needed), "
                                         "then SBRT",
    "palliative_cebrt": "Palliative cEBRT (stabilisation only if tolerable)",
    "rt_bracing_bsc": "Radiotherapy with bracing, or cement/percutaneous stabilisation if tolerable; best "
                      "supportive care",
    "grey_zone_mdt": "MDT (ESCC 1c): SRS if cord constraints can be met, otherwise separation surgery then SBRT",
    "grey_zone_unfit": "MDT (ESCC 1c): SRS if cord constraints can be met, otherwise palliative cEBRT",
}


@dataclass(frozen=True)
class Row:
    n: tuple[str, ...]
    o: tuple[str, ...]
    m: tuple[str, ...]
    s: tuple[str, ...]
    treatment: str
    rule: str
    status: EvidenceStatus
    sources: tuple[str, ...]

    def matches(self, n: str, o: str, m: str, s: str) -> bool:
        return all(value in allowed for value, allowed in ((n, self.n), (o, self.o), (m, self.m), (s, self.s)))


ANY_N, ANY_O, ANY_S = N_GROUPS, O_GROUPS, S_GROUPS
STABLE, UNSTABLE = ("stable",), ("unstable",)
FIT, UNFIT = ("fit",), ("unfit",)
NOMS = ("laufer2013",)

ROWS: tuple[Row, ...] = (
    Row(ANY_N, ANY_O, UNSTABLE, UNFIT, "rt_bracing_bsc", "NOMS table (unstable, not fit); R-S-1", V,
        ("laufer2013", "patchell2005")),
    Row(("low",), ("sensitive",), STABLE, ANY_S, "cebrt", "R-NOMS-1", V, NOMS),
    Row(("low",), ("resistant",), STABLE, ANY_S, "sbrt", "R-NOMS-2", V, NOMS),
    Row(("low",), ("intermediate",), STABLE, ANY_S, "cebrt_or_sbrt", "R-O-3 (derived)", D, ("laufer2013", "net_rt_2019")),
    Row(("high",), ("sensitive",), STABLE, ANY_S, "cebrt", "R-NOMS-3", V, ("laufer2013", "lesperance_2012_cepo")),
    Row(("high",), ("resistant",), STABLE, FIT, "separation_sbrt", "R-NOMS-4", V, ("laufer2013", "laufer_2013_separation")),
    Row(("high",), ("resistant",), UNSTABLE, FIT, "separation_stabilisation_sbrt", "R-NOMS-4/R-NOMS-6", V,
        ("laufer2013", "laufer_2013_separation")),
    Row(("high",), ("intermediate",), STABLE, FIT, "separation_sbrt", "R-NOMS-4 extended to intermediate (derived)", D,
        ("laufer2013", "laufer_2013_separation", "net_rt_2019")),
    Row(("high",), ("intermediate",), UNSTABLE, FIT, "separation_stabilisation_sbrt",
        "R-NOMS-4/6 extended to intermediate (derived)", D, ("laufer2013", "laufer_2013_separation", "net_rt_2019")),
    Row(("high",), ("resistant",), STABLE, UNFIT, "palliative_cebrt", "R-NOMS-5", M, NOMS),
    Row(("high",), ("intermediate",), STABLE, UNFIT, "palliative_cebrt", "R-NOMS-5 extended (derived, unverified)", M,
        ("laufer2013", "net_rt_2019")),
    Row(("low", "high"), ("sensitive",), UNSTABLE, FIT, "stabilisation_cebrt", "R-NOMS-6", V, NOMS),
    Row(("low",), ("resistant",), UNSTABLE, FIT, "stabilisation_sbrt", "R-NOMS-6", V, NOMS),
    Row(("low",), ("intermediate",), UNSTABLE, FIT, "stabilisation_rt_mdt", "R-NOMS-6 with R-O-3 (derived)", D,
        ("laufer2013", "net_rt_2019")),
    Row(("grey",), ("sensitive",), STABLE, ANY_S, "cebrt", "grey zone; low and high both give cEBRT (derived)", D, NOMS),
    Row(("grey",), ("sensitive",), UNSTABLE, FIT, "stabilisation_cebrt", "grey zone with R-NOMS-6 (derived)", D, NOMS),
    Row(("grey",), ("resistant", "intermediate"), STABLE, FIT, "grey_zone_mdt", "R-N-1 grey zone (derived)", D,
        ("laufer2013", "bilsky2010")),
    Row(("grey",), ("resistant", "intermediate"), STABLE, UNFIT, "grey_zone_unfit", "R-N-1 grey zone (derived)", D,
        ("laufer2013", "bilsky2010")),
    Row(("grey",), ("resistant", "intermediate"), UNSTABLE, FIT, "stabilisation_separation_mdt_sbrt",
        "R-N-1 grey zone with R-NOMS-6 (derived)", D, ("laufer2013", "bilsky2010")),
)


@dataclass(frozen=True)
class Cell:
    """The table's answer for one (N, O, M, S) combination."""

    treatment: str
    label: str
    rules: tuple[str, ...]
    status: EvidenceStatus
    sources: tuple[str, ...]


_ORDER = {V: 0, EvidenceStatus.SECONDARY: 1, D: 2, M: 3}


def _row(n: str, o: str, m: str, s: str) -> Row:
    for row in ROWS:
        if row.matches(n, o, m, s):
            return row
    raise LookupError(f"NOMS table has no row for N={n}, O={o}, M={m}, S={s}")


@cache
def lookup(n: str, o: str, m: str, s: str) -> Cell:
    """The cell for one combination; SINS 7-12 asks for a surgical opinion, then either branch.

    The table is fixed and a cell immutable, so each of the (at most 81) combinations is worked
    out once: the plan asks for every combination still possible, some 50 per assessment."""
    if m != "indeterminate":
        row = _row(n, o, m, s)
        return Cell(row.treatment, TREATMENTS[row.treatment], (row.rule,), row.status, row.sources)
    stable, unstable = _row(n, o, "stable", s), _row(n, o, "unstable", s)
    if stable.treatment == unstable.treatment:
        key, label = stable.treatment, TREATMENTS[stable.treatment]
    else:
        key = f"surgical_opinion:{stable.treatment}|{unstable.treatment}"
        label = (f"Spinal surgical opinion before radiotherapy (SINS 7-12). If judged stable: "
                 f"{TREATMENTS[stable.treatment]}. If judged unstable: {TREATMENTS[unstable.treatment]}")
    status = max((stable.status, unstable.status), key=lambda st: _ORDER[st])
    return Cell(key, label, ("R-M-2", stable.rule, unstable.rule), status,
                tuple(dict.fromkeys(("fisher2010", *stable.sources, *unstable.sources))))


def all_cells() -> dict[tuple[str, str, str, str], Cell]:
    """Every combination of the four groups and its cell (the exhaustive table)."""
    return {(n, o, m, s): lookup(n, o, m, s) for n, o, m, s in product(N_GROUPS, O_GROUPS, M_GROUPS, S_GROUPS)}


#: Treatments that differ only by the stabilisation NOMS adds for an unstable spine (R-NOMS-6): one
#: "kind" of treatment whatever the stability band. When every band the SINS range still allows leads
#: to the same kind, stability does not change the choice of treatment, only whether stabilisation is
#: added, and the statement says on which band (SINS 13-18, or 7-12 judged unstable on a spinal
#: surgical opinion, R-M-2). Grouping is derived from the table rows above (same radiation and
#: surgery, stabilisation added when unstable).
_UNSTABLE_WORDS = "SINS 13-18, or 7-12 judged unstable on a spinal surgical opinion (R-M-2)"
KINDS: dict[str, tuple[tuple[str, ...], str]] = {
    "cebrt_stabilise_if_unstable": (
        ("cebrt", "stabilisation_cebrt"),
        "cEBRT; stabilisation first (open or percutaneous; cement if fracture pain without gross instability) "
        f"if the spine is unstable ({_UNSTABLE_WORDS}; R-NOMS-6)"),
    "sbrt_stabilise_if_unstable": (
        ("sbrt", "stabilisation_sbrt"),
        f"SBRT; stabilisation first (open or percutaneous) if the spine is unstable ({_UNSTABLE_WORDS}; R-NOMS-6)"),
    "cebrt_or_sbrt_stabilise_if_unstable": (
        ("cebrt_or_sbrt", "stabilisation_rt_mdt"),
        "cEBRT for palliation, or SBRT when durable local control is the goal (MDT); stabilisation first if the "
        f"spine is unstable ({_UNSTABLE_WORDS}; R-NOMS-6)"),
    "separation_sbrt_stabilise_if_unstable": (
        ("separation_sbrt", "separation_stabilisation_sbrt"),
        f"Separation surgery, then SBRT; with stabilisation if the spine is unstable ({_UNSTABLE_WORDS}; R-NOMS-6)"),
    "grey_zone_stabilise_if_unstable": (
        ("grey_zone_mdt", "stabilisation_separation_mdt_sbrt"),
        "MDT (ESCC 1c): SRS if cord constraints can be met, otherwise separation surgery then SBRT; stabilisation "
        f"if the spine is unstable ({_UNSTABLE_WORDS}; R-NOMS-6)"),
    "palliative_rt_brace_if_unstable": (
        ("palliative_cebrt", "rt_bracing_bsc"),
        "Palliative cEBRT; if the spine is unstable, bracing, or cement/percutaneous stabilisation if tolerable; "
        "best supportive care"),
    # Not fit for surgery: radiotherapy whatever the band; an unstable spine adds bracing or, if tolerable,
    # cement/percutaneous stabilisation (the table's "unstable, not fit" row), never open surgery.
    "cebrt_brace_if_unstable": (
        ("cebrt", "rt_bracing_bsc"),
        "cEBRT; if the spine is unstable, bracing, or cement/percutaneous stabilisation if tolerable; best "
        "supportive care"),
    "sbrt_brace_if_unstable": (
        ("sbrt", "rt_bracing_bsc"),
        "SBRT; if the spine is unstable, radiotherapy with bracing, or cement/percutaneous stabilisation if "
        "tolerable; best supportive care"),
    "cebrt_or_sbrt_brace_if_unstable": (
        ("cebrt_or_sbrt", "rt_bracing_bsc"),
        "cEBRT for palliation, or SBRT when durable local control is the goal (MDT); if the spine is unstable, "
        "bracing, or cement/percutaneous stabilisation if tolerable; best supportive care"),
}
def _base(treatment: str) -> tuple[str, ...]:
    """A cell's treatments: one, or the two a SINS 7-12 cell ("surgical_opinion:A|B") weighs."""
    if treatment.startswith("surgical_opinion:"):
        return tuple(treatment.split(":", 1)[1].split("|"))
    return (treatment,)


def common_kind(treatments: set[str] | frozenset[str]) -> str | None:
    """The one kind that holds every treatment of the stability bands still possible (None if none does)."""
    wanted = {t for treatment in treatments for t in _base(treatment)}
    for kind, (members, _label) in KINDS.items():
        if wanted <= set(members):
            return kind
    return None
