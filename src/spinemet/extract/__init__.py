"""From text to case (pure core, no I/O): read a clinic letter, an imaging or operation report or a
published case report into a draft :class:`~spinemet.case.Case`, with the provenance of every value
(the character spans it was read from and the rule that read it) and the sentences left out.

Rule-based: levels, sites, treatments, findings, neurology, time words and context triggers are
data in :mod:`spinemet.extract.lexicon` (each module states its provenance). Negated, hypothetical
and other people's facts are never recorded as present; doubt is kept where the record holds it
(primary site, finding certainty) and otherwise the mention is left out and listed. Nothing is
invented: a field the text does not state stays unknown. ``docs/extract.md`` describes it.
"""

from __future__ import annotations

from spinemet.extract.assemble import (
    build_data,
    calendar_index,
    choose_primary,
    expand_sessions,
    left_out,
    order_by_dates,
    provenance,
    resolve_timing,
    the_lesion,
    validated,
)
from spinemet.extract.model import Extraction, LeftOut, Provenance
from spinemet.extract.reader import Reader
from spinemet.extract.text import split_sentences

__all__ = ["Extraction", "LeftOut", "Provenance", "extract"]


def extract(text: str, case_id: str = "draft") -> Extraction:
    """A draft case read from ``text``; every value with its provenance; the sentences left out."""
    sentences = split_sentences(text)
    reader = Reader(text)
    for s in sentences:
        reader.read(s)
    state = reader.state
    if "sex" not in state.patient.fields and state.pronouns and len({p[2] for p in state.pronouns}) == 1:
        # the patient's sex from the pronouns the text uses of them, when they all agree
        a, b, sex = state.pronouns[0]
        state.patient.put("sex", sex, ((a, b),), "patient.sex_pronoun")
    primary, primary_facts = choose_primary(state)
    the_lesion(state.events)
    index_date = calendar_index(state.events)
    resolve_timing(state.events)
    expand_sessions(state.events)
    order_by_dates(state.events, index_date)
    data, drafts = build_data(state, text, case_id, primary, index_date)
    case, data, messages = validated(data, drafts)
    prov = provenance(data, drafts, primary_facts, state.patient, text)
    lo = left_out(sentences, state)
    used = len(sentences) - sum(1 for x in lo if not x.reason.startswith("partly"))
    if not prov:
        messages.insert(0, "no clinical facts were recognised in the text; the draft holds only an unknown primary "
                           "site (every other field is unknown)")
    else:
        messages.insert(0, f"{len(prov)} values read from {used} of {len(sentences)} sentences; "
                           f"{len(lo)} sentence(s) listed as left out or partly used")
    return Extraction(case, tuple(prov), tuple(lo), tuple(messages))
