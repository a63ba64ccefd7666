"""The one engine: evaluates any instrument declaration for one patient.

Unknown items do not block. For a score, the engine computes the exact set of totals that
the unknown items still allow (a small subset-sum over the declared points, after any cap),
reports its bounds as ``min_total``/``max_total``, lists the bands still reachable, and
fills ``total`` and ``band`` as soon as only one value remains — so a NESMS whose raw total
is 3 or 4 is already 3, because the source caps it at 3. For a classifier, the categories
still possible are those whose rule is consistent with what is known (the rules of a
declaration are disjoint and exhaustive, so this is exact).
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Mapping
from operator import itemgetter

from spinemet.errors import Problem, ValidationFailed
from spinemet.evidence import cite
from spinemet.frozen import dataclass, quick_init
from spinemet.instruments.constraints import InvalidAnswer
from spinemet.instruments.model import Band, BandTable, Decision, Instrument, Item
from spinemet.instruments.result import AlternativeBand, Component, Result

MISSING_TOKENS = frozenset({"", "unknown", "na", "n/a", "null", "none_given", "?"})


@quick_init  # readers build hundreds per assessment
@dataclass(frozen=True)
class Given:
    """An answer with its provenance.

    ``source`` says where it came from (``"given"``, ``"derived from level T6"``).
    ``decisions`` are implementation decisions the derivation relied on. When the answer is
    not settled but some answers are excluded, leave ``answer`` as ``None`` and list the
    answers still possible in ``candidates`` (e.g. KPS 70–80 after converting ECOG 1).
    """

    answer: str | int | float | bool | None = None
    source: str = "given"
    decisions: tuple[Decision, ...] = ()
    candidates: tuple[str, ...] = ()


AnswerInput = str | int | float | bool | None | Given


def normalise(value: object) -> str | None:
    """The text form of an input answer; ``None`` when it means 'unknown'.

    Booleans become ``yes``/``no``; whole floats lose their ``.0`` (CSV readers turn 70 into
    70.0); the tokens ``unknown``/``na``/empty mean unknown.
    """
    if value is None:
        return None
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        if value != value:  # NaN
            return None
        return str(int(value)) if value.is_integer() else str(value)
    text = str(value).strip()
    return None if text == "" else text


def is_missing_token(text: str) -> bool:
    """True for the words that mean 'unknown' (checked only when the text is not an answer key:
    'unknown' is also the primary-site key of an unknown primary)."""
    return text.strip().lower() in MISSING_TOKENS


def _resolve(inst: Instrument, item: Item, value: AnswerInput, problems: list[Problem]) -> (
    tuple[tuple[str, ...], Component | None, tuple[Decision, ...]]
):
    """Candidates (answer keys still possible), the component, and derivation decisions."""
    if value is None:
        return item.answer_keys, None, ()
    if value.__class__ is Given and value.answer.__class__ is str:
        # What readers mostly give: a settled answer spelled as its key (the general path below would
        # strip and look it up to the same answer).
        found = item._by_key.get(value.answer)
        if found is not None:
            return (found.key,), Component(item.key, found.key, found.points, value.source), value.decisions
    if isinstance(value, Given):
        answer, source, decisions, candidates = value.answer, value.source, value.decisions, value.candidates
    else:
        answer, source, decisions, candidates = value, "given", (), ()
    if answer is None:
        return _narrowed(inst, item, candidates, source, decisions, problems)
    text = normalise(answer)
    if text is None:
        return _narrowed(inst, item, candidates, source, decisions, problems)
    try:
        ans = item.answer(text)
    except KeyError:
        if is_missing_token(text):
            return item.answer_keys, None, decisions
        field = f"{inst.key}.{item.key}"
        problems.append(Problem(field, str(InvalidAnswer(field, text, item.answer_keys)).split(": ", 1)[1]))
        return item.answer_keys, None, ()
    return (ans.key,), Component(item.key, ans.key, ans.points, source), decisions


def _narrowed(inst: Instrument, item: Item, candidates: tuple[str, ...], source: str, decisions: tuple[Decision, ...],
              problems: list[Problem]) -> tuple[tuple[str, ...], Component | None, tuple[Decision, ...]]:
    """:func:`_resolve` of an item given no answer: every answer when no candidates are given, else the
    candidates named (in declared order, once each), settled when only one remains."""
    if not candidates:
        return item.answer_keys, None, decisions
    # candidates spelled as answer keys (what readers give): in declared order, once each
    found = item._in_order.get(frozenset(candidates)) if item._in_order else None
    if found is not None:
        ordered = found
    else:
        try:
            ordered = tuple(sorted(set(candidates), key=item._position.__getitem__))
        except KeyError:  # some other spelling, or not an answer: looked up (and reported) one by one
            ordered = _ordered_candidates(inst, item, candidates, problems)
    if not ordered:
        return item.answer_keys, None, decisions
    if len(ordered) == 1:
        ans = item.answer(ordered[0])
        return ordered, Component(item.key, ans.key, ans.points, source), decisions
    return ordered, Component(item.key, None, None, source, ordered), decisions


def _ordered_candidates(inst: Instrument, item: Item, candidates: tuple[str, ...], problems: list[Problem]
                        ) -> tuple[str, ...]:
    """The answer keys the candidates name (compared case-insensitively), in declared order, once each;
    a candidate that is not an answer is reported."""
    keys = []
    for cand in candidates:
        try:
            keys.append(item.answer(cand).key)
        except KeyError:
            field = f"{inst.key}.{item.key}"
            problems.append(Problem(field, str(InvalidAnswer(field, cand, item.answer_keys)).split(": ", 1)[1]))
    return tuple(sorted(set(keys), key=item._position.__getitem__))


def _raise(inst: Instrument, problems: list[Problem]) -> None:
    if len(problems) == 1:
        # One bad answer keeps its own type (callers catch InvalidValue) and its own wording: the
        # value and the allowed answers are already in the problem's message.
        err = InvalidAnswer(problems[0].location, "", ())
        err.detail = problems[0].message
        err.args = (str(problems[0]),)
        raise err
    raise ValidationFailed(problems, source=inst.key)


def _dedupe(decisions: list[Decision]) -> tuple[Decision, ...]:
    if len(decisions) < 2:
        return tuple(decisions)
    seen: dict[str, Decision] = {}
    for d in decisions:
        seen.setdefault(d.key, d)
    return tuple(seen.values())


def _citation(key: str) -> dict[str, str | None]:
    ref = cite(key)
    return {"key": ref.key, "pmid": ref.pmid, "doi": ref.doi}


_CITATIONS: dict[str, dict[str, str | None]] = {}


def _citation_of(inst: Instrument) -> dict[str, str | None]:
    """The defining source of ``inst`` as the result shows it (a fresh dict per result)."""
    key = inst.citations[0]
    found = _CITATIONS.get(key)
    if found is None:
        found = _CITATIONS[key] = _citation(key)
    return dict(found)


def _split_items(inst: Instrument, candidates: Mapping[str, tuple[str, ...]]) -> tuple[int, int, list[list[int]]]:
    """The items of a score by what is known of them: the bit mask of those that may still take any answer
    (their sums are in the declaration's tables), the points of those settled to one answer, and the points
    still possible for each item narrowed to some answers."""
    open_mask = known = 0
    narrowed: list[list[int]] = []
    for bit, item in inst._index.values():
        keys = candidates[item.key]
        if keys is item._answer_keys:
            open_mask |= bit
        elif len(keys) == 1:
            known += item._points[keys[0]]
        else:
            narrowed.append([item._points[k] for k in keys])
    return open_mask, known, narrowed


def achievable_sums(inst: Instrument, candidates: Mapping[str, tuple[str, ...]]) -> frozenset[int]:
    """Every raw sum (before any cap) some completion of the candidate answers produces.

    The items that may still take any answer are looked up together in the declaration's table
    (``Instrument._open_sums``, built once); settled items add their points to every sum, and items
    narrowed to some answers are added one by one.
    """
    open_mask, known, narrowed = _split_items(inst, candidates)
    sums = inst._open_sums[open_mask]
    if not narrowed:
        return frozenset(s + known for s in sums) if known else sums
    widened = {s + known for s in sums}
    for points in narrowed:
        widened = {s + p for s in widened for p in points}
    return frozenset(widened)


def achievable_totals(inst: Instrument, candidates: Mapping[str, tuple[str, ...]]) -> frozenset[int]:
    """Every total (after the cap) some completion of the candidate answers produces."""
    sums = achievable_sums(inst, candidates)
    if inst.total.cap is None:
        return sums
    return frozenset(inst.total.apply(s) for s in sums)


def bands_reached(bands: tuple[Band, ...], totals: frozenset[int]) -> tuple[Band, ...]:
    """The bands (in declared order) that contain at least one of ``totals``."""
    if len(totals) == 1:
        (total,) = totals
        return tuple(b for b in bands if b.contains(total))
    ordered = sorted(totals)
    reached = []
    for b in bands:
        if b.low is None or b.high is None:
            continue
        i = bisect_left(ordered, b.low)
        if i < len(ordered) and ordered[i] <= b.high:
            reached.append(b)
    return tuple(reached)


def _reach(table: BandTable, sums: int, offset: int) -> tuple[tuple[Band, ...], tuple[str, ...]]:
    """The bands of ``table`` (declared order) that hold at least one of the totals, and their keys.

    The totals are ``offset + i`` for every bit ``i`` set in ``sums`` (bit 0 is set: ``offset`` is
    the lowest total). When they are every whole number up to the highest (``sums`` is all ones), a
    band is reached when its range meets theirs -- with bands declared from the lowest totals up, the
    slice from the band of the lowest total to the band of the highest; otherwise a band is reached
    when a bit within its range is set.
    """
    hi = offset + sums.bit_length() - 1
    if sums & (sums + 1) == 0:  # every total from offset to hi
        if table.ascending:
            i, j = table.position[offset], table.position[hi] + 1
            return table.bands[i:j], table.keys[i:j]
        reached = tuple([b for b, low, high in table.ranges if low <= hi and offset <= high])
    else:
        found = []
        for b, low, high in table.ranges:
            first, last = max(low - offset, 0), high - offset
            if first <= last and sums >> first & ((1 << (last - first + 1)) - 1):
                found.append(b)
        reached = tuple(found)
    return reached, tuple([b.key for b in reached])


def _add_items(sums: int, offset: int, partial: list[list[int]], cap: int | None) -> tuple[int, int]:
    """The totals (``sums`` bits above ``offset``, as :func:`_reach` reads them) once each item of
    ``partial`` (the points still possible of an item narrowed to several answers) is added, and the
    cap applied (every total above it becomes the cap)."""
    for points in partial:
        lowest = min(points)
        offset += lowest
        widened = 0
        for p in points:
            widened |= sums << (p - lowest)
        sums = widened
    if cap is not None:
        over = cap - offset  # the bit of the cap
        if over < 0:
            return 1, cap
        if sums >> (over + 1):
            sums = (sums & ((1 << (over + 1)) - 1)) | (1 << over)
    return sums, offset


def categories_of(inst: Instrument, possible: int) -> tuple[str, ...]:
    """The categories of the ``possible`` rules (bit i: ``inst.rules[i]``, see :func:`possible_rules`), in
    the declared order of the bands."""
    return tuple([key for key, rules in inst._band_rules if possible & rules])


def not_applicable(inst: Instrument, reason: str) -> Result:
    """The result of ``inst`` for a case outside the disease it applies to: the reason, never a
    score or a range."""
    return Result(
        instrument=inst.key, name=inst.name, kind=inst.kind, total=None, min_total=None, max_total=None,
        category=None, band=None, possible_bands=(), missing=(), components=(), decisions=(),
        citation=_citation_of(inst), verification=inst.verification, not_applicable=reason,
        applies_to=inst.applies_to.disease if inst.applies_to else None,
    )


def possible_answers(inst: Instrument, answers: Mapping[str, AnswerInput]) -> dict[str, tuple[str, ...]]:
    """The answer keys still possible for each item (validated as :func:`evaluate` validates)."""
    problems: list[Problem] = []
    answered = _answered(inst, answers, problems)
    candidates = dict(inst._every_answer)  # unknown items: every answer, in declared item order
    for _, item, value in answered:
        candidates[item.key] = _candidates(inst, item, value, problems)
    if problems:
        _raise(inst, problems)
    return candidates


def _candidates(inst: Instrument, item: Item, value: AnswerInput, problems: list[Problem]) -> tuple[str, ...]:
    """The answer keys still possible for an answered item: :func:`_resolve`'s candidates, without the
    component (a settled answer spelled as its key is looked up directly, as :func:`evaluate` does)."""
    if value.__class__ is Given and value.answer.__class__ is str:
        found = item._by_key.get(value.answer)
        if found is not None:
            return (found.key,)
    return _resolve(inst, item, value, problems)[0]


def possible_totals(inst: Instrument, answers: Mapping[str, AnswerInput]) -> tuple[int, int]:
    """(lowest, highest) total a score can still reach: :func:`evaluate`'s range without the result.

    Only the answered items are read: the others are in the declaration's table of open sums."""
    problems: list[Problem] = []
    open_mask = inst._all_items  # as in evaluate: the items whose every answer is still possible
    known = 0
    partial: list[list[int]] = []
    for bit, item, value in _answered(inst, answers, problems):
        cands = _candidates(inst, item, value, problems)
        if cands is not item._answer_keys:
            open_mask ^= bit
            if len(cands) == 1:
                known += item._points[cands[0]]
            else:
                partial.append([item._points[k] for k in cands])
    if problems:
        _raise(inst, problems)
    sums, offset = _add_items(inst._open_bits[open_mask], inst._open_base[open_mask] + known, partial,
                              inst.total.cap)
    return offset, offset + sums.bit_length() - 1


def possible_categories(inst: Instrument, answers: Mapping[str, AnswerInput]) -> tuple[str, ...]:
    """The categories a classifier can still reach (declared order): :func:`evaluate`'s
    ``possible_bands`` without the result."""
    return categories_of(inst, possible_rules(inst, answers))


def possible_rules(inst: Instrument, answers: Mapping[str, AnswerInput]) -> int:
    """The rules of a classifier still possible, as a bit mask (bit i: ``inst.rules[i]``).

    The rules still possible are those that allow one of the candidate answers of every item they
    name; an item whose every answer is still possible excludes no rule (a rule allows at least one
    answer of each item it names), so only the answered items are looked up (``Instrument._rule_masks``).
    Answers to different items narrow independently: the rules still possible under two sets of answers
    to different items are those possible under each (``a & b``).
    """
    problems: list[Problem] = []
    possible = inst._all_rules  # bit i: inst.rules[i]
    masks = inst._rule_masks
    for _, item, value in _answered(inst, answers, problems):
        cands = _candidates(inst, item, value, problems)
        if cands is not item._answer_keys:
            leaves = masks[item.key]
            allowed = 0
            for key in cands:
                allowed |= leaves[key]
            possible &= allowed
    if problems:
        _raise(inst, problems)
    return possible


_BIT = itemgetter(0)  # an answered item's bit: its place in the declaration


def _answered(inst: Instrument, answers: Mapping[str, AnswerInput], problems: list[Problem]
              ) -> list[tuple[int, Item, AnswerInput]]:
    """The items given an answer (not ``None``) as (the item's bit, the item, the answer), in declared
    order; a key that is not an item is reported in ``problems``. Items not listed are unknown."""
    index = inst._index
    answered: list[tuple[int, Item, AnswerInput]] = []
    for key, value in answers.items():
        entry = index.get(key)
        if entry is None:
            problems.append(_not_an_item(inst, key))
        elif value is not None:
            answered.append((entry[0], entry[1], value))
    if len(answered) > 1:
        answered.sort(key=_BIT)
    return answered


def _not_an_item(inst: Instrument, key: str) -> Problem:
    return Problem(inst.key, f"'{key}' is not an item; allowed: {', '.join(inst.item_keys)}")


def evaluate_read(inst: Instrument, answers: Mapping[str, Given]) -> Result | None:
    """:func:`evaluate` of the items a reader read (an answer, or answers still possible); ``None`` when
    it read none. The same as evaluating ``{k: g for k, g in answers.items() if g.answer is not None or
    g.candidates}`` (what :func:`spinemet.instruments.scoring.assess_snapshot` scores), without building
    that dict: an item read as unknown (``Given(None, source)``) is left out, with its decisions."""
    problems: list[Problem] = []
    index = inst._index
    answered: list[tuple[int, Item, AnswerInput]] = []
    for key, given in answers.items():
        if given.answer is None and not given.candidates:
            continue
        entry = index.get(key)
        if entry is None:
            problems.append(_not_an_item(inst, key))
        else:
            answered.append((entry[0], entry[1], given))
    if not answered and not problems:
        return None
    if len(answered) > 1:
        answered.sort(key=_BIT)
    return _evaluate(inst, answered, problems)


def evaluate(inst: Instrument, answers: Mapping[str, AnswerInput]) -> Result:
    """Evaluate ``inst`` for one patient's ``answers`` (item key -> answer or :class:`Given`).

    Items may be missing or ``None`` (unknown). Unknown item keys and answers that the
    instrument does not define raise :class:`InvalidAnswer` (one problem) or
    :class:`ValidationFailed` (several), each naming the item and the allowed answers.
    """
    problems: list[Problem] = []
    return _evaluate(inst, _answered(inst, answers, problems), problems)


def _evaluate(inst: Instrument, answered: list[tuple[int, Item, AnswerInput]], problems: list[Problem]) -> Result:
    """:func:`evaluate` of the answered items (:func:`_answered`), with the problems found reading them."""
    components: list[Component] = []
    decisions: list[Decision] = list(inst._always)
    table = inst._band_table  # a score's bands (None: a classifier)
    score = table is not None
    narrowed: dict[str, tuple[str, ...]] = {}  # (classifiers) items known or narrowed -> the answers still possible
    open_mask = inst._all_items  # items whose every answer is still possible (bit i: items[i])
    several_mask = 0  # narrowed items with several answers still possible
    known = 0  # the points of the settled items
    partial: list[list[int]] = []  # the points still possible of each item narrowed to several answers
    for bit, item, value in answered:
        if value.__class__ is Given and value.answer.__class__ is str:
            # What readers mostly give: a settled answer spelled as its key (see _resolve).
            found = item._by_key.get(value.answer)
            if found is not None:
                open_mask ^= bit
                if score:
                    known += found.points
                else:
                    narrowed[item.key] = (found.key,)
                components.append(Component(item.key, found.key, found.points, value.source))
                if value.decisions:
                    decisions.extend(value.decisions)
                if found.decision:
                    decisions.append(inst.decision(found.decision))
                continue
        if value.__class__ is Given and value.answer is None:
            # What readers give for an item narrowed to some answers (or unknown), straight to the branch of
            # _resolve that reads it.
            cands, comp, derived = _narrowed(inst, item, value.candidates, value.source, value.decisions, problems)
        else:
            cands, comp, derived = _resolve(inst, item, value, problems)
        if cands is not item._answer_keys:
            open_mask ^= bit
            if len(cands) == 1:
                known += item._points[cands[0]]
            else:
                several_mask |= bit
                if score:  # the points still possible
                    partial.append([item._points[k] for k in cands])
            if not score:
                narrowed[item.key] = cands
        if derived:
            decisions.extend(derived)
        if comp is not None:
            components.append(comp)
            if comp.answer is not None:
                ans = item.answer(comp.answer)
                if ans.decision:
                    decisions.append(inst.decision(ans.decision))
    if problems:
        _raise(inst, problems)
    unsettled = inst._open_keys[open_mask | several_mask]
    if table is not None:
        # the sums of the unknown items, shifted by the points of the settled ones
        sums, offset = inst._open_bits[open_mask], inst._open_base[open_mask] + known
        if partial or inst.total.cap is not None:
            sums, offset = _add_items(sums, offset, partial, inst.total.cap)
        lo, hi = offset, offset + sums.bit_length() - 1
        reached, reached_keys = _reach(table, sums, offset)
        alternatives: tuple[AlternativeBand, ...] = ()
        if inst._alternative_band_tables:  # (a loop, not a generator over a zip: it costs as much as the bands)
            grouped: list[AlternativeBand] = []
            for set_key, alt_table in inst._alternative_band_tables:
                alt, alt_keys = _reach(alt_table, sums, offset)
                grouped.append(AlternativeBand(set_key, alt[0] if len(alt) == 1 else None, alt_keys))
            alternatives = tuple(grouped)
        return Result(inst.key, inst.name, inst.kind, lo if lo == hi else None, lo, hi, None,
                      reached[0] if len(reached) == 1 else None, reached_keys, unsettled, tuple(components),
                      tuple(decisions) if len(decisions) < 2 else _dedupe(decisions), _citation_of(inst),
                      inst._verification, alternatives)
    # A classifier: the rules still possible are those every known or narrowed answer leaves possible
    # (an item whose every answer is possible excludes no rule).
    possible = inst._all_rules
    masks = inst._rule_masks
    for key, cands in narrowed.items():
        leaves = masks[key]
        if len(cands) == 1:
            possible &= leaves[cands[0]]
        else:
            allowed = 0
            for answer in cands:
                allowed |= leaves[answer]
            possible &= allowed
    categories = categories_of(inst, possible)
    settled = len(categories) == 1
    if settled or not unsettled:
        missing: tuple[str, ...] = ()
    else:
        # an open item is missing when some rule still possible does not already allow all its answers
        found_missing = []
        for k in unsettled:
            cands = narrowed.get(k) or inst._items[k]._answer_keys
            for bit, rule_allows in inst._rules_naming[k]:
                if bit & possible and not rule_allows.issuperset(cands):
                    found_missing.append(k)
                    break
        missing = tuple(found_missing)
    return Result(inst.key, inst.name, inst.kind, None, None, None, categories[0] if settled else None,
                  inst._bands[categories[0]] if settled else None, categories, missing, tuple(components),
                  tuple(decisions) if len(decisions) < 2 else _dedupe(decisions), _citation_of(inst),
                  inst._verification)

