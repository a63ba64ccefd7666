"""A run registers only the command module it invokes; the table that says which module holds which
command is checked here against what each module really registers.

``spinemet.cli.app.COMMAND_MODULES`` names, for every top-level command and group, the module whose
import registers it (``spinemet assess`` then builds three Click commands instead of every one).
Each check runs in a fresh process, since the modules register on import.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from spinemet.cli.app import COMMAND_GROUPS, COMMAND_MODULES, _module_of

# Imports the command modules one by one (in the table's order) and reports, for each, the commands
# and groups it added to the app, then the names a full registration lists, in order.
_PER_MODULE = r"""
import importlib, json, sys
from spinemet.cli.app import COMMAND_MODULES, app

def names():
    return ([c.name for c in app.registered_commands], [g.name for g in app.registered_groups])

added = {}
for module in dict.fromkeys(COMMAND_MODULES.values()):
    commands, groups = names()
    importlib.import_module(f"spinemet.cli.{module}")
    after_commands, after_groups = names()
    added[module] = {"commands": after_commands[len(commands):], "groups": after_groups[len(groups):]}
print(json.dumps(added))
"""

_REGISTERED_FOR = r"""
import json, sys
from spinemet.cli.app import _register, app
_register(sys.argv[1] if len(sys.argv) > 1 else None)
print(json.dumps(sorted([c.name for c in app.registered_commands] + [g.name for g in app.registered_groups])))
"""


def _run(code: str, *args: str) -> object:
    done = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


def test_the_table_names_the_module_that_registers_each_command_and_group() -> None:
    added = _run(_PER_MODULE)
    assert isinstance(added, dict)
    seen_commands = {name: module for module, got in added.items() for name in got["commands"]}
    seen_groups = {name: module for module, got in added.items() for name in got["groups"]}
    assert {**seen_commands, **seen_groups} == COMMAND_MODULES
    assert set(seen_groups) == COMMAND_GROUPS
    assert not set(seen_commands) & set(seen_groups)


def test_assess_registers_only_the_pathway_commands_and_help_registers_all() -> None:
    assert _run(_REGISTERED_FOR, "assess") == ["assess", "evidence", "rules"]
    assert _run(_REGISTERED_FOR, "cohort") == ["cohort"]
    everything = sorted(COMMAND_MODULES)
    assert _run(_REGISTERED_FOR) == everything
    assert _run(_REGISTERED_FOR, "--help") == everything
    assert _run(_REGISTERED_FOR, "asess") == everything  # a typo: Typer's own error and suggestions


def test_a_module_with_a_lone_command_gets_every_command() -> None:
    # Typer runs a program of one command without its name: 'spinemet extract FILE' would break.
    lone = [name for name, module in COMMAND_MODULES.items()
            if list(COMMAND_MODULES.values()).count(module) == 1 and name not in COMMAND_GROUPS]
    assert set(lone) == {"extract", "migrate-file", "similar"}
    assert all(_module_of(name) is None for name in lone)
    assert _run(_REGISTERED_FOR, "extract") == sorted(COMMAND_MODULES)


_PLUGINS = r"""
import json, sys
from spinemet.cli.app import skip_pydantic_plugins
skip_pydantic_plugins()
from spinemet.io.casefile import load_case
case = load_case(sys.argv[1])
loader = sys.modules["pydantic.plugin._loader"]
print(json.dumps({"case": case.id, "stand_in": "stand-in" in (loader.__doc__ or ""),
                  "metadata_imported": "importlib.metadata" in sys.modules}))
"""


def test_brief_commands_build_validators_without_pydantics_plugin_scan() -> None:
    import inspect

    from pydantic.plugin import _schema_validator

    # pydantic takes get_plugins from its loader module when it builds a validator: the stand-in's
    source = inspect.getsource(_schema_validator.create_schema_validator)
    assert "from ._loader import get_plugins" in source
    story = str(Path(__file__).resolve().parents[2] / "examples" / "story-lung-net-t6.yaml")
    done = _run(_PLUGINS, story)
    assert done == {"case": "story-lung-net-t6", "stand_in": True, "metadata_imported": False}


def test_a_list_of_plugins_to_leave_out_keeps_pydantics_loader() -> None:
    story = str(Path(__file__).resolve().parents[2] / "examples" / "story-lung-net-t6.yaml")
    run = subprocess.run([sys.executable, "-c", _PLUGINS, story], capture_output=True, text=True, check=True,
                         env={**os.environ, "PYDANTIC_DISABLE_PLUGINS": "some_plugin"})
    assert json.loads(run.stdout)["stand_in"] is False
