"""The declaration of an instrument: data, not code.

An instrument is declared once — its items, the answers to each item in the order of the
published table with their points, how the total is formed, the bands and what they mean,
the sources, which facts were checked against which source, and the implementation
decisions the published table leaves to the implementer, and how it reads a case (its
``reader``, written in the same declaration module). One engine
(:mod:`spinemet.instruments.engine`) evaluates every declaration, and the same declaration
compiles to Polars expressions (:mod:`spinemet.instruments.columnar`); no score is written
twice.

A declaration checks its structure when it is built (bands cover every reachable total exactly
once; classifier rules name declared items, answers and bands; every decision it refers to
exists), so a typo in a table fails at import time, not in a clinic. That a classifier's rules
are disjoint and exhaustive is checked over its whole input space by
:func:`check_decision_table`, run on every registered classifier by the test suite
(``tests/instruments/test_decision_tables.py``) rather than at every start of the program (it
costs more than all the other checks together).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator, Mapping
from dataclasses import field
from enum import StrEnum
from typing import TYPE_CHECKING

from spinemet.evidence.model import EvidenceStatus
from spinemet.frozen import dataclass

if TYPE_CHECKING:  # pragma: no cover
    from spinemet.instruments.reading import Reader, Reading


class Kind(StrEnum):
    """A *score* sums points into a total; a *classifier* reads its answers into a category."""

    SCORE = "score"
    CLASSIFIER = "classifier"


class Direction(StrEnum):
    """Which way a higher total points (a frequent implementation bug when it is forgotten)."""

    HIGHER_IS_BETTER = "higher_is_better"
    HIGHER_IS_WORSE = "higher_is_worse"
    NOT_ORDERED = "not_ordered"


def norm(text: str) -> str:
    """The form in which answers are compared: stripped and case-folded ('A' == 'a')."""
    return text.strip().lower()


@dataclass(frozen=True)
class Answer:
    """One answer to an item: its public key, its label, its points and what it means.

    ``decision`` names an implementation decision of the instrument that this answer rests
    on (e.g. Tokuhashi's 'colon' scored as 'others'); a result that uses the answer lists it.
    """

    key: str
    label: str
    points: int = 0
    meaning: str = ""
    decision: str | None = None


#: The most answers an item may have for its answer sets to be tabled in order (``Item._in_order``).
_FEW_ANSWERS = 6


@dataclass(frozen=True)
class Item:
    """One item (question) of an instrument with its answers in published order."""

    key: str
    label: str
    answers: tuple[Answer, ...]
    meaning: str = ""
    # Lookups built once from ``answers`` (an item is read on every evaluation).
    _by_key: dict[str, Answer] = field(init=False, repr=False, compare=False)
    _answer_keys: tuple[str, ...] = field(init=False, repr=False, compare=False)
    _points: dict[str, int] = field(init=False, repr=False, compare=False)
    _point_set: frozenset[int] = field(init=False, repr=False, compare=False)
    _position: dict[str, int] = field(init=False, repr=False, compare=False)
    _in_order: dict[frozenset[str], tuple[str, ...]] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        by_key: dict[str, Answer] = {}
        for ans in self.answers:
            by_key.setdefault(norm(ans.key), ans)
        for ans in self.answers:
            by_key.setdefault(ans.key, ans)
        object.__setattr__(self, "_by_key", by_key)
        object.__setattr__(self, "_answer_keys", tuple(a.key for a in self.answers))
        object.__setattr__(self, "_points", {a.key: a.points for a in self.answers})
        object.__setattr__(self, "_point_set", frozenset(a.points for a in self.answers))
        object.__setattr__(self, "_position", {a.key: i for i, a in enumerate(self.answers)})
        # Every set of answer keys (not none) in declared order, for an item of a few answers: the engine
        # orders the candidates it is given by one look-up (an item of many answers sorts them).
        in_order: dict[frozenset[str], tuple[str, ...]] = {}
        if len(self.answers) <= _FEW_ANSWERS:
            in_order[frozenset()] = ()
            for key in self._answer_keys:  # the sets without this answer, then with it
                in_order.update([(keys | {key}, (*ordered, key)) for keys, ordered in in_order.items()])
            del in_order[frozenset()]
        object.__setattr__(self, "_in_order", in_order)

    @property
    def answer_keys(self) -> tuple[str, ...]:
        return self._answer_keys

    def answer(self, key: str) -> Answer:
        """The answer whose key is ``key`` (compared case-insensitively)."""
        found = self._by_key.get(key)
        if found is None:
            found = self._by_key.get(norm(key))
            if found is None:
                raise KeyError(key)
        return found

    def points_of(self, key: str) -> int:
        """The points of the answer keyed exactly ``key`` (a key this item returned)."""
        return self._points[key]

    @property
    def points(self) -> tuple[int, ...]:
        return tuple(a.points for a in self.answers)


@dataclass(frozen=True)
class Band:
    """A named range of totals (scores) or a category (classifiers) and what it means."""

    key: str
    label: str
    meaning: str = ""
    low: int | None = None
    high: int | None = None

    def contains(self, total: int) -> bool:
        return self.low is not None and self.high is not None and self.low <= total <= self.high

    def as_dict(self) -> dict[str, object]:
        out: dict[str, object] = {"key": self.key, "label": self.label}
        if self.low is not None:
            out["low"] = self.low
            out["high"] = self.high
        if self.meaning:
            out["meaning"] = self.meaning
        return out


@dataclass(frozen=True)
class BandSet:
    """An alternative, published grouping of the same totals (e.g. Rades' simplified 3 groups)."""

    key: str
    label: str
    bands: tuple[Band, ...]
    citation: str


@dataclass(frozen=True)
class Rule:
    """One row of a classifier's decision table: when every named item has one of the listed
    answers, the category is ``category``. Items not named are not constrained."""

    category: str
    when: tuple[tuple[str, tuple[str, ...]], ...]
    _when_sets: tuple[tuple[str, frozenset[str]], ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_when_sets", tuple((k, frozenset(v)) for k, v in self.when))

    def condition(self, item: str) -> tuple[str, ...] | None:
        for key, answers in self.when:
            if key == item:
                return answers
        return None

    def possible(self, candidates: Mapping[str, frozenset[str]]) -> bool:
        """True when every named item still has a candidate answer the rule allows."""
        for item, allowed in self._when_sets:
            if candidates[item].isdisjoint(allowed):
                return False
        return True


def rule(category: str, **when: str | tuple[str, ...]) -> Rule:
    """Build a :class:`Rule`: ``rule('net_g1', system='gep_who2019', ki67='under_3')``."""
    return Rule(category, tuple((k, (v,) if isinstance(v, str) else v) for k, v in when.items()))


@dataclass(frozen=True)
class Decision:
    """An implementation decision: a choice the source leaves open, with why and whom it cites."""

    key: str
    text: str
    citations: tuple[str, ...] = ()
    always: bool = False

    def as_dict(self) -> dict[str, object]:
        return {"key": self.key, "text": self.text, "citations": list(self.citations)}


@dataclass(frozen=True)
class Fact:
    """A fact of the declaration (a point table, a threshold, a band) and how far it was checked.

    Only facts whose status is ``verified`` make an instrument ``verified``.
    """

    text: str
    status: EvidenceStatus
    source: str


@dataclass(frozen=True)
class Total:
    """How the total is formed: the sum of the item points, capped where the source caps it."""

    cap: int | None = None

    def apply(self, raw: int) -> int:
        return raw if self.cap is None else min(self.cap, raw)

    def describe(self) -> str:
        return "sum of item points" + (f", capped at {self.cap} (min({self.cap}, raw))" if self.cap else "")


@dataclass(frozen=True)
class Applicability:
    """Where an instrument applies: the disease (and patients) its source defines it for.

    ``disease`` says it in plain words, as results and the catalogue show it ("a vertebral or
    epidural lesion at a known level"). ``outside`` reads a case and returns why the instrument does
    not apply to it ("intramedullary metastasis: SINS applies to vertebral lesions"), or ``None``
    when it applies or nothing recorded says otherwise; it is written in the declaration module,
    beside the reader. Outside its domain an instrument gives no score and no range, only the reason.
    """

    disease: str
    citation: str
    outside: Callable[[Reading], str | None] | None = field(default=None, compare=False, repr=False)


@dataclass(frozen=True)
class Instrument:
    """A complete declaration. See the module docstring."""

    key: str
    name: str
    version: str
    kind: Kind
    items: tuple[Item, ...]
    bands: tuple[Band, ...]
    direction: Direction
    citations: tuple[str, ...]
    facts: tuple[Fact, ...]
    decisions: tuple[Decision, ...] = ()
    total: Total = field(default_factory=Total)
    rules: tuple[Rule, ...] = ()
    alternative_bands: tuple[BandSet, ...] = ()
    description: str = ""
    derived: bool = False
    #: How the instrument reads a case snapshot (declared beside it; ``None``: not read from cases).
    reader: Reader | None = field(default=None, compare=False, repr=False)
    #: The disease it applies to (required: a declaration without it is refused at import).
    applies_to: Applicability | None = None
    # Lookups built once (an instrument is evaluated many times per case).
    _item_keys: tuple[str, ...] = field(init=False, repr=False, compare=False)
    _items: dict[str, Item] = field(init=False, repr=False, compare=False)
    _bands: dict[str, Band] = field(init=False, repr=False, compare=False)
    _verification: str = field(init=False, repr=False, compare=False)
    _always: tuple[Decision, ...] = field(init=False, repr=False, compare=False)
    # Tables the engine reads instead of re-deriving them at every evaluation (built once, below).
    _open_sums: tuple[frozenset[int], ...] = field(init=False, repr=False, compare=False)
    _open_bits: tuple[int, ...] = field(init=False, repr=False, compare=False)
    _open_base: tuple[int, ...] = field(init=False, repr=False, compare=False)
    _open_keys: tuple[tuple[str, ...], ...] = field(init=False, repr=False, compare=False)
    _index: dict[str, tuple[int, Item]] = field(init=False, repr=False, compare=False)
    _all_items: int = field(init=False, repr=False, compare=False)
    _every_answer: dict[str, tuple[str, ...]] = field(init=False, repr=False, compare=False)
    _band_table: BandTable | None = field(init=False, repr=False, compare=False)
    _alternative_band_tables: tuple[tuple[str, BandTable], ...] = field(init=False, repr=False, compare=False)
    _rule_masks: dict[str, dict[str, int]] = field(init=False, repr=False, compare=False)
    _all_rules: int = field(init=False, repr=False, compare=False)
    _band_rules: tuple[tuple[str, int], ...] = field(init=False, repr=False, compare=False)
    _rules_naming: dict[str, tuple[tuple[int, frozenset[str]], ...]] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_item_keys", tuple(i.key for i in self.items))
        object.__setattr__(self, "_items", {i.key: i for i in self.items})
        object.__setattr__(self, "_bands", {b.key: b for b in self.bands})
        object.__setattr__(self, "_always", tuple(d for d in self.decisions if d.always))
        ok = all(f.status is EvidenceStatus.VERIFIED for f in self.facts)
        object.__setattr__(self, "_verification", "verified" if ok and self.facts else "unverified")
        check_declaration(self)
        _build_tables(self)

    # ------------------------------------------------------------------ lookups
    @property
    def item_keys(self) -> tuple[str, ...]:
        return self._item_keys

    def item(self, key: str) -> Item:
        return self._items[key]

    def has_item(self, key: str) -> bool:
        return key in self._items

    def band(self, key: str) -> Band:
        return self._bands[key]

    def decision(self, key: str) -> Decision:
        for d in self.decisions:
            if d.key == key:
                return d
        raise KeyError(key)

    @property
    def verification(self) -> str:
        """``verified`` only when every declared fact was confirmed in a primary/official source."""
        return self._verification

    @property
    def citation(self) -> str:
        """The key of the defining source (the first citation)."""
        return self.citations[0]

    # ------------------------------------------------------------------ ranges
    @property
    def min_total(self) -> int:
        return self.total.apply(sum(min(i.points) for i in self.items))

    @property
    def max_total(self) -> int:
        return self.total.apply(sum(max(i.points) for i in self.items))

    def reachable_totals(self) -> frozenset[int]:
        """Every total some combination of answers produces (after the cap)."""
        sums: set[int] = {0}
        for it in self.items:
            sums = {s + p for s in sums for p in set(it.points)}
        return frozenset(self.total.apply(s) for s in sums)

    def band_for(self, total: int) -> Band:
        for b in self.bands:
            if b.contains(total):
                return b
        raise KeyError(total)

    def combinations(self) -> Iterator[dict[str, str]]:
        """Every combination of answers (the full input space), as answer dicts."""
        keys = self.item_keys
        for combo in itertools.product(*(it.answer_keys for it in self.items)):
            yield dict(zip(keys, combo, strict=True))

    def classify(self, answers: Mapping[str, str]) -> str:
        """The category of a complete set of answers (classifiers only)."""
        for r in self.rules:
            if all(answers[item] in allowed for item, allowed in r.when):
                return r.category
        raise KeyError("no rule matches")


def _build_tables(inst: Instrument) -> None:
    """The look-up tables the engine evaluates ``inst`` with, derived from the declaration once.

    Sets of items are bit masks (bit ``i`` is ``items[i]``).

    * ``_open_sums[mask]``: every raw sum of the items in ``mask`` when each may still take any of
      its answers; ``_open_base[mask]`` the lowest of them and ``_open_bits[mask]`` the same sums as
      the bits of an integer (bit ``s - base`` for sum ``s``), the form in which the engine adds
      further items and reads ranges (:func:`spinemet.instruments.engine.evaluate`). An evaluation
      adds the points of the settled items to the sums of its unknown items instead of enumerating them.
    * ``_open_keys[mask]``: the keys of the items in ``mask`` that have more than one answer (the
      items a result lists as missing), in declared order.
    * ``_index[key]``: the item's bit and the item; ``_all_items`` every item's bit;
      ``_every_answer`` each item's answer keys (the candidates of items not answered).
    * ``_band_table`` (scores): the bands as :class:`BandTable`; ``_alternative_band_tables`` the
      same for each alternative grouping, with the grouping's key.
    * ``_rule_masks[item][answer]`` (classifiers): the rules (bit ``i`` is ``rules[i]``) that
      ``answer`` to ``item`` leaves possible -- those that do not name the item or allow the answer;
      ``_band_rules`` each band (declared order) that some rule gives, as its key and the rules giving it
      (so the categories of a set of rules are the bands whose rules it meets); ``_rules_naming[item]``
      the rules that name the item, each as its bit and the answers it allows.
    """
    sums: list[frozenset[int]] = [frozenset({0})]
    keys: list[tuple[str, ...]] = [()]
    for mask in range(1, 1 << len(inst.items)):
        lowest = mask & -mask
        item = inst.items[lowest.bit_length() - 1]
        sums.append(frozenset(s + p for s in sums[mask ^ lowest] for p in item._point_set))
        keys.append(tuple(it.key for i, it in enumerate(inst.items) if mask >> i & 1 and len(it.answers) > 1))
    bases = tuple(min(s) for s in sums)
    object.__setattr__(inst, "_open_sums", tuple(sums))
    object.__setattr__(inst, "_open_base", bases)
    object.__setattr__(inst, "_open_bits", tuple(sum(1 << (t - base) for t in s) for s, base in zip(sums, bases, strict=True)))
    object.__setattr__(inst, "_open_keys", tuple(keys))
    object.__setattr__(inst, "_index", {it.key: (1 << i, it) for i, it in enumerate(inst.items)})
    object.__setattr__(inst, "_all_items", (1 << len(inst.items)) - 1)
    object.__setattr__(inst, "_every_answer", {it.key: it._answer_keys for it in inst.items})
    score = inst.kind is Kind.SCORE
    reachable = inst.reachable_totals() if score else frozenset()
    object.__setattr__(inst, "_band_table", BandTable(inst.bands, reachable) if score else None)
    object.__setattr__(inst, "_alternative_band_tables",
                       tuple((alt.key, BandTable(alt.bands, reachable)) for alt in inst.alternative_bands))
    conditions = tuple(_conditions(r) for r in inst.rules)
    masks = {it.key: {answer: sum(1 << i for i, cond in enumerate(conditions)
                                  if it.key not in cond or answer in cond[it.key])
                      for answer in it.answer_keys}
             for it in inst.items}
    object.__setattr__(inst, "_rule_masks", masks)
    object.__setattr__(inst, "_all_rules", (1 << len(inst.rules)) - 1)
    rules_of = {b.key: sum(1 << i for i, r in enumerate(inst.rules) if r.category == b.key) for b in inst.bands}
    object.__setattr__(inst, "_band_rules", tuple((key, rules) for key, rules in rules_of.items() if rules))
    object.__setattr__(inst, "_rules_naming", {
        it.key: tuple((1 << i, cond[it.key]) for i, cond in enumerate(conditions) if it.key in cond)
        for it in inst.items})


class BandTable:
    """A score's bands (or an alternative grouping of its totals) as the engine looks them up.

    ``bands`` and their ``keys`` in declared order; ``ranges`` each band with its lowest and highest
    total; ``position[total]`` the position of the band holding each reachable total (exactly one:
    :func:`check_declaration`); ``ascending`` whether the bands are declared from the lowest totals
    up (then the bands a run of consecutive totals reaches are the slice from the band of the lowest
    to the band of the highest).
    """

    __slots__ = ("ascending", "bands", "keys", "position", "ranges")

    def __init__(self, bands: tuple[Band, ...], reachable: frozenset[int]) -> None:
        ranges = []
        for b in bands:
            assert b.low is not None and b.high is not None  # a score's bands state both (_check_score_bands)
            ranges.append((b, b.low, b.high))
        self.bands = bands
        self.keys = tuple(b.key for b in bands)
        self.ranges: tuple[tuple[Band, int, int], ...] = tuple(ranges)
        self.position = {t: next(i for i, b in enumerate(bands) if b.contains(t)) for t in reachable}
        self.ascending = all(a[2] < b[1] for a, b in itertools.pairwise(ranges))


def _conditions(r: Rule) -> dict[str, frozenset[str]]:
    """The answers ``r`` allows per item it names (one condition per item: :func:`_check_rules`)."""
    return {item: frozenset(answers) for item, answers in r.when}


def _space_size(inst: Instrument) -> int:
    size = 1
    for it in inst.items:
        size *= len(it.answers)
    return size


def check_declaration(inst: Instrument) -> None:
    """Refuse an inconsistent declaration (raised at import time, naming the instrument)."""
    where = f"declaration {inst.key}"
    if not inst.items:
        raise ValueError(f"{where}: no items")
    if inst.applies_to is None:
        raise ValueError(f"{where}: states no applicability (the disease it applies to)")
    seen_items: set[str] = set()
    decision_keys = {d.key for d in inst.decisions}
    for it in inst.items:
        if it.key in seen_items:
            raise ValueError(f"{where}: duplicate item {it.key}")
        seen_items.add(it.key)
        normed = [norm(a.key) for a in it.answers]
        if len(set(normed)) != len(normed) or not normed:
            raise ValueError(f"{where}.{it.key}: answers empty or not unique")
        for a in it.answers:
            if a.decision is not None and a.decision not in decision_keys:
                raise ValueError(f"{where}.{it.key}.{a.key}: unknown decision {a.decision}")
    band_keys = [b.key for b in inst.bands]
    if len(set(band_keys)) != len(band_keys):
        raise ValueError(f"{where}: duplicate band keys")
    if inst.kind is Kind.SCORE:
        _check_score_bands(where, inst.bands, inst.reachable_totals())
        for alt in inst.alternative_bands:
            _check_score_bands(f"{where} ({alt.key})", alt.bands, inst.reachable_totals())
    else:
        _check_rules(where, inst)


def _check_score_bands(where: str, bands: tuple[Band, ...], reachable: frozenset[int]) -> None:
    ordered = sorted(bands, key=lambda b: b.low if b.low is not None else 0)
    for b in ordered:
        if b.low is None or b.high is None or b.low > b.high:
            raise ValueError(f"{where}: band {b.key} needs low <= high")
    for a, b in itertools.pairwise(ordered):
        assert a.high is not None and b.low is not None
        if a.high >= b.low:
            raise ValueError(f"{where}: bands {a.key} and {b.key} overlap")
    for total in reachable:
        hits = [b.key for b in bands if b.contains(total)]
        if len(hits) != 1:
            raise ValueError(f"{where}: total {total} falls in {hits or 'no band'}")


def _check_rules(where: str, inst: Instrument) -> None:
    band_keys = {b.key for b in inst.bands}
    items = {it.key: set(it.answer_keys) for it in inst.items}
    for r in inst.rules:
        if r.category not in band_keys:
            raise ValueError(f"{where}: rule category {r.category} has no band")
        named = [item for item, _ in r.when]
        if len(set(named)) != len(named):
            # one condition per item: the engine's rule tables (_build_tables) read one
            raise ValueError(f"{where}: rule for {r.category} names an item twice")
        for item, allowed in r.when:
            if item not in items or not set(allowed) <= items[item] or not allowed:
                raise ValueError(f"{where}: rule for {r.category} names {item}={allowed}")
    if _space_size(inst) > 200_000:
        raise ValueError(f"{where}: input space too large to check the decision table")


def check_decision_table(inst: Instrument) -> None:
    """Refuse a classifier whose rules are not disjoint and exhaustive: every combination of
    answers must match exactly one rule (raised naming the instrument and the combination)."""
    for combo in inst.combinations():
        hits = [r.category for r in inst.rules if all(combo[i] in a for i, a in r.when)]
        if len(hits) != 1:
            raise ValueError(f"declaration {inst.key}: answers {combo} match {len(hits)} rules (need exactly one)")
