"""Help text is the same when Typer's help formatter loads without Markdown and pretty tracebacks.

``spinemet.cli.app.load_help_formatter`` imports the formatter with stand-ins for the two Rich
modules SpineMet never uses (a start-up cost, see ``bench/bench_cli.py``). This checks, against
the formatter loaded with the real modules in another process, that the help of the program and
of every command and sub-command is the same text, and that the stand-ins are gone afterwards.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

# Renders the help of every command path of the app, one process per way of loading the formatter.
_RENDER = r"""
import contextlib, io, json, sys
from spinemet.cli.app import _register, app, load_help_formatter
import typer.main
_register()
if sys.argv[1] == "stand-ins":
    load_help_formatter()
else:
    import rich.markdown, rich.traceback, typer.rich_utils
group = typer.main.get_command(app)

def paths(cmd, prefix):
    yield prefix
    for name in getattr(cmd, "commands", {}):
        yield from paths(cmd.commands[name], [*prefix, name])

helps = {}
for path in paths(group, []):
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        try:
            group.main([*path, "--help"], prog_name="spinemet", standalone_mode=False)
        except SystemExit:
            pass
    helps[" ".join(path)] = out.getvalue()
helps["stand-ins left"] = [m for m in ("rich.markdown", "rich.traceback") if m in sys.modules
                           and sys.modules[m].__doc__ and "stand-in" in sys.modules[m].__doc__]
print(json.dumps(helps))
"""


def _helps(mode: str) -> dict[str, object]:
    env = {**os.environ, "COLUMNS": "100", "TERM": "dumb", "NO_COLOR": "1"}
    run = subprocess.run([sys.executable, "-c", _RENDER, mode], capture_output=True, text=True, check=True, env=env)
    result: dict[str, object] = json.loads(run.stdout)
    return result


def test_every_commands_help_is_the_same_with_the_stand_ins_as_with_the_real_rich_modules() -> None:
    light, full = _helps("stand-ins"), _helps("real")
    assert light["stand-ins left"] == []
    assert set(light) == set(full)
    assert {"", "assess", "user", "audit", "db"} <= set(light)
    for path in full:
        assert light[path] == full[path], path
    assert "Usage: spinemet assess" in str(light["assess"]) and "--format" in str(light["assess"])


def test_help_imports_neither_markdown_nor_pygments() -> None:
    code = ("import sys; sys.argv = ['spinemet', '--help']\n"
            "from spinemet.cli.app import main\n"
            "try:\n    main()\nexcept SystemExit:\n    pass\n"
            "print(' '.join(sorted(sys.modules)), file=sys.stderr)")
    loaded = set(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
                 .stderr.split())
    assert "typer.rich_utils" in loaded
    assert {"markdown_it", "pygments", "rich.markdown", "rich.traceback"} & loaded == set()
