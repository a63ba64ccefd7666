"""The tumour-board summary: one case on one day on one printable page (HTML; print to PDF).

It shows what a board needs to decide: the alerts, the state of the case, every score with its
band and what is still unknown, the plan with its reasons, and the references. The web app
serves it (``/web/cases/ID/summary``); it renders from the service's assessment only.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape

from spinemet.assessment import Assessment
from spinemet.report import present

TEMPLATES = Path(__file__).parent / "templates"


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


def tumour_board_html(assessment: Assessment, version: int, board: Board) -> str:
    """The summary of ``assessment`` (case version ``version``) as a complete HTML page."""
    return _ENV.get_template("board.html").render(
        case=assessment.case, a=assessment, version=version, identified=board.identified,
        printed_by=board.printed_by, role=board.role, static=board.static, back=board.back,
    )
