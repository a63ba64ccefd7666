"""Site tables (answers worked out from the primary-site key alone, at import) read as the general
per-site path reads them: the merge a table keeps for an unspecified lung neuro-endocrine neoplasm
(``SiteTable.lung_nen``) is what merging the answers at each WHO type gives for a case."""

from __future__ import annotations

import importlib
import pkgutil
import random
from pathlib import Path

import pytest

from spinemet.case import snapshot
from spinemet.instruments import declarations, registry, sites
from spinemet.instruments.declarations import (
    bauer,
    katagiri,
    net_grade,
    rades,
    tokuhashi,
    tomita,
    van_der_linden,
)
from spinemet.instruments.engine import Given, categories_of, possible_categories, possible_rules
from spinemet.instruments.reading import Reading
from spinemet.instruments.sites import (
    LUNG_NEN_SITES,
    PRIMARY_SITES,
    SiteTable,
    merge_candidate_sites,
    site_itself,
)
from spinemet.io.casefile import load_case

STORY = Path(__file__).parents[2] / "examples" / "story-lung-net-t6.yaml"

TABLES: dict[str, SiteTable] = {
    "site_itself": site_itself,
    "rades tumour type": rades._tumour_type_at,
    "van der linden primary": van_der_linden._primary_at,
    "net grade system": net_grade._system_at,
    "net grade morphology": net_grade._morphology_at,
    "tokuhashi revised primary (not a GEP NET)": tokuhashi._PRIMARY_AT,
    "katagiri growth (no other fact read)": katagiri._GROWTH_AT,
    "tomita growth": tomita._GROWTH_AT,
    **{f"bauer {item}": table for item, table in bauer._HISTOLOGY_AT.items()},
}


def _site_tables_of_the_declarations() -> set[int]:
    """Every site table the declaration modules (and ``sites``) hold, by identity: as a module name, or as a
    value of a module's table of tables (Bauer's, by item). Read from the modules, not from the collector's
    list of objects, which leaves out whatever a run has frozen (``gc.freeze``)."""
    modules = [sites] + [importlib.import_module(f"{declarations.__name__}.{m.name}")
                         for m in pkgutil.iter_modules(declarations.__path__)]
    found: set[int] = set()
    for module in modules:
        for value in vars(module).values():
            if isinstance(value, SiteTable):
                found.add(id(value))
            elif isinstance(value, dict):
                found.update(id(v) for v in value.values() if isinstance(v, SiteTable))
    return found


def test_the_tables_checked_here_are_every_site_table_of_the_declarations() -> None:
    assert registry.INSTRUMENTS  # the declarations are imported
    assert _site_tables_of_the_declarations() == {id(t) for t in TABLES.values()}


@pytest.mark.parametrize("name", sorted(TABLES))
def test_a_story_reading_gives_the_merge_of_the_answers_at_each_who_type(name: str) -> None:
    table = TABLES[name]
    reading = Reading(snapshot(load_case(STORY), 180))
    assert reading.lung_nen_of_unreported_type and reading.sites == LUNG_NEN_SITES
    general = merge_candidate_sites([table[site] for site in reading.sites], reading.uncertain_site_reason)
    assert reading.from_table(table) == general
    assert reading.by_site(table.__getitem__) == general


@pytest.mark.parametrize("name", sorted(TABLES))
def test_other_candidate_sites_are_merged_when_read(name: str) -> None:
    # Candidate sites other than the lung neuro-endocrine types (a source listing possible primaries)
    # are merged per case; the kept merge is only for the lung types, in their order.
    table = TABLES[name]
    reading = Reading(snapshot(load_case(STORY), 180))
    rng = random.Random(name)
    for _ in range(40):
        sites = tuple(rng.sample(PRIMARY_SITES, rng.randint(2, 4)))
        pinned = Reading(reading.snapshot, sites=sites)
        assert not pinned.lung_nen_of_unreported_type
        expected = merge_candidate_sites([table[site] for site in sites], pinned.uncertain_site_reason)
        assert pinned.from_table(table) == expected == pinned.by_site(table.__getitem__)
    # one site: the table's own answer (stated as the case states the site)
    for site in (*LUNG_NEN_SITES, "breast", "unknown"):
        one = Reading(reading.snapshot, sites=(site,))
        assert one.from_table(table) == one.by_site(table.__getitem__)


def test_readers_read_a_table_only_where_no_candidate_site_needs_another_fact() -> None:
    # Katagiri's growth reads hormone dependence (breast, prostate) or a targeted drug (NSCLC, other
    # lung); revised Tokuhashi's primary reads the WHO grade of a GEP NET. At any other sites the
    # table gives what reading each site with those facts gives.
    reading = Reading(snapshot(load_case(STORY), 180))
    rng = random.Random(12)
    plain = [s for s in PRIMARY_SITES if s not in katagiri._NEEDS_FACTS and s != "gep_net"]
    for _ in range(60):
        sites = tuple(rng.sample(plain, rng.randint(1, 3)))
        at = Reading(reading.snapshot, sites=sites)
        for hormone in (None, True, False):
            for targeted in (None, True, False):
                assert at.from_table(katagiri._GROWTH_AT) == at.over_sites(
                    lambda one, h=hormone, t=targeted: katagiri.katagiri_growth(one.site, h, t))
        assert at.from_table(tokuhashi._PRIMARY_AT) == at.over_sites(tokuhashi._revised_primary)
    for lung in (reading, Reading(reading.snapshot, sites=LUNG_NEN_SITES)):
        assert lung.from_table(tokuhashi._PRIMARY_AT) == lung.over_sites(tokuhashi._revised_primary)
        assert lung.from_table(katagiri._GROWTH_AT) == lung.over_sites(
            lambda one: katagiri.katagiri_growth(one.site, None, None))


def test_the_who_grade_at_a_site_is_the_sites_rules_and_the_pathologys_rules() -> None:
    # net_grade keeps, per site key, the rules its system and morphology leave possible; ANDed with the rules
    # the pathology leaves possible, they give the categories of reading every answer together.
    rng = random.Random(7)
    pathology_items = [item for item in net_grade.NET_GRADE.items if item.key not in ("system", "morphology")]
    for _ in range(200):
        pathology = {item.key: Given(rng.choice(item.answer_keys)) for item in pathology_items if rng.random() < 0.6}
        for site in PRIMARY_SITES:
            together = possible_categories(net_grade.NET_GRADE, {**net_grade._site_answers(site), **pathology})
            rules = net_grade._SITE_RULES[site] & possible_rules(net_grade.NET_GRADE, pathology)
            assert categories_of(net_grade.NET_GRADE, rules) == together, (site, pathology)
