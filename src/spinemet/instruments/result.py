"""The result of evaluating an instrument, and its public JSON shape.

The JSON shape is a public contract (``vocabulary.md``, "Result shape"): ``instrument``,
``name``, ``total``, ``min_total``, ``max_total``, ``band``, ``possible_bands``, ``missing``,
``components``, ``decisions``, ``citation``, ``verification``. A classifier carries
``category`` instead of ``total``/``min_total``/``max_total``. Two additive keys: ``kind``
(score or classifier) and, for instruments with a published alternative grouping,
``alternative_bands``.

Outside the disease an instrument applies to, the result is **not applicable**: no total, no
range, no band, no components; ``not_applicable`` is ``true`` and ``reason`` says why, with
``applies_to`` (the declared disease). These keys appear only on such results, so the JSON of an
applicable result is unchanged.
"""

from __future__ import annotations

from dataclasses import field

from spinemet.frozen import dataclass, quick_init
from spinemet.instruments.model import Band, Decision, Kind


@quick_init
@dataclass(frozen=True)
class Component:
    """One item as it entered the result: its answer, points and where the answer came from.

    ``source`` is ``"given"`` or a phrase such as ``"derived from level T6"``. When only a
    subset of answers is possible (e.g. a KPS converted from ECOG spans two bins),
    ``answer`` and ``points`` are ``None`` and ``candidates`` lists what remains.
    """

    item: str
    answer: str | None
    points: int | None
    source: str
    candidates: tuple[str, ...] = ()

    def as_dict(self) -> dict[str, object]:
        out: dict[str, object] = {
            "item": self.item,
            "answer": self.answer,
            "points": self.points,
            "source": self.source,
        }
        if self.candidates:
            out["candidates"] = list(self.candidates)
        return out


@quick_init
@dataclass(frozen=True)
class AlternativeBand:
    """The band of the same totals under a published alternative grouping."""

    set_key: str
    band: Band | None
    possible_bands: tuple[str, ...]

    def as_dict(self) -> dict[str, object]:
        return {
            "set": self.set_key,
            "band": self.band.as_dict() if self.band else None,
            "possible_bands": list(self.possible_bands),
        }


@quick_init
@dataclass(frozen=True)
class Result:
    """The evaluation of one instrument for one patient (see the module docstring)."""

    instrument: str
    name: str
    kind: Kind
    total: int | None
    min_total: int | None
    max_total: int | None
    category: str | None
    band: Band | None
    possible_bands: tuple[str, ...]
    missing: tuple[str, ...]
    components: tuple[Component, ...]
    decisions: tuple[Decision, ...]
    citation: dict[str, str | None]
    verification: str
    alternative_bands: tuple[AlternativeBand, ...] = field(default=())
    #: Why the instrument does not apply to this case (``None``: it applies).
    not_applicable: str | None = None
    #: The disease the instrument applies to (shown with a not-applicable result).
    applies_to: str | None = None

    @property
    def complete(self) -> bool:
        """True when every item that matters is known."""
        return not self.missing

    @property
    def applicable(self) -> bool:
        return self.not_applicable is None

    def as_dict(self) -> dict[str, object]:
        """The public JSON shape (``vocabulary.md``)."""
        # Every result of every assessment is written so: the usual shape (an applicable score) is one dict
        # display in the published key order; the enum's value read as its ``_value_`` (``.value`` is a
        # property, a call per read), tuples copied as ``[*t]``, and no comprehension run for nothing.
        components, decisions, band = self.components, self.decisions, self.band
        if self.not_applicable is None and self.kind is _SCORE:
            out: dict[str, object] = {
                "instrument": self.instrument, "name": self.name, "kind": _SCORE_VALUE,
                "total": self.total, "min_total": self.min_total, "max_total": self.max_total,
                "band": band.as_dict() if band else None,
                "possible_bands": [*self.possible_bands], "missing": [*self.missing],
                "components": [c.as_dict() for c in components] if components else [],
                "decisions": [d.as_dict() for d in decisions] if decisions else [],
                "citation": dict(self.citation), "verification": self.verification,
            }
        else:
            out = {"instrument": self.instrument, "name": self.name, "kind": self.kind._value_}
            if self.not_applicable is not None:
                out.update(not_applicable=True, reason=self.not_applicable, applies_to=self.applies_to)
            if self.kind is _SCORE:
                out.update(total=self.total, min_total=self.min_total, max_total=self.max_total)
            else:
                out["category"] = self.category
            out["band"] = band.as_dict() if band else None
            out["possible_bands"] = [*self.possible_bands]
            out["missing"] = [*self.missing]
            out["components"] = [c.as_dict() for c in components]
            out["decisions"] = [d.as_dict() for d in decisions]
            out["citation"] = dict(self.citation)
            out["verification"] = self.verification
        if self.alternative_bands:
            out["alternative_bands"] = [a.as_dict() for a in self.alternative_bands]
        return out


_SCORE, _SCORE_VALUE = Kind.SCORE, Kind.SCORE.value
