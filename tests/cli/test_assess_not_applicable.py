"""`spinemet assess` shows an instrument outside its domain as "not applicable" with the reason, never as
a score range (issue 12 item 3: the CLI shows that state plainly). Checked on a published case with an
intramedullary metastasis only (jmcr2012: prostate carcinoma in the conus, J Med Case Rep 2012;6:139),
where SINS, ESCC and the prognostic scores derived in vertebral metastases do not apply."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from spinemet.cli import app
from spinemet.cli.app import _register

CASE = Path(__file__).resolve().parents[1] / "cases" / "published" / "jmcr2012-prostate-intramedullary-conus" / "case.yaml"


def test_an_instrument_outside_its_domain_reads_not_applicable_with_its_reason() -> None:
    _register()
    result = CliRunner().invoke(app, ["assess", str(CASE)])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    sins = next(line for line in lines if "(sins):" in line)
    assert "not applicable" in sins and "intramedullary" in sins and "SINS applies to vertebral" in sins
    tomita = next(line for line in lines if "(tomita):" in line)
    assert "not applicable" in tomita and "derived in vertebral metastases" in tomita
    # no range is printed for an instrument that does not apply
    assert "None-None" not in result.output
    # an applicable instrument keeps its answer (Frankel from "sensory loss")
    frankel = next(line for line in lines if "(frankel):" in line)
    assert "not applicable" not in frankel and "one of:" in frankel
