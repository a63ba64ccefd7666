"""Cases like this one: in the team's store, and in SpineMet's curated library of published cases.

The features of each stored case (``spinemet.similar``) are kept in one in-memory index per open
store, computed from the case's current version and replaced only when a case is written (the
store's append-only version log changes): a query never recomputes them. Before a query the index
checks one number, the count of rows of the version log; when it changed, only the cases whose
version moved are read again.

Who sees what, by the service's rules: a clinician (or a researcher) with a user account sees only
cases of their care teams, as they would in the case list; a researcher sees research ids and no
title, never a case id; the command line's operator (no user account) sees every case. The query
case itself is opened through :meth:`Service.case_sheet`, so the role check and the audit entry are
the ones every case read gets.
"""

from __future__ import annotations

import json
import threading
import weakref
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import sqlalchemy as sa
import yaml
from pydantic import BaseModel, ConfigDict

from spinemet.errors import InvalidValue
from spinemet.service import offline
from spinemet.similar import (
    DEFAULT_WEIGHTS,
    CaseFeatures,
    FeatureIndex,
    Match,
    Outcome,
    Weight,
    case_features,
    learn_weights,
    summarise,
)
from spinemet.similar.explain import differs_words, explanation, shared_words
from spinemet.similar.index import CATEGORIES
from spinemet.store import features as stored_features
from spinemet.store import tables
from spinemet.store import teams as store_teams
from spinemet.store.cases import load_case

if TYPE_CHECKING:
    from spinemet.case import Case
    from spinemet.course import CourseAnalysis
    from spinemet.service.roles import Actor
    from spinemet.service.usecases import Service

PUBLISHED = Path(__file__).resolve().parents[1] / "data" / "published"
MOST = 50
DEFAULT_TOP = 5


class _Out(BaseModel):
    model_config = ConfigDict(extra="forbid")


class WeightOut(_Out):
    feature: str
    weight: float
    reason: str
    learned: bool


class OutcomeOut(_Out):
    follow_up_days: int | None
    died: bool
    local_recurrence: bool
    walking_at_last_exam: bool | None


class SimilarCaseOut(_Out):
    id: str
    title: str | None = None
    score: float
    explanation: str
    shared: list[str]
    differs: list[str]
    outcome: OutcomeOut
    citation: str | None = None
    doi: str | None = None
    pmid: str | None = None


class SimilarOut(_Out):
    case: str
    source: str
    searched: int
    top: int
    matches: list[SimilarCaseOut]
    neighbours: dict[str, Any]
    weights: list[WeightOut]
    note: str


def features_of(case: Case, course: CourseAnalysis | None = None) -> CaseFeatures:
    """The similarity features of a case: the course of its timeline (computed unless given) and the
    assessment of its first day."""
    course = course or offline.course(case)
    days = [d for d, _ in case.ordered_events()]
    first = offline.assess(case, min(days), course=course) if days else offline.assess(case)
    return case_features(case, first, course)


#: the definition of the features (``spinemet.similar.features``); stored rows of another number
#: were computed by another definition and are computed again
FEATURES_SCHEMA = 1


def dump_features(f: CaseFeatures) -> str:
    """Features as stored (JSON; sets as sorted lists)."""
    values = {k: (sorted(v) if isinstance(v, frozenset) else v) for k, v in f.values.items()}
    o = f.outcome
    return json.dumps({"schema": FEATURES_SCHEMA, "values": values,
                       "outcome": [o.follow_up_days, o.died, o.local_recurrence, o.walking_at_last_exam]},
                      separators=(",", ":"), sort_keys=True)


def load_features(text: str) -> CaseFeatures | None:
    """Stored features, or None when they were computed by another definition (or cannot be read)."""
    try:
        data = json.loads(text)
        if data.get("schema") != FEATURES_SCHEMA:
            return None
        values = {k: (frozenset(v) if isinstance(v, list) else v) for k, v in data["values"].items()}
        follow, died, recurrence, walking = data["outcome"]
        return CaseFeatures(values, Outcome(follow, bool(died), bool(recurrence), walking))
    except (ValueError, KeyError, TypeError, AttributeError):
        return None


# ------------------------------------------------------------------ the store's index

@dataclass
class StoreIndex:
    index: FeatureIndex
    research: dict[str, str]  # research id -> case id
    research_of: dict[str, str]  # case id -> research id
    titles: dict[str, str | None]
    log_rows: int = -1
    lock: threading.Lock = field(default_factory=threading.Lock)
    #: the weights learned (or the defaults) for the store as of ``weights_at`` (the log's row count)
    weights: tuple[Weight, ...] = DEFAULT_WEIGHTS
    weights_at: int = -2


_INDEXES: weakref.WeakKeyDictionary[Any, StoreIndex] = weakref.WeakKeyDictionary()
_INDEXES_LOCK = threading.Lock()


def store_index(service: Service) -> StoreIndex:
    """The index of ``service``'s store, brought up to date with the version log."""
    with _INDEXES_LOCK:
        kept = _INDEXES.get(service)
        if kept is None:
            kept = StoreIndex(FeatureIndex(), {}, {}, {})
            _INDEXES[service] = kept
    with kept.lock:
        computed: list[tuple[str, int, str]] = []
        with service.db.read() as conn:
            rows = int(conn.execute(sa.select(sa.func.count()).select_from(tables.case_versions)).scalar_one())
            if rows != kept.log_rows:
                computed = _refresh(conn, kept)
                kept.log_rows = rows
        if computed:
            _store(service, computed)  # after the read transaction: never a write inside a read
    return kept


def _refresh(conn: Any, kept: StoreIndex) -> list[tuple[str, int, str]]:
    """Bring the index to the store's current versions: rows stored in ``case_features`` at the
    current version are read; the others are computed from the case (and returned, to be stored)."""
    from spinemet.service.cases import stored_case_model

    current = {r.case_id: (r.version, r.research_id, r.title)
               for r in conn.execute(sa.select(tables.cases.c.case_id, tables.cases.c.version, tables.cases.c.research_id,
                                               tables.cases.c.title))}
    for gone in set(kept.index.versions) - set(current):
        kept.index.remove(gone)
    stale = [cid for cid, (version, _, _) in current.items() if kept.index.versions.get(cid) != version]
    saved = stored_features.read_all(conn) if stale else {}
    computed: list[tuple[str, int, str]] = []
    for case_id, (_, research_id, title) in current.items():
        kept.research[research_id] = case_id
        kept.research_of[case_id] = research_id
        kept.titles[case_id] = title
    for case_id in stale:
        version = current[case_id][0]
        row = saved.get(case_id)
        features = load_features(row[1]) if row is not None and row[0] == version else None
        if features is None:
            case = stored_case_model(load_case(conn, case_id, version))
            features = features_of(case)
            computed.append((case_id, version, dump_features(features)))
        kept.index.put(case_id, features, version)
    return computed


def _store(service: Service, rows: list[tuple[str, int, str]]) -> None:
    """Keep computed features in the store (derived data: a failure only means they are computed again)."""
    try:
        with service.db.write() as conn:
            for case_id, version, text in rows:
                stored_features.put(conn, case_id, version, text)
    except sa.exc.SQLAlchemyError:
        return


def on_write(service: object, case_id: str, version: int, case: Case, course: CourseAnalysis) -> None:
    """After a committed write: the written case's row of the store's index, computed now (the case and
    its course are at hand), so the next query reads it instead of loading the case again. Nothing is
    done before the index exists (its first query builds it); a row that cannot be computed is
    dropped, so that the next query computes it again and reports the problem to its reader."""
    kept = _INDEXES.get(service)
    if kept is None:
        return
    with kept.lock:
        if kept.index.versions.get(case_id, 0) >= version:
            return
        try:
            features = features_of(case, course)
        except Exception:  # the write is committed; the next query recomputes the row and reports
            kept.index.remove(case_id)
            return
        kept.index.put(case_id, features, version)
        kept.titles[case_id] = case.title
    _store(service, [(case_id, version, dump_features(features))])  # type: ignore[arg-type]


def _visible(service: Service, actor: Actor, kept: StoreIndex) -> np.ndarray[Any, np.dtype[np.bool_]] | None:
    if actor.user_id is None:
        return None
    with service.db.read() as conn:
        ids: set[str] = {str(r[0]) for r in conn.execute(store_teams.visible_cases(actor.user_id))}
    keys = kept.index.keys
    return np.fromiter((k in ids for k in keys), dtype=np.bool_, count=len(keys))


def _top(top: int | None) -> int:
    if top is None:
        return DEFAULT_TOP
    if not 1 <= top <= MOST:
        raise InvalidValue("top", str(top), f"a whole number from 1 to {MOST}")
    return top


def _weights(kept: StoreIndex) -> tuple[Weight, ...]:
    """The store's weights, learned again only when the store changed (not per query)."""
    with kept.lock:
        if kept.weights_at != kept.log_rows:
            kept.weights, kept.weights_at = _learn(kept), kept.log_rows
        return kept.weights


def _learn(kept: StoreIndex) -> tuple[Weight, ...]:
    idx = kept.index
    n = len(idx.keys)
    columns = {name: idx.codes[:n, i].astype(np.int64) for i, name in enumerate(CATEGORIES)}
    alive = idx.alive[:n]
    return learn_weights({k: np.where(alive, v, -1) for k, v in columns.items()},
                         np.where(alive, idx.follow_up[:n], np.nan), idx.died[:n] & alive)


def _match_out(m: Match, shown_id: str, title: str | None, extra: dict[str, str | None] | None = None) -> SimilarCaseOut:
    o = m.outcome
    return SimilarCaseOut(
        id=shown_id, title=title, score=m.score, explanation=explanation(m),
        shared=[shared_words(n, v) for n, v in m.shared], differs=[differs_words(n, a, b) for n, a, b in m.differs],
        outcome=OutcomeOut(follow_up_days=o.follow_up_days, died=o.died, local_recurrence=o.local_recurrence,
                           walking_at_last_exam=o.walking_at_last_exam),
        **(extra or {}))


def _note(query: CaseFeatures, matches: list[Match], searched: int, where: str) -> str:
    notes = []
    if searched == 0:
        notes.append(f"no other case in {where} that you may see: nothing to compare with")
    known = [n for n, v in query.values.items() if v is not None]
    if len(known) <= 4:
        notes.append("this case records little beyond its primary tumour (" + ", ".join(known) +
                     "): matches rest on those features only")
    return "; ".join(notes)


def similar_in_store(service: Service, actor: Actor, case_ref: str, top: int | None = None) -> SimilarOut:
    """The ``top`` cases of the store most like ``case_ref`` that ``actor`` may see, explained, with
    their outcomes summarised. An unknown or unseen case is :class:`NotFound`, as for any case read."""
    k = _top(top)
    sheet = service.case_sheet(actor, case_ref)  # role check and audit, as every case read
    kept = store_index(service)
    case_id = kept.research.get(case_ref, case_ref) if actor.deidentified else case_ref
    query = kept.index.features.get(case_id) or features_of(sheet.case)
    among = _visible(service, actor, kept)
    weights = _weights(kept)
    matches = kept.index.top(query, k, weights, among, exclude=case_id)
    searched = (int(among.sum()) if among is not None else len(kept.index)) - (1 if case_id in kept.index.rows else 0)
    out = [_match_out(m, kept.research_of[m.key] if actor.deidentified else m.key,
                      None if actor.deidentified else kept.titles.get(m.key)) for m in matches]
    return SimilarOut(case=case_ref, source="store", searched=max(searched, 0), top=k, matches=out,
                      neighbours=summarise([m.outcome for m in matches]).as_dict(),
                      weights=[WeightOut(**w.__dict__) for w in weights],
                      note=_note(query, matches, max(searched, 0), "the store"))


# ------------------------------------------------------------------ the published library

@dataclass(frozen=True)
class PublishedLibrary:
    index: FeatureIndex
    citations: dict[str, dict[str, str | None]]


@cache
def published_library() -> PublishedLibrary:
    """SpineMet's curated library of published cases (``spinemet/data/published/*/``), indexed once."""
    from spinemet.io.casefile import load_case as read_case_file

    index = FeatureIndex()
    citations: dict[str, dict[str, str | None]] = {}
    for folder in sorted(p for p in PUBLISHED.iterdir() if (p / "case.yaml").exists()):
        case = read_case_file(folder / "case.yaml")
        index.put(folder.name, features_of(case))
        source = yaml.safe_load((folder / "source.yaml").read_text(encoding="utf-8")) or {}
        cit = source.get("citation") or {}
        words = ". ".join(str(cit[k]) for k in ("authors", "title", "journal") if cit.get(k))
        if cit.get("year"):
            words += f" {cit['year']}"
        for key in ("volume", "pages"):
            if cit.get(key):
                words += f";{cit[key]}" if key == "volume" else f":{cit[key]}"
        citations[folder.name] = {"citation": words or None, "doi": _opt(source.get("doi")), "pmid": _opt(source.get("pmid")),
                                  "title": case.title}
    return PublishedLibrary(index, citations)


def _opt(value: Any) -> str | None:
    return None if value in (None, "") else str(value)


def similar_published(query: CaseFeatures, case_ref: str, top: int | None = None) -> SimilarOut:
    """The ``top`` published cases most like ``query``, each with its citation."""
    k = _top(top)
    lib = published_library()
    matches = lib.index.top(query, k, DEFAULT_WEIGHTS)
    out = [_match_out(m, m.key, lib.citations[m.key]["title"],
                      {key: lib.citations[m.key][key] for key in ("citation", "doi", "pmid")}) for m in matches]
    return SimilarOut(case=case_ref, source="published", searched=len(lib.index), top=k, matches=out,
                      neighbours=summarise([m.outcome for m in matches]).as_dict(),
                      weights=[WeightOut(**w.__dict__) for w in DEFAULT_WEIGHTS],
                      note=_note(query, matches, len(lib.index), "the published library"))


def similar_published_to_stored(service: Service, actor: Actor, case_ref: str, top: int | None = None) -> SimilarOut:
    """Published cases like a stored case (opened through the service's checks)."""
    sheet = service.case_sheet(actor, case_ref)
    return similar_published(features_of(sheet.case), case_ref, top)
