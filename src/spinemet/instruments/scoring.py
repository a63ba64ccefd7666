"""Every instrument scored from a case snapshot: each declaration's reader, then the one engine.

:func:`assess_snapshot` builds one :class:`~spinemet.instruments.reading.Reading` of the snapshot
(shared facts computed once), asks each instrument's reader for its answers, and evaluates the
instruments that have at least one item known or narrowed. A fact that was not recorded stays
unknown; the engine then reports the range of totals and the bands still reachable.

Conventions (each also stated where it applies): SINS and ESCC are read at the snapshot's index
level (worst ESCC, else the first level), :func:`sins_by_level` scores every level; visceral
metastases include brain metastases for Bauer, Katagiri and Tokuhashi, not for Tomita, Rades and
Van der Linden; a KPS that was not measured is converted from ECOG with a named table (default
``conventional``) and flagged, likewise ECOG from KPS.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from spinemet.anatomy import Level
from spinemet.instruments.declarations.sins import read_sins_at
from spinemet.instruments.engine import Given, evaluate, evaluate_read, not_applicable
from spinemet.instruments.model import Instrument
from spinemet.instruments.reading import Answers, Reader, Reading
from spinemet.instruments.registry import INSTRUMENTS
from spinemet.instruments.result import Result

if TYPE_CHECKING:  # pragma: no cover
    from spinemet.case.snapshot import Snapshot


# The registry as an assessment walks it, prepared once at import (not looked up per instrument on every
# assessment): each instrument with its key, its reader and its test of a case outside its disease.
_REGISTRY: tuple[tuple[str, Instrument, Reader | None, Callable[[Reading], str | None] | None], ...] = tuple(
    (key, inst, inst.reader, inst.applies_to.outside if inst.applies_to else None) for key, inst in INSTRUMENTS.items())


def snapshot_answers(s: Snapshot, conversion_table: str = "conventional") -> dict[str, Answers]:
    """Answers with provenance for every instrument that reads cases, keyed by instrument key.

    Each reader runs once; an uncertain primary site is read per candidate site item by item
    (:meth:`Reading.over_sites`).
    """
    return _answers(Reading(s, conversion_table))


def _answers(reading: Reading) -> dict[str, Answers]:
    answers = {key: reader(reading) for key, _, reader, _ in _REGISTRY if reader is not None}
    if reading.lung_nen_of_unreported_type:
        # Kept as the recorded assessments (tests/golden) show it: while the site is uncertain, every
        # item left open is sourced by that uncertainty, even one the site does not decide (e.g. an
        # ESCC narrowed by 'cord compression'). The lead is told; changing it changes recorded output.
        why = reading.uncertain_site_reason
        for items in answers.values():
            for key, given in items.items():
                if given.answer is None and given.candidates and given.source != why:
                    items[key] = Given(None, why, tuple(dict.fromkeys(given.decisions)),
                                       tuple(dict.fromkeys(given.candidates)))
    return answers


_NONE: Answers = {}


def assess_snapshot(s: Snapshot, conversion_table: str = "conventional") -> list[Result]:
    """Every instrument the snapshot supports (at least one item known or narrowed), in registry order;
    an instrument whose declared disease the case is outside of gives a not-applicable result.

    This is the function ``spinemet assess`` and the pathway build on; each result's
    ``as_dict()`` is the public JSON shape.
    """
    reading = Reading(s, conversion_table)
    answers = _answers(reading)
    results = []
    for key, inst, _, outside in _REGISTRY:
        if outside is not None:
            reason = outside(reading)
            if reason is not None:
                results.append(not_applicable(inst, reason))
                continue
        # the items read (an answer, or answers still possible); an instrument with none is left out
        result = evaluate_read(inst, answers.get(key, _NONE))
        if result is not None:
            results.append(result)
    return results


def _read(g: Given) -> bool:
    return g.answer is not None or bool(g.candidates)


def sins_by_level(s: Snapshot) -> dict[Level, Result]:
    """SINS at every level with a recorded finding (SINS is scored per lesion)."""
    reading = Reading(s)
    return {lvl: evaluate(INSTRUMENTS["sins"], read_sins_at(reading, lvl)) for lvl in s.levels if lvl != Level.Co}
