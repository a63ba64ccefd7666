"""The audit key: a secret outside the database that seals the audit chain (HMAC-SHA-256).

Someone who can write to the database but cannot read this key cannot make an altered entry, or
a rewritten chain, verify. The key lives in a file (created by ``spinemet db upgrade``, mode 0600)
or in the environment:

- ``SPINEMET_AUDIT_KEY``: one or more keys, comma-separated, each 32+ random bytes in base64; the
  last one seals new entries, the others still verify older ones;
- else ``SPINEMET_AUDIT_KEY_FILE``: the key file;
- else, for SQLite, ``<database file>.auditkey`` beside the database; for PostgreSQL
  ``~/.local/share/spinemet/audit-<hash of the database URL>.key`` (``$XDG_DATA_HOME``).

A key file holds every key ever used (rotation adds one and makes it current), so that older
entries keep verifying. Each entry records the id of the key that sealed it (the first 12 hex
digits of the key's SHA-256: the id reveals nothing of the key).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path

import sqlalchemy as sa

from spinemet.errors import StoreUnavailable

ENV_KEY = "SPINEMET_AUDIT_KEY"
ENV_KEY_FILE = "SPINEMET_AUDIT_KEY_FILE"


class AuditKeyMissing(StoreUnavailable):
    """No audit key where one is expected (the database was never upgraded here, or the file is gone)."""


def key_id(key: bytes) -> str:
    return hashlib.sha256(key).hexdigest()[:12]


@dataclass(frozen=True)
class AuditKeys:
    """Every known key by id, and the one that seals new entries."""

    keys: dict[str, bytes] = field(repr=False)
    current: str
    path: Path | None = None

    def seal(self, key: str, text: str) -> str:
        """HMAC-SHA-256 of ``text`` with the key of id ``key`` (KeyError when unknown)."""
        return hmac.new(self.keys[key], text.encode("utf-8"), hashlib.sha256).hexdigest()

    @property
    def description(self) -> str:
        where = f"file {self.path}" if self.path else f"environment variable {ENV_KEY}"
        return f"{len(self.keys)} key(s) from the {where}; current key id {self.current}"


def key_path(database_url: str) -> Path:
    """Where the key file of this database is (see the module documentation)."""
    explicit = os.environ.get(ENV_KEY_FILE, "").strip()
    if explicit:
        return Path(explicit).expanduser()
    url = sa.engine.make_url(database_url)
    if url.get_backend_name() == "sqlite" and url.database and url.database != ":memory:":
        db = Path(url.database).resolve()
        return db.with_name(db.name + ".auditkey")
    base = Path(os.environ.get("XDG_DATA_HOME", "") or Path.home() / ".local" / "share")
    digest = hashlib.sha256(url.render_as_string(hide_password=True).encode()).hexdigest()[:16]
    return base / "spinemet" / f"audit-{digest}.key"


def _from_env(text: str) -> AuditKeys:
    keys: dict[str, bytes] = {}
    current = ""
    for part in text.split(","):
        raw = base64.b64decode(part.strip(), validate=True)
        if len(raw) < 32:
            raise ValueError(f"{ENV_KEY}: a key must have at least 32 bytes (base64 of 32 random bytes)")
        current = key_id(raw)
        keys[current] = raw
    return AuditKeys(keys, current)


def load(database_url: str) -> AuditKeys | None:
    """The keys of this database (environment first, then the key file); None when there are none."""
    env = os.environ.get(ENV_KEY, "").strip()
    if env:
        return _from_env(env)
    path = key_path(database_url)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    keys = {str(k): base64.b64decode(v) for k, v in data["keys"].items()}
    return AuditKeys(keys, str(data["current"]), path)


def _write(path: Path, keys: dict[str, bytes], current: str, *, exclusive: bool) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps({"format": 1, "current": current,
                       "keys": {k: base64.b64encode(v).decode() for k, v in keys.items()}}, indent=2)
    tmp = path.with_name(path.name + f".{os.getpid()}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        out.write(text + "\n")
        out.flush()
        os.fsync(out.fileno())
    if exclusive:
        try:
            os.link(tmp, path)  # fails if another process created the file first: keep theirs
        except FileExistsError:
            pass
        finally:
            tmp.unlink()
    else:
        os.replace(tmp, path)


def ensure(database_url: str) -> AuditKeys:
    """The keys of this database, creating a key file with one new key when there is none."""
    found = load(database_url)
    if found is not None:
        return found
    raw = secrets.token_bytes(32)
    _write(key_path(database_url), {key_id(raw): raw}, key_id(raw), exclusive=True)
    created = load(database_url)
    assert created is not None
    return created


def rotate(database_url: str) -> AuditKeys:
    """Add a new key to the key file and make it current (older keys stay, to verify older entries)."""
    if os.environ.get(ENV_KEY, "").strip():
        raise ValueError(f"the audit key comes from {ENV_KEY}: rotate it there (append a new key after a comma)")
    keys = ensure(database_url)
    raw = secrets.token_bytes(32)
    _write(key_path(database_url), {**keys.keys, key_id(raw): raw}, key_id(raw), exclusive=False)
    rotated = load(database_url)
    assert rotated is not None
    return rotated
