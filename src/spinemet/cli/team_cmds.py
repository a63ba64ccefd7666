"""Care-team commands: ``spinemet team …`` (the operator at the command line manages teams).

A case belongs to one or more teams. A clinician reads and writes the cases of their teams; a
researcher reads the de-identified cases of the teams they are granted (their membership).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import typer

from spinemet.cli.app import app
from spinemet.cli.output import DbOption, FormatOption, OutputFormat, console, emit_json, friendly_errors

if TYPE_CHECKING:
    from spinemet.service import Service

team_app = typer.Typer(help="Care teams: which clinicians and researchers reach which cases.", no_args_is_help=True)
app.add_typer(team_app, name="team")


def _service(url: str | None) -> Service:
    from spinemet.service import Service, Settings

    return Service.open(Settings.from_env(url, migrate=True))


@team_app.command("create")
def team_create_cmd(name: str = typer.Argument(..., help="The team's name (letters, digits, _ . -)."),
                    db: str | None = DbOption) -> None:
    """Create a care team (empty: add members and cases next)."""
    from spinemet.service import system_actor

    with friendly_errors():
        team = _service(db).create_team(system_actor(), name)
    console.print(f"team {team.name} created", markup=False)


@team_app.command("list")
def team_list_cmd(db: str | None = DbOption, fmt: OutputFormat = FormatOption) -> None:
    """Every team with its members and how many cases it holds."""
    from spinemet.service import system_actor

    with friendly_errors():
        teams = _service(db).list_teams(system_actor())
    if fmt is OutputFormat.json:
        emit_json([t.model_dump() for t in teams])
        return
    for t in teams:
        console.print(f"{t.name:<20} {t.cases:>5} case(s)   members: {', '.join(t.members) or '-'}", markup=False)


@team_app.command("add-member")
def team_add_member_cmd(
    team: str = typer.Argument(..., help="The team."),
    user: str = typer.Argument(..., help="The user (a clinician: reads and writes the team's cases; "
                                         "a researcher: is granted its de-identified cases)."),
    default: bool = typer.Option(False, "--default", help="Cases this user creates without naming a team go here."),
    db: str | None = DbOption,
) -> None:
    """Add a user to a team."""
    from spinemet.service import system_actor

    with friendly_errors():
        m = _service(db).add_member(system_actor(), team, user, default)
    console.print(f"{m.user} is a member of {m.team}" + (" (default team)" if m.default else ""), markup=False)


@team_app.command("remove-member")
def team_remove_member_cmd(team: str = typer.Argument(...), user: str = typer.Argument(...),
                           db: str | None = DbOption) -> None:
    """Take a user out of a team (effective on their next request)."""
    from spinemet.service import system_actor

    with friendly_errors():
        _service(db).remove_member(system_actor(), team, user)
    console.print(f"{user} is no longer a member of {team}", markup=False)


@team_app.command("add-case")
def team_add_case_cmd(team: str = typer.Argument(...), case_id: str = typer.Argument(..., help="The case id."),
                      db: str | None = DbOption) -> None:
    """Put a case in a team as well (it stays in its other teams)."""
    from spinemet.service import system_actor

    with friendly_errors():
        held = _service(db).assign_case(system_actor(), team, case_id)
    console.print(f"case {case_id} is in: {', '.join(held)}", markup=False)


@team_app.command("remove-case")
def team_remove_case_cmd(team: str = typer.Argument(...), case_id: str = typer.Argument(...),
                         db: str | None = DbOption) -> None:
    """Take a case out of a team (a case keeps at least one team)."""
    from spinemet.service import system_actor

    with friendly_errors():
        held = _service(db).unassign_case(system_actor(), team, case_id)
    console.print(f"case {case_id} is in: {', '.join(held)}", markup=False)
