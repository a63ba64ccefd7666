"""From drafts to a valid case: the primary chosen, times linked to the events they count from,
every value checked by the case record's own validation, and each value's provenance.

A draft value the record refuses is left out (and said so), never forced: an event whose timing
cannot be placed keeps its place in the written order, with the words in ``timing_note``.
"""

from __future__ import annotations

import copy
import re
from typing import Any

from spinemet.case import Case
from spinemet.errors import ValidationFailed
from spinemet.extract.drafts import EventDraft, Fact, Holder, Spans, Timing
from spinemet.extract.model import LeftOut, Provenance
from spinemet.extract.reader import TREATMENT_TYPES, ReadState, SiteMention
from spinemet.extract.text import Sentence

_LUNG = ("lung_sclc", "lung_lcnec", "lung_carcinoid", "lung_nsclc", "lung_other")


def choose_primary(state: ReadState) -> tuple[dict[str, Any], list[Fact]]:
    """The primary tumour: the site the text ties to the metastasis, stated with its certainty."""
    mentions = [m for m in state.sites if not m.unknown]
    unknown = [m for m in state.sites if m.unknown]
    facts: list[Fact] = []
    if not mentions:
        if unknown:
            u = unknown[0]
            facts.append(Fact("site", "unknown", ((u.start, u.end),), "primary.unknown"))
        return {"site": "unknown"}, facts

    def score(m: SiteMention) -> tuple[int, int, int]:
        doubt = {None: 3, "probable": 1, "possible": -1}[m.certainty]
        s = 2 * m.about_metastasis + (not m.historical) + doubt + (m.site != "unknown") * 2 + m.primary_word
        return (s, m.rank, -m.start)

    # within the lung, the most specific confirmed statement decides the key
    best = max(mentions, key=score)
    if best.site in _LUNG:
        lung = [m for m in mentions if m.site in _LUNG and m.certainty == best.certainty]
        best = max(lung, key=lambda m: (m.rank, score(m)))
    if best.site == "unknown" and best.ne is not None:
        organ = [m for m in mentions if m.site != "unknown" and m.ne is not None]
        if organ:
            best = max(organ, key=score)
    same = [m for m in mentions if m.site == best.site]
    certain = [m for m in same if m.certainty is None]
    primary: dict[str, Any] = {}
    if unknown and best.certainty is not None and not certain:
        # "primary unknown, likely renal": candidates, never a promoted site
        u = unknown[0]
        primary["site"] = "unknown"
        facts.append(Fact("site", "unknown", ((u.start, u.end),), "primary.unknown"))
        cands: list[dict[str, str]] = []
        for m in mentions:
            if m.site in ("unknown",) or any(c["site"] == m.site for c in cands):
                continue
            cands.append({"site": m.site, "certainty": m.certainty or "probable"})
            facts.append(Fact(f"candidates[{len(cands) - 1}]", cands[-1], ((m.start, m.end),), "primary.candidate"))
        if cands:
            primary["candidates"] = cands
        return primary, facts
    chosen = certain[0] if certain else best
    primary["site"] = chosen.site
    facts.append(Fact("site", chosen.site, ((chosen.start, chosen.end),), "primary.site"))
    if chosen.site != "unknown" and chosen.certainty is not None:
        primary["site_certainty"] = chosen.certainty
        facts.append(Fact("site_certainty", chosen.certainty, ((chosen.start, chosen.end),), "primary.certainty"))
    named = max(same, key=lambda m: (m.certainty == chosen.certainty, m.ne is not None, m.end - m.start))
    primary["histology"] = _histology(state, named)
    facts.append(Fact("histology", primary["histology"], ((named.start, named.end),), "primary.histology"))
    labelled = next((m for m in same if m.label), None)
    if labelled is not None:
        primary["site_label"] = labelled.label
        facts.append(Fact("site_label", labelled.label, ((labelled.start, labelled.end),), "primary.site_label"))
    ne_mentions = [m for m in same if m.ne is not None]
    if ne_mentions or (any(m.ne is not None and m.site == "unknown" for m in mentions) and chosen.site in (
            "unknown", "gep_net", "lung_other", "lung_carcinoid", "lung_sclc", "lung_lcnec", "paraganglioma")):
        ne: dict[str, Any] = {}
        for m in ne_mentions:
            for k, v in (m.ne or {}).items():
                if k not in ne:
                    ne[k] = v
                    facts.append(Fact(f"neuroendocrine.{k}", v, ((m.start, m.end),), "primary.ne_type"))
        for f in state.ne_facts.facts:
            if f.path == "classification" and ("classification" in ne or chosen.site.startswith("lung")):
                continue
            if f.path not in ne:
                ne[f.path] = f.value
                facts.append(Fact(f"neuroendocrine.{f.path}", f.value, f.spans, f.rule))
        primary["neuroendocrine"] = ne
        if not ne:
            src = ne_mentions[0] if ne_mentions else chosen
            facts.append(Fact("neuroendocrine", {}, ((src.start, src.end),), "primary.ne"))
    return primary, facts


_LOCAL = ("surgery", "radiotherapy", "chemoradiotherapy", "embolisation", "ablation", "cement_augmentation")
#: the sentence refers to the disease already named ("the tumour", "this lesion", "the spinal metastasis")
_DEFINITE = re.compile(r"\b(?:the|this|that|its|these)\s+(?:\w+\s+){0,2}(?:tumou?rs?|lesions?|metastas[ie]s|mass|"
                       r"deposits?)\b", re.IGNORECASE)
_INTRADURAL_WORDS = re.compile(r"\bintradural|\bintramedullary|\bleptomening", re.IGNORECASE)
_ELSEWHERE = re.compile(r"\b(?:liver|hepatic|kidney|renal|lung|pulmonary|breast|adrenal|gastric|brain|cerebral|"
                        r"cerebellar|parapharyngeal|pelvis|femor|humer|rib|thyroid|lymph)", re.IGNORECASE)


def the_lesion(events: list[EventDraft]) -> None:
    """"The tumour", "the lesion", an operation with no level named: where the text has named one
    place of disease so far, that place is meant (rule ``*.of_the_lesion``, provenance: the words
    that named the place). With two places or none, nothing is filled in."""
    places: dict[str, tuple[str, Spans]] = {}
    here: set[str] = set()  # places named in the sentence of the treatment itself
    intradural = False
    for ev in events:
        if ev.type == "imaging":
            for f in ev.findings:
                if f.place is None and len(places) == 1 and any(
                        v is True or (k == "compartments") for k, v in f.fields.items()) and not any(
                        v is False for v in f.fields.values()):
                    place, spans = next(iter(places.values()))
                    f.place = place
                    f.put("span" if "-" in place else "level", place, spans, "finding.place_of_the_lesion")
                    reorder: dict[str, Any] = {k: f.fields[k] for k in ("level", "span") if k in f.fields}
                    f.fields = {**reorder, **{k: v for k, v in f.fields.items() if k not in reorder}}
            for f in ev.findings:
                intradural = intradural or bool({"intramedullary", "intradural_extramedullary", "leptomeningeal"}
                                                & set(f.fields.get("compartments", [])))
                key = "level" if "level" in f.fields else "span" if "span" in f.fields else None
                if key is not None and any(v is not False for k, v in f.fields.items() if k not in (key,)):
                    fact = next((x for x in f.facts if x.path == key), None)
                    places.setdefault(f.fields[key], (f.fields[key], fact.spans if fact else ()))
        elif ev.type in _LOCAL:
            here = set()
            for later in events:
                if later.type == "imaging" and later.sentence == ev.sentence:
                    for f in later.findings:
                        key = "level" if "level" in f.fields else "span" if "span" in f.fields else None
                        if key is not None:
                            fact = next((x for x in f.facts if x.path == key), None)
                            places.setdefault(f.fields[key], (f.fields[key], fact.spans if fact else ()))
                            here.add(f.fields[key])
            procedures = ev.fields.get("procedures") or []
            inside = intradural or bool(_INTRADURAL_WORDS.search(ev.sentence_text))
            for key in ("tumour_resection", "en_bloc_resection"):
                if ev.type != "surgery" or key not in procedures or not inside:
                    continue
                fact = next(x for x in ev.facts if x.value == key)
                words = ev.sentence_text[fact.spans[0][0] - ev.sentence_start:fact.spans[0][1] - ev.sentence_start]
                if re.search(r"spondylectom|vertebrectom|\bTES\b", words, re.IGNORECASE):
                    continue  # a vertebra removed en bloc is a vertebral resection, wherever the tumour is
                # removing an intradural or intramedullary tumour (en bloc or not) is an intradural resection
                if "intradural_resection" in procedures:
                    procedures.remove(key)
                    ev.facts.remove(fact)
                    continue
                procedures[procedures.index(key)] = "intradural_resection"
                fact.value, fact.rule = "intradural_resection", "treatment.intradural_resection_of_the_lesion"
            has = any(k in ev.fields for k in ("levels", "spans", "region", "fixation_span"))
            if has or len(places) != 1 or _ELSEWHERE.search(ev.sentence_text):
                continue
            if ev.type == "radiotherapy" and not (set(places) & here) and not _DEFINITE.search(ev.sentence_text):
                # a radiotherapy field is planned over more than the lesion (commonly a level above and
                # below, or a region): without words that tie the course to the lesion, its levels are unknown
                continue
            place, spans = next(iter(places.values()))
            procedures = ev.fields.get("procedures") or []
            if procedures and all(p in ("posterior_fixation", "anterior_fixation", "fixation_unspecified")
                                  for p in procedures):
                continue
            ev.put("levels", place, spans, "treatment.levels_of_the_lesion")


def calendar_index(events: list[EventDraft]) -> str | None:
    """The case's index date when the text gives calendar dates, else None.

    Day 0 is the presentation: when the presentation's own words give its date, that date is the
    index. Otherwise the first exact date the text gives is the index, and the presentation, whose
    date is not stated, is no longer day 0 (it keeps its place in the written order). A month or a
    year ("in May 2018") becomes a date range. With no exact date at all there is no day 0 to count
    from: the dates stay as words (``timing_note``), never a guessed day."""
    exact = [e for e in events if e.timing is not None and e.timing.kind == "date"]
    if not exact:
        for e in events:
            if e.timing is not None and e.timing.kind == "date_range":
                e.timing = Timing("note", spans=e.timing.spans, rule=e.timing.rule)
        return None
    shown = next((e for e in events if e.presentation and e.timing is not None and e.timing.kind == "date"), None)
    index = (shown or exact[0]).timing
    assert index is not None and index.date is not None
    for e in events:
        if e.timing is not None and e.timing.kind == "day0" and (shown is None or e.sentence != shown.sentence):
            e.timing = None  # day 0 is the index date, which the words of this event do not give
    return index.date


def order_by_dates(events: list[EventDraft], index_date: str | None) -> None:
    """A text tells the past after the present ("In May 2018 she had a mastectomy"): an event with a
    calendar date is moved before the first event told earlier whose date is later, so that the
    timeline is in the order things happened; events without a date keep their order."""
    if index_date is None:
        return
    import datetime as dt

    index = dt.date.fromisoformat(index_date)

    def known(e: EventDraft) -> tuple[int, int] | None:
        t = e.timing
        if t is None:
            return None
        if t.kind == "day0":
            return (0, 0)
        if t.kind == "date" and t.date:
            d = (dt.date.fromisoformat(t.date) - index).days
            return (d, d)
        if t.kind == "date_range" and t.date and t.date_latest:
            return ((dt.date.fromisoformat(t.date) - index).days, (dt.date.fromisoformat(t.date_latest) - index).days)
        return None

    i = 0
    while i < len(events):
        span = known(events[i])
        if span is not None:
            later = next((j for j in range(i) if (k := known(events[j])) is not None and k[0] > span[1]), None)
            if later is not None:
                events.insert(later, events.pop(i))
        i += 1


def expand_sessions(events: list[EventDraft]) -> None:
    """"Three sessions of embolisation": three events, each after the one before (rule
    ``time.next_session``; provenance: the words that state the number). Nothing else is added: every
    copy holds exactly the values the words give for all of them."""
    i = 0
    while i < len(events):
        ev = events[i]
        prev = ev
        courses = [ev]
        for _ in range(ev.sessions - 1):
            copy_ = EventDraft(type=ev.type, sentence=ev.sentence, sentence_text=ev.sentence_text,
                               sentence_start=ev.sentence_start, start=ev.start,
                               fields=copy.deepcopy(ev.fields),
                               facts=[Fact(f.path, copy.deepcopy(f.value), f.spans, f.rule) for f in ev.facts],
                               timing=Timing("after", "session", spans=ev.sessions_spans, rule="time.next_session"),
                               historical=ev.historical)
            copy_.anchor_of = prev
            i += 1
            events.insert(i, copy_)
            prev = copy_
            courses.append(copy_)
        if ev.total_dose is not None and len(courses) > 1:
            total, spans = ev.total_dose
            last = courses[-1]
            last.put("cumulative_dose_gy", int(total) if total.is_integer() else total, spans, "treatment.rt_total_dose")
            last.list_refs["cumulative_with"] = courses[:-1]
            last.facts.append(Fact("cumulative_with", None, ev.sessions_spans, "treatment.rt_total_dose"))
        ev.sessions = 1
        ev.total_dose = None
        i += 1


def _histology(state: ReadState, chosen: SiteMention) -> str:
    """The histology in the text's own words: the phrase that named the site."""
    return state.text[chosen.start:chosen.end]


def resolve_timing(events: list[EventDraft]) -> None:
    """Link each relative time to the event it counts from (which then gets an id)."""
    day0 = [e for e in events if e.timing is not None and (e.timing.kind == "day0" or (
        e.presentation and e.timing.kind in ("date", "date_range")))]
    presentation = day0[0] if day0 else None
    for i, ev in enumerate(events):
        t = ev.timing
        if t is None or t.kind in ("day0", "date", "date_range"):
            continue
        earlier = events[:i]
        target: EventDraft | None = None
        if t.kind == "before":
            target = presentation if presentation is not None and presentation is not ev else None
            if target is None:
                later = [e for e in events[i + 1:] if not e.historical and e.sentence != ev.sentence]
                target = later[0] if later else None
        elif t.anchor == "previous":
            prior = [e for e in earlier if e.sentence != ev.sentence]
            if prior:
                # "later" counts from the last thing done: the first treatment of the nearest sentence
                # that has one; otherwise the last event told
                treated = [e for e in prior if e.type in TREATMENT_TYPES]
                if treated:
                    target = next(e for e in treated if e.sentence == treated[-1].sentence)
                else:
                    target = prior[-1]
        elif t.anchor == "presentation":
            target = presentation if presentation is not ev else None
        elif t.anchor in ("surgery", "treatment"):
            surg = [e for e in earlier if e.type == "surgery" and e.sentence != ev.sentence]
            treat = [e for e in earlier if e.type in TREATMENT_TYPES and e.sentence != ev.sentence]
            if surg:
                target = surg[-1]
            elif treat:
                target = next(e for e in treat if e.sentence == treat[-1].sentence)
            else:
                target = None
        elif t.anchor == "primary":
            target = next((e for e in earlier if e.type == "primary_resection"), None)
        elif t.anchor is not None:
            same = [e for e in earlier if e.type == t.anchor and e.sentence != ev.sentence]
            target = same[-1] if same else None
        if target is None or target is ev:
            ev.anchor_of = None
            ev.timing = Timing("note", note=_quote_placeholder(t), spans=t.spans, rule=t.rule)
        else:
            ev.anchor_of = target


def _quote_placeholder(t: Timing) -> str:
    return "timing as stated, without the event it counts from"


def build_data(state: ReadState, text: str, case_id: str, primary: dict[str, Any],
               index_date: str | None = None) -> tuple[dict[str, Any], list[EventDraft]]:
    """The case-file data of the drafts (ids given to every event another one refers to)."""
    events = [e for e in state.events if e.has_content() or e.type in ("death", "surgery", "radiotherapy",
                                                                         "chemoradiotherapy", "systemic_therapy",
                                                                         "embolisation", "ablation",
                                                                         "rehabilitation")]
    events = [e for e in events if e.type != "imaging" or e.findings]
    referenced = {id(e.anchor_of) for e in events if e.anchor_of is not None}
    referenced |= {id(r) for e in events for r in e.refs.values()}
    referenced |= {id(r) for e in events for lst in e.list_refs.values() for r in lst}
    counts: dict[str, int] = {}
    for e in events:
        if id(e) in referenced:
            counts[e.type] = counts.get(e.type, 0) + 1
            e.id = f"{e.type.replace('_', '-')}-{counts[e.type]}"
    data: dict[str, Any] = {"schema_version": 2, "id": case_id, "synthetic": False, "primary": primary}
    if index_date is not None:
        data["index_date"] = index_date
    if state.patient.fields:
        data["patient"] = dict(state.patient.fields)
    timeline: list[dict[str, Any]] = []
    for e in events:
        timeline.append(event_data(e, text))
    data["timeline"] = timeline
    return data, events


def event_data(e: EventDraft, text: str) -> dict[str, Any]:
    out: dict[str, Any] = {"type": e.type}
    if e.id:
        out["id"] = e.id
    t = e.timing
    if t is not None:
        if t.kind == "day0":
            out["day"] = 0
        elif t.kind == "date" and t.date:
            out["date"] = t.date
        elif t.kind == "date_range" and t.date and t.date_latest:
            out["date_range"] = {"earliest": t.date, "latest": t.date_latest}
        elif t.kind in ("after", "before") and e.anchor_of is not None and e.anchor_of.id:
            rel: dict[str, Any] = {"event": e.anchor_of.id}
            if t.at_least is not None:
                rel["at_least"] = t.at_least
            if t.at_most is not None:
                rel["at_most"] = t.at_most
            if t.at_least is not None or t.at_most is not None:
                rel["unit"] = t.unit
            out[t.kind] = rel
        if t.spans and t.kind not in ("day0", "date", "date_range"):
            out["timing_note"] = "; ".join(text[a:b] for a, b in t.spans)
    out.update(copy.deepcopy(e.fields))
    for name, ref in e.refs.items():
        if ref.id:
            out[name] = ref.id
    for name, lst in e.list_refs.items():
        if lst and all(r.id for r in lst):
            out[name] = [r.id for r in lst]
    if e.findings:
        out["findings"] = [copy.deepcopy(f.fields) for f in e.findings if f.fields]
    if e.type == "decision" and "summary" not in out:
        out["summary"] = "decision"
    return out


#: what places an event in time: relative to another event, or by a date
_TIMES = ("after", "before", "date", "date_range")
#: what ties an event to one other event by its id
_ID_LINKS = ("procedure", "compared_with", "embolised_before", "treated_by")
#: every tie to other events (with the cumulative dose, which counts the courses it is tied to)
_LINKS = (*_ID_LINKS, "cumulative_with", "cumulative_dose_gy")
#: set aside while an event is checked on its own, and put back after it (in this order)
_SET_ASIDE = ("after", "before", "id", *_LINKS)
#: said once when times or links had to be dropped for the record to accept the case
_UNPLACED = ("some times could not be placed relative to their events; those events keep their place in the "
             "written order (the words are in timing_note)")


def validated(data: dict[str, Any], drafts: list[EventDraft]) -> tuple[Case, dict[str, Any], list[str]]:
    """The case, after leaving out what the record refuses; the messages say what was left out."""
    messages: list[str] = []
    try:
        return Case.model_validate(data), data, messages  # the usual case: every draft value is valid
    except Exception:  # the record's own problems: found below, event by event
        pass
    # each event on its own (its timing and links aside) must be valid
    kept: list[int] = []
    for i, ev in enumerate(data["timeline"]):
        bare = {k: v for k, v in ev.items() if k not in _SET_ASIDE}
        fixed = _fix_event(bare, messages, i, data.get("index_date"))
        if fixed is None:
            continue
        for k in _SET_ASIDE:
            if k in ev:
                fixed[k] = ev[k]
        data["timeline"][i] = fixed
        kept.append(i)
    data["timeline"] = [data["timeline"][i] for i in kept]
    kept_drafts = [drafts[i] for i in kept]
    drafts[:] = kept_drafts
    timed_note = False
    for _ in range(2 * len(data["timeline"]) + 4):
        try:
            return Case.model_validate(data), data, messages
        except Exception as exc:  # the record's own located problems
            problems = str(exc)
            timeline = data["timeline"]
            named = [i for i in range(len(timeline)) if f"timeline[{i}]" in problems or f"timeline.{i}" in problems]
            changed = False
            for i in named:  # first the times of the events the problems name ...
                for k in _TIMES:
                    if k in timeline[i]:
                        del timeline[i][k]
                        changed = True
            if not changed:  # ... else every time and link of every event
                for ev in timeline:
                    for k in (*_TIMES, *_LINKS):
                        if k in ev:
                            del ev[k]
                            changed = True
            if changed and not timed_note:
                timed_note = True
                messages.append(_UNPLACED)
            if not changed and named:
                # an event the record refuses beside the others (e.g. a second death told): left out, said so
                i = named[-1]
                gone = timeline.pop(i)
                del drafts[i]
                _unlink(timeline, gone.get("id"))
                reason = problems.split(f"timeline[{i}]: ", 1)[-1].split(" [type=", 1)[0].strip()
                messages.append(f"an event read as {gone.get('type')} was left out: {reason}")
                changed = True
            if not changed and "index_date" in data:
                del data["index_date"]
                changed = True
            if not changed:
                raise ValidationFailed([]) from exc
    raise RuntimeError("unreachable")


def _unlink(timeline: list[dict[str, Any]], event_id: Any) -> None:
    """Remove every time and link that names ``event_id`` (an event left out)."""
    if event_id is None:
        return
    for ev in timeline:
        for k in ("after", "before"):
            if isinstance(ev.get(k), dict) and ev[k].get("event") == event_id:
                del ev[k]
        for k in _ID_LINKS:
            if ev.get(k) == event_id:
                del ev[k]
        if event_id in (ev.get("cumulative_with") or []):
            ev.pop("cumulative_with", None)
            ev.pop("cumulative_dose_gy", None)


def _fix_event(ev: dict[str, Any], messages: list[str], index: int, index_date: Any = None) -> dict[str, Any] | None:
    for _ in range(8):
        probe: dict[str, Any] = {"schema_version": 2, "id": "probe", "primary": {"site": "unknown"}, "timeline": [ev]}
        if index_date is not None:
            probe["index_date"] = index_date
        try:
            Case.model_validate(probe)
            return ev
        except Exception as exc:  # pydantic's ValidationError: drop the fields it names
            errors: list[dict[str, Any]] = list(getattr(exc, "errors", lambda: [])())
            dropped = False
            for err in errors:
                loc = [str(p) for p in err.get("loc", ())]
                # ('timeline', 0, 'imaging', 'findings', 1, 'escc')
                if len(loc) >= 4 and loc[0] == "timeline":
                    key = loc[3]
                    if key == "findings" and len(loc) >= 6 and loc[5] in ev.get("findings", [{}])[int(loc[4])]:
                        ev["findings"][int(loc[4])].pop(loc[5], None)
                        dropped = True
                    elif key in ev and key != "type":
                        ev.pop(key)
                        dropped = True
            if not dropped:
                messages.append(f"an event read as {ev.get('type')} could not be recorded and was left out")
                return None
    return None


def provenance(data: dict[str, Any], drafts: list[EventDraft], primary_facts: list[Fact], patient: Holder,
               text: str) -> list[Provenance]:
    out: list[Provenance] = []

    def add(path: str, facts: list[Fact], root: Any) -> None:
        for f in facts:
            full = f"{path}.{f.path}" if f.path != "type" else path
            value = _resolve(root, f.path) if f.path != "type" else root.get("type")
            if value is _MISSING:
                continue
            out.append(Provenance(full, value, f.spans, f.rule, " ... ".join(text[a:b] for a, b in f.spans)))

    add("primary", primary_facts, data["primary"])
    if "patient" in data:
        add("patient", patient.facts, data["patient"])
    timeline = data["timeline"]
    for i, (ev, d) in enumerate(zip(timeline, drafts, strict=True)):
        add(f"timeline[{i}]", d.facts, ev)
        t = d.timing
        if t is not None and t.spans and t.kind in ("after", "before") and t.kind in ev:
            out.append(Provenance(f"timeline[{i}].{t.kind}", ev[t.kind], t.spans, t.rule,
                                  " ... ".join(text[a:b] for a, b in t.spans)))
        elif t is not None and t.kind in ("date", "date_range") and t.kind in ev:
            out.append(Provenance(f"timeline[{i}].{t.kind}", ev[t.kind], t.spans, t.rule,
                                  " ... ".join(text[a:b] for a, b in t.spans)))
        elif t is not None and t.kind == "day0" and "day" in ev:
            # day 0 is the index date: the presentation, or (no presentation named) the first events told
            out.append(Provenance(f"timeline[{i}].day", 0, t.spans, t.rule,
                                  " ... ".join(text[a:b] for a, b in t.spans)))
        kept = [f for f in d.findings if f.fields]
        for j, f in enumerate(kept):
            if j < len(ev.get("findings", [])):
                add(f"timeline[{i}].findings[{j}]", f.facts, ev["findings"][j])
    return out


_MISSING = object()


def _resolve(root: Any, path: str) -> Any:
    cur = root
    for part in path.replace("]", "").replace("[", ".").split("."):
        if part == "":
            continue
        if isinstance(cur, dict):
            if part not in cur:
                return _MISSING
            cur = cur[part]
        elif isinstance(cur, list):
            try:
                cur = cur[int(part)]
            except (ValueError, IndexError):
                return _MISSING
        else:
            return _MISSING
    return cur


def left_out(sentences: list[Sentence], state: ReadState) -> list[LeftOut]:
    out: list[LeftOut] = []
    skipped_in: dict[int, list[str]] = {}
    for sk in state.skipped:
        for s in sentences:
            if s.start <= sk.start < s.end:
                skipped_in.setdefault(s.index, []).append(sk.reason)
                break
    for s in sentences:
        reasons = skipped_in.get(s.index, [])
        if s.index in state.used_sentences and not reasons:
            continue
        if s.index not in state.used_sentences:
            reason = "; ".join(dict.fromkeys(reasons)) if reasons else "no fact recognised"
        else:
            reason = "partly used; left out: " + "; ".join(dict.fromkeys(reasons))
        out.append(LeftOut(s.start, s.end, s.text, reason))
    return out
