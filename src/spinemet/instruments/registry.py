"""Every instrument declaration, by public key (``vocabulary.md``), and those we do not implement."""

from __future__ import annotations

from spinemet.errors import NotFound
from spinemet.frozen import dataclass
from spinemet.instruments.declarations.asia import ASIA
from spinemet.instruments.declarations.bauer import BAUER, BAUER_MODIFIED
from spinemet.instruments.declarations.ecog import ECOG
from spinemet.instruments.declarations.escc import ESCC
from spinemet.instruments.declarations.frankel import FRANKEL
from spinemet.instruments.declarations.katagiri import KATAGIRI_NEW
from spinemet.instruments.declarations.kps import KPS
from spinemet.instruments.declarations.nesms import NESMS
from spinemet.instruments.declarations.net_grade import NET_GRADE
from spinemet.instruments.declarations.rades import RADES_SURVIVAL
from spinemet.instruments.declarations.radiosensitivity import RADIOSENSITIVITY
from spinemet.instruments.declarations.sins import SINS
from spinemet.instruments.declarations.tokuhashi import TOKUHASHI_1990, TOKUHASHI_REVISED
from spinemet.instruments.declarations.tomita import TOMITA
from spinemet.instruments.declarations.van_der_linden import VAN_DER_LINDEN
from spinemet.instruments.model import Instrument

INSTRUMENTS: dict[str, Instrument] = {
    inst.key: inst
    for inst in (
        SINS, ESCC, FRANKEL, ASIA, KPS, ECOG, TOKUHASHI_REVISED, TOKUHASHI_1990, TOMITA, BAUER,
        BAUER_MODIFIED, KATAGIRI_NEW, NESMS, RADES_SURVIVAL, VAN_DER_LINDEN, NET_GRADE, RADIOSENSITIVITY,
    )
}


@dataclass(frozen=True)
class NotImplemented_:
    """An instrument that SpineMet deliberately does not compute, and why."""

    key: str
    name: str
    reason: str
    citations: tuple[str, ...]


NOT_IMPLEMENTED: tuple[NotImplemented_, ...] = (
    NotImplemented_(
        "osri", "Oswestry Spinal Risk Index",
        "OSRI = PTP + (2 - GC) needs the primary-tumour-pathology (PTP) grade table of Balain 2013, which could "
        "not be confirmed against the paper. Deriving PTP from Tokuhashi's primary item would be an invented "
        "table, so OSRI is not computed.",
        ("balain2013",),
    ),
    NotImplemented_(
        "sorg", "SORG nomogram and SORG machine-learning algorithms",
        "The SORG-ML models are gradient-boosting ensembles published only as web applications "
        "(sorg-apps.shinyapps.io); the classic nomogram's point scale is a figure. Neither can be reproduced "
        "exactly offline, and SpineMet does not approximate them; use the published application.",
        ("paulino_pereira2016", "karhade2019"),
    ),
    NotImplemented_(
        "rades_ambulatory", "Rades ambulatory-status score",
        "The per-option points of Rades 2008 (IJROBP 72:905) were not retrieved; only the 21-44 range and the "
        "groups are known.",
        ("rades2008_ambulatory",),
    ),
)


def get(key: str) -> Instrument:
    """The declaration for ``key``; :class:`NotFound` naming the known keys otherwise."""
    try:
        return INSTRUMENTS[key]
    except KeyError:
        extra = ""
        for ni in NOT_IMPLEMENTED:
            if ni.key == key:
                extra = f" ({ni.name} is not implemented: {ni.reason})"
        raise NotFound(f"instrument '{key}' is not known; known: {', '.join(INSTRUMENTS)}{extra}") from None
