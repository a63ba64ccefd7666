"""A newcomer's first start: the story case loaded and a one-time clinician login.

``spinemet serve`` calls :func:`bootstrap_demo` on a fresh database; it prints the address of
the web pages and the login it returns. The password is random, shown once and stored only
as a hash by the service; nothing is created when the database already has users.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class FirstLogin:
    name: str
    password: str
    role: str


def bootstrap_demo(service: Any) -> FirstLogin | None:
    """Load the story case (if absent) and, on a database without users, create a one-time
    clinician login. Returns that login, or None when the database already had users."""
    from spinemet.service.base import system_actor
    from spinemet.service.roles import Role

    service.seed_demo_case(system_actor(Role.clinician))
    if service.has_users():
        return None
    name = f"clinician-{secrets.token_hex(3)}"
    creds = service.add_user(system_actor(Role.admin), name, Role.clinician.value, password=True, token=False)
    return FirstLogin(name=creds.user, password=str(creds.password), role=creds.role)


def banner(host: str, port: int, login: FirstLogin | None, prefix: str = "/web") -> str:
    """The lines ``spinemet serve`` prints."""
    lines = [f"SpineMet web app:  http://{host}:{port}{prefix}/   (API: http://{host}:{port}/docs)"]
    if login is not None:
        lines.append(f"One-time login:    user {login.name}   password {login.password}   ({login.role})")
        lines.append("                   (shown once; create further users with  spinemet user add)")
    return "\n".join(lines)
