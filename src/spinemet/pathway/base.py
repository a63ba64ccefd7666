"""The shape of a rule (its declared inputs, outputs and sources) and helpers to answer.

A rule is a small pure function from :class:`~spinemet.pathway.context.RuleInput` to one
:class:`~spinemet.pathway.model.Recommendation`, declared with a :class:`RuleSpec` so that
``spinemet rules`` can list what each rule reads, what it says and on which sources it rests.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import field
from typing import Any

from spinemet.evidence import EvidenceStatus
from spinemet.frozen import dataclass
from spinemet.pathway.applicability import NOTHING_SPINAL, Applicability, nothing_spinal
from spinemet.pathway.context import RuleInput, on_words, per_input
from spinemet.pathway.model import Branch, Reason, Recommendation, RecommendationStatus, SurvivalOffer

_WEAKNESS = {
    EvidenceStatus.VERIFIED: 0,
    EvidenceStatus.SECONDARY: 1,
    EvidenceStatus.DERIVED: 2,
    EvidenceStatus.UNVERIFIED: 3,
}


def weakest(*statuses: EvidenceStatus) -> EvidenceStatus:
    """The least-checked of several statuses (unverified > derived > secondary > verified)."""
    return max(statuses, key=lambda s: _WEAKNESS[s]) if statuses else EvidenceStatus.VERIFIED


@dataclass(frozen=True)
class RuleSpec:
    """A rule's declaration: what it decides, for which disease, from which facts, on which sources.

    ``applies_to`` declares the disease the rule was written for; :meth:`decide` answers *not
    applicable, with the reason* outside it and runs ``evaluate`` inside it.
    """

    key: str
    decision_point: str
    title: str
    summary: str
    inputs: tuple[str, ...]
    outputs: tuple[str, ...]
    sources: tuple[str, ...]
    pathway_rules: tuple[str, ...]
    evidence_status: EvidenceStatus
    evaluate: Callable[[RuleInput], Recommendation]
    applies_to: Applicability
    #: False for a rule that reads the primary tumour alone (the NET systemic rule), which has something to say
    #: before anything spinal is recorded.
    spinal: bool = True
    #: The declared sources once each, in order: what an answer cites when it names no other source (most
    #: answers), worked out with the declaration instead of at each answer.
    cited: tuple[str, ...] = field(init=False, repr=False, compare=False)
    #: The same sources as a set: a reason citing one of them adds nothing to an answer's citations.
    cited_set: frozenset[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "cited", tuple(dict.fromkeys(self.sources)))
        object.__setattr__(self, "cited_set", frozenset(self.sources))

    def decide(self, inp: RuleInput) -> Recommendation:
        """The rule's recommendation, or *not applicable* when the snapshot lies outside its disease.

        After a recorded death no rule recommends anything (no assessment, imaging or treatment is due):
        every rule answers *not applicable*, naming the day of death."""
        if inp.snapshot.death_day is not None:
            died = died_statement(inp)
            if died is not None:
                return not_applicable(self, died, [Reason(died, {"death_day": inp.snapshot.death_day})])
        if self.spinal and inp.fact(nothing_spinal):
            return not_applicable(self, NOTHING_SPINAL, [Reason(NOTHING_SPINAL, {"spinal_facts": False})])
        test = self.applies_to.outside  # (Applicability.reason, without the extra call)
        outside = test(inp) if test is not None else None
        if outside is not None:
            return not_applicable(self, outside[0].upper() + outside[1:] + ".", [
                Reason(f"This rule applies to {self.applies_to.disease}.", {"applies_to": self.applies_to.disease})
            ])
        return self.evaluate(inp)

    def as_dict(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "decision_point": self.decision_point,
            "title": self.title,
            "summary": self.summary,
            "inputs": list(self.inputs),
            "outputs": list(self.outputs),
            "sources": list(self.sources),
            "pathway_rules": list(self.pathway_rules),
            "evidence_status": self.evidence_status.value,
            "applies_to": self.applies_to.disease,
        }


@per_input
def died_statement(inp: RuleInput) -> str | None:
    """"The patient died on day N." when the snapshot includes the recorded death, else None."""
    s = inp.snapshot
    if s.death_day is None:
        return None
    dated = next((d for d in s.events if getattr(d.value, "type", None) == "death"), None)
    # a death dated by relation ("after the embolism") is placed on its earliest day: say the range, not a day
    on = on_words(s, dated) if dated is not None else f"day {s.death_day}"
    return f"The patient died on {on}: no assessment, imaging or treatment is due."


def answer(
    spec: RuleSpec,
    status: RecommendationStatus,
    statement: str,
    reasons: Iterable[Reason] = (),
    *,
    citations: Sequence[str] = (),
    evidence_status: EvidenceStatus | None = None,
    missing: Iterable[str] = (),
    options: Iterable[str] = (),
    cautions: Iterable[str] = (),
    data: dict[str, Any] | None = None,
    branches: Iterable[Branch] = (),
    branch_on: Iterable[str] = (),
    survival_offers: Iterable[SurvivalOffer] = (),
) -> Recommendation:
    """Build the rule's recommendation; citations default to the rule's declared sources (a sequence, so that
    an empty one is seen as empty)."""
    reasons = tuple(reasons)
    branches = tuple(branches)
    # the declared sources when nothing else is cited (most answers): no pass, no call
    cited = _citations(spec, reasons, branches, citations) if reasons or branches or citations else spec.cited
    # Passed by position, in the order of Recommendation's fields (by keyword the call costs about 40 % more).
    return Recommendation(
        spec.key,  # rule
        spec.decision_point,
        status,
        statement,
        reasons,
        cited,
        evidence_status or spec.evidence_status,
        _once_each(missing) if missing else (),
        _once_each(options) if options else (),
        _once_each(cautions) if cautions else (),
        data or {},
        branches,
        _once_each(branch_on) if branch_on else (),
        tuple(survival_offers),
    )


_NOTHING: frozenset[str] = frozenset()


def _citations(spec: RuleSpec, reasons: tuple[Reason, ...], branches: tuple[Branch, ...],
               citations: Sequence[str] = ()) -> tuple[str, ...]:
    """An answer's citations: ``citations`` (else the rule's declared sources), then those of the reasons and the
    branches, once each, in order."""
    # One plain loop, not a comprehension and a call per step: a comprehension is itself a call, and most reasons
    # cite a declared source (nothing to add, no dictionary built).
    known = _NOTHING if citations else spec.cited_set
    extra: list[str] = []
    for r in reasons:
        c = r.citation
        if c and c not in known:
            extra.append(c)
    for b in branches:
        extra += [c for c in b.citations if c not in known]
    if citations:
        return tuple(dict.fromkeys([*citations, *extra]))
    return (*spec.cited, *dict.fromkeys(extra)) if extra else spec.cited


def _once_each(items: Iterable[str]) -> tuple[str, ...]:
    """The items once each, in order (a tuple or list of one is already so: no dictionary is built for it)."""
    if type(items) is tuple and len(items) == 1:
        return items
    if type(items) is list and len(items) == 1:
        return (items[0],)
    return tuple(dict.fromkeys(items))


def not_applicable(spec: RuleSpec, statement: str, reasons: Iterable[Reason] = ()) -> Recommendation:
    """``answer(spec, NA, statement, reasons)``: the rule's sources and the reasons' citations, nothing else set
    (most rules answer so on most days: built directly, by position as in :func:`answer`)."""
    reasons = tuple(reasons)
    cited = _citations(spec, reasons, ()) if reasons else spec.cited
    return Recommendation(spec.key, spec.decision_point, NA, statement, reasons, cited, spec.evidence_status)


# The statuses as module names: reading an enum member through its class (``RecommendationStatus.DECIDED``)
# costs about as much as a small function call, and every rule answers with one.
DECIDED = RecommendationStatus.DECIDED
BRANCHED = RecommendationStatus.BRANCHED
NEEDS = RecommendationStatus.NEEDS_INFORMATION
NA = RecommendationStatus.NOT_APPLICABLE
