"""Every field of the case record can be entered from the browser (issue 12 item 9): a walk over every model
the case holds -- the case, the patient, the primary, every event type and every nested block -- finds each
leaf field on a form (the event forms, the labs table, the timing block, the new-case form with its
neuro-endocrine block), except the few listed below, each with the reason it is not on a form."""

from __future__ import annotations

from typing import Any, get_args

from pydantic import BaseModel

from spinemet.case import EVENT_TYPES, Case
from spinemet.web.event_forms import CASE_FIELDS, EVENT_FORMS
from spinemet.web.net_entry import NET_FIELDS

#: leaves reached by the labs table (lab_<analyte>, its unit, bound and word), not by declared fields
_TABLES = {("values", "analyte"), ("values", "value"), ("values", "unit"), ("values", "unit_not_stated"),
           ("values", "bound"), ("values", "statement")}

#: fields deliberately not on a form, with the reason
NOT_ON_A_FORM = {
    ("findings", "note"): "the imaging event's own note holds a finding's words",
    ("schema_version",): "written by the program, not by a person",
    ("synthetic",): "marks invented teaching cases; a clinician's case is never synthetic",
    ("source", "evidence_key"): "links a published case to the bibliography; set by import, not typed",
    ("source", "note"): "the citation fields hold what the source is",
    ("patient", "year_of_birth"): "the form asks the age (pseudonymity: no year of birth is typed)",
    # an operation's finding offers its place, compartments and what surgeons report; the graded imaging
    # facts (ESCC, SINS items, sizes, responses) are entered on an imaging finding, which is what the
    # instruments read (docs/case-file.md: "the instruments read imaging studies, not these")
    **{("intraoperative_findings", name): "graded imaging fact: entered on an imaging finding" for name in (
        "alignment", "body_involvement_percent", "bone_response", "canal_compromise_percent", "canal_stenosis",
        "cauda_equina_compression", "certainty", "collapse", "collapse_percent", "collapse_present",
        "compression_cause", "compression_change", "contrast_enhancing", "conus_compression", "cord_mass_effect",
        "destruction", "diffuse", "epidural_extent", "escc", "extraspinal_site", "haemorrhage",
        "impending_canal_stenosis", "impending_collapse", "instrumented", "lesion_size_mm", "lesion_type",
        "nerve_root_compression", "neural_compression", "new_lesion", "pathological_fracture",
        "posterior_elements_involved", "posterior_wall_involved", "posterolateral", "retropulsion", "soft_tissue_mm",
        "solitary", "status_certainty", "tumour_resolved", "expansile", "margins", "size_in_words", "oedema")},
    ("intraoperative_findings", "nerve_roots_invaded"): "entered with the encased roots on an imaging finding",
}


def _strip(path: tuple[Any, ...]) -> tuple[str, ...]:
    return tuple(p for p in path if not isinstance(p, int))


def _models(annotation: Any) -> list[type[BaseModel]]:
    found: list[type[BaseModel]] = []

    def walk(tp: Any) -> None:
        if isinstance(tp, type) and issubclass(tp, BaseModel):
            found.append(tp)
            return
        for arg in get_args(tp):
            walk(arg)

    walk(annotation)
    return found


def _leaves(model: type[BaseModel], prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    out: list[tuple[str, ...]] = []
    for name, info in model.model_fields.items():
        subs = _models(info.annotation)
        out += [leaf for sub in subs for leaf in _leaves(sub, (*prefix, name))] if subs else [(*prefix, name)]
    return out


def _reached(path: tuple[str, ...], on_forms: set[tuple[str, ...]]) -> bool:
    if path[0] == "before":  # the timing block's after/before selector moves the 'after' block there
        path = ("after", *path[1:])
    # a mapping field (MRC power by limb) is reached by its keys' fields
    return any(f[:len(path)] == path for f in on_forms) or NOT_ON_A_FORM.get(path) is not None


def test_every_event_field_and_nested_field_is_on_a_form_or_listed_with_a_reason() -> None:
    on_forms = {_strip(f.path) for form in EVENT_FORMS for f in form.fields} | _TABLES
    missing = sorted({leaf for cls in EVENT_TYPES.values() for leaf in _leaves(cls)
                      if leaf[0] != "type" and not _reached(leaf, on_forms)})
    assert missing == [], f"not enterable from the web: {missing}"


def test_every_case_patient_and_primary_field_is_on_the_new_case_form_or_listed_with_a_reason() -> None:
    on_form = {_strip(f.path) for f in (*CASE_FIELDS, *NET_FIELDS)}
    missing = sorted(leaf for leaf in _leaves(Case) if leaf[0] != "timeline" and not _reached(leaf, on_form))
    assert missing == [], f"not enterable from the web: {missing}"


def test_every_exception_names_a_field_the_record_has() -> None:
    leaves = {leaf for cls in EVENT_TYPES.values() for leaf in _leaves(cls)} | set(_leaves(Case))
    assert [path for path in NOT_ON_A_FORM if path not in leaves] == []


def test_the_fields_added_to_the_new_case_form_are_stored_as_typed() -> None:
    from spinemet.web.forms import read_case_form

    made = read_case_form({"id": "c1", "primary.site": "kidney", "index_date": "2024-01-10",
                           "primary.diagnosis_date": "2020-01-01", "primary.hormone_dependent": "false",
                           "source.citation": "Koyama K et al. J Med Case Rep 2019", "source.pmid": "31324210",
                           "primary.other_primaries.1.site": "breast", "primary.other_primaries.1.laterality": "left",
                           "primary.other_primaries.1.site_label": "ductal carcinoma", "patient.ethnicity": "Chinese"})
    assert made.ok, (made.field_errors, made.form_errors)
    case = made.event
    assert str(case.primary.diagnosis_date) == "2020-01-01" and case.primary.hormone_dependent is False
    assert (case.source.citation, case.source.pmid) == ("Koyama K et al. J Med Case Rep 2019", "31324210")
    other = case.primary.other_primaries[0]
    assert (other.site.value, other.laterality.value, other.site_label) == ("breast", "left", "ductal carcinoma")
    assert case.patient.ethnicity == "Chinese" and case.patient.year_of_birth is None
