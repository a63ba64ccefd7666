"""The codes of SpineMet's FHIR export, read from data files that name their source.

``vertebrae.yaml`` holds the SNOMED CT code of every vertebral level as DICOM publishes it (CID 7603
"Vertebra" for C1-L5, CID 4031 "Common Anatomic Regions" for the sacrum and the coccyx);
``codes.yaml`` the LOINC, ICD-10-CM and HL7 codes and the mCODE profile URLs, each with the mCODE
source file it was checked against. Nothing here is typed from memory: a code changes in the data
file, with its provenance, never in code.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import yaml

from spinemet.anatomy import Level

__all__ = ["Coding", "code", "extension", "icdo3_morphology", "icdo3_topography", "profile", "profile_rules", "provenance",
           "rt_intent", "rt_technique", "spinemet_system", "system", "vertebra"]


@dataclass(frozen=True)
class Coding:
    """One code of one code system, as a FHIR ``Coding``."""

    system: str
    code: str
    display: str

    def as_fhir(self) -> dict[str, str]:
        return {"system": self.system, "code": self.code, "display": self.display}


@cache
def _load(name: str) -> dict[str, Any]:
    text = resources.files(__package__).joinpath(name).read_text(encoding="utf-8")
    data: dict[str, Any] = yaml.safe_load(text)
    return data


@cache
def vertebra(level: Level) -> tuple[Coding, bool]:
    """The SNOMED CT code of a vertebral level and whether it names the whole region (a sacral
    segment is coded as the sacrum: DICOM has no code for S1-S5 one by one)."""
    data = _load("vertebrae.yaml")
    entry = data["levels"][level.name]
    system = data["provenance"]["system"]
    return Coding(system, str(entry["code"]), str(entry["display"])), bool(entry.get("whole_region", False))


@cache
def code(key: str) -> Coding:
    """A code of ``codes.yaml`` by its key (``ecog``, ``karnofsky``, ``secondary_bone``, ...)."""
    entry = _load("codes.yaml")["codes"][key]
    return Coding(str(entry["system"]), str(entry["code"]), str(entry["display"]))


@cache
def profile(key: str) -> str:
    """The canonical URL of an mCODE profile by its key (``cancer_patient``, ...)."""
    return str(_load("codes.yaml")["profiles"][key]["url"])


@cache
def extension(key: str) -> str:
    """The URL of an extension the export uses."""
    return str(_load("codes.yaml")["extensions"][key])


@cache
def system(key: str) -> str:
    """The URL of a code system by its key (``loinc``, ``snomed``, ...)."""
    return str(_load("codes.yaml")["systems"][key])


@cache
def spinemet_system(key: str) -> str:
    """The URL of one of SpineMet's own code systems."""
    return str(_load("codes.yaml")["spinemet"][key])


@cache
def icdo3_topography(level: Level) -> Coding | None:
    """The ICD-O-3 topography code of the region a vertebra belongs to, where one was verified
    (``icdo3.yaml``: C41.2 "Vertebral column" for C1-L5; None for the sacrum and coccyx)."""
    data = _load("icdo3.yaml")
    entry = data["topography"]["vertebral_column"]
    if entry.get("verification") != "verified" or not Level.L5 >= level:
        return None
    return Coding(str(data["system"]), str(entry["code"]), str(entry["display"]))


def icdo3_morphology(classification: str | None, site: str) -> Coding | None:
    """The ICD-O-3 morphology (histology/behaviour) the record's keys name, where one was verified on a
    public page (``icdo3.yaml``): the neuro-endocrine classification first, then the primary site key;
    None when neither names one verified code (unverified, several codes, or no histology in the key).
    The free-text histology words are never read."""
    data = _load("icdo3.yaml")
    table = data["morphology"]
    for entry in (table["net_classification"].get(classification or ""), table["primary_site"].get(site)):
        if entry and entry.get("code") and entry.get("verification") == "verified":
            return Coding(str(data["system"]), str(entry["code"]), str(entry["display"]))
    return None


def rt_technique() -> dict[str, Any]:
    """How a radiotherapy technique key is written in mCODE's modality-and-technique extension."""
    data: dict[str, Any] = _load("codes.yaml")["radiotherapy_technique"]
    return data


def rt_intent() -> dict[str, Any]:
    """How a radiotherapy intent key is written in mCODE's treatmentIntent extension (``codes.yaml``)."""
    data: dict[str, Any] = _load("codes.yaml")["radiotherapy_intent"]
    return data


def profile_rules() -> dict[str, Any]:
    """The mCODE profile constraints SpineMet checks (``profile_rules.yaml``), by profile key."""
    data: dict[str, Any] = _load("profile_rules.yaml")["profiles"]
    return data


def provenance() -> dict[str, Any]:
    """Where every code came from: the vertebra codes' and the other codes' sources."""
    return {"vertebrae": _load("vertebrae.yaml")["provenance"], "codes": _load("codes.yaml")["sources"]}
