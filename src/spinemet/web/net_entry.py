"""Neuro-endocrine tumours recognised when a case is entered.

A primary chosen or typed as a neuro-endocrine neoplasm (a NET site, the choice "lung NET, grade
unknown", or a histology such as "neuro-endocrine tumour", "carcinoid", "NEC") records the case's
``primary.neuroendocrine`` block -- what a histopathology event's "neuro-endocrine neoplasm: yes"
records -- so that the WHO grade, the neuro-endocrine systemic options and, after a recurrence,
concurrent chemo-radiotherapy are considered from the start. The form then asks for the grade facts
that settle the WHO class (WHO 2019 digestive, WHO 2021 thoracic: Ki-67, mitoses per 2 mm²,
necrosis, differentiation): the histopathology form's own fields, placed under the primary.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from spinemet.case.vocab import PrimarySite
from spinemet.web.event_forms import FORMS_BY_TYPE
from spinemet.web.form_fields import MORE, FormField

#: the choice "lung NET, grade unknown": a lung primary stated to be neuro-endocrine, WHO type not
#: reported (the story case: Kaliya-Perumal 2019, PMID 30794152) -> site lung_other with the block
LUNG_NET = "lung_net"
LUNG_NET_LABEL = "Lung NET, grade unknown (neuro-endocrine, WHO type not reported)"
_SITE_FOR = {LUNG_NET: PrimarySite.LUNG_OTHER.value}

#: sites that are neuro-endocrine neoplasms by definition (vocabulary.md)
NET_SITES = frozenset({PrimarySite.LUNG_CARCINOID.value, PrimarySite.LUNG_LCNEC.value, PrimarySite.LUNG_SCLC.value,
                       PrimarySite.GEP_NET.value, LUNG_NET})

_NET_WORDS = re.compile(
    r"neuro[\s-]?endocrine|carcinoid|\bNE[TNC]s?\b|\bMiNEN\b|small[\s-]cell|large[\s-]cell\s+neuro|"
    r"neuroendocrin|paraganglioma|ph(a)?eochromocytoma",
    re.IGNORECASE,
)


def is_net(site: str, histology: str) -> bool:
    """True when the site or the histology as typed names a neuro-endocrine neoplasm."""
    return site in NET_SITES or bool(_NET_WORDS.search(histology or ""))


def _grade_fields() -> tuple[FormField, ...]:
    """The histopathology form's neuro-endocrine fields, placed under the case's primary."""
    out = []
    for f in FORMS_BY_TYPE["histopathology"].fields:
        if len(f.path) == 2 and f.path[0] == "neuroendocrine":
            out.append(FormField(f"primary.{f.name}", f.label, f.kind, ("primary", *f.path), f.options, f.hint, "net"))
    return tuple(out)


#: the grade facts asked on the new-case form for a neuro-endocrine primary
NET_FIELDS: tuple[FormField, ...] = _grade_fields()
assert MORE != "net"


def apply(values: Mapping[str, Any], data: dict[str, Any]) -> None:
    """Record the neuro-endocrine block (and the real site of a pseudo-choice) in the case's data."""
    site = str(values.get("primary.site") or "")
    primary = data.setdefault("primary", {})
    if site in _SITE_FOR:
        primary["site"] = _SITE_FOR[site]
    if is_net(site, str(values.get("primary.histology") or "")):
        primary.setdefault("neuroendocrine", {})
        if site == LUNG_NET and not values.get("primary.histology"):
            primary["histology"] = "lung neuro-endocrine tumour (WHO type and grade not reported)"
