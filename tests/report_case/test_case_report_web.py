"""The case page's 'Case-report draft' button and the draft of a stored case (HTML, PDF, Markdown),
as a clinician and as a researcher (de-identified), on the real app over SQLite."""

from __future__ import annotations

import re
from pathlib import Path

from report_case_site import Site

STORY = "story-lung-net-t6"
ROOT = Path(__file__).resolve().parents[2]


def test_the_case_page_links_to_the_draft_and_the_draft_follows_the_story(site: Site) -> None:
    client = site.client("dr-doe")
    page = client.get(f"/web/cases/{STORY}")
    assert page.status_code == 200
    link = re.search(r'href="([^"]+/case-report\?day=\d+)" id="case-report-link"', page.text)
    assert link, "no case-report button on the case page"
    draft = client.get(link.group(1))
    assert draft.status_code == 200
    assert "Fixation span: T3-T8" in draft.text and "Early local recurrence at T6" in draft.text
    assert 'rel="stylesheet"' in draft.text and "<style>" not in draft.text  # the page's CSP allows no inline style
    assert "stored case version" in draft.text
    pdf = client.get(f"/web/cases/{STORY}/case-report.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    md = client.get(f"/web/cases/{STORY}/case-report.md?day=28")
    assert md.status_code == 200 and "up to day 28" in md.text and "| day 90" not in md.text


def test_a_researchers_draft_is_deidentified(site: Site) -> None:
    researcher = site.service.authenticate_password("res-roe", site.passwords["res-roe"])
    rid = site.service.list_cases(researcher).items[0].id
    assert rid != STORY
    response = site.client("res-roe").get(f"/web/cases/{rid}/case-report")
    assert response.status_code == 200
    text = response.text
    assert STORY not in text
    assert "representative offset" not in text and "near-total obliteration" not in text
    assert "Histology as recorded" not in text and "Decision as recorded" not in text
    assert "Early local recurrence at T6" in text  # what SpineMet computed from the record stays


def test_unknown_case_and_bad_day_are_plain_pages(site: Site) -> None:
    client = site.client("dr-doe")
    missing = client.get("/web/cases/no-such-case/case-report")
    assert missing.status_code == 404 and "no-such-case" in missing.text and "Traceback" not in missing.text
    bad = client.get(f"/web/cases/{STORY}/case-report.pdf?day=soon")
    assert bad.status_code == 400 and "not a day number" in bad.text


def test_the_similar_panel_for_a_researcher_shows_research_ids_only(site: Site) -> None:
    from spinemet.service import Role, system_actor

    writer = system_actor(Role.clinician)
    for name in ("kaliyaperumal2019-lung-net-t6", "hadgaonkar2020-sclc-lumbar"):
        text = (ROOT / "src/spinemet/data/published" / name / "case.yaml").read_text("utf-8")
        site.service.import_case_text(writer, text, "yaml")
    researcher = site.service.authenticate_password("res-roe", site.passwords["res-roe"])
    visible = {c.id for c in site.service.list_cases(researcher).items}
    rid = next(iter(visible))
    panel = site.client("res-roe").get(f"/web/cases/{rid}/similar-panel")
    assert panel.status_code == 200 and "In your team" in panel.text
    store_part = panel.text.split("Published cases")[0]
    linked = set(re.findall(r'href="/web/cases/([^"]+)"', store_part))
    assert linked and linked <= visible
    for case_id in ("story-lung-net-t6", "kaliyaperumal2019-lung-net-t6", "hadgaonkar2020-sclc-lumbar"):
        assert case_id not in store_part
    clinician = site.client("dr-doe").get(f"/web/cases/{STORY}/similar")
    assert clinician.status_code == 200 and "kaliyaperumal2019-lung-net-t6" in clinician.text
    assert site.client("dr-doe").get("/web/cases/nope/similar-panel").status_code == 404
    assert site.client("dr-doe").get(f"/web/cases/{STORY}/similar?top=many").status_code == 400
