"""Each instrument owns how it reads a case: its declaration module holds its reader, site
groupings are tables in the declarations, the one list of primary sites is the case vocabulary's,
and a snapshot's shared facts are read once however many instruments (or candidate sites) use them."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from spinemet.case import snapshot
from spinemet.case.vocab import PrimarySite
from spinemet.instruments import INSTRUMENTS, assess_snapshot
from spinemet.instruments.declarations import katagiri, nesms, rades, tomita, van_der_linden
from spinemet.instruments.engine import Given
from spinemet.instruments.reading import Reading, merge_over_sites
from spinemet.instruments.sites import PRIMARY_SITES, groups
from spinemet.io.casefile import load_case

STORY = Path(__file__).parents[2] / "examples" / "story-lung-net-t6.yaml"


def test_every_instrument_reader_lives_in_its_own_declaration_module() -> None:
    for key, inst in INSTRUMENTS.items():
        assert inst.reader is not None, key
        declared_in = inst.reader.__module__
        assert declared_in.startswith("spinemet.instruments.declarations."), (key, declared_in)
        module = __import__(declared_in, fromlist=["_"])
        assert any(value is inst for value in vars(module).values()), (key, declared_in)


def test_primary_sites_are_the_case_vocabulary_in_its_order() -> None:
    assert PRIMARY_SITES == tuple(site.value for site in PrimarySite)


@pytest.mark.parametrize(("table", "named"), [
    (tomita.GROWTH, {"breast", "thyroid", "prostate", "kidney", "uterus", "lung_nsclc", "lung_sclc", "lung_lcnec",
                     "lung_other", "liver", "stomach", "colon", "unknown"}),
    (rades.TUMOUR_TYPE, {"breast", "prostate", "myeloma", "lymphoma", "lung_nsclc", "lung_sclc", "lung_lcnec",
                         "lung_other"}),
    (van_der_linden.PRIMARY, {"breast", "prostate", "lung_nsclc", "lung_sclc", "lung_lcnec", "lung_other"}),
])
def test_site_tables_name_exactly_the_sites_their_paper_names(table: dict[str, str], named: set[str]) -> None:
    # Tomita 2001 (growth lists), Rades 2008 (tumour types), van der Linden 2005 (primaries); a lung
    # carcinoid is not 'lung cancer' and is not named (decision lung_carcinoid_not_lung_cancer).
    assert set(table) == named


def test_katagiri_sites_it_does_not_name_are_others_with_the_decision_listed() -> None:
    # Katagiri 2014 names growth groups for listed tumours; any other site (including sites the
    # vocabulary gains later) is 'others' (moderate) and says so through the decision.
    named = set(katagiri.GROWTH) | set(katagiri.HORMONE_DEPENDENT) | set(katagiri.TARGETED_DRUG)
    for site in set(PRIMARY_SITES) - named:
        g = katagiri.katagiri_growth(site)
        assert (g.answer, g.decisions[0].key) == ("moderate", "katagiri_unlisted_site_others"), site


def test_a_site_table_refuses_a_site_in_two_rows_and_an_unknown_site() -> None:
    with pytest.raises(ValueError, match="breast is in two rows"):
        groups(("slow", ("breast",)), ("rapid", ("breast",)))
    with pytest.raises(ValueError, match="cholangio is not a primary-site key"):
        groups(("rapid", ("cholangio",)))


def test_an_uncertain_site_is_read_only_through_over_sites() -> None:
    reading = Reading(snapshot(load_case(STORY), 0))
    assert reading.sites == ("lung_carcinoid", "lung_lcnec", "lung_sclc")
    with pytest.raises(RuntimeError, match="over_sites"):
        _ = reading.site
    merged = reading.over_sites(lambda at: rades.rades_tumour_type(at.site))
    assert merged is not None and merged.answer is None and merged.candidates == ("other", "lung")


def test_merge_over_sites_keeps_agreeing_answers_and_opens_disagreeing_ones() -> None:
    same = merge_over_sites([Given("no", "a"), Given("no", "b")], "why")
    assert same == Given("no", "a")
    differ = merge_over_sites([Given("yes", "a"), Given("no", "b")], "why")
    assert differ == Given(None, "why", (), ("yes", "no"))
    assert merge_over_sites([None, None], "why") is None


def test_merge_over_sites_leaves_an_item_unknown_at_one_who_type_open_not_narrowed() -> None:
    # An unknown answer at one type allows every answer: dropping it (as before) narrowed the item
    # to the other types' answers.
    merged = merge_over_sites([Given(None, "derived from modified Bauer 1-3"), Given("no", "b"), Given("no", "c")],
                              "why")
    assert merged == Given(None, "why")
    assert merge_over_sites([None, Given("no", "b")], "why") == Given(None, "why")


def test_story_nesms_bauer_item_stays_open_because_a_carcinoid_may_reach_modified_bauer_3_per_ghori2015() -> None:
    # Ghori 2015 (NESMS): modified Bauer >= 3 scores 2. A lung carcinoid is 'not lung cancer'
    # (decision) and the story case's visceral and solitary items are unknown on day 0, so at the
    # carcinoid type modified Bauer is 1-3 and the item may be yes; at LCNEC / SCLC it is 0-2 (no).
    # The item is therefore open, and NESMS 3 stays reachable.
    case = load_case(STORY)
    day0 = nesms.read_nesms(Reading(snapshot(case, 0)))["bauer_modified_3_or_more"]
    assert (day0.answer, day0.candidates) == (None, ())
    (result,) = [r.as_dict() for r in assess_snapshot(snapshot(case, 180)) if r.as_dict()["instrument"] == "nesms"]
    assert "bauer_modified_3_or_more" in result["missing"]
    assert (result["min_total"], result["max_total"]) == (0, 3)


def _counting(monkeypatch: pytest.MonkeyPatch, owner: Any, name: str) -> list[int]:
    calls: list[int] = []
    original: Callable[..., Any] = getattr(owner, name)

    def counted(*args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        return original(*args, **kwargs)

    monkeypatch.setattr(owner, name, counted)
    return calls


def test_story_case_reads_each_site_independent_fact_once_for_three_candidate_sites(
        monkeypatch: pytest.MonkeyPatch) -> None:
    # The story case (lung NEN of unreported type) is scored over three candidate sites; before,
    # every instrument was read three times. Walking status (Rades, NESMS), the index finding
    # (SINS, ESCC, Rades) and the visceral facts are read once per snapshot now.
    snap = snapshot(load_case(STORY), 180)
    rades_walk = _counting(monkeypatch, rades, "ambulatory_item")
    nesms_walk = _counting(monkeypatch, nesms, "ambulatory_item")
    index = _counting(monkeypatch, Reading, "_index_finding")
    growth_at = tomita.tomita_growth
    tomita_growth = _counting(monkeypatch, tomita, "tomita_growth")
    results = {r.instrument: r for r in assess_snapshot(snap)}
    assert (len(rades_walk), len(nesms_walk), len(index)) == (1, 1, 1)
    # A site-only item is worked out per site key when its declaration is imported, not per case: Tomita's
    # growth is looked up, and its answer is still the merge of the growth at each candidate site.
    assert len(tomita_growth) == 0
    (growth,) = [c for c in results["tomita"].components if c.item == "primary_growth"]
    at_sites = [growth_at(site) for site in Reading(snap).sites]
    assert (growth.answer, growth.candidates) == (None, ("moderate", "rapid"))
    assert [g.answer for g in at_sites] == ["moderate", "rapid", "rapid"]


def test_a_read_without_decisions_stops_at_the_first_site_that_leaves_it_unknown() -> None:
    # The merge of an item some site leaves unknown is unknown whatever the other sites give; a read that
    # states no decisions (NESMS's 'modified Bauer >= 3') is not read at the remaining sites.
    snap = snapshot(load_case(STORY), 180)
    answers = {"lung_carcinoid": Given("no", "a"), "lung_lcnec": Given(None, "b"), "lung_sclc": Given("yes", "c")}
    for order in (("lung_carcinoid", "lung_lcnec", "lung_sclc"), ("lung_sclc", "lung_carcinoid"),
                  ("lung_lcnec", "lung_sclc"), ("lung_carcinoid", "lung_sclc")):
        reading = Reading(snap, sites=order)
        read: list[str] = []

        def at(site: str, read: list[str] = read) -> Given:
            read.append(site)
            return answers[site]

        merged = merge_over_sites([answers[site] for site in order], reading.uncertain_site_reason)
        assert reading.by_site(at, states_decisions=False) == merged == reading.by_site(answers.__getitem__)
        assert read == list(order[:order.index("lung_lcnec") + 1] if "lung_lcnec" in order else order)
