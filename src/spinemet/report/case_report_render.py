"""The CARE draft as HTML (screen and print), Markdown, or an A4 PDF (WeasyPrint, as the
tumour-board summary), with references in Vancouver style numbered in order of first mention.

In HTML every generated sentence carries its source twice: as the ``title`` of the sentence (seen on
hover) and as a numbered note (``s3``) listed under "Where each sentence comes from", so the PDF and
the Markdown keep it too.
"""

from __future__ import annotations

import base64
import datetime as dt
import html
import re
from typing import Any

from markupsafe import Markup

from spinemet.errors import NotFound
from spinemet.evidence import cite
from spinemet.report import present
from spinemet.report.board import STATIC, environment
from spinemet.report.case_report import Draft, ScoreRow, Sentence, document_sentences
from spinemet.report.case_report_spine import spine_svg

_ENV = environment()
_JOURNAL = re.compile(r"^(?P<name>.+?)\s+(?P<detail>\d+(?:\s*\([^)]*\))?(?::\S+)?)$")


def vancouver(key: str) -> str:
    """A bibliography entry in Vancouver style: 'Authors. Title. Journal. Year;vol(issue):pages.
    doi:... PMID: ...'. A key the bibliography does not hold is named as such, never dressed up."""
    try:
        ref = cite(key)
    except NotFound:
        return f"[reference '{key}' is not in SpineMet's bibliography]"
    authors = ref.authors.strip().rstrip(".")
    title = ref.title.strip().rstrip(".")
    journal = ref.journal.strip()
    match = _JOURNAL.match(journal)
    if ref.guideline and not journal:
        where = f"{ref.guideline}{' rec. ' + ref.recommendation if ref.recommendation else ''}. {ref.year}."
    elif match:
        where = f"{match['name'].rstrip('.')}. {ref.year};{match['detail'].replace(' ', '')}."
    elif journal:
        where = f"{journal.rstrip('.')}. {ref.year}."
    else:
        where = f"{ref.year}."
    ids = (f" doi:{ref.doi}." if ref.doi else "") + (f" PMID: {ref.pmid}." if ref.pmid else "")
    return f"{authors}. {title}. {where}{ids}"


def verification(key: str) -> str:
    """How far SpineMet's bibliography checked the entry: verified, secondary, unverified, derived."""
    try:
        return cite(key).status.value
    except NotFound:
        return "not in the bibliography"


def _numbering(draft: Draft) -> tuple[dict[int, int], list[tuple[int, Sentence]]]:
    sentences = document_sentences(draft.title, draft.keywords, draft.sections, draft.timeline)
    numbers: dict[int, int] = {}
    listed: list[tuple[int, Sentence]] = []
    for s in sentences:
        if id(s) not in numbers:
            numbers[id(s)] = len(listed) + 1
            listed.append((len(listed) + 1, s))
    return numbers, listed


def _context(draft: Draft, *, for_pdf: bool, course_svg: bytes | None, back: str, pdf_url: str, static: str) -> dict[str, Any]:
    numbers, listed = _numbering(draft)
    ref_no = {k: i + 1 for i, k in enumerate(draft.references)}

    def refs_of(keys: tuple[str, ...] | list[str]) -> Markup:
        nums = sorted({ref_no[k] for k in keys if k in ref_no})
        if not nums:
            return Markup("")
        return Markup(" [{}]").format(Markup(",").join(Markup('<a href="#ref-{0}">{0}</a>').format(n) for n in nums))

    def say(s: Sentence) -> Markup:
        n = numbers.get(id(s))
        note = Markup('<sup class="src"><a href="#src-{0}">s{0}</a></sup>').format(n) if n else Markup("")
        return Markup('<span class="fact" title="Source: {}">{}</span>{}{}').format(s.source, s.text, refs_of(s.refs), note)

    course = "data:image/svg+xml;base64," + base64.b64encode(course_svg).decode("ascii") if course_svg else ""
    spine = "data:image/svg+xml;base64," + base64.b64encode(spine_svg(draft.levels).encode("utf-8")).decode("ascii")
    return {"d": draft, "say": say, "score_grid": score_grid(draft), "refs_of": refs_of, "sources": listed, "vancouver": vancouver, "verification": verification,
            "reference_url": present.reference_url, "course_picture": course, "spine_picture": spine,
            "for_pdf": for_pdf, "back": back, "pdf_url": pdf_url, "ref_no": ref_no, "static": static,
            "made": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"), "css": _css()}


def score_grid(draft: Draft) -> list[tuple[str, str | None, list[ScoreRow | None]]]:
    """The decision-point scores as rows (score, its reference, one cell per decision point)."""
    names: dict[str, str | None] = {}
    for p in draft.decision_scores:
        for r in p.scores:
            names.setdefault(r.name, r.ref)
    return [(name, ref, [next((r for r in p.scores if r.name == name), None) for p in draft.decision_scores])
            for name, ref in names.items()]


def _css() -> Markup:
    return Markup((STATIC / "case_report.css").read_text(encoding="utf-8"))


def case_report_html(draft: Draft, *, for_pdf: bool = False, course_svg: bytes | None = None, back: str = "",
                     pdf_url: str = "", static: str = "") -> str:
    """The draft as one HTML page, figures inline; the style sheet inline too, unless ``static`` names
    where a server serves it (a web page under a Content-Security-Policy without inline styles)."""
    return _ENV.get_template("case_report.html").render(**_context(draft, for_pdf=for_pdf, course_svg=course_svg,
                                                                  back=back, pdf_url=pdf_url, static=static))


def case_report_pdf(draft: Draft, course_svg: bytes | None = None) -> bytes:
    """The draft as an A4 PDF (WeasyPrint), the figures embedded."""
    import logging

    from weasyprint import HTML  # type: ignore[import-untyped]

    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    pdf: Any = HTML(string=case_report_html(draft, for_pdf=True, course_svg=course_svg), base_url=str(STATIC)).write_pdf()
    return bytes(pdf)


# ------------------------------------------------------------------ Markdown

def case_report_markdown(draft: Draft) -> str:
    """The draft as Markdown: the same sections, sources as footnotes ``[^sN]``, references numbered."""
    numbers, listed = _numbering(draft)
    ref_no = {k: i + 1 for i, k in enumerate(draft.references)}

    def say(s: Sentence) -> str:
        nums = sorted({ref_no[k] for k in s.refs if k in ref_no})
        cites = f" [{','.join(map(str, nums))}]" if nums else ""
        return f"{_md(s.text)}{cites}[^s{numbers[id(s)]}]"

    out = [f"# Case-report draft (CARE): {_md(draft.title.text)}", "",
           f"*Draft generated by SpineMet from {draft.origin}, case `{draft.case_id}`, up to day {draft.day}. "
           "Every sentence names its source; nothing is invented. Days are counted from the index day; no dates.*", "",
           "**Suggested title (CARE 1):** " + say(draft.title), "",
           "**Keywords (CARE 2):** " + "; ".join(say(k) for k in draft.keywords), ""]
    for heading, head_keys in _MD_HEAD:
        out.append(f"## {heading}")
        out.extend(_md_section(draft, head_keys, say))
    out += ["## Timeline (CARE 7)", "", "| When | Event | Details | Course reading |", "|---|---|---|---|"]
    for row in draft.timeline:
        course = "<br>".join(say(c) for c in row.course)
        note = f" *(as recorded: {_md(row.as_recorded)})*" if row.as_recorded else ""
        out.append(f"| {row.when}{note} | {row.what} | {_md(row.details)} | {course} |")
    if not draft.timeline:
        out.append("| — | *no event recorded* | | |")
    out.append("")
    out.append("## Diagnostic assessment (CARE 8)")
    out.extend(_md_section(draft, ("diagnostic_methods",), say))
    out.append("### Scores at each decision point (CARE 8d)")
    for p in draft.decision_scores:
        out += ["", f"**Day {p.day}: {p.what}** (source: {p.source})", "", "| Score | Value | Band | State |", "|---|---|---|---|"]
        out += [f"| {r.name}{' [' + str(ref_no[r.ref]) + ']' if r.ref in ref_no else ''} | {r.value} | {r.band} | {r.state} |"
                for r in p.scores]
    out.append("")
    for heading, keys in _MD_TAIL:
        out.append(f"## {heading}")
        out.extend(_md_section(draft, keys, say))
    out += ["## Figures", "", "Figure 1: the course (treatments, ESCC, neurology over time) — in the HTML and PDF draft.",
            "Figure 2: spine diagram — involved " + (", ".join(draft.levels["involved"]) or "none") + "; treated "
            + (", ".join(draft.levels["treated"]) or "none") + "; instrumented " + (", ".join(draft.levels["instrumented"]) or "none") + ".", ""]
    out += ["## Left to write: CARE items the record cannot fill", ""]
    out += [f"- [ ] **{m.number} {m.name}** — {m.why}" for m in draft.missing]
    out += ["", "## References", ""]
    out += [f"{n}. {vancouver(k)} *(SpineMet: citation {verification(k)})*" for k, n in ref_no.items()]
    out += ["", f"Checklist: {draft.care.citation} doi:{draft.care.doi}", ""]
    out += [f"[^s{n}]: {_md(s.source)}" for n, s in listed]
    return "\n".join(out) + "\n"


_MD_HEAD: tuple[tuple[str, tuple[str, ...]], ...] = (("Patient information (CARE 5)", ("source", "demographics", "symptoms", "history")),
            ("Clinical findings (CARE 6)", ("clinical_findings",)))
_MD_TAIL: tuple[tuple[str, tuple[str, ...]], ...] = (("Prognostic characteristics on the last day (CARE 8d)", ("prognosis",)),
            ("Therapeutic intervention (CARE 9)", ("intervention_types", "intervention_changes")),
            ("Follow-up and outcomes (CARE 10)", ("outcomes", "followup_tests", "adverse_events")))


def _md_section(draft: Draft, keys: tuple[str, ...], say: Any) -> list[str]:
    lines = [f"- {say(s)}" for k in keys for s in draft.section(k).sentences]
    return ["", *(lines or ["- *(nothing in the record)*"]), ""]


def _md(text: str) -> str:
    return html.escape(text, quote=False).replace("|", "\\|").replace("\n", " ")


__all__ = ["case_report_html", "case_report_markdown", "case_report_pdf", "vancouver"]
