"""A case snapshot as the instruments read it, and the readers several instruments share.

Each instrument's declaration module holds its own reader (snapshot -> answers with their
provenance, e.g. "derived from level T6"); :mod:`spinemet.instruments.scoring` runs them.
What more than one instrument reads from a snapshot lives here once: the performance status
(measured, or converted between KPS and ECOG with a named table), the visceral and bone
metastasis facts, the index level, the walking status and the "solitary" bone metastasis. A
:class:`Reading` computes each of these once per snapshot and every reader shares it.

**The primary site may be uncertain.** A lung neuro-endocrine neoplasm of unreported WHO type
(the SpineMet story case) may be a carcinoid or a neuroendocrine carcinoma, and the instruments
treat those very differently (revised Tokuhashi 5 vs 0 points). A reading then carries every
candidate site, and a reader derives each site-dependent item through
:meth:`Reading.over_sites`: once per candidate site, merged so that an item on which the sites
disagree stays open (its candidates), naming why. Nothing is guessed. Items that do not depend on
the site are read once.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from functools import cached_property
from typing import TYPE_CHECKING, TypeVar

from spinemet.anatomy import Level, Span
from spinemet.case.events.findings import compartments_of, compressed_structures
from spinemet.case.vocab_disease import Compartment, CompressionCause, SpinalRegion
from spinemet.instruments.constraints import Interval, Options
from spinemet.instruments.conversions import TABLE_CITATION, ecog_to_kps, kps_to_ecog
from spinemet.instruments.engine import Given
from spinemet.instruments.model import Decision
from spinemet.instruments.sites import LUNG_NEN_REASON, LUNG_NEN_SITES, SiteTable, merge_candidate_sites

if TYPE_CHECKING:  # pragma: no cover
    from enum import Enum

    from spinemet.case.events import DiseaseBurden, LevelFinding, NeuroExam
    from spinemet.case.snapshot import Dated, Snapshot

Answers = dict[str, Given]
"""An instrument's answers read from a case: item key -> answer with its provenance."""

Reader = Callable[["Reading"], Answers]
"""How an instrument reads a case (declared beside the instrument)."""

T = TypeVar("T")

PERCENT = Interval(0, 100, unit="%")
COUNT = Interval(0, None, integer=True)
VERTEBRAE = Interval(1, None, integer=True)
DAYS = Interval(0, None, unit="days")

SOLITARY_COUNT = Decision(
    "solitary_means_one_bone_metastasis",
    "'Solitary' means exactly one bone metastasis in total, the spinal lesion included (extraspinal foci + "
    "involved vertebrae = 1); Tomita's 'isolated' (confined to one region) needs clinician input.",
    ("tomita2001", "bauer1995"),
)

#: A lung neuro-endocrine neoplasm whose WHO type was reported maps to its site key.
LUNG_NEN_SITE = {
    "typical_carcinoid": "lung_carcinoid",
    "atypical_carcinoid": "lung_carcinoid",
    "lcnec": "lung_lcnec",
    "sclc": "lung_sclc",
}
def lung_nen_sites(s: Snapshot) -> tuple[str, ...]:
    """The primary-site keys a lung neuro-endocrine neoplasm recorded as ``lung_other`` may stand for.

    A case report often says only 'lung neuro-endocrine tumour' (the SpineMet story case): rather
    than guess, every site-dependent item is read for each WHO type still possible. Returns ``()``
    when the site is not an unspecified lung neuro-endocrine neoplasm.
    """
    if s.primary.site.value != "lung_other" or s.net is None:
        return ()
    if s.net.classification is not None and s.net.classification.value in LUNG_NEN_SITE:
        return (LUNG_NEN_SITE[s.net.classification.value],)
    return LUNG_NEN_SITES


def candidate_sites(s: Snapshot) -> tuple[str, ...]:
    """The candidate primary sites a source lists for an uncertain primary ("primary unknown, likely
    renal"), in the order given; ``()`` when none are listed."""
    if not s.primary.candidates:
        return ()
    return tuple(site.value for site in s.primary.possible_sites)


def _conversion_decision(table: str) -> Decision:
    return Decision(f"performance_status_converted_{table}",
                    f"A performance status was converted between KPS and ECOG with the {table} table.",
                    (TABLE_CITATION[table],))


PerformanceStatus = tuple[tuple[int, ...], str, tuple[Decision, ...]]
"""The values still possible, a phrase saying where they came from, and the decisions used."""


class Reading:
    """One snapshot read by every instrument: shared facts computed once, candidate sites.

    ``sites`` are the primary-site keys the case may have (one, unless the site is uncertain);
    a reader reads the site only through :meth:`over_sites` (or :attr:`site` when it is pinned).
    """

    def __init__(self, snapshot: Snapshot, conversion_table: str = "conventional",
                 sites: tuple[str, ...] | None = None, _shared: dict[object, object] | None = None) -> None:
        self.snapshot = snapshot
        self.conversion_table = conversion_table
        self.sites: tuple[str, ...] = sites or lung_nen_sites(snapshot) or candidate_sites(snapshot) or (
            snapshot.primary.site.value,)
        self._shared: dict[object, object] = {} if _shared is None else _shared
        self._own: dict[object, object] = {}
        self._pinned: dict[str, Reading] = {}
        self._pinned_from_many = sites is not None and _shared is not None
        self._lung_nen_unreported = len(self.sites) > 1 and lung_nen_sites(snapshot) == self.sites

    # ------------------------------------------------------------------ the primary site
    @property
    def site(self) -> str:
        """The primary site of a reading pinned to one site (see :meth:`over_sites`)."""
        if len(self.sites) != 1:
            raise RuntimeError("the primary site is uncertain here: read it through Reading.over_sites")
        return self.sites[0]

    @property
    def lung_nen_of_unreported_type(self) -> bool:
        """The sites are the WHO types an unspecified lung neuro-endocrine neoplasm may be."""
        return self._lung_nen_unreported

    @cached_property
    def uncertain_site_reason(self) -> str:
        """Why site-dependent items are open when several sites remain possible (worded once)."""
        if self.lung_nen_of_unreported_type:
            return LUNG_NEN_REASON
        stated = ", ".join(f"{c.site.value} ({c.certainty.value})" for c in self.snapshot.primary.candidates or ())
        return f"primary site uncertain: {stated}"

    def at_site(self, site: str) -> Reading:
        """This reading pinned to one candidate site (shared facts stay shared)."""
        pinned = self._pinned.get(site)
        if pinned is None:
            pinned = self._pinned[site] = Reading(self.snapshot, self.conversion_table, (site,), self._shared)
        return pinned

    def over_sites(self, read: Callable[[Reading], Given | None]) -> Given | None:
        """``read`` the item at each candidate site and merge the answers.

        Agreeing settled answers stay settled (with the first site's source); otherwise the
        answers still possible become the candidates, sourced by :attr:`uncertain_site_reason`.
        ``None`` means the item is not read at any site.
        """
        if len(self.sites) == 1:
            return self._as_stated(read(self))
        return merge_candidate_sites([read(self.at_site(site)) for site in self.sites], self.uncertain_site_reason)

    def by_site(self, read: Callable[[str], Given | None], states_decisions: bool = True) -> Given | None:
        """:meth:`over_sites` for an item read from the primary-site key alone: the same answers,
        without pinning a reading to each site (a site table is read by :meth:`from_table`).

        A ``read`` that never states decisions (``states_decisions=False``) is read site by site only
        until one leaves the item unknown: the merge is then unknown, with no decisions, whatever the
        other sites give (:func:`~spinemet.instruments.sites.merge_candidate_sites`).
        """
        sites = self.sites
        if len(sites) == 1:
            return self._as_stated(read(sites[0]))
        if states_decisions:
            return merge_candidate_sites(list(map(read, sites)), self.uncertain_site_reason)
        per_site = []
        for site in sites:
            given = read(site)
            if given is not None and given.answer is None and not given.candidates:
                return Given(None, self.uncertain_site_reason)
            per_site.append(given)
        return merge_candidate_sites(per_site, self.uncertain_site_reason)

    def from_table(self, table: SiteTable) -> Given | None:
        """:meth:`by_site` for a site table (:func:`spinemet.instruments.sites.site_table`): the answer
        at the one site, else the answers at the candidate sites merged; for a lung neuro-endocrine
        neoplasm of unreported type the merge was done when the table was built (``table.lung_nen``)."""
        sites = self.sites
        if len(sites) == 1:
            return self._as_stated(table[sites[0]])
        if self._lung_nen_unreported:
            return table.lung_nen
        return merge_candidate_sites([table[site] for site in sites], self.uncertain_site_reason)

    def _as_stated(self, given: Given | None) -> Given | None:
        """An answer read at the one site: a site stated as probable ("probably lung") is scored as
        stated, and the source says so (not when pinned from several sites: the merge words it)."""
        if given is None or self._pinned_from_many:
            return given
        certainty = self.snapshot.primary.site_certainty
        if certainty is None or certainty.value == "confirmed":
            return given
        return Given(given.answer, f"{given.source} (site stated as {certainty.value})", given.decisions,
                     given.candidates)

    # ------------------------------------------------------------------ shared facts
    def cached(self, key: object, compute: Callable[[], T]) -> T:
        """``compute()`` once per snapshot (per site when ``key`` names the site)."""
        if key in self._shared:
            return self._shared[key]  # type: ignore[return-value]
        value = compute()
        self._shared[key] = value
        return value

    def once(self, key: object, compute: Callable[[], T]) -> T:
        """``compute()`` once per reading, for answers that depend on the reading's candidate sites (a
        reading pinned to one site has its own); :meth:`cached` is for facts of the snapshot alone."""
        if key in self._own:
            return self._own[key]  # type: ignore[return-value]
        value = compute()
        self._own[key] = value
        return value

    def kps(self) -> PerformanceStatus | None:
        """KPS as measured, else converted from ECOG with the reading's table (flagged)."""
        return self.cached("kps", self._kps)

    def _kps(self) -> PerformanceStatus | None:
        s, table = self.snapshot, self.conversion_table
        if s.kps is not None:
            return (s.kps.value,), f"KPS {s.kps.value} (day {s.kps.day})", ()
        if s.ecog is not None:
            conv = ecog_to_kps(s.ecog.value, table)
            return conv.values, conv.describe(), (_conversion_decision(table),)
        return None

    def ecog(self) -> PerformanceStatus | None:
        """ECOG as measured, else converted from KPS with the reading's table (flagged)."""
        return self.cached("ecog", self._ecog)

    def _ecog(self) -> PerformanceStatus | None:
        s, table = self.snapshot, self.conversion_table
        if s.ecog is not None:
            return (s.ecog.value,), f"ECOG {s.ecog.value} (day {s.ecog.day})", ()
        if s.kps is not None:
            conv = kps_to_ecog(s.kps.value, table)
            return conv.values, conv.describe(), (_conversion_decision(table),)
        return None

    @property
    def burden(self) -> DiseaseBurden | None:
        return self.snapshot.burden.value if self.snapshot.burden else None

    def visceral(self, brain: bool) -> bool | None:
        """Visceral (and, with ``brain``, brain) metastases present: True, False or None (unknown).
        A visceral count stated in words ("multiple", "none") says present or absent."""
        return self.cached(("visceral", brain),
                           lambda: _visceral(self.burden, brain, self.snapshot.count_range("visceral")))

    def bone_counts(self) -> tuple[int, int] | None:
        """(extraspinal bone foci, involved vertebrae) when both were counted."""
        b = self.burden
        if b is None or b.extraspinal_bone_mets is None or b.vertebral_mets is None:
            return None
        return b.extraspinal_bone_mets, b.vertebral_mets

    def count_range(self, kind: str) -> tuple[int, int | None] | None:
        """The count of ``kind`` (extraspinal_bone, vertebral, bone, visceral) the record allows."""
        return self.snapshot.count_range(kind)

    def bone_total_range(self) -> tuple[int, int | None] | None:
        """The total bone-metastasis count when some part is stated only in words (``None`` when both
        parts were counted, see :meth:`bone_counts`, or when too little is stated)."""
        if self.bone_counts() is not None:
            return None
        extraspinal, vertebral = self.count_range("extraspinal_bone"), self.count_range("vertebral")
        if extraspinal is not None and vertebral is not None:
            high = None if extraspinal[1] is None or vertebral[1] is None else extraspinal[1] + vertebral[1]
            return extraspinal[0] + vertebral[0], high
        return self.count_range("bone")

    def index_finding(self) -> tuple[Level, LevelFinding, int] | None:
        """(level, finding, day) at the snapshot's index level (worst ESCC, else the first level)."""
        return self.cached("index_finding", self._index_finding)

    def _index_finding(self) -> tuple[Level, LevelFinding, int] | None:
        # The snapshot's index level, unless its lesion lies only inside the dura and another level
        # has a vertebral or epidural lesion: the spinal instruments read that one.
        s = self.snapshot
        lvl = s.index_level
        if lvl is None:
            return None
        if not _bone_or_epidural(s.findings[lvl].value):
            lvl = next((other for other in s.levels if _bone_or_epidural(s.findings[other].value)), lvl)
        dated = s.findings[lvl]
        return lvl, dated.value, dated.day

    def index_span_finding(self) -> tuple[Span, LevelFinding, int] | None:
        """(span, finding, day) of a vertebral or epidural lesion known only by a span, when no
        finding names one level: the span of worst stated compression (ESCC, else cord
        compression), else the first. SINS and ESCC read it with the level unknown among the span's
        levels (an open range), never as 'not applicable'."""
        return self.cached("index_span_finding", self._index_span_finding)

    def _index_span_finding(self) -> tuple[Span, LevelFinding, int] | None:
        s = self.snapshot
        if s.levels:
            return None
        spans = [d for d in s.extent_findings if d.value.span is not None and _bone_or_epidural(d.value)]
        if not spans:
            return None

        best = max(spans, key=_compression_rank)  # max keeps the first of equals
        assert best.value.span is not None
        return best.value.span, best.value, best.day

    def index_region_finding(self) -> tuple[SpinalRegion, LevelFinding, int] | None:
        """(region, finding, day) of a vertebral or epidural lesion known only by a region ("thoracic
        pathological fracture"), when no finding names a level or a span: the region of worst stated
        compression, else the first. Diffuse disease is not one lesion and is never read here. SINS
        reads it with the level unknown among the region's levels (:mod:`spinemet.case.regions`)."""
        return self.cached("index_region_finding", self._index_region_finding)

    def _index_region_finding(self) -> tuple[SpinalRegion, LevelFinding, int] | None:
        s = self.snapshot
        if s.levels or self.index_span_finding() is not None:
            return None
        regions = [d for d in s.extent_findings
                   if d.value.region is not None and not d.value.diffuse and _bone_or_epidural(d.value)]
        if not regions:
            return None

        best = max(regions, key=_compression_rank)  # max keeps the first of equals
        assert best.value.region is not None
        return best.value.region, best.value, best.day


def _compression_rank(d: Dated[LevelFinding]) -> int:
    """How much a finding states the cord is compressed: its ESCC rank, 4 for 'cord compressed by
    tumour' without a grade, else -1 (for choosing the worst of several findings)."""
    f = d.value
    if f.escc is not None:
        return f.escc.rank
    return 4 if f.cord_compression and f.compression_cause in (None, CompressionCause.TUMOUR) else -1


# ---------------------------------------------------------------------- where instruments apply
#: Compartments of the spinal column and the epidural space (where SINS, ESCC and the prognostic
#: scores were derived), and those inside the dura (a different disease for them).
BONE_OR_EPIDURAL = frozenset({Compartment.VERTEBRAL_BODY, Compartment.POSTERIOR_ELEMENTS, Compartment.EPIDURAL})
INSIDE_DURA = frozenset({Compartment.INTRADURAL_EXTRAMEDULLARY, Compartment.INTRAMEDULLARY,
                         Compartment.LEPTOMENINGEAL})
#: Primary tumours of the central nervous system: their spinal disease is not a metastasis of a
#: systemic cancer.
PRIMARY_CNS = frozenset({"ependymoma", "glioma", "meningioma"})


def _bone_or_epidural(f: LevelFinding) -> bool:
    """The finding is (or may be) vertebral or epidural: stated so, or its compartment not stated."""
    compartments = compartments_of(f)
    return not compartments or bool(compartments & BONE_OR_EPIDURAL)


def _inside_dura_only(f: LevelFinding) -> bool:
    compartments = compartments_of(f)
    return bool(compartments) and compartments <= INSIDE_DURA


def _words(f: LevelFinding) -> str:
    return " and ".join(sorted(c.value.replace("_", " ") for c in compartments_of(f))) + " metastasis"


def outside_lesion_at_level(r: Reading, name: str, by_region: bool = False) -> str | None:
    """Why an instrument of one spinal lesion at a level (SINS, ESCC) does not apply, or ``None``.

    It applies when some finding at a level is vertebral or epidural (or its compartment was not
    stated), or, with no finding at one level, when a vertebral or epidural finding names a span
    (the level is then unknown among the span's levels: an open range), or, for an instrument that
    reads a region (``by_region``: SINS), names a region without diffuse disease. It does not when every
    finding lies inside the dura (named with its place), or when no vertebral or epidural finding
    names a level or a span (a region, diffuse disease).
    """
    s = r.snapshot
    at_levels = [(lvl, s.findings[lvl].value) for lvl in s.levels]
    if any(_bone_or_epidural(f) for _, f in at_levels):
        return None
    if r.index_span_finding() is not None:
        return None
    if by_region and r.index_region_finding() is not None:
        return None
    findings = [(str(lvl), f) for lvl, f in at_levels] + [(d.value.place, d.value) for d in s.extent_findings]
    if not findings:
        return None
    inside = [(place, f) for place, f in findings if _inside_dura_only(f)]
    if len(inside) == len(findings):
        place, f = inside[0]
        where = "" if place == "unstated" else f" at {place}"
        return f"{_words(f)}{where}: {name} applies to vertebral or epidural lesions"
    places = ", ".join(dict.fromkeys("no place stated" if place == "unstated" else place
                                     for place, f in findings if not _inside_dura_only(f)))
    return (f"no vertebral or epidural lesion at one level (recorded: {places}): {name} is scored for one "
            "lesion at one level")


def outside_spinal_metastasis(r: Reading, name: str, derived_in: str) -> str | None:
    """Why a prognostic score derived in spinal (bone or epidural) metastases of a systemic cancer
    does not apply, or ``None``: a primary tumour of the central nervous system, or disease only
    inside the dura."""
    # what the case is instead, read once per reading (nine instruments ask; it reads the reading's sites)
    instead = r.once(_not_a_spinal_metastasis, lambda: _not_a_spinal_metastasis(r))
    return None if instead is None else f"{instead}: {name} was derived in {derived_in}"


def _not_a_spinal_metastasis(r: Reading) -> str | None:
    if len(r.sites) == 1 and r.sites[0] in PRIMARY_CNS:
        return f"primary {r.sites[0]} (a tumour of the central nervous system, not a metastasis)"
    first_inside = _only_inside_dura(r.snapshot)
    if first_inside is not None:
        return f"{_words(first_inside)} only"
    return None


def _only_inside_dura(s: Snapshot) -> LevelFinding | None:
    """The first finding when every finding of the snapshot lies inside the dura (else None)."""
    findings = [d.value for d in s.all_findings]
    return findings[0] if findings and all(_inside_dura_only(f) for f in findings) else None


#: Deficit words that state a neurological impairment (``no_deficit`` states none).
IMPAIRMENT_WORDS = frozenset({"paraplegia", "tetraplegia", "paraparesis", "tetraparesis", "monoparesis",
                              "motor_complete", "motor_incomplete", "weakness", "numbness", "sensory_loss",
                              "gait_disturbance", "unspecified_deficit"})


def neurological_impairment(r: Reading) -> str | None:
    """The neurological impairment the latest examination states, in words ("Frankel C",
    "paraparesis"), or ``None`` when it states none or nothing was examined. Only what is stated
    counts: an examination that records nothing about deficits says nothing here."""
    neuro = r.snapshot.neuro
    if neuro is None:
        return None
    n = neuro.value
    stated: list[str] = []
    if n.frankel is not None and n.frankel.value != "E":
        stated.append(f"Frankel {n.frankel.value}")
    if n.asia is not None and n.asia.value != "E":
        stated.append(f"ASIA {n.asia.value}")
    stated.extend(w.value.replace("_", " ") for w in n.deficits or () if w.value in IMPAIRMENT_WORDS)
    if n.motor_deficit:
        stated.append("motor deficit")
    if n.cauda_equina_syndrome:
        stated.append("cauda equina syndrome")
    if n.conus_syndrome:
        stated.append("conus syndrome")
    if n.myelopathy:
        stated.append("myelopathy")
    return ", ".join(dict.fromkeys(stated)) or None


def supportive_care_only(r: Reading) -> bool:
    """Supportive or palliative care only (no anti-cancer treatment) is recorded by the snapshot."""
    return any(d.value.only for d in r.snapshot.supportive_care)


def compression_ever_stated(r: Reading) -> bool:
    """Some imaging study up to the snapshot stated compression of the cord (ESCC 2-3 or in words),
    the conus or the cauda equina (read once per snapshot: Rades asks twice)."""
    return r.cached("compression_ever_stated", lambda: _compression_ever_stated(r.snapshot))


_NEURAL = frozenset({"cord", "conus", "cauda_equina"})


def _compression_ever_stated(s: Snapshot) -> bool:
    # Only imaging studies carry findings (Snapshot.studies tells them apart by a table of event types,
    # where asking every event for a 'findings' attribute it may not have costs a pydantic look-up each).
    for _, dated in s.studies():
        for f in dated.value.findings:
            if _NEURAL & compressed_structures(f):
                return True
    return False


def no_compression_stated(r: Reading) -> str | None:
    """The findings' places when every current spinal finding states that the cord is not
    compressed (ESCC 0-1c, no cord compression, or no epidural tumour) and no study up to the
    snapshot ever stated compression of the cord, conus or cauda equina (a compression treated
    since still places the patient in an MSCC population); ``None`` otherwise, including when any
    finding leaves it unstated."""
    findings = [d.value for d in r.snapshot.all_findings]
    if not findings or compression_ever_stated(r):
        return None
    for f in findings:
        cord_free = (f.escc is not None and f.escc.rank < 4) or f.cord_compression is False or (
            f.epidural_present is False)
        if not cord_free or f.cord_compression:
            return None
    return ", ".join(dict.fromkeys(f.place for f in findings))


def merge_over_sites(per_site: list[Given | None], reason: str) -> Given | None:
    """Merge one item's answers read at each WHO type a lung neuro-endocrine neoplasm of unreported
    type may be (``None``: not read at that type).

    Settled only when every type gives the same settled answer; open (the union of the answers)
    when they differ; unknown (every answer possible) when any type leaves the item unknown -- an
    unknown answer at one type allows every answer, so it cannot be dropped from the merge. (Until
    2026-11 an unknown answer at one type added nothing, which narrowed e.g. the story case's NESMS
    Bauer item to the answers of the other types.) The same rule as :func:`merge_candidate_sites`.
    """
    return merge_candidate_sites(per_site, reason)


def _visceral(b: DiseaseBurden | None, brain: bool, words: tuple[int, int | None] | None = None) -> bool | None:
    if b is None:
        return None
    organs = b.visceral_mets_present if not b.visceral else True
    if organs is None and words is not None:
        organs = words[0] >= 1 if words[0] >= 1 or words == (0, 0) else None
    flags = [organs]
    if brain:
        flags.append(b.brain_mets)
    if any(f is True for f in flags):
        return True
    if all(f is False for f in flags):
        return False
    return None


# ---------------------------------------------------------------------- shared answer readers
def from_values(values: tuple[int, ...], derive: Callable[[int], Given], source: str,
                decisions: tuple[Decision, ...]) -> Given:
    """Apply a value -> answer derivation to each possible value; keep every answer still possible."""
    answers: list[str] = []
    for v in values:
        answer = str(derive(v).answer)
        if answer not in answers:
            answers.append(answer)
    if len(answers) == 1:
        return Given(answers[0], f"derived from {source}", decisions)
    return Given(None, f"derived from {source}", decisions, tuple(answers))


def yes_no_answer(flag: bool | None, source: str, invert: bool = False) -> Given:
    """A yes/no item from a fact that is true, false or unknown (``invert``: the item asks 'no ...')."""
    if flag is None:
        return Given(None, source)
    return Given("yes" if flag != invert else "no", source)


def bone_met_total(extraspinal: int, vertebral: int) -> int:
    """Total bone metastases: extraspinal foci + involved vertebrae (>= 1)."""
    return int(COUNT.check("extraspinal_bone_mets", extraspinal)) + int(
        VERTEBRAE.check("vertebral_body_mets", vertebral))


def solitary_from_counts(extraspinal: int, vertebral: int, yes: str = "yes", no: str = "no") -> Given:
    """A solitary bone metastasis (exactly one in total) -> ``yes``; more -> ``no`` (Tomita, Bauer, Katagiri)."""
    total = bone_met_total(extraspinal, vertebral)
    return Given(yes if total == 1 else no, f"derived from {total} bone metastases in total", (SOLITARY_COUNT,))


#: Walking as sources state it -> the answers of the NESMS and Rades item 'ambulatory'
#: (independently ambulatory). Neither source defines walking with an aid, so an aid, 'ambulatory'
#: without detail and limited walking leave both answers possible; each row says why.
WALKING_AMBULATORY: dict[str, tuple[tuple[str, ...], str]] = {
    "independent": (("yes",), ""),
    "with_aid": (("yes", "no"), "walking with an aid is not defined by the score"),
    "ambulatory_unspecified": (("yes", "no"), "whether an aid is needed is not stated"),
    "limited": (("yes", "no"), "limited walking: whether independently is not stated"),
    "non_ambulatory": (("no",), ""),
    "difficulty": (("yes", "no"), "walking with difficulty: whether independently is not stated"),
    "wheelchair": (("yes", "no"), "wheelchair use: whether the patient still walks is not stated"),
}
def solitary_item(r: Reading, yes: str = "yes", no: str = "no") -> Given | None:
    """'Solitary bone metastasis' from the counts, or from counts stated in words ("multiple")
    (Tomita, Bauer, Katagiri and NESMS ask, each in its own words for yes and no: it is worked out once
    per snapshot as yes/no and given in the words asked)."""
    found = r.cached("solitary", lambda: _solitary_item(r))
    if found is None or (yes == "yes" and no == "no"):
        return found
    words = {"yes": yes, "no": no}
    return Given(None if found.answer is None else words[str(found.answer)], found.source, found.decisions,
                 tuple([words[c] for c in found.candidates]))


def _solitary_item(r: Reading) -> Given | None:
    counts = r.bone_counts()
    if counts is not None:
        return solitary_from_counts(*counts)
    total = r.bone_total_range()
    if total is None:
        return None
    return from_count_range(total[0], total[1], lambda n: Given("yes" if n == 1 else "no", "", (SOLITARY_COUNT,)),
                            "bone metastases in total")


_AMBULATORY = Options(tuple(WALKING_AMBULATORY), what="an ambulatory status")


def ambulatory_item(status: str) -> Given:
    """NESMS / Rades 'ambulatory' from walking as stated (:data:`WALKING_AMBULATORY`)."""
    s = _AMBULATORY.check("ambulatory", status)
    answers, why = WALKING_AMBULATORY[s]
    src = f"derived from ambulatory status {s}" + (f" ({why})" if why else "")
    return Given(answers[0], src) if len(answers) == 1 else Given(None, src, candidates=answers)


def only_read(answers: Mapping[str, Given | None]) -> Answers:
    """The answers that were read (drop items a reader returned ``None`` for)."""
    return {k: g for k, g in answers.items() if g is not None}


# ---------------------------------------------------------------------- partial knowledge
def narrowed_by_words(words: Iterable[str], table: Mapping[str, frozenset[str]], order: tuple[str, ...],
                      what: str, decisions: tuple[Decision, ...] = ()) -> Given | None:
    """The answers every stated word allows (``table``: word -> answers it allows), in ``order``.

    Words the table does not name say nothing here; ``None`` when no word is in the table. Words
    that contradict each other (no answer allowed by all) narrow nothing, and the source says so.
    """
    stated = [w for w in words if w in table]
    if not stated:
        return None
    allowed = set(order)
    for word in stated:
        allowed &= table[word]
    src = f"derived from {what} stated as {', '.join(stated)}"
    if not allowed:
        return Given(None, src + " (the words contradict each other: not narrowed)", decisions)
    ordered = tuple(answer for answer in order if answer in allowed)
    return Given(ordered[0], src, decisions) if len(ordered) == 1 else Given(None, src, decisions, ordered)


def recorded_grade_else_deficits(r: Reading, recorded: Callable[[NeuroExam], Enum | None],
                                 from_deficits: Callable[[Iterable[str]], Given | None]) -> Answers:
    """The ``grade`` item of a neurological grading (AIS, Frankel): the grade the latest examination
    records, else the grades the deficits stated in words allow (``from_deficits``), else nothing."""
    neuro = r.snapshot.neuro
    if neuro is None:
        return {}
    grade = recorded(neuro.value)
    if grade is not None:
        return {"grade": Given(grade.value, f"recorded (day {neuro.day})")}
    words = from_deficits(sorted(w.value for w in r.snapshot.deficits))
    return {} if words is None else {"grade": words}


#: Every count bin of every instrument ends by "3 or more": counting up to 4 reaches every bin.
_COUNT_TOP = 4


def from_count_range(low: int, high: int | None, derive: Callable[[int], Given], what: str) -> Given:
    """A count known only as a range (e.g. "multiple" = 2 or more) -> every answer its counts allow.

    ``derive`` bins one count (e.g. Tokuhashi's >=3 / 1-2 / 0); ``high`` None = no upper bound.
    """
    top = high if high is not None else max(low, _COUNT_TOP)
    answers: list[str] = []
    decisions: list[Decision] = []
    for n in range(low, top + 1):
        g = derive(n)
        if str(g.answer) not in answers:
            answers.append(str(g.answer))
        decisions.extend(d for d in g.decisions if d not in decisions)
    shown = f"{low}" if high == low else f"{low} or more" if high is None else f"{low}-{high}"
    src = f"derived from {what} ({shown})"
    if len(answers) == 1:
        return Given(answers[0], src, tuple(decisions))
    return Given(None, src, tuple(decisions), tuple(answers))
