"""Primary sites as the instruments see them.

The one list of primary-site keys is the case vocabulary's :class:`~spinemet.case.vocab.PrimarySite`
(``vocabulary.md``); it is read here, never retyped. What every instrument shares about sites
lives here too: the display labels, which sites count as 'lung cancer', and the decision that a
lung carcinoid is not one. Each instrument's own site grouping is a table in its declaration
module.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping

from spinemet.case.vocab import PrimarySite
from spinemet.instruments.constraints import Options
from spinemet.instruments.engine import Given
from spinemet.instruments.model import Decision

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


#: The site keys an unspecified lung neuro-endocrine neoplasm may stand for, in the order scored
#: (:func:`spinemet.instruments.reading.lung_nen_sites`).
LUNG_NEN_SITES = ("lung_carcinoid", "lung_lcnec", "lung_sclc")
#: Why an item the WHO types of such a neoplasm disagree on stays open (the merged answers' source).
LUNG_NEN_REASON = f"lung neuro-endocrine neoplasm of unreported WHO type (could be {', '.join(LUNG_NEN_SITES)})"


def merge_candidate_sites(per_site: list[Given | None], reason: str) -> Given | None:
    """Merge one item's answers read at each candidate primary site: settled only when every site
    gives the same answer; open (the union of the answers) when they differ; unknown when any site
    leaves it unknown (an unknown answer allows every answer)."""
    decisions: dict[Decision, None] = {}
    options: dict[str, None] = {}  # the answers still possible, in the order first read
    read = unknown = False
    settled = True
    for g in per_site:
        if g is None:
            unknown = True
            continue
        read = True
        if g.decisions:
            decisions.update(dict.fromkeys(g.decisions))
        if g.answer is not None:
            options[str(g.answer)] = None
        elif g.candidates:
            settled = False
            options.update(dict.fromkeys(g.candidates))
        else:
            unknown = True
    if not read:
        return None
    if unknown:
        return Given(None, reason, tuple(decisions))
    first = per_site[0]
    if settled and len(options) == 1 and first is not None:
        return Given(first.answer, first.source, tuple(decisions))
    return Given(None, reason, tuple(decisions), tuple(options))


class SiteTable(dict[str, Given | None]):
    """An answer worked out from the primary-site key alone, as a table of its answer at every site key
    (built once, when the declaration is imported); a key outside the table is passed to ``read``
    (not stored), which answers or refuses it as it always did.

    ``lung_nen`` is the table's answers at the WHO types an unspecified lung neuro-endocrine neoplasm
    may be, merged (:func:`merge_candidate_sites`): what a reading of such a case gives, worked out
    once from the table instead of for every case (:meth:`spinemet.instruments.reading.Reading.from_table`).
    """

    def __init__(self, read: Callable[[str], Given | None]) -> None:
        super().__init__((site, read(site)) for site in PRIMARY_SITES)
        self.read = read
        self.lung_nen = merge_candidate_sites([self[site] for site in LUNG_NEN_SITES], LUNG_NEN_REASON)

    def __missing__(self, site: str) -> Given | None:
        return self.read(site)


def site_table(read: Callable[[str], Given | None]) -> SiteTable:
    """``read`` -- an answer worked out from the primary-site key alone -- as a :class:`SiteTable`; a
    reader looks the site up (:meth:`spinemet.instruments.reading.Reading.from_table`) instead of
    deriving the same answer again for every case and candidate site."""
    return SiteTable(read)


#: The primary site itself as an answer (items whose answers are the site keys).
site_itself = site_table(lambda site: Given(site, site_source(site)))
