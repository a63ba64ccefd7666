"""Every classifier's decision table is disjoint and exhaustive over its whole input space: each
combination of answers the declaration allows falls under exactly one rule. Checked here, once per
test run, instead of at every start of the program (``check_decision_table``)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from spinemet.instruments import INSTRUMENTS
from spinemet.instruments.model import Instrument, Kind, check_decision_table

CLASSIFIERS = [inst for inst in INSTRUMENTS.values() if inst.kind is not Kind.SCORE]


def test_the_registry_has_classifiers_with_rules_to_check() -> None:
    assert {"net_grade", "radiosensitivity"} <= {inst.key for inst in CLASSIFIERS}
    assert all(inst.rules for inst in CLASSIFIERS if inst.key in ("net_grade", "radiosensitivity"))


@pytest.mark.parametrize("inst", CLASSIFIERS, ids=lambda inst: inst.key)
def test_each_combination_of_answers_matches_exactly_one_rule(inst: Instrument) -> None:
    check_decision_table(inst)


def test_a_table_with_a_gap_is_refused_naming_the_unmatched_answers() -> None:
    net = INSTRUMENTS["net_grade"]
    with pytest.raises(ValueError, match=r"declaration net_grade: answers \{.*\} match 0 rules"):
        check_decision_table(replace(net, rules=net.rules[1:]))


def test_a_table_with_overlapping_rules_is_refused_naming_the_answers() -> None:
    net = INSTRUMENTS["net_grade"]
    with pytest.raises(ValueError, match=r"declaration net_grade: answers \{.*\} match 2 rules"):
        check_decision_table(replace(net, rules=(*net.rules, net.rules[0])))
