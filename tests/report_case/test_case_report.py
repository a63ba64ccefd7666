"""The CARE case-report draft (issue 19 item 1), checked against the story case's published course
(Kaliya-Perumal et al. 2019: presentation with cord compression at T6, decompression and T3-T8
fixation at once, recurrence within one month, chemo-radiotherapy, resolution, walking with support),
against the CARE checklist (Gagnier et al. 2013) and against the bibliography."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from spinemet.cli.app import _register, app
from spinemet.evidence import BIBLIOGRAPHY
from spinemet.io.casefile import load_case
from spinemet.report.case_report import build_draft, care_checklist
from spinemet.report.case_report_render import case_report_html, case_report_markdown, case_report_pdf
from spinemet.service import case_report

ROOT = Path(__file__).resolve().parents[2]
STORY = ROOT / "src" / "spinemet" / "data" / "story-lung-net-t6.yaml"
OUT = ROOT / "test-output" / "case-report"

_register()


@pytest.fixture(scope="module")
def draft():  # type: ignore[no-untyped-def]
    return build_draft(case_report.from_case(load_case(STORY), origin="story case"))


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_the_checklist_is_care_2013_with_its_13_items_and_source() -> None:
    care = care_checklist()
    assert care.doi == "10.1186/1752-1947-7-223" and care.pmid == "24228906"
    numbers = {re.match(r"\d+", i.number).group(0) for i in care.items}  # type: ignore[union-attr]
    assert numbers == {str(n) for n in range(1, 14)}
    assert {i.key for i in care.items if i.fills == "author"} >= {"discussion", "patient_perspective", "informed_consent"}


def test_story_timeline_follows_the_published_course(draft) -> None:  # type: ignore[no-untyped-def]
    rows = draft.timeline
    by_what = [(r.when, r.what, r.details, " ".join(c.text for c in r.course)) for r in rows]
    # presentation: cord compression at T6 on day 0
    assert any(w == "day 0" and what == "Imaging" and "T6" in det and "Cord compression yes" in det for w, what, det, _ in by_what)
    # T3-T8 fixation on day 0
    surgery = [r for r in by_what if r[1] == "Surgery"]
    assert surgery and surgery[0][0] == "day 0" and "T3-T8" in surgery[0][2] and "Decompression" in surgery[0][2]
    # recurrence within a month of the operation, read by the course analysis
    recurrence = [r for r in rows for c in r.course if c.text.startswith("Early local recurrence at T6")]
    assert recurrence and 0 < int(recurrence[0].when.split()[-1]) <= 30
    # chemo-radiotherapy after the recurrence, then resolution and walking with support
    chemo = [r for r in by_what if r[1] == "Chemoradiotherapy"]
    assert chemo and int(chemo[0][0].split()[-1]) > int(recurrence[0].when.split()[-1])
    assert any("MDA CR" in r[3] and "Tumour resolved yes" in r[2] for r in by_what)
    last = by_what[-1]
    assert last[1] == "Neuro exam" and "walks with aid" in last[2]
    # the order of the table is the order of the record
    days = [int(r.when.split()[-1]) for r in rows]
    assert days == sorted(days)


def test_story_draft_has_the_care_sections_figures_and_scores(draft) -> None:  # type: ignore[no-untyped-def]
    html = case_report_html(draft, course_svg=b"<svg xmlns='http://www.w3.org/2000/svg'/>")
    for heading in ("Title", "Keywords", "Patient information", "Clinical findings", "Timeline", "Diagnostic assessment",
                    "Therapeutic intervention", "Follow-up and outcomes", "Figures", "Left to write", "References"):
        assert f"<h2>{heading}" in html, heading
    assert html.count('<img class="course"') == 1 and html.count('<img class="spine"') == 1
    assert draft.levels == {"involved": ("T6",), "treated": ("T6",), "instrumented": ("T3", "T4", "T5", "T6", "T7", "T8")}
    # the decision points are the recorded treatment days, each with the ESCC of that day
    assert [p.day for p in draft.decision_scores] == [0, 28, 30]
    for p in draft.decision_scores:
        escc = next(r for r in p.scores if "Bilsky" in r.name)
        assert "High-grade" in escc.value
    assert "recurrence" in draft.title.text.lower() and draft.title.text.endswith("a case report")


def test_every_sentence_names_its_source_on_hover_and_in_a_note(draft) -> None:  # type: ignore[no-untyped-def]
    html = case_report_html(draft)
    facts = re.findall(r'<span class="fact" title="Source: ([^"]+)">', html)
    notes = re.findall(r'<li id="src-(\d+)"', html)
    assert facts and all(f.strip() for f in facts)
    assert len(notes) == len(facts)
    for n in re.findall(r'href="#src-(\d+)"', html):
        assert n in notes


def test_references_are_numbered_in_order_of_first_mention_and_resolve(draft) -> None:  # type: ignore[no-untyped-def]
    html = case_report_html(draft)
    body = html.split("<h2>References</h2>")[0]
    cited = [int(n) for n in re.findall(r'href="#ref-(\d+)"', body)]
    first_seen = list(dict.fromkeys(cited))
    assert first_seen == list(range(1, len(draft.references) + 1))
    listed = re.findall(r'<li id="ref-(\d+)">([^<]+)', html)
    assert [int(n) for n, _ in listed] == first_seen
    for key, (_, entry) in zip(draft.references, listed, strict=True):
        ref = BIBLIOGRAPHY[key]
        assert str(ref.year) in entry and ref.title.rstrip(".")[:40] in entry
    # the story case's own source is cited first (the record was taken from it)
    assert draft.references[0] == "kaliya_perumal_2019"
    assert "Kaliya-Perumal AK" in listed[0][1] and "2019;9(1):5." in listed[0][1] and "PMID: 30794152." in listed[0][1]


def test_the_checklist_lists_what_the_record_cannot_fill(draft) -> None:  # type: ignore[no-untyped-def]
    missing = {m.number for m in draft.missing}
    # the author's items, always
    assert {"3", "4", "8b", "8c", "10c", "11", "12", "13"} <= missing
    # the story case publishes no age or sex: demographics are left to write, never filled
    assert "5a" in missing and not draft.section("demographics").sentences
    # what the record fills is not in the checklist
    assert not missing & {"1", "2", "6", "7", "9a", "9b", "10a"}


def test_nothing_is_invented_for_unknown_details(draft) -> None:  # type: ignore[no-untyped-def]
    md = case_report_markdown(draft)
    # the dose and regimen of the chemo-radiotherapy are not published: said so, never filled
    assert "Not in the record for this chemoradiotherapy: dose gy, fractions, regimen." in md
    assert " Gy" not in md
    footnotes = set(re.findall(r"^\[\^(s\d+)\]:", md, re.M))
    assert set(re.findall(r"\[\^(s\d+)\](?!:)", md)) == footnotes


def test_a_deidentified_draft_has_no_free_text_no_date_no_pseudonym(tmp_path: Path) -> None:
    data = yaml.safe_load(STORY.read_text(encoding="utf-8"))
    data["index_date"] = "2018-03-05"
    data["patient"] = {"pseudonym": "PX-4471", "age": 58}
    case = load_case_data(tmp_path, data)
    html = case_report_html(build_draft(case_report.from_case(case, identified=False)))
    assert "PX-4471" not in html and "2018-03" not in html
    assert "representative offset" not in html  # a timing note (free text)
    assert "near-total obliteration" not in html  # a finding's note (free text)
    assert "58 years old" in html  # age is not an identifier on its own; it is reported


def load_case_data(tmp_path: Path, data: dict[str, object]):  # type: ignore[no-untyped-def]
    path = tmp_path / "case.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    return load_case(path)


def test_story_pdf_pages_render_to_images(draft) -> None:  # type: ignore[no-untyped-def]
    import pypdfium2

    from spinemet.report.course_plot import course_svg
    from spinemet.service import offline

    case = load_case(STORY)
    pdf = case_report_pdf(draft, course_svg(case, offline.course(case)))
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "story.pdf").write_bytes(pdf)
    doc = pypdfium2.PdfDocument(pdf)
    text = ""
    for n in range(len(doc)):
        page = doc[n]
        page.render(scale=1.2).to_pil().save(OUT / f"story-page-{n + 1}.png")
        text += page.get_textpage().get_text_range()
    assert 2 <= len(doc) <= 12
    for words in ("Case-report draft (CARE)", "Timeline", "Fixation span: T3-T8", "Left to write", "Informed consent",
                  "Where each sentence comes from"):
        assert words in " ".join(text.split()), words


def test_command_line_writes_html_pdf_and_markdown(tmp_path: Path) -> None:
    runner = CliRunner()
    for suffix in (".html", ".md", ".pdf"):
        out = tmp_path / f"draft{suffix}"
        result = runner.invoke(app, ["report", "case-report", str(STORY), "--output", str(out)])
        assert result.exit_code == 0, result.output
        assert out.stat().st_size > 1000
    screen = runner.invoke(app, ["report", "case-report", str(STORY), "--on", "28"])
    assert screen.exit_code == 0 and "up to day 28" in screen.output and "day 90" not in screen.output


@pytest.mark.parametrize(("args", "says"), [
    (["--output", "draft.docx"], "--output"),
    (["--on", "2020-01-01"], "--on"),
    (["--on", "soon"], "--on"),
])
def test_bad_options_are_named_never_a_traceback(args: list[str], says: str) -> None:
    result = CliRunner().invoke(app, ["report", "case-report", str(STORY), *args])
    assert result.exit_code != 0 and says in result.output and "Traceback" not in result.output


def test_a_missing_file_and_a_case_with_no_events_are_answered_plainly(tmp_path: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(app, ["report", "case-report", str(tmp_path / "nope.yaml")])
    assert result.exit_code != 0 and "no such file" in result.output and "Traceback" not in result.output
    empty = tmp_path / "empty.yaml"
    empty.write_text("schema_version: 2\nid: empty-case\nprimary: {site: breast}\n", encoding="utf-8")
    result = runner.invoke(app, ["report", "case-report", str(empty)])
    assert result.exit_code == 0, result.output
    assert "no event recorded" in result.output and "Timeline" in result.output
    assert "Clinical findings" in result.output and "5a Patient information" in result.output
