"""``spinemet fhir export --bulk``: one bundle per line (FHIR bulk-data NDJSON) from case files or from
the database; a bad case stops it with a located message and leaves no partial file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from spinemet.cli import app
from spinemet.cli.app import _register
from spinemet.io.casefile import load_case
from spinemet.service import Role, Service, Settings, system_actor
from spinemet.service.fhir_import import read_bundle_data

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


@pytest.fixture(scope="module")
def runner() -> CliRunner:
    _register()
    return CliRunner()


def test_bulk_over_a_directory_writes_one_bundle_per_case_that_reads_back(runner: CliRunner, tmp_path: Path) -> None:
    files = sorted(EXAMPLES.glob("*.yaml"))
    result = runner.invoke(app, ["fhir", "export", "--bulk", str(tmp_path / "out"), "--no-scores", str(EXAMPLES)])
    assert result.exit_code == 0, result.output
    lines = (tmp_path / "out" / "Bundle.ndjson").read_text(encoding="utf-8").splitlines()
    every = sorted(p for p in EXAMPLES.rglob("*") if p.suffix in (".yaml", ".yml", ".json"))
    assert len(lines) == len(every) >= len(files)
    back = [read_bundle_data(json.loads(line))[0] for line in lines]
    assert back == [load_case(p) for p in every]


def test_a_bad_case_file_stops_the_bulk_export_with_its_message_and_no_file(runner: CliRunner, tmp_path: Path) -> None:
    bad = tmp_path / "cases" / "bad.yaml"
    bad.parent.mkdir()
    bad.write_text("id: x\nprimary: {site: lung_other}\ntimeline:\n  - {type: imaging, day: 0, findings: "
                   "[{level: T13}]}\n", encoding="utf-8")
    result = runner.invoke(app, ["fhir", "export", "--bulk", str(tmp_path / "out"), str(bad.parent)])
    assert result.exit_code == 1
    assert "timeline[0].findings[0].level" in result.stderr and "Traceback" not in result.output
    assert not (tmp_path / "out" / "Bundle.ndjson").exists()


def test_bulk_over_the_store_gives_researchers_de_identified_bundles(runner: CliRunner, tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    service = Service.open(Settings(database_url=url))
    try:
        story = load_case(EXAMPLES / "story-lung-net-t6.yaml")
        service.create_case(system_actor(Role.clinician), story.model_dump(mode="json", exclude_none=True))
    finally:
        service.close()
    result = runner.invoke(app, ["fhir", "export", "--bulk", str(tmp_path / "out"), "--store", "--researcher",
                                 "--db", url])
    assert result.exit_code == 0, result.output
    (line,) = (tmp_path / "out" / "Bundle.ndjson").read_text(encoding="utf-8").splitlines()
    assert story.id not in line and str(story.primary.histology) not in line
    assert json.loads(line)["identifier"]["value"] != story.id  # the research id


def test_bulk_over_a_store_that_does_not_exist_is_refused_and_creates_nothing(runner: CliRunner,
                                                                               tmp_path: Path) -> None:
    missing = tmp_path / "nowhere.sqlite3"
    result = runner.invoke(app, ["fhir", "export", "--bulk", str(tmp_path / "out"), "--store",
                                 "--db", f"sqlite:///{missing}"])
    assert result.exit_code == 1
    assert "--db" in result.output and f"no database at {missing}" in result.output
    assert "Traceback" not in result.output and "audit" not in result.output
    assert not missing.exists() and not (tmp_path / "out" / "Bundle.ndjson").exists()


def test_the_cycle_collector_is_paused_only_while_a_bundle_is_built(monkeypatch: pytest.MonkeyPatch) -> None:
    """Bulk export pauses the cyclic garbage collector per bundle (speed, docs/fhir.md): it runs while the
    caller holds a line, after the last one, and after a bundle that fails."""
    import gc

    from spinemet.service import fhir_export

    story = load_case(Path(__file__).resolve().parents[2] / "examples" / "story-lung-net-t6.yaml")
    assert gc.isenabled()
    seen = []
    for _line in fhir_export.ndjson_lines([story, story], scores=True):
        seen.append(gc.isenabled())
    assert seen == [True, True] and gc.isenabled()

    def broken(*_args: object) -> dict[str, object]:
        assert not gc.isenabled()  # paused while the bundle is built
        raise RuntimeError("a bundle that fails")

    monkeypatch.setattr(fhir_export, "_bundle", broken)
    with pytest.raises(RuntimeError):
        list(fhir_export.ndjson_lines([story]))
    assert gc.isenabled()
