"""Partial knowledge narrows the answers (issue 12 item 1): each table entry against the source's
definitions, typed here by hand (Fisher 2010 SINS rows, Bilsky 2010 ESCC grades, Frankel 1969,
ISNCSCI 2011 (Kirshblum) for the AIS, Tokuhashi 2005 count rows, Ghori 2015 / Rades 2008
'ambulatory')."""

from __future__ import annotations

import pytest

from spinemet.instruments import score
from spinemet.instruments.declarations.asia import asia_from_deficits
from spinemet.instruments.declarations.escc import grades_stated
from spinemet.instruments.declarations.frankel import frankel_from_deficits
from spinemet.instruments.declarations.sins import COLLAPSE_STATED, PAIN_STATED, POSTERIOR_STATED, stated
from spinemet.instruments.declarations.tokuhashi import extraspinal_bin, vertebral_bin
from spinemet.instruments.engine import Given
from spinemet.instruments.reading import ambulatory_item, from_count_range, solitary_from_counts


def _allowed(g: Given | None) -> set[str]:
    assert g is not None
    return {str(g.answer)} if g.answer is not None else set(g.candidates)


# ------------------------------------------------------------------ deficits in words
@pytest.mark.parametrize(("word", "frankel"), [
    ("motor_complete", "AB"),       # A complete; B sensory only, motor paralysis complete
    ("motor_incomplete", "CD"),     # C motor useless, D motor useful: some motor power
    ("weakness", "CD"),
    ("paraparesis", "CD"),
    ("tetraparesis", "CD"),
    ("monoparesis", "CD"),
    ("paraplegia", "ABCD"),         # ISNCSCI: impairment OR loss, complete or incomplete
    ("tetraplegia", "ABCD"),
    ("numbness", "ABCD"),           # a neurological symptom: not E
    ("sensory_loss", "ABCD"),
    ("gait_disturbance", "ABCD"),
    ("no_deficit", "E"),
])
def test_each_deficit_word_allows_the_frankel_grades_of_frankel1969(word: str, frankel: str) -> None:
    assert _allowed(frankel_from_deficits([word])) == set(frankel)


@pytest.mark.parametrize(("word", "ais"), [
    ("motor_complete", "AB"),       # A complete; B sensory incomplete, motor complete
    ("motor_incomplete", "CD"),     # C and D: motor function preserved below the level
    ("weakness", "CD"),
    ("paraparesis", "CD"),
    ("tetraparesis", "CD"),
    ("monoparesis", "CD"),
    ("paraplegia", "ABCD"),
    ("tetraplegia", "ABCD"),
    ("numbness", "ABCD"),
    ("sensory_loss", "ABCD"),
    ("gait_disturbance", "ABCD"),
])
def test_each_deficit_word_allows_the_ais_grades_of_isncsci_2011(word: str, ais: str) -> None:
    assert _allowed(asia_from_deficits([word])) == set(ais)


def test_no_deficit_gives_no_ais_grade_because_e_needs_a_prior_deficit() -> None:
    assert asia_from_deficits(["no_deficit"]) is None


def test_several_words_allow_what_all_of_them_allow_and_contradictions_narrow_nothing() -> None:
    assert frankel_from_deficits(["paraplegia", "motor_complete"]) is not None
    assert _allowed(frankel_from_deficits(["paraplegia", "motor_complete"])) == {"A", "B"}
    contradiction = frankel_from_deficits(["no_deficit", "weakness"])
    assert contradiction is not None and contradiction.candidates == () and contradiction.answer is None
    assert "contradict" in contradiction.source


def test_motor_complete_leaves_tokuhashi_palsy_complete_0_points() -> None:
    # Frankel A-B = complete palsy (0 points) in Tokuhashi 2005 (NICE CG75 reproduction).
    grades = frankel_from_deficits(["motor_complete"])
    assert grades is not None
    res = score("frankel", {"grade": grades})
    assert res.possible_bands == ("A", "B")


# ------------------------------------------------------------------ SINS and ESCC findings
@pytest.mark.parametrize(("item", "table", "present", "answers", "points"), [
    ("collapse", COLLAPSE_STATED, True, {"at_least_50", "under_50"}, {3, 2}),
    ("collapse", COLLAPSE_STATED, False, {"none_over_50_involved", "none"}, {1, 0}),
    ("pain", PAIN_STATED, True, {"mechanical", "occasional"}, {3, 1}),
    ("pain", PAIN_STATED, False, {"none"}, {0}),
    ("posterolateral", POSTERIOR_STATED, True, {"bilateral", "unilateral"}, {3, 1}),
    ("posterolateral", POSTERIOR_STATED, False, {"none"}, {0}),
])
def test_stated_presence_allows_the_sins_rows_of_fisher2010(
        item: str, table: dict[bool, tuple[str, ...]], present: bool, answers: set[str], points: set[int]) -> None:
    given = stated(table, present, item, "detail")
    assert _allowed(given) == answers
    full = {"location": "semirigid", "pain": "none", "bone_lesion": "blastic", "alignment": "normal",
            "collapse": "none", "posterolateral": "none"}
    res = score("sins", {**full, item: given})
    assert {res.min_total, res.max_total} == {1 + p for p in points}


@pytest.mark.parametrize(("cord", "epidural", "grades"), [
    (None, True, ("1a", "1b", "1c", "2", "3")),  # epidural tumour of unknown grade: above 0
    (None, False, ("0",)),                       # grade 0 = bone-only disease
    (True, None, ("2", "3")),                    # cord compression: 2 or 3
    (False, None, ("0", "1a", "1b", "1c")),
    (False, True, ("1a", "1b", "1c")),           # epidural tumour, cord not compressed
    (True, True, ("2", "3")),
    (None, None, ("0", "1a", "1b", "1c", "2", "3")),
    (True, False, ()),                           # contradictory: nothing left
])
def test_escc_grades_allowed_by_what_was_stated_per_bilsky2010(
        cord: bool | None, epidural: bool | None, grades: tuple[str, ...]) -> None:
    assert grades_stated(cord, epidural) == grades


# ------------------------------------------------------------------ walking
@pytest.mark.parametrize(("walking", "answers"), [
    ("independent", {"yes"}),
    ("with_aid", {"yes", "no"}),                # an aid is not defined by NESMS or Rades
    ("ambulatory_unspecified", {"yes", "no"}),  # "ambulant": whether with an aid is not said
    ("limited", {"yes", "no"}),
    ("non_ambulatory", {"no"}),
])
def test_walking_as_stated_allows_the_nesms_and_rades_ambulatory_answers(walking: str, answers: set[str]) -> None:
    assert _allowed(ambulatory_item(walking)) == answers


# ------------------------------------------------------------------ counts in words
@pytest.mark.parametrize(("low", "high", "extraspinal", "vertebral"), [
    (2, None, {"one_or_two", "three_or_more"}, {"two", "three_or_more"}),  # "multiple": 2 or more
    (1, 1, {"one_or_two"}, {"one"}),                                        # "solitary"
    (3, None, {"three_or_more"}, {"three_or_more"}),
    (1, 2, {"one_or_two"}, {"one", "two"}),
])
def test_count_ranges_allow_the_tokuhashi_count_rows(
        low: int, high: int | None, extraspinal: set[str], vertebral: set[str]) -> None:
    assert _allowed(from_count_range(low, high, extraspinal_bin, "extraspinal foci")) == extraspinal
    assert _allowed(from_count_range(low, high, vertebral_bin, "involved vertebrae")) == vertebral


def test_multiple_bone_metastases_are_not_solitary_for_tomita_bauer_katagiri() -> None:
    total = from_count_range(2, None, lambda n: solitary_from_counts(0, n, yes="solitary", no="multiple"),
                             "bone metastases")
    assert total.answer == "multiple" and total.source == "derived from bone metastases (2 or more)"
    assert from_count_range(0, 0, extraspinal_bin, "extraspinal foci").answer == "none"
