"""``spinemet report summary``: the story case's tumour-board summary as a real A4 PDF of at most two
pages (counted by pdfium), with its chronology and course figure; a wrong output suffix is a
located one-line error."""

from __future__ import annotations

from pathlib import Path

import pypdfium2
import pytest
from typer.testing import CliRunner

from spinemet.cli import app
from spinemet.cli.app import _register

STORY = Path(__file__).resolve().parents[2] / "examples" / "story-lung-net-t6.yaml"


@pytest.fixture(autouse=True, scope="module")
def _commands() -> None:
    _register()


@pytest.mark.slow
def test_story_summary_on_day_28_is_at_most_two_a4_pages_with_chronology_and_course(tmp_path: Path) -> None:
    target = tmp_path / "board.pdf"
    result = CliRunner().invoke(app, ["report", "summary", str(STORY), "--on", "28", "--output", str(target),
                                      "--by", "dr-test"])
    assert result.exit_code == 0, result.output
    pdf = pypdfium2.PdfDocument(target.read_bytes())
    try:
        assert 1 <= len(pdf) <= 2
        text = "".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
        images = sum(1 for i in range(len(pdf)) for obj in pdf[i].get_objects(max_depth=3)
                     if obj.type in (pypdfium2.raw.FPDF_PAGEOBJ_IMAGE, pypdfium2.raw.FPDF_PAGEOBJ_PATH))
    finally:
        pdf.close()
    assert "Chronology" in text and "Course" in text and "Early local recurrence at T6" in text
    assert "Printed" in text and "dr-test" in text and "from file story-lung-net-t6.yaml" in text
    assert images > 50  # the course figure is drawn (vector paths), not only text


def test_an_output_that_is_not_pdf_or_html_is_refused_plainly(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["report", "summary", str(STORY), "--output", str(tmp_path / "x.doc")])
    assert result.exit_code == 1
    assert "--output" in result.output and ".pdf or .html" in result.output


@pytest.mark.slow
def test_appendix_adds_the_full_reference_list_after_the_summary_pages(tmp_path: Path) -> None:
    def pages_and_text(*extra: str) -> tuple[int, str]:
        target = tmp_path / f"board{len(extra)}.pdf"
        result = CliRunner().invoke(app, ["report", "summary", str(STORY), "--on", "28", "--output", str(target),
                                          "--by", "dr-test", *extra])
        assert result.exit_code == 0, result.output
        pdf = pypdfium2.PdfDocument(target.read_bytes())
        try:
            return len(pdf), "".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
        finally:
            pdf.close()

    plain_pages, plain = pages_and_text()
    with_pages, text = pages_and_text("--appendix")
    assert with_pages > plain_pages
    # the appendix gives each source in full with what cites it, e.g. the Tomita score's 2001 paper
    assert "Cited by" in text and "Cited by" not in plain
    assert "Tomita K, Kawahara N" in text and "Cited by Tomita score" in text
