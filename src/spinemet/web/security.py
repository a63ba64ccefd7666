"""Sessions and CSRF protection for the web pages.

Sessions are kept on the server (an in-process table keyed by a 256-bit random id); the
browser holds only the id, signed, in an HttpOnly, SameSite=Lax cookie (``Secure`` and the
``__Host-`` prefix when served over HTTPS). Keeping the session on the server means logout
really ends it and a disabled account loses its sessions (OWASP ASVS 5.0 v5.0.0-7.4.1,
7.4.2). Idle timeout and absolute lifetime implement automatic logoff (ASVS 7.3.1, 7.3.2;
HIPAA §164.312(a)(2)(iii)). A new session id is issued at login (no session fixation).

CSRF: every session carries a synchronizer token; every form posts it back as
``csrf_token``; a POST without the right token is refused with 403 (ASVS 3.5.1). No GET
changes state (ASVS 3.5.3).
"""

from __future__ import annotations

import hmac
import secrets
import threading
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from itsdangerous import BadSignature, Signer

if TYPE_CHECKING:
    from spinemet.service import Actor

COOKIE = "spinemet_session"
SECURE_COOKIE = "__Host-spinemet_session"
CSRF_FIELD = "csrf_token"


@dataclass
class Session:
    sid: str
    csrf: str
    created: float
    last_seen: float
    user: Actor | None = None
    flashes: list[str] = field(default_factory=list)

    def flash(self, message: str) -> None:
        self.flashes.append(message)

    def pop_flashes(self) -> list[str]:
        out, self.flashes = self.flashes, []
        return out


class SessionStore:
    """In-process session table. One server process per database (as ``spinemet serve`` runs)."""

    def __init__(self, secret: str, idle_seconds: int = 30 * 60, absolute_seconds: int = 12 * 3600) -> None:
        self._signer = Signer(secret, salt="spinemet.web.session")
        self._idle = idle_seconds
        self._absolute = absolute_seconds
        self._sessions: dict[str, Session] = {}
        self._lock = threading.Lock()

    # ---------------------------------------------------------------- cookie value
    def cookie_value(self, session: Session) -> str:
        return self._signer.sign(session.sid).decode("ascii")

    def _unsign(self, value: str) -> str | None:
        try:
            return self._signer.unsign(value).decode("ascii")
        except (BadSignature, UnicodeDecodeError, ValueError):
            return None

    # ---------------------------------------------------------------- lifecycle
    def new(self) -> Session:
        now = time.time()
        session = Session(sid=secrets.token_urlsafe(32), csrf=secrets.token_urlsafe(32), created=now, last_seen=now)
        with self._lock:
            self._expire(now)
            self._sessions[session.sid] = session
        return session

    def load(self, cookie: str | None) -> Session | None:
        """The live session named by a cookie value; None when absent, forged or expired."""
        if not cookie:
            return None
        sid = self._unsign(cookie)
        if sid is None:
            return None
        now = time.time()
        with self._lock:
            session = self._sessions.get(sid)
            if session is None:
                return None
            if now - session.last_seen > self._idle or now - session.created > self._absolute:
                del self._sessions[sid]
                return None
            session.last_seen = now
            return session

    def rotate(self, old: Session, user: Actor) -> Session:
        """A fresh session (new id and CSRF token) for a user who has just logged in."""
        self.drop(old)
        session = self.new()
        session.user = user
        return session

    def drop(self, session: Session) -> None:
        with self._lock:
            self._sessions.pop(session.sid, None)

    def drop_user(self, name: str) -> None:
        with self._lock:
            for sid in [s.sid for s in self._sessions.values() if s.user is not None and s.user.name == name]:
                del self._sessions[sid]

    def _expire(self, now: float) -> None:
        dead = [
            sid
            for sid, s in self._sessions.items()
            if now - s.last_seen > self._idle or now - s.created > self._absolute
        ]
        for sid in dead:
            del self._sessions[sid]


def csrf_ok(session: Session | None, token: object) -> bool:
    """True when ``token`` is the session's CSRF token (compared in constant time)."""
    if session is None or not isinstance(token, str) or not token:
        return False
    return hmac.compare_digest(session.csrf.encode(), token.encode())
