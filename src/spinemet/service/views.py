"""What the use cases return: plain pydantic models shared by the API, the CLI and the web app."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field


class EventView(BaseModel):
    key: str = Field(description="The event's handle within the case (its id, or a generated key).")
    version: int = Field(description="The case version in which this form of the event was written.")
    day: int = Field(description="Days since the index date.")
    type: str
    data: dict[str, Any] = Field(description="The event as in a case file.")


class CaseView(BaseModel):
    id: str = Field(description="The case id; for researchers the research id (R-…).")
    version: int = Field(description="The version shown.")
    current_version: int = Field(description="The newest version; writes must name it as expected_version.")
    deidentified: bool
    updated_at: str | None = Field(default=None, description="UTC time of the newest version (not for researchers).")
    alerts: list[str] = Field(default_factory=list)
    case: dict[str, Any] = Field(description="The case as case-file data (timeline in the order written).")
    events: list[EventView]


class CachedView:
    """A case view kept as its JSON, made once per (case, version, current version, de-identified):
    every part of a view is fixed by those (the store is append-only), so it is never stale. Kept
    as bytes, which Python's cycle collector never scans (a cache of nested models would lengthen
    every full collection, a pause for every request in flight)."""

    __slots__ = ("json",)

    def __init__(self, view: CaseView) -> None:
        self.json = view.model_dump_json().encode("utf-8")

    @property
    def view(self) -> CaseView:
        """A fresh view (the caller may change it)."""
        return CaseView.model_validate_json(self.json)


class CaseSummary(BaseModel):
    id: str
    version: int
    title: str | None = None
    primary_site: str
    levels: list[str]
    alerts: list[str]
    event_count: int
    updated_at: str | None = None


class CaseList(BaseModel):
    total: int
    offset: int
    limit: int
    items: list[CaseSummary]


class VersionView(BaseModel):
    version: int
    created_at: str
    actor: str
    action: str
    event_key: str | None = None


class EventHistoryEntry(BaseModel):
    version: int
    retracted: bool
    data: dict[str, Any]


class UserView(BaseModel):
    name: str
    role: str
    created_at: str
    disabled: bool
    has_password: bool


class TokenView(BaseModel):
    id: int
    user: str
    label: str
    created_at: str
    revoked_at: str | None = None


class Credentials(BaseModel):
    """Secrets shown once, at creation; only their hashes are stored."""

    user: str
    role: str
    token: str | None = None
    token_id: int | None = None
    password: str | None = None


class AuditEntryView(BaseModel):
    seq: int
    at: str
    actor: str
    role: str
    action: str
    case_id: str | None = None
    outcome: str
    detail: dict[str, Any]
    prev_hash: str
    hash: str
    key_id: str | None = Field(default=None, description="The audit key that sealed the entry (its id).")


class AuditVerification(BaseModel):
    ok: bool
    entries: int
    bad_entry: int | None = None
    reason: str = ""


