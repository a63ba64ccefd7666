"""Commands of the clinical service: ``serve``, ``db upgrade``, ``import``, ``user …``, ``audit …``."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer

from spinemet.cli.app import app
from spinemet.cli.output import (
    DbOption,
    FormatOption,
    OutputFormat,
    console,
    emit_json,
    err_console,
    friendly_errors,
)
from spinemet.errors import ValidationFailed

if TYPE_CHECKING:
    from spinemet.service import Service
    from spinemet.service.views import Credentials

user_app = typer.Typer(help="Users, roles and API tokens (secrets are shown once and stored only as hashes).",
                       no_args_is_help=True)
db_app = typer.Typer(help="The case store's database.", no_args_is_help=True)
audit_app = typer.Typer(help="The hash-chained audit trail of every access to patient data.", no_args_is_help=True)
app.add_typer(user_app, name="user")
app.add_typer(db_app, name="db")
app.add_typer(audit_app, name="audit")


def _service(url: str | None, migrate: bool = True) -> Service:
    """The service on the database; one plain line and exit 1 when it cannot be reached."""
    from spinemet.service import Service, Settings

    with friendly_errors():
        return Service.open(Settings.from_env(url, migrate=migrate))
    raise AssertionError("unreachable")  # pragma: no cover - friendly_errors exits


@app.command("serve")
def serve_cmd(
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on (loopback by default)."),
    port: int = typer.Option(8000, "--port", min=1, max=65535, help="Port to listen on."),
    db: str | None = typer.Option(
        None, "--db", "--url", envvar="SPINEMET_DATABASE_URL",
        help="Database URL: sqlite:///PATH or postgresql+psycopg://USER@HOST/DB. Without it (and without "
             "SPINEMET_DATABASE_URL) the server runs a fresh demo database with the story case and a one-time "
             "login, deleted when the server stops.",
    ),
    web: bool = typer.Option(True, "--web/--no-web", help="Also serve the web pages (under /web/)."),
    demo: bool = typer.Option(False, "--demo", help="With --db: load the story case if it is not stored yet "
                                                     "and, on a database without users, make a one-time login."),
    workers: int = typer.Option(1, "--workers", min=1, max=64,
                                help="Server processes for the API (needs --no-web: web sessions live in one "
                                     "process). Each has its own socket (SO_REUSEPORT) and checks tokens and "
                                     "audits against the database; 2 on a two-core machine."),
) -> None:
    """Start the web app and the API (migrations applied first). OpenAPI at /openapi.json, docs at /docs.

    With no --db: a demo on a fresh SQLite database (story case loaded, one-time clinician login printed).
    """
    from spinemet.server.process import AddressUnavailable, ServeOptions, serve

    if workers > 1 and web:
        err_console.print("--workers needs --no-web (the web app keeps its sessions in one process)", markup=False)
        raise typer.Exit(2)
    with friendly_errors():
        try:
            serve(ServeOptions(host=host, port=port, database_url=db, web=web, demo=demo, workers=workers))
        except AddressUnavailable as exc:
            err_console.print(str(exc), markup=False)
            raise typer.Exit(1) from None


@db_app.command("upgrade")
def db_upgrade_cmd(url: str | None = DbOption) -> None:
    """Apply the migrations to the database (creating it if needed)."""
    from spinemet.service import Service

    with friendly_errors():
        revision = Service.upgrade_database(url)
        key = Service.audit_key_path(url)
    console.print(f"database at revision {revision}", markup=False)
    console.print(f"audit key: {key} (keep it, and a copy, apart from the database; see docs/service.md)",
                  markup=False)


@db_app.command("check")
def db_check_cmd(url: str | None = DbOption) -> None:
    """Report stored case and event ids that break the id grammar (exit 1 when any does)."""
    from spinemet.service import system_actor

    with friendly_errors():
        problems = _service(url, migrate=False).check_ids(system_actor())
    for line in problems:
        console.print(line, markup=False)
    if problems:
        err_console.print(f"{len(problems)} stored id(s) break the id grammar (see docs/service.md); they stay "
                          "readable, new ones are refused", markup=False)
        raise typer.Exit(1)
    console.print("every stored case and event id follows the id grammar", markup=False)


@app.command("import")
def import_cmd(
    files: list[Path] = typer.Argument(..., help="Case files (.yaml, .yml, .json) to store."),
    db: str | None = DbOption,
    fmt: OutputFormat = FormatOption,
    team: list[str] = typer.Option([], "--team", help="Care team(s) the cases go to (repeatable; default: "
                                                      "the team 'default')."),
) -> None:
    """Store case files in the database, each in its own transaction (an invalid file stores nothing)."""
    from spinemet.errors import Conflict, NotFound
    from spinemet.io.casefile import SUFFIXES
    from spinemet.service import Role, system_actor

    service = _service(db)
    actor = system_actor(Role.clinician)
    results: list[dict[str, object]] = []
    for path in files:
        try:
            if path.suffix.lower() not in SUFFIXES:
                raise ValidationFailed([], f"{path}: not a case file (allowed: {', '.join(SUFFIXES)})")
            text = path.read_text(encoding="utf-8")
            view = service.import_case_text(actor, text, "json" if path.suffix.lower() == ".json" else "yaml",
                                            source=str(path), teams=team or None)
            results.append({"file": str(path), "stored": True, "case_id": view.id, "version": view.version})
        except ValidationFailed as exc:
            results.append({"file": str(path), "stored": False, "error": str(exc),
                            "problems": [{"location": p.location, "message": p.message} for p in exc.problems]})
        except (Conflict, NotFound) as exc:
            results.append({"file": str(path), "stored": False, "error": str(exc)})
        except (OSError, UnicodeDecodeError) as exc:
            results.append({"file": str(path), "stored": False, "error": f"cannot be read: {exc}"})
    if fmt is OutputFormat.json:
        emit_json(results)
    else:
        for r in results:
            if r["stored"]:
                console.print(f"stored   {r['file']}  (case {r['case_id']}, version {r['version']})", markup=False)
            else:
                err_console.print(f"refused  {r['error']}", markup=False)
    if not all(r["stored"] for r in results):
        raise typer.Exit(1)


def _print_credentials(creds: Credentials, fmt: OutputFormat) -> None:
    data = creds.model_dump(exclude_none=True)
    if fmt is OutputFormat.json:
        emit_json(data)
        return
    console.print(f"user {data['user']} ({data['role']})", markup=False)
    if "password" in data:
        console.print(f"  password: {data['password']}", markup=False)
    if "token" in data:
        console.print(f"  API token (id {data.get('token_id')}): {data['token']}", markup=False)
    err_console.print("These secrets are shown once; only their hashes are stored.", markup=False)


@user_app.command("add")
def user_add_cmd(
    name: str = typer.Argument(..., help="The user's name (letters, digits, _ . @ -)."),
    role: str = typer.Option(..., "--role", help="clinician, researcher or admin."),
    db: str | None = DbOption,
    fmt: OutputFormat = FormatOption,
    team: list[str] = typer.Option([], "--team", help="Care team(s) the user joins (repeatable; the first is "
                                                      "their default; default: the team 'default')."),
) -> None:
    """Create a user and print a one-time password and API token."""
    from spinemet.service import system_actor

    with friendly_errors():
        creds = _service(db).add_user(system_actor(), name, role, teams=team or None)
    _print_credentials(creds, fmt)


@user_app.command("token")
def user_token_cmd(
    name: str = typer.Argument(...), label: str = typer.Option("api", "--label"), db: str | None = DbOption,
    fmt: OutputFormat = FormatOption,
) -> None:
    """Issue a new API token for a user (printed once)."""
    from spinemet.service import system_actor

    with friendly_errors():
        creds = _service(db).issue_token(system_actor(), name, label)
    _print_credentials(creds, fmt)


@user_app.command("password")
def user_password_cmd(name: str = typer.Argument(...), db: str | None = DbOption,
                      fmt: OutputFormat = FormatOption) -> None:
    """Set a new random password for a user (printed once)."""
    from spinemet.service import system_actor

    with friendly_errors():
        creds = _service(db).reset_password(system_actor(), name)
    _print_credentials(creds, fmt)


@user_app.command("revoke")
def user_revoke_cmd(
    name: str = typer.Argument(...),
    token_id: int | None = typer.Option(None, "--token-id", help="Revoke only this token (default: all)."),
    disable: bool = typer.Option(False, "--disable", help="Also disable the user (password login too)."),
    db: str | None = DbOption,
) -> None:
    """Revoke a user's API tokens (one with --token-id, else all)."""
    from spinemet.service import system_actor

    with friendly_errors():
        service = _service(db)
        n = service.revoke_tokens(system_actor(), name, token_id)
        if disable:
            service.set_disabled(system_actor(), name, True)
    console.print(f"revoked {n} token(s) of {name}" + (" and disabled the user" if disable else ""), markup=False)


@user_app.command("unlock")
def user_unlock_cmd(
    name: str = typer.Argument(..., help="The user name whose failed logins are cleared."),
    address: str | None = typer.Option(None, "--address", help="Also clear this client address's failed logins."),
    db: str | None = DbOption,
) -> None:
    """Lift the login delay or lock of a user name (and optionally of a client address)."""
    from spinemet.service import system_actor

    with friendly_errors():
        n = _service(db).unlock_login(system_actor(), name, address)
    console.print(f"cleared {n} failed-login counter(s) for {name}" + (f" and {address}" if address else ""),
                  markup=False)


@user_app.command("list")
def user_list_cmd(db: str | None = DbOption, fmt: OutputFormat = FormatOption) -> None:
    """Every user, with their role and tokens."""
    from spinemet.service import system_actor

    with friendly_errors():
        service = _service(db)
        users = service.list_users(system_actor())
        tokens = service.list_tokens(system_actor())
    if fmt is OutputFormat.json:
        emit_json({"users": [u.model_dump() for u in users], "tokens": [t.model_dump() for t in tokens]})
        return
    for u in users:
        active = [t for t in tokens if t.user == u.name and t.revoked_at is None]
        state = " (disabled)" if u.disabled else ""
        console.print(f"{u.name:<24} {u.role:<11} {len(active)} active token(s){state}", markup=False)


@audit_app.command("verify")
def audit_verify_cmd(
    db: str | None = DbOption, fmt: OutputFormat = FormatOption,
    anchor: Path | None = typer.Option(None, "--anchor", help="An anchor file written by `spinemet audit anchor`: "
                                                                "also detect a rewrite of every entry up to it."),
) -> None:
    """Check the sealed hash chain of the audit log; exit 1 naming the first altered or missing entry."""
    import json

    from spinemet.service import system_actor

    with friendly_errors():
        anchored = None
        if anchor is not None:
            try:
                anchored = json.loads(anchor.read_text(encoding="utf-8"))
            except (OSError, ValueError) as exc:
                raise ValidationFailed([], f"--anchor {anchor}: cannot be read as an anchor ({exc})") from None
            if not isinstance(anchored, dict):
                raise ValidationFailed([], f"--anchor {anchor}: not an anchor file")
        result = _service(db, migrate=False).verify_audit(system_actor(), anchored)
    if fmt is OutputFormat.json:
        emit_json(result.model_dump())
    elif result.ok:
        console.print(f"audit chain verifies: {result.entries} entries", markup=False)
    else:
        err_console.print(f"audit chain BROKEN at entry {result.bad_entry}: {result.reason}", markup=False)
    if not result.ok:
        raise typer.Exit(1)


@audit_app.command("anchor")
def audit_anchor_cmd(
    output: Path | None = typer.Option(None, "--output", "-o", help="Write the anchor to this file (default: print it)."),
    db: str | None = DbOption,
) -> None:
    """Export the signed head of the audit chain: keep it outside the database (another machine,
    write-once storage, a ticket); `spinemet audit verify --anchor FILE` then detects a rewrite of
    every entry up to it, even by someone holding the audit key."""
    import json

    from spinemet.service import system_actor

    with friendly_errors():
        anchor = _service(db, migrate=False).anchor_audit(system_actor())
    text = json.dumps(anchor, indent=2) + "\n"
    if output is None:
        console.print(text, markup=False, end="")
        return
    with friendly_errors():
        try:
            output.write_text(text, encoding="utf-8")
        except OSError as exc:
            raise ValidationFailed([], f"--output {output}: cannot be written ({exc.strerror})") from None
    console.print(f"anchored the audit chain at entry {anchor['seq']} in {output}", markup=False)


@audit_app.command("rotate-key")
def audit_rotate_key_cmd(db: str | None = DbOption) -> None:
    """Add a new audit key (it seals new entries; the older keys stay in the key file to verify older ones)."""
    from spinemet.service import Service

    with friendly_errors():
        described = Service.rotate_audit_key(db)
    console.print(f"audit key rotated: {described}", markup=False)


@audit_app.command("show")
def audit_show_cmd(
    case: str | None = typer.Option(None, "--case", help="Only entries about this case id."),
    limit: int | None = typer.Option(None, "--limit", min=1, help="Only the newest N entries."),
    db: str | None = DbOption,
    fmt: OutputFormat = FormatOption,
) -> None:
    """List audit entries: who, when, which case, what action, outcome."""
    from spinemet.service import system_actor

    with friendly_errors():
        entries = _service(db, migrate=False).audit_entries(system_actor(), case, limit, newest_first=limit is not None)
    if limit is not None:
        entries.reverse()
    if fmt is OutputFormat.json:
        emit_json([e.model_dump() for e in entries])
        return
    if not entries:
        console.print("no audit entries", markup=False)
    for e in entries:
        console.print(f"{e.seq:>6}  {e.at}  {e.actor:<20} {e.role:<10} {e.action:<14} {e.case_id or '-':<24} "
                      f"{e.outcome}", markup=False)

