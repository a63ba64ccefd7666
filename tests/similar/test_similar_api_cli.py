"""``GET /cases/{id}/similar`` and ``spinemet similar`` on a real store: the story case, its published
counterpart, a researcher's research ids, and bad input answered plainly (never a traceback)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient
from typer.testing import CliRunner

from spinemet.cli.app import _register, app
from spinemet.service import Role, Service, system_actor

ROOT = Path(__file__).resolve().parents[2]
STORY_FILE = ROOT / "src" / "spinemet" / "data" / "story-lung-net-t6.yaml"
_register()


def _h(creds: Any) -> dict[str, str]:
    return {"Authorization": f"Bearer {creds.token}"}


def test_api_similar_for_clinician_and_researcher(service: Service, client: TestClient) -> None:
    admin = system_actor()
    clin = service.add_user(admin, "clin-a", "clinician")
    res = service.add_user(admin, "res-a", "researcher")
    writer = system_actor(Role.clinician)
    service.seed_demo_case(writer)
    for folder in ("kaliyaperumal2019-lung-net-t6", "hadgaonkar2020-sclc-lumbar", "albarbarawi2024-rcc-conus"):
        service.import_case_text(writer, (ROOT / "src/spinemet/data/published" / folder / "case.yaml").read_text("utf-8"), "yaml")
    r = client.get("/cases/story-lung-net-t6/similar?top=2", headers=_h(clin))
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["matches"][0]["id"] == "kaliyaperumal2019-lung-net-t6" and body["searched"] == 3
    assert "same primary" in body["matches"][0]["explanation"]
    pub = client.get("/cases/story-lung-net-t6/similar?source=published&top=1", headers=_h(clin)).json()
    assert pub["matches"][0]["pmid"] == "30794152"
    # researcher: research ids only
    rid = client.get("/cases", headers=_h(res)).json()["items"][0]["id"]
    rr = client.get(f"/cases/{rid}/similar", headers=_h(res))
    assert rr.status_code == 200
    assert "kaliyaperumal2019" not in rr.text and "story-lung-net-t6" not in rr.text
    # bad input: located problems, no 500
    assert client.get("/cases/no-such-case/similar", headers=_h(clin)).status_code == 404
    bad = client.get("/cases/story-lung-net-t6/similar?top=0", headers=_h(clin))
    assert bad.status_code == 422 and "top" in bad.text
    assert client.get("/cases/story-lung-net-t6/similar?source=web", headers=_h(clin)).status_code == 422


def test_cli_similar_on_a_file_and_on_a_store(tmp_path: Path) -> None:
    runner = CliRunner()
    out = runner.invoke(app, ["similar", str(STORY_FILE), "--top", "2"])
    assert out.exit_code == 0, out.output
    assert "kaliyaperumal2019-lung-net-t6" in out.output and "PMID 30794152" in out.output
    db = f"sqlite:///{tmp_path / 's.sqlite3'}"
    assert runner.invoke(app, ["import", str(STORY_FILE), "--db", db]).exit_code == 0
    alone = runner.invoke(app, ["similar", "story-lung-net-t6", "--db", db])
    assert alone.exit_code == 0 and "no other case in the store" in alone.output
    as_json = runner.invoke(app, ["similar", "story-lung-net-t6", "--db", db, "--published", "--format", "json"])
    assert as_json.exit_code == 0 and '"source": "published"' in as_json.output
    for args, says in ((["similar", "nope", "--db", db], "nope"), (["similar", "story-lung-net-t6", "--db", db, "--top", "0"], "top"),
                       (["similar", str(tmp_path / "missing.yaml")], "no such file")):
        bad = runner.invoke(app, args)
        assert bad.exit_code != 0 and says in bad.output and "Traceback" not in bad.output, bad.output


def test_the_published_library_is_the_development_sets_case_files() -> None:
    shipped = ROOT / "src" / "spinemet" / "data" / "published"
    dev = ROOT / "tests" / "cases" / "published"
    folders = sorted(p.name for p in dev.iterdir() if (p / "case.yaml").exists())
    assert sorted(p.name for p in shipped.iterdir() if p.is_dir()) == folders
    for name in folders:
        for f in ("case.yaml", "source.yaml"):
            assert (shipped / name / f).read_bytes() == (dev / name / f).read_bytes(), f"{name}/{f}"
