"""Settings of a running service, from arguments or the environment."""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from spinemet.io.limits import Limits
from spinemet.store.db import ENV_URL, default_url


@dataclass(frozen=True)
class Settings:
    """``database_url``: SQLAlchemy URL (default: ``SPINEMET_DATABASE_URL`` or ./spinemet.sqlite3).
    ``migrate``: apply migrations when the app starts. ``include_web``: mount the web pages
    (:mod:`spinemet.web`) when that package provides a router. ``limits``: the limits on input
    (:class:`~spinemet.io.limits.Limits`; ``SPINEMET_LIMIT_*`` variables)."""

    database_url: str
    migrate: bool = True
    include_web: bool = False
    pool_size: int = 20
    limits: Limits = field(default_factory=Limits.from_env)
    #: addresses of reverse proxies whose ``X-Forwarded-Proto`` is believed (HSTS behind a TLS proxy);
    #: ``SPINEMET_TRUSTED_PROXIES``, comma-separated
    trusted_proxies: tuple[str, ...] = field(default_factory=lambda: tuple(
        p.strip() for p in os.environ.get("SPINEMET_TRUSTED_PROXIES", "").split(",") if p.strip()))

    @classmethod
    def from_env(cls, database_url: str | None = None, **kw: object) -> Settings:
        url = database_url or os.environ.get(ENV_URL) or default_url()
        return cls(database_url=url, **kw)  # type: ignore[arg-type]


def existing_store_settings(database_url: str | None, option: str = "--db") -> Settings:
    """Settings for a command that only reads the case store (``database_url``, else
    ``SPINEMET_DATABASE_URL``, else ``./spinemet.sqlite3``), migrated as the other store commands do.
    A SQLite file that does not exist is refused (``InvalidValue`` at ``option``), never created empty:
    reading a store must not make one."""
    from pathlib import Path

    from spinemet.errors import InvalidValue

    settings = Settings.from_env(database_url, migrate=True)
    url = settings.database_url
    if url.startswith("sqlite:///") and ":memory:" not in url:
        path = Path(url.removeprefix("sqlite:///").split("?", 1)[0])
        if not path.exists():
            raise InvalidValue(option, url, "the URL of an existing case store (or SPINEMET_DATABASE_URL)",
                               detail=f"no database at {path}; store cases first (spinemet import FILES "
                                      f"{option} URL), or give the URL of the case store")
    return settings

