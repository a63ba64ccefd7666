"""The shape of a bibliography entry and of its verification status."""

from __future__ import annotations

from enum import StrEnum

from spinemet.frozen import dataclass


class EvidenceStatus(StrEnum):
    """How far a fact or a reference has been checked.

    ``verified``: seen in the primary source or an official reproduction.
    ``secondary``: seen only in a secondary reproduction or quotation.
    ``unverified``: from memory of the literature; not yet re-read against the source.
    ``derived``: a rule that combines several sources or extends one; no single source states it.
    """

    VERIFIED = "verified"
    SECONDARY = "secondary"
    UNVERIFIED = "unverified"
    DERIVED = "derived"


@dataclass(frozen=True)
class Reference:
    """One published source: a paper, a guideline (with its recommendation number), or a case report."""

    key: str
    authors: str
    year: int
    title: str
    journal: str = ""
    pmid: str | None = None
    doi: str | None = None
    guideline: str | None = None
    recommendation: str | None = None
    status: EvidenceStatus = EvidenceStatus.VERIFIED
    note: str = ""

    def short(self) -> str:
        """A one-line citation for reports: 'Fisher CG et al. Spine 2010 (PMID 20562730)'."""
        ids = []
        if self.pmid:
            ids.append(f"PMID {self.pmid}")
        if self.doi:
            ids.append(f"doi:{self.doi}")
        if self.guideline:
            ids.append(self.guideline + (f" rec. {self.recommendation}" if self.recommendation else ""))
        tail = f" ({'; '.join(ids)})" if ids else ""
        journal = f" {self.journal}" if self.journal else ""
        return f"{self.authors}.{journal} {self.year}{tail}"

    def as_dict(self) -> dict[str, object]:
        return {
            "key": self.key,
            "authors": self.authors,
            "year": self.year,
            "title": self.title,
            "journal": self.journal,
            "pmid": self.pmid,
            "doi": self.doi,
            "guideline": self.guideline,
            "recommendation": self.recommendation,
            "status": self.status.value,
            "note": self.note,
        }
