"""The tumour-board summary: one case on one day on at most two A4 pages (HTML, and PDF).

What a board needs to decide, in the order it reads: the patient and tumour line, the open alerts,
the current decisions each with its one-line reasons, the key scores with their state and how far
their values were verified, the chronology, the course figure, the open questions (facts still
needed) and the numbered references of what the summary cites. The print date, who printed it and
the case version are on every page. The web app serves it (``/web/cases/ID/summary``, and
``summary.pdf``); ``spinemet report summary CASE --output FILE.pdf`` writes it from a case file.
It renders from the service's assessment only.

The PDF is made by WeasyPrint (a maintained HTML/CSS-to-PDF library with CSS paged media: A4,
margin boxes for the page footer, page counters), so the same template prints the same way
from the web, the command line and a server without a browser.
"""

from __future__ import annotations

import base64
import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape

from spinemet.assessment import Assessment
from spinemet.report import present
from spinemet.report.labels import label

TEMPLATES = Path(__file__).parent / "templates"
STATIC = Path(__file__).parent / "static"
#: the decisions shown in full on the summary (the plan's first ones, in the plan's order)
REASONS_PER_DECISION = 1
#: a decision's own citations numbered on the summary (all of them are on the case page)
CITATIONS_PER_DECISION = 2
#: events in the summary's chronology: the last ones up to the day (a long course keeps two pages)
CHRONOLOGY_ROWS = 16


def environment(*more: Path) -> Environment:
    """A Jinja environment over the report's templates (and ``more`` folders searched first), with
    the presentation helpers; autoescaped."""
    env = Environment(loader=FileSystemLoader([*map(str, more), str(TEMPLATES)]),
                      autoescape=select_autoescape(default=True, default_for_string=True))
    env.filters.update(present.FILTERS)
    env.globals.update(present.GLOBALS)
    return env


_ENV = environment()


@dataclass(frozen=True)
class Board:
    """Who prints the summary, and where the page's links and style sheet are."""

    printed_by: str
    role: str
    identified: bool = True
    static: str = "/web/static"
    back: str = ""
    #: the course picture (SVG bytes) when the caller has it drawn already (the web keeps one per version)
    picture: bytes | None = None
    #: the picture's address for a screen page (the PDF embeds the bytes instead)
    picture_url: str = ""
    pdf_url: str = ""
    #: the full reference list's page (linked from the summary on screen)
    refs_url: str = ""
    #: the summary's page (linked from the reference list)
    summary_url: str = ""


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("spinemet")
    except PackageNotFoundError:
        return "development"


def numbered_references(a: Assessment) -> list[str]:
    """The sources the summary cites, numbered in order of first citation: the key scores, the
    alerts, then the decisions (their own citations and their reasons')."""
    keys: list[str] = []
    for r in present.key_results(a):
        if r.citation.get("key"):
            keys.append(str(r.citation["key"]))
    for alert in a.alerts:
        keys.extend(alert.citations)
    for rec in a.recommendations:
        keys.extend(why.citation for why in rec.reasons[:REASONS_PER_DECISION] if why.citation)
        keys.extend(rec.citations[:CITATIONS_PER_DECISION])
    return list(dict.fromkeys(keys))


def all_references(a: Assessment) -> list[tuple[str, list[str]]]:
    """Every source the assessment cites (instruments, decisions with their reasons and branches,
    alerts), each with what cites it. The summary's numbered references come first, in their
    numbers, so that '[3]' on the summary is entry 3 of this list; the rest follow in order of first use."""
    cited: dict[str, list[str]] = {}

    def by(key: str | None, what: str) -> None:
        if key and what not in cited.setdefault(key, []):
            cited[key].append(what)

    for r in a.instruments:
        by(r.citation.get("key"), r.name)
    for rec in a.recommendations:
        title = present.rule_title(rec.rule) or label(rec.decision_point)
        for key in rec.citations:
            by(key, title)
        for why in rec.reasons:
            by(why.citation, title)
        for branch in rec.branches:
            for key in branch.citations:
                by(key, title)
    for alert in a.alerts:
        for key in alert.citations:
            by(key, present.words(alert.title))
    first = [k for k in numbered_references(a) if k in cited]
    return [(k, cited[k]) for k in [*first, *(k for k in cited if k not in first)]]


def open_questions(a: Assessment) -> list[str]:
    """The facts still needed by the decisions, then how many items of the key scores are unknown."""
    out: list[str] = []
    for rec in a.recommendations:
        out.extend(present.words(m) for m in rec.missing)
    unknown = sum(len(r.missing) for r in present.key_results(a) if not r.not_applicable)
    if unknown:
        out.append(f"{unknown} items of the key scores (listed on the case page, each with the fact that settles it)")
    seen: dict[str, None] = {}
    for q in out:
        seen.setdefault(q[:1].upper() + q[1:], None)
    return list(seen)


def _short(name: str) -> str:
    """'Spinal Instability Neoplastic Score' -> 'SINS'-like short names where the name has them."""
    inner = name[name.find("(") + 1 : name.find(")")] if "(" in name else ""
    return inner if inner and inner.isupper() else name


def tumour_board_html(assessment: Assessment, version: int | str, board: Board, *, printed: dt.datetime | None = None,
                      for_pdf: bool = False, appendix: bool = False) -> str:
    """The summary of ``assessment`` (stored case version ``version``, or words naming where the case
    came from, e.g. 'file story.yaml') as a complete HTML page; with ``appendix``, the full reference
    list follows on its own page (after the two pages of the summary itself)."""
    refs = numbered_references(assessment)
    number = {k: i + 1 for i, k in enumerate(refs)}
    picture = ""
    if board.picture is not None:
        picture = "data:image/svg+xml;base64," + base64.b64encode(board.picture).decode("ascii")
    when = (printed or dt.datetime.now(dt.UTC)).strftime("%Y-%m-%d %H:%M UTC")
    return _ENV.get_template("board.html").render(
        case=assessment.case, a=assessment, version=version, identified=board.identified,
        printed_by=board.printed_by, role=board.role, static=board.static, back=board.back,
        refs=refs, ref_no=lambda k: number.get(k), questions=open_questions(assessment),
        reasons_per=REASONS_PER_DECISION, cites_per=CITATIONS_PER_DECISION, chron_rows=CHRONOLOGY_ROWS,
        events_upto=sum(1 for day, _ in assessment.case.ordered_events() if day <= assessment.day), picture=picture or board.picture_url, printed=when,
        spinemet_version=_version(), for_pdf=for_pdf, pdf_url=board.pdf_url, refs_url=board.refs_url,
        appendix=all_references(assessment) if appendix else None,
    )


def references_html(assessment: Assessment, version: int | str, board: Board, *, printed: dt.datetime | None = None) -> str:
    """The full numbered reference list of the case on that day as a page of its own (the summary
    and the case page link to it; the summary's numbers are kept)."""
    when = (printed or dt.datetime.now(dt.UTC)).strftime("%Y-%m-%d %H:%M UTC")
    return _ENV.get_template("references.html").render(
        case=assessment.case, a=assessment, version=version, identified=board.identified,
        printed_by=board.printed_by, role=board.role, static=board.static, back=board.back,
        printed=when, spinemet_version=_version(), appendix=all_references(assessment),
        summary_url=board.summary_url,
    )


def tumour_board_pdf(assessment: Assessment, version: int | str, board: Board, *, printed: dt.datetime | None = None,
                     appendix: bool = False) -> bytes:
    """The summary as an A4 PDF (WeasyPrint), the course figure embedded; with ``appendix``, the
    full reference list on the pages after the summary."""
    import logging

    from weasyprint import CSS, HTML  # type: ignore[import-untyped]

    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    if board.picture is None and assessment.case.timeline:
        from spinemet.report.course_plot import course_svg

        board = Board(**{**board.__dict__, "picture": course_svg(assessment.case, assessment.course)})
    html = tumour_board_html(assessment, version, board, printed=printed, for_pdf=True, appendix=appendix)
    stylesheet = CSS(filename=str(STATIC / "summary.css"))
    pdf: Any = HTML(string=html, base_url=str(STATIC)).write_pdf(stylesheets=[stylesheet])
    return bytes(pdf)
