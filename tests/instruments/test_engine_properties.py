"""Property tests of the engine over every declaration (hypothesis)."""

from __future__ import annotations

import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from spinemet.instruments import INSTRUMENTS, Kind, score
from spinemet.instruments.engine import possible_categories, possible_totals
from spinemet.instruments.model import Instrument

SCORES = [i for i in INSTRUMENTS.values() if i.kind is Kind.SCORE]
CLASSIFIERS = [i for i in INSTRUMENTS.values() if i.kind is Kind.CLASSIFIER]

# Declared ranges, typed from instruments.md (not read from the declarations).
EXPECTED_RANGE = {
    "sins": (0, 18), "kps": (0, 100), "ecog": (0, 5), "tokuhashi_revised": (0, 15), "tokuhashi_1990": (0, 12),
    "tomita": (2, 10), "bauer": (0, 5), "bauer_modified": (0, 4), "katagiri_new": (0, 10), "nesms": (0, 3),
    "rades_survival": (20, 45), "van_der_linden": (0, 6),
}


def test_every_score_has_its_published_range() -> None:
    assert {i.key: (i.min_total, i.max_total) for i in SCORES} == EXPECTED_RANGE


@st.composite
def completion_and_mask(draw: st.DrawFn, inst: Instrument) -> tuple[dict[str, str], dict[str, str]]:
    full = {it.key: draw(st.sampled_from(it.answer_keys)) for it in inst.items}
    known = {k: v for k, v in full.items() if draw(st.booleans())}
    return full, known


@settings(max_examples=300, deadline=None)
@given(data=st.data())
def test_score_totals_are_inside_the_declared_range_and_in_exactly_one_band(data: st.DataObject) -> None:
    inst = data.draw(st.sampled_from(SCORES))
    full, _ = data.draw(completion_and_mask(inst))
    res = score(inst, full)
    assert res.total is not None and inst.min_total <= res.total <= inst.max_total
    containing = [b.key for b in inst.bands if b.low is not None and b.high is not None and b.low <= res.total <= b.high]
    assert containing == [res.band.key if res.band else None]
    assert res.missing == ()


@settings(max_examples=400, deadline=None)
@given(data=st.data())
def test_with_unknown_items_the_true_total_lies_in_the_range_and_its_band_is_possible(data: st.DataObject) -> None:
    inst = data.draw(st.sampled_from(SCORES))
    full, known = data.draw(completion_and_mask(inst))
    partial = score(inst, known)
    truth = score(inst, full)
    assert partial.min_total is not None and partial.max_total is not None and truth.total is not None
    assert partial.min_total <= truth.total <= partial.max_total
    assert truth.band is not None and truth.band.key in partial.possible_bands
    assert set(partial.missing) == set(inst.item_keys) - set(known)
    if partial.band is not None:
        assert partial.band.key == truth.band.key


@settings(max_examples=300, deadline=None)
@given(data=st.data())
def test_classifier_category_of_any_completion_is_among_the_possible_ones(data: st.DataObject) -> None:
    inst = data.draw(st.sampled_from(CLASSIFIERS))
    full, known = data.draw(completion_and_mask(inst))
    partial = score(inst, known)
    truth = score(inst, full)
    assert truth.category is not None and truth.category in partial.possible_bands
    if partial.category is not None:
        assert partial.category == truth.category
        assert partial.missing == ()


def test_bands_partition_the_reachable_totals_without_gap_or_overlap() -> None:
    for inst in SCORES:
        ordered = sorted(inst.bands, key=lambda b: b.low or 0)
        for a, b in itertools.pairwise(ordered):
            assert a.high is not None and b.low is not None and a.high < b.low, inst.key
        for total in range(inst.min_total, inst.max_total + 1):
            hits = [b.key for b in inst.bands if b.contains(total)]
            if total in inst.reachable_totals():
                assert len(hits) == 1, (inst.key, total)
        if inst.key != "kps":  # KPS categories 0-40/50-70/80-100: only multiples of 10 exist
            assert ordered[0].low == inst.min_total and ordered[-1].high == inst.max_total
            for a, b in itertools.pairwise(ordered):
                assert a.high is not None and b.low == a.high + 1, inst.key


def test_nothing_known_spans_the_whole_range_and_every_band() -> None:
    for inst in SCORES:
        res = score(inst, {})
        assert (res.min_total, res.max_total) == (inst.min_total, inst.max_total)
        assert res.possible_bands == tuple(b.key for b in inst.bands)
        assert res.total is None and res.band is None



# The readers' cheap queries (NESMS reading modified Bauer, the NEN grade reading the WHO table)
# must agree with the engine's full result for any partly known answers.
@settings(max_examples=300, deadline=None)
@given(data=st.data())
def test_possible_totals_equal_the_range_of_the_full_evaluation(data: st.DataObject) -> None:
    inst = data.draw(st.sampled_from(SCORES))
    _, known = data.draw(completion_and_mask(inst))
    res = score(inst, known)
    assert possible_totals(inst, known) == (res.min_total, res.max_total)


@settings(max_examples=300, deadline=None)
@given(data=st.data())
def test_possible_categories_equal_the_possible_bands_of_the_full_evaluation(data: st.DataObject) -> None:
    inst = data.draw(st.sampled_from(CLASSIFIERS))
    _, known = data.draw(completion_and_mask(inst))
    assert possible_categories(inst, known) == score(inst, known).possible_bands


def test_the_answer_sets_of_an_item_of_few_answers_are_tabled_in_declared_order() -> None:
    """``Item._in_order`` (the engine's look-up for narrowed candidates) holds every non-empty set of a
    few answers, each in declared order, as sorting the candidates gives it."""
    for inst in INSTRUMENTS.values():
        for it in inst.items:
            if not it._in_order:
                assert len(it.answers) > 6
                continue
            keys = it._answer_keys
            assert len(it._in_order) == 2 ** len(keys) - 1
            for n in range(1, len(keys) + 1):
                for chosen in itertools.combinations(reversed(keys), n):
                    assert it._in_order[frozenset(chosen)] == tuple(sorted(chosen, key=keys.index))
