"""Use cases on people: users, roles, passwords and API tokens, and authentication."""

from __future__ import annotations

import functools
import re

from sqlalchemy.engine import Connection

from spinemet.errors import Problem, ValidationFailed
from spinemet.service import secrets, throttle
from spinemet.service.base import AuditNote, LoginThrottled, NotAuthenticated, ServiceBase
from spinemet.service.roles import ROLES, Actor, Role
from spinemet.service.teams import check_team_name, join_teams
from spinemet.service.views import Credentials, TokenView, UserView
from spinemet.store import audit as audit_store
from spinemet.store import lookups
from spinemet.store import throttle as throttle_store
from spinemet.store import users as store
from spinemet.store.tables import DEFAULT_TEAM

_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.@-]{0,99}$")
ANONYMOUS = "anonymous"


def _check_name(name: str) -> str:
    if not isinstance(name, str) or not _NAME.match(name):
        raise ValidationFailed([Problem("name", f"{name!r} is not allowed; allowed: 1-100 letters, digits, "
                                                "'_', '.', '@', '-', starting with a letter or digit")])
    return name


def _role(role: str | Role) -> Role:
    try:
        return Role(role)
    except ValueError:
        raise ValidationFailed([Problem("role", f"'{role}' is not allowed; allowed: {', '.join(ROLES)}")]) from None


def _user_view(u: store.UserRow) -> UserView:
    return UserView(name=u.name, role=u.role, created_at=u.created_at, disabled=u.disabled,
                    has_password=u.password_hash is not None)


def _token_view(t: store.TokenRow) -> TokenView:
    return TokenView(id=t.id, user=t.user_name, label=t.label, created_at=t.created_at, revoked_at=t.revoked_at)


class PeopleUseCases(ServiceBase):
    def add_user(self, actor: Actor, name: str, role: str | Role, *, password: bool = True,
                 token: bool = True, teams: list[str] | None = None) -> Credentials:
        """Create a user; the password and the token are returned once and stored only as hashes.
        A clinician or researcher joins the care ``teams`` named (the first is their default), else
        the team ``default``."""
        _check_name(name)
        the_role = _role(role)
        for team in teams or ():
            check_team_name(team, "team")

        def body(conn: Connection, note: AuditNote) -> Credentials:
            note.detail.update({"user": name, "role": the_role.value})
            plain = secrets.new_password() if password else None
            user = store.add_user(conn, name, the_role.value, secrets.hash_password(plain) if plain else None)
            creds = Credentials(user=name, role=the_role.value, password=plain)
            if the_role is not Role.admin:
                join_teams(conn, user.id, teams)
                note.detail["teams"] = teams or [DEFAULT_TEAM]
            if token:
                plain_token = secrets.new_token()
                creds.token = plain_token
                creds.token_id = store.add_token(conn, user.id, secrets.token_hash(plain_token), "initial")
            return creds

        return self._run(actor, "user.add", body, write=True, permission="user.manage")

    def issue_token(self, actor: Actor, name: str, label: str = "api") -> Credentials:
        def body(conn: Connection, note: AuditNote) -> Credentials:
            user = store.get_user(conn, name)
            plain = secrets.new_token()
            token_id = store.add_token(conn, user.id, secrets.token_hash(plain), label)
            note.detail.update({"user": name, "token_id": token_id})
            return Credentials(user=name, role=user.role, token=plain, token_id=token_id)

        return self._run(actor, "token.issue", body, write=True, permission="user.manage")

    def reset_password(self, actor: Actor, name: str, password: str | None = None) -> Credentials:
        """Set a new password (random unless given); returned once."""
        if password is not None and len(password) < 12:
            raise ValidationFailed([Problem("password", "too short; allowed: at least 12 characters")])

        def body(conn: Connection, note: AuditNote) -> Credentials:
            user = store.get_user(conn, name)
            plain = password or secrets.new_password()
            store.set_password(conn, user.id, secrets.hash_password(plain))
            note.detail["user"] = name
            return Credentials(user=name, role=user.role, password=plain)

        return self._run(actor, "user.password", body, write=True, permission="user.manage")

    def revoke_tokens(self, actor: Actor, name: str, token_id: int | None = None) -> int:
        """Revoke one token of a user, or all of them; return how many were revoked."""

        def body(conn: Connection, note: AuditNote) -> int:
            user = store.get_user(conn, name)
            n = store.revoke_tokens(conn, user.id, token_id)
            if token_id is not None and n == 0:
                from spinemet.errors import NotFound

                raise NotFound(f"user '{name}' has no active token {token_id}")
            note.detail.update({"user": name, "token_id": token_id, "revoked": n})
            return n

        return self._run(actor, "token.revoke", body, write=True, permission="user.manage")

    def set_disabled(self, actor: Actor, name: str, disabled: bool = True) -> UserView:
        """Disable (or re-enable) a user: a disabled user's tokens and password stop working."""

        def body(conn: Connection, note: AuditNote) -> UserView:
            user = store.get_user(conn, name)
            store.set_disabled(conn, user.id, disabled)
            note.detail.update({"user": name, "disabled": disabled})
            return _user_view(store.get_user(conn, name))

        return self._run(actor, "user.disable", body, write=True, permission="user.manage")

    def list_users(self, actor: Actor) -> list[UserView]:
        return self._run(actor, "user.list", lambda conn, note: [_user_view(u) for u in store.list_users(conn)],
                         write=False, permission="user.manage")

    def list_tokens(self, actor: Actor, name: str | None = None) -> list[TokenView]:
        return self._run(actor, "token.list",
                         lambda conn, note: [_token_view(t) for t in store.list_tokens(conn, name)],
                         write=False, permission="user.manage")

    def has_users(self) -> bool:
        with self.db.read() as conn:
            return bool(store.list_users(conn))

    # ---------------------------------------------------------------- authentication
    def _auth_failed(self, action: str, who: str, why: str) -> None:
        self._audit.append(audit_store.NewEntry.of(who[:100] or ANONYMOUS, "none", action, None, "unauthenticated",
                                                   {"why": why}))

    def authenticate_token(self, token: str | None) -> Actor:
        """The user owning this bearer token; :class:`NotAuthenticated` if missing, unknown or revoked."""
        if not token:
            raise NotAuthenticated("a bearer token is required (Authorization: Bearer <token>)")
        digest = secrets.token_hash(token)

        def lookup() -> lookups.TokenOwner | None:
            with self.db.driver() as raw:
                return lookups.token_owner(raw, digest)

        owner = self.db.retrying(lookup)
        if owner is None:
            self._auth_failed("auth.token", ANONYMOUS, "unknown, revoked or disabled token")
            raise NotAuthenticated("the token is not valid (unknown, revoked, or its user is disabled)")
        return Actor(name=owner.name, role=Role(owner.role), user_id=owner.user_id, token_id=owner.token_id)

    def session_actor(self, name: str) -> Actor:
        """The user of a web session, checked again now (on every request): :class:`NotAuthenticated`
        when the user no longer exists or is disabled, so a disabled account loses its sessions at once.

        A refusal is audited (once per session: the web ends the session); success is not (no data read).
        """
        with self.db.read() as conn:
            user = store.find_user(conn, name) if isinstance(name, str) else None
        if user is None or user.disabled:
            self._auth_failed("auth.session", name if user is not None else ANONYMOUS,
                              "session of an unknown or disabled user")
            raise NotAuthenticated("the session's user is unknown or disabled; log in again")
        return Actor(name=user.name, role=Role(user.role), user_id=user.id)

    def authenticate_password(self, name: str, password: str, client: str | None = None) -> Actor:
        """The user with this name and password (the web login), throttled per user name and per
        client address (:mod:`spinemet.service.throttle`): :class:`LoginThrottled` while a key must
        wait or is locked, :class:`NotAuthenticated` for a wrong name or password. Every attempt
        costs one scrypt, whether the name exists or not; failures and refusals are audited."""
        keys = [throttle.name_key(name if isinstance(name, str) else "")]
        if client:
            keys.append(throttle.address_key(client))
        now = self.clock()
        counters = self._read(lambda conn: throttle_store.get(conn, keys))
        wait = max(throttle.wait_seconds(self.login_policy, counters.get(k), now) for k in keys)
        user = None
        if wait <= 0 and isinstance(name, str) and _NAME.match(name):
            user = self._read(lambda conn: store.find_user(conn, name))
        usable = user is not None and not user.disabled and user.password_hash is not None
        # the same work whatever the name: scrypt against the user's hash or a dummy one
        matches = secrets.verify_password(password, user.password_hash if usable and user else _dummy_hash())
        if wait <= 0 and usable and matches and user is not None:
            self._throttle_clear([keys[0]])
            return Actor(name=user.name, role=Role(user.role), user_id=user.id)
        who = user.name if user is not None else ANONYMOUS
        detail = {"client": client[:64]} if client else {}
        if wait > 0:  # refused unseen: not counted, so waiting out the delay is enough
            self._audit.append(audit_store.NewEntry.of(who, "none", "auth.throttled", None, "unauthenticated",
                                                       {**detail, "wait_seconds": round(wait, 1)}))
            raise LoginThrottled(wait)
        locked = self._throttle_fail(keys, counters, now)
        self._audit.append(audit_store.NewEntry.of(who, "none", "auth.login", None, "unauthenticated",
                                                   {**detail, "why": "wrong name or password"}))
        if locked:
            self._audit.append(audit_store.NewEntry.of(who, "none", "auth.locked", None, "locked",
                                                       {**detail, "seconds": self.login_policy.lock_seconds}))
        raise NotAuthenticated("wrong user name or password")

    def _throttle_fail(self, keys: list[str], counters: dict[str, throttle_store.Failures], now: float) -> bool:
        """Count one failure for every key; True when a lock started now."""

        def attempt() -> bool:
            started = False
            with self.db.write() as conn:
                current = throttle_store.get(conn, keys)  # again, under the write lock
                for key in keys:
                    before = current.get(key)
                    after = throttle.after_failure(self.login_policy, key, before, now)
                    started |= after.locked_until is not None and (before is None or before.locked_until is None
                                                                    or before.locked_until <= now)
                    throttle_store.put(conn, after)
            return started

        return self.db.retrying(attempt)

    def _throttle_clear(self, keys: list[str]) -> int:
        def attempt() -> int:
            with self.db.write() as conn:
                return throttle_store.clear(conn, keys)

        return self.db.retrying(attempt)

    def unlock_login(self, actor: Actor, name: str | None = None, address: str | None = None) -> int:
        """Clear the failed-login counters (delays and lock) of a user name and/or a client address;
        return how many counters were cleared (admins)."""
        if not name and not address:
            raise ValidationFailed([Problem("name", "give a user name or a client address to unlock")])
        keys = ([throttle.name_key(name)] if name else []) + ([throttle.address_key(address)] if address else [])

        def body(conn: Connection, note: AuditNote) -> int:
            n = throttle_store.clear(conn, keys)
            note.detail.update({"user": name, "client": address, "cleared": n})
            return n

        return self._run(actor, "auth.unlock", body, write=True, permission="user.manage")


@functools.cache
def _dummy_hash() -> str:
    """A scrypt hash of a random password: what an unknown name's attempt is checked against."""
    return secrets.hash_password(secrets.new_password())
