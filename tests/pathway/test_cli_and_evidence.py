"""The pathway commands and the bibliography behind every rule."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from spinemet.cli.app import _register, app
from spinemet.evidence import BIBLIOGRAPHY
from spinemet.pathway import RULES
from spinemet.pathway.noms_table import all_cells

from .cases import STORY, run, standard

_register()
runner = CliRunner()


def test_every_cited_key_is_in_the_bibliography() -> None:
    keys = {k for r in RULES for k in r.sources} | {k for c in all_cells().values() for k in c.sources}
    plan = run(standard("kidney", "3", 13, deficit=True, level="T9")).plan
    keys |= {k for rec in plan.recommendations + plan.not_applicable for k in rec.citations}
    assert keys - set(BIBLIOGRAPHY) == set()


def test_every_rule_is_cited_and_has_inputs() -> None:
    assert len({r.key for r in RULES}) == len(RULES) >= 13  # one key per rule; intradural_referral added (issue 14)
    assert all(r.sources and r.inputs and r.outputs for r in RULES)


def test_assess_text_shows_instruments_plan_reasons_and_references() -> None:
    out = runner.invoke(app, ["assess", str(STORY), "--on", "28"])
    assert out.exit_code == 0, out.output
    for text in ("Instruments", "Spinal Instability Neoplastic Score", "UNVERIFIED", "Alerts",
                 "after_local_recurrence", "because:", "ref:", "needs:"):
        assert text in out.output


def test_assess_json_has_plan_and_instruments() -> None:
    out = runner.invoke(app, ["assess", str(STORY), "--on", "0", "--format", "json"])
    data = json.loads(out.output)
    assert data["day"] == 0 and data["instruments"]
    rules = [r["rule"] for r in data["plan"]["recommendations"]]
    assert rules[0] == "mscc_urgency" and "surgical_candidacy" in rules


def test_rules_and_evidence_commands() -> None:
    rules = json.loads(runner.invoke(app, ["rules", "--format", "json"]).output)
    assert {r["key"] for r in rules} >= {"noms", "reirradiation_safety"}
    ref = json.loads(runner.invoke(app, ["evidence", "sahgal_2012_reirr", "--format", "json"]).output)
    assert ref["status"] == "verified"
    assert "patchell2005" in runner.invoke(app, ["evidence"]).output
    text = runner.invoke(app, ["rules"]).output
    assert "applies to: an intradural extramedullary, intramedullary or leptomeningeal metastasis" in text
    assert text.count("applies to:") == len(rules)


def test_bad_input_is_a_message_not_a_traceback(tmp_path: Path) -> None:
    for args in (["assess", str(tmp_path / "missing.yaml")], ["assess", str(STORY), "--on", "yesterday"],
                 ["evidence", "no_such_key"]):
        out = runner.invoke(app, args)
        assert out.exit_code == 1 and "Traceback" not in out.output
