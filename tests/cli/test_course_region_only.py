"""``spinemet course`` on a case whose spinal treatments are recorded by region only (jmcr2012: an
intramedullary conus metastasis, decompression and radiosurgery of the conus): local control, judged
per vertebral level, has nothing to judge, and the output says so without claiming no treatment."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from spinemet.cli import app
from spinemet.cli.app import _register

CASE = next((Path(__file__).resolve().parents[1] / "cases" / "published").glob("jmcr2012-*/case.yaml"))


def test_region_only_treatments_are_not_called_no_local_treatment() -> None:
    _register()
    result = CliRunner().invoke(app, ["course", str(CASE)])
    assert result.exit_code == 0, result.output
    assert "radiotherapy" in result.output and "surgery" in result.output  # the treatments are in the record
    assert "no local treatment recorded" not in result.output
    assert "no local treatment at a recorded vertebral level" in " ".join(result.output.split())


def test_the_intramedullary_deterioration_reopens_the_intradural_referral_in_the_course_list() -> None:
    # The course's alert list applies the rules' own scope, as the plan does (Purvis 2017: the extradural MSCC
    # pathway does not apply inside the dura).
    _register()
    result = CliRunner().invoke(app, ["course", str(CASE)])
    assert result.exit_code == 0, result.output
    text = " ".join(result.output.split())
    assert "re-opens: intradural_referral" in text
    assert "re-opens: mscc_urgency" not in text
