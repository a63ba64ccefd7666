"""Primary sites as the instruments see them.

The one list of primary-site keys is the case vocabulary's :class:`~spinemet.case.vocab.PrimarySite`
(``vocabulary.md``); it is read here, never retyped. What every instrument shares about sites
lives here too: the display labels, which sites count as 'lung cancer', and the decision that a
lung carcinoid is not one. Each instrument's own site grouping is a table in its declaration
module.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import TypeVar

from spinemet.case.vocab import PrimarySite
from spinemet.instruments.constraints import Options
from spinemet.instruments.engine import Given
from spinemet.instruments.model import Decision

T = TypeVar("T")

PRIMARY_SITES: tuple[str, ...] = tuple(site.value for site in PrimarySite)
"""Every primary-site key, in vocabulary order (from :class:`~spinemet.case.vocab.PrimarySite`)."""

SITE = Options(PRIMARY_SITES, what="a primary-site key")

SITE_LABELS: dict[str, str] = {
    "lung_nsclc": "lung, non-small-cell carcinoma",
    "lung_sclc": "lung, small-cell carcinoma",
    "lung_carcinoid": "lung carcinoid (typical/atypical)",
    "lung_lcnec": "lung, large-cell neuroendocrine carcinoma",
    "lung_other": "lung, other",
    "head_neck": "head and neck",
    "gep_net": "gastro-entero-pancreatic neuroendocrine tumour",
    "germ_cell": "germ-cell tumour",
    "unknown": "unknown primary",
}

LUNG_CANCERS: frozenset[str] = frozenset({"lung_nsclc", "lung_sclc", "lung_lcnec", "lung_other"})
"""Sites counted as 'lung cancer' by every instrument. A lung carcinoid is not: see
:data:`CARCINOID_NOT_LUNG_CANCER`."""

CARCINOID_NOT_LUNG_CANCER = Decision(
    "lung_carcinoid_not_lung_cancer",
    "A lung carcinoid (typical or atypical, a well-differentiated neuroendocrine tumour) is not counted as "
    "'lung cancer'; small-cell and large-cell neuroendocrine carcinomas are. WHO 2021 separates carcinoids "
    "(neuroendocrine tumours) from carcinomas, and Tokuhashi lists 'carcinoid tumour' apart from 'lung'.",
    ("who2021_thoracic", "tokuhashi2005"),
)


def site_label(key: str) -> str:
    return SITE_LABELS.get(key, key.replace("_", " "))


def site_source(site: str, extra: str = "") -> str:
    """The provenance phrase of an answer read from the primary site."""
    return f"derived from primary site {site}" + (f" ({extra})" if extra else "")


def groups(*rows: tuple[str, Iterable[str]]) -> dict[str, str]:
    """A site table written as rows of ``(answer, sites)``: site key -> answer (a site in two rows
    is refused)."""
    table: dict[str, str] = {}
    for answer, sites in rows:
        for site in sites:
            if site in table:
                raise ValueError(f"site table: {site} is in two rows ({table[site]}, {answer})")
            if site not in PRIMARY_SITES:
                raise ValueError(f"site table: {site} is not a primary-site key")
            table[site] = answer
    return table


def site_answer(site: str, table: Mapping[str, str], decisions: Mapping[str, tuple[Decision, ...]] | None = None,
                ) -> Given:
    """The answer ``table`` gives ``site``, with the decisions the table attaches to that site."""
    key = SITE.check("primary_site", site)
    return Given(table[key], site_source(key), (decisions or {}).get(key, ()))


class _SiteTable(dict[str, T]):
    """Site key -> answer; a key outside the table is passed to ``read`` (not stored)."""

    def __init__(self, read: Callable[[str], T]) -> None:
        super().__init__((site, read(site)) for site in PRIMARY_SITES)
        self.read = read

    def __missing__(self, site: str) -> T:
        return self.read(site)


def site_table(read: Callable[[str], T]) -> Callable[[str], T]:
    """``read`` -- an answer worked out from the primary-site key alone -- as a table of its answer
    at every site key, built once when the declaration is imported; a reader looks the site up
    (:meth:`spinemet.instruments.reading.Reading.by_site`) instead of deriving the same answer again
    for every case and candidate site. A key outside the vocabulary is passed to ``read``, which
    answers or refuses it as it always did."""
    return _SiteTable(read).__getitem__


#: The primary site itself as an answer (items whose answers are the site keys).
site_itself: Callable[[str], Given] = site_table(lambda site: Given(site, site_source(site)))
