"""Cases like this one in a team's store, through the service, on SQLite and the real PostgreSQL:
planted neighbours first, team scoping, a researcher never sees an identifier, the index follows
writes, and bad input gets a plain answer (unknown case, a case with no events, a store of one)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from similar_synth import DUPLICATES, ONE_FEATURE, planted, query_case

from spinemet.errors import InvalidValue, NotFound
from spinemet.service import Role, Service, system_actor
from spinemet.service.similar import similar_in_store, similar_published_to_stored


def _stocked(service: Service) -> dict[str, Any]:
    admin = system_actor()
    for team in ("north", "south", "solo"):
        service.create_team(admin, team)
    creds = {
        "clin_n": service.add_user(admin, "clin-n", "clinician", teams=["north"]),
        "clin_s": service.add_user(admin, "clin-s", "clinician", teams=["south"]),
        "res_n": service.add_user(admin, "res-n", "researcher", teams=["north"]),
        "clin_solo": service.add_user(admin, "clin-solo", "clinician", teams=["solo"]),
    }
    writer = system_actor(Role.clinician)
    for data in planted().values():
        service.create_case(writer, data, teams=["north"])
    service.create_case(writer, query_case("south-dup"), teams=["south"])  # a perfect match the north never sees
    service.create_case(writer, query_case("alone"), teams=["solo"])
    actors = {k: service.authenticate_password(c.user, c.password) for k, c in creds.items() if c.password}
    return actors


def test_planted_neighbours_rank_first_and_team_scoping_holds(service: Service) -> None:
    actors = _stocked(service)
    result = similar_in_store(service, actors["clin_n"], "q", top=6)
    ids = [m.id for m in result.matches]
    assert set(ids[:2]) == set(DUPLICATES) and set(ids[2:6]) == set(ONE_FEATURE)
    assert "same primary (breast)" in result.matches[0].explanation
    assert "recurred after decompression" in result.matches[0].explanation
    assert result.searched == len(planted()) - 1  # the north's cases, not the south's
    everything = similar_in_store(service, actors["clin_n"], "q", top=50)
    assert "south-dup" not in {m.id for m in everything.matches} and "alone" not in {m.id for m in everything.matches}
    with pytest.raises(NotFound):
        similar_in_store(service, actors["clin_s"], "q")  # not a case of their team
    # the operator at the command line (no team) sees the whole store
    operator = similar_in_store(service, system_actor(Role.clinician), "q", top=3)
    assert {m.id for m in operator.matches} == {"dup-1", "dup-2", "south-dup"}


def test_a_researcher_never_sees_an_identifier(service: Service) -> None:
    actors = _stocked(service)
    res = actors["res_n"]
    visible = {c.id for c in service.list_cases(res, limit=100).items}
    query = next(rid for rid in visible if similar_in_store(service, res, rid, top=1).matches[0].score == 1.0)
    result = similar_in_store(service, res, query, top=50)
    text = json.dumps(result.model_dump())
    for cid in planted():
        assert f'"{cid}"' not in text
    assert "PSN-" not in text and "Synthetic case" not in text
    assert all(m.title is None and m.id in visible for m in result.matches)


def test_the_index_follows_writes(service: Service) -> None:
    actors = _stocked(service)
    before = similar_in_store(service, actors["clin_n"], "q", top=3)
    assert "late-dup" not in {m.id for m in before.matches}
    service.create_case(system_actor(Role.clinician), query_case("late-dup"), teams=["north"])
    after = similar_in_store(service, actors["clin_n"], "q", top=3)
    assert "late-dup" in {m.id for m in after.matches}
    # an event appended to the case without recurrence: ESCC 3 again at the operated level on day 55
    # makes it a recurrence after decompression, so it now matches the query in every feature
    clin = actors["clin_n"]
    assert next(m for m in similar_in_store(service, clin, "q", top=50).matches if m.id == "one-course").score < 1.0
    regrowth = {"id": "mri3", "type": "imaging", "day": 55, "modality": "mri",
                "findings": [{"level": "T8", "escc": "3", "instrumented": True}]}
    service.append_event(clin, "one-course", regrowth, service.get_case(clin, "one-course").version)
    assert next(m for m in similar_in_store(service, clin, "q", top=50).matches if m.id == "one-course").score == 1.0


def test_a_write_computes_its_row_at_once(service: Service) -> None:
    """The written case's row is put when the write commits (the index then already holds its version),
    before any query reads the version log."""
    from spinemet.service.similar import store_index

    actors = _stocked(service)
    kept = store_index(service)
    service.create_case(system_actor(Role.clinician), query_case("fresh"), teams=["north"])
    assert kept.index.versions.get("fresh") == 1  # no query in between
    assert "fresh" in {m.id for m in similar_in_store(service, actors["clin_n"], "q", top=3).matches}


def test_bad_input_gets_plain_answers(service: Service) -> None:
    actors = _stocked(service)
    with pytest.raises(NotFound, match="no-such-case"):
        similar_in_store(service, actors["clin_n"], "no-such-case")
    with pytest.raises(InvalidValue, match="top"):
        similar_in_store(service, actors["clin_n"], "q", top=0)
    # a case with no events: matched on its primary alone, and said so
    service.create_case(system_actor(Role.clinician), {"schema_version": 2, "id": "bare", "primary": {"site": "breast"}},
                        teams=["north"])
    bare = similar_in_store(service, actors["clin_n"], "bare", top=3)
    assert bare.matches and "records little beyond its primary" in bare.note
    assert all("same primary (breast)" in m.explanation for m in bare.matches)
    # a store (as this clinician sees it) of one case: nothing to compare with, said so
    alone = similar_in_store(service, actors["clin_solo"], "alone")
    assert alone.matches == [] and alone.searched == 0 and "no other case" in alone.note
    assert alone.neighbours["cases"] == 0


def test_published_cases_like_a_stored_case_carry_their_citation(service: Service) -> None:
    service.seed_demo_case(system_actor(Role.clinician))
    result = similar_published_to_stored(service, system_actor(Role.clinician), "story-lung-net-t6", top=3)
    first = result.matches[0]
    assert first.id == "kaliyaperumal2019-lung-net-t6"  # the story case's own publication
    assert first.pmid == "30794152" and first.doi == "10.1051/bmdcn/2019090105" and "Kaliya-Perumal" in (first.citation or "")


def test_a_write_by_another_process_is_read_from_the_version_log(service: Service) -> None:
    """Another service on the same database (another worker) writes: this one's index has no row for
    it until the version log's count moves, then reads just that case."""
    from spinemet.service import Settings

    actors = _stocked(service)
    similar_in_store(service, actors["clin_n"], "q")  # the index exists
    other = Service.open(Settings(database_url=service.db.url, migrate=False))
    try:
        other.create_case(system_actor(Role.clinician), query_case("elsewhere"), teams=["north"])
    finally:
        other.close()
    assert "elsewhere" in {m.id for m in similar_in_store(service, actors["clin_n"], "q", top=3).matches}
