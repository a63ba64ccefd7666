"""Hostile input at the command line: the 370-byte alias bomb given to ``spinemet validate`` (before:
44 s, 2.1 GB and a traceback), and ``spinemet db check`` on ids stored before the id grammar."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from _support.hostile import alias_bomb
from spinemet.cli import app
from spinemet.cli.app import _register
from spinemet.service.casework import derive, initial_rows, validate
from spinemet.store import Database, upgrade
from spinemet.store import cases as store

#: peak resident memory allowed to the validating process (Python, typer and the case model: ~100 MB)
CEILING_MB = 300


def test_validate_refuses_the_alias_bomb_plainly_within_a_memory_ceiling(tmp_path: Path) -> None:
    path = tmp_path / "bomb.yaml"
    path.write_text(alias_bomb(8))
    exe = Path(sys.executable).with_name("spinemet")
    # a small parent measures the command (a child forked from pytest itself would count pytest's pages)
    measure = ("import resource, subprocess, sys; p = subprocess.run(sys.argv[1:], capture_output=True, text=True); "
               "sys.stderr.write(p.stdout + p.stderr); "
               "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss); sys.exit(p.returncode)")
    proc = subprocess.run([sys.executable, "-c", measure, str(exe), "validate", str(path)], capture_output=True,
                          text=True, timeout=120)
    out = proc.stderr
    peak_kb = int(proc.stdout.strip())
    assert proc.returncode == 1, out
    assert "expands to more than" in out and "Traceback" not in out
    assert len(out) < 1_000
    assert peak_kb / 1024 < CEILING_MB, f"peak RSS {peak_kb / 1024:.0f} MB"


def test_db_check_reports_ids_stored_before_the_grammar(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'old.sqlite3'}"
    db = Database(url)
    upgrade(db)
    # written straight to the store, as an earlier version of SpineMet accepted them
    case = validate({"id": "ok-1", "primary": {"site": "breast"},
                     "timeline": [{"type": "performance", "day": 1, "kps": 70}]})
    with db.write() as conn:
        for case_id, event_id in (("sl/29ff", "fine-1"), ("good-1", ".."), ("good-2", "e1")):
            rows = initial_rows([{"type": "performance", "day": 1, "kps": 70, "id": event_id}])
            store.insert_case(conn, case_id, {"id": case_id, "primary": {"site": "breast"}}, rows,
                              derive(case, ()), "test", "import")
    db.dispose()
    _register()
    result = CliRunner().invoke(app, ["db", "check", "--db", url])
    assert result.exit_code == 1, result.output
    assert "case 'sl/29ff':" in result.output and "case 'good-1', event '..':" in result.output
    assert "good-2" not in result.output and "2 stored id(s)" in result.output
