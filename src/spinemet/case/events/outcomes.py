"""Outcomes and complications.

Outcomes are recorded as sources state them: death, last contact (alive or not), and outcome
statements in words ("improved", "no recurrence at 2 years") -- dated, ranged or relative to an
event, never turned into a grade. A complication of a procedure is its own event, linked to the
procedure by its id, so that a compression it causes is never read as tumour.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import ConfigDict, Field, model_validator

from spinemet.case.events.base import EventBase
from spinemet.case.fields import LowerInput, SpanField
from spinemet.case.vocab_detail import CementLeakSite, Tempo, WithheldTreatment
from spinemet.case.vocab_disease import Walking
from spinemet.case.vocab_treatment import ComplicationKind, OutcomeAspect, OutcomeChange, OutcomeCourse


class Death(EventBase):
    type: Literal["death"] = "death"
    cause: str | None = None
    disease_related: bool | None = Field(default=None, description="Death from the cancer (true) or another cause.")


class LastContact(EventBase):
    type: Literal["last_contact"] = "last_contact"
    alive: bool = True


class Outcome(EventBase):
    """An outcome stated in words ("neurology improved", "no local recurrence at 2 years").

    ``change`` compares with the state before the event named in ``compared_with`` (when given);
    ``local_recurrence: false`` records that no recurrence was seen by this time.
    """

    model_config = ConfigDict(json_schema_extra={"examples": [
        {"type": "outcome", "after": {"event": "surgery-1", "at_least": 2, "at_most": 2, "unit": "years"},
         "aspect": "local_control", "local_recurrence": False},
        {"type": "outcome", "after": {"event": "surgery-1", "at_least": 1, "at_most": 1}, "aspect": "walking",
         "walking": "ambulatory_unspecified"},
        {"type": "outcome", "aspect": "neurological", "change": "improved", "compared_with": "surgery-1"},
    ]})

    type: Literal["outcome"] = "outcome"
    aspect: Annotated[OutcomeAspect | None, LowerInput] = Field(
        default=None, description="overall, neurological, pain, walking, local_control, systemic_disease, quality_of_life."
    )
    change: Annotated[OutcomeChange | None, LowerInput] = Field(
        default=None, description="resolved, improved, unchanged or worse."
    )
    compared_with: str | None = Field(default=None, description="The id of the event the change is measured from.")
    local_recurrence: bool | None = Field(default=None, description="Local recurrence seen (true) or not (false) by now.")
    walking: Annotated[Walking | None, LowerInput] = None
    summary: str | None = None
    # Second pass (issue 12).
    local_failure: bool | None = Field(
        default=None, description="The treated disease was not controlled (stated as failure or an ineffective "
        "treatment), which is not the same as a recurrence after control.",
    )
    distant_recurrence: bool | None = Field(
        default=None, description="Recurrence of disease away from the treated place (e.g. new bone metastases).")
    disease_free: bool | None = Field(
        default=None, description="No clinical sign of disease (true), e.g. 'no sign of disease for 12 years' "
        "with a duration.",
    )
    treatment_free: bool | None = Field(
        default=None, description="No anti-cancer treatment over the stated time (true).")
    # Fourth pass (2026-11-28).
    relapse: bool | None = Field(
        default=None, description="A relapse (recurrence or progression) whose site the source does not state "
        "('a second relapse'); never read as a local or a distant recurrence.",
        json_schema_extra={"examples": [True]},
    )
    course: Annotated[OutcomeCourse | None, LowerInput] = Field(
        default=None, description="How the course went when the source says only that: favourable ('did well', "
        "'an uneventful recovery') or unfavourable; not a change of a named aspect.",
        json_schema_extra={"examples": ["favourable"]},
    )
    # Fifth pass (2026-11-28).
    new_lesions: bool | None = Field(
        default=None, description="New lesions seen (true) or stated not seen (false, 'no new lesion') by now, "
        "wherever they would be; not a local recurrence.", json_schema_extra={"examples": [False]},
    )
    tempo: Annotated[Tempo | None, LowerInput] = Field(
        default=None, description="How fast the change came, in the source's word ('a slow recovery': slow).",
        json_schema_extra={"examples": ["slow"]},
    )
    treatments_not_given: list[Annotated[WithheldTreatment, LowerInput]] | None = Field(
        default=None, min_length=1,
        description="Treatments the source states were not given over this time ('no radiotherapy after the "
        "operation'), by treatment event type; no reason or decision is implied.",
        json_schema_extra={"examples": [["radiotherapy"]]},
    )

    @model_validator(mode="after")
    def _says_something(self) -> Outcome:
        stated = (self.change, self.local_recurrence, self.walking, self.local_failure, self.distant_recurrence,
                  self.disease_free, self.treatment_free, self.course, self.relapse, self.new_lesions,
                  self.treatments_not_given)
        if all(v is None for v in stated) and not self.summary:
            raise ValueError("change: an outcome needs at least one of change, local_recurrence, local_failure, "
                             "distant_recurrence, disease_free, treatment_free, course, relapse, new_lesions, "
                             "treatments_not_given, walking or summary")
        withheld = self.treatments_not_given or []
        if len(set(withheld)) != len(withheld):
            raise ValueError("treatments_not_given: a treatment is named twice")
        if self.relapse:
            if self.local_recurrence or self.distant_recurrence:
                raise ValueError("relapse: records a relapse whose site is not stated; with local_recurrence or "
                                 "distant_recurrence true the site is stated, so leave relapse out")
            if self.disease_free:
                raise ValueError("relapse: a relapse and disease_free: true contradict each other")
        return self


class Complication(EventBase):
    """A complication of a procedure (cement leakage, hardware failure, wound infection, ...).

    ``procedure`` is the id of the procedure event it complicates. ``causes_compression`` records
    a new compression caused by the complication (e.g. cement extruded into the canal), which is
    not tumour.
    """

    model_config = ConfigDict(json_schema_extra={"examples": [
        {"type": "complication", "kind": "cement_extrusion", "procedure": "vp-1", "levels": "L1",
         "causes_compression": True, "compressed": "cord"},
    ]})

    type: Literal["complication"] = "complication"
    kind: Annotated[ComplicationKind, LowerInput] = Field(description="What went wrong (a complication key).")
    procedure: str | None = Field(default=None, description="The id of the procedure event it complicates.")
    levels: SpanField | None = None
    causes_compression: bool | None = None
    compressed: Literal["cord", "conus", "cauda_equina", "nerve_root"] | None = Field(
        default=None, description="What the complication compresses: cord, conus, cauda_equina or nerve_root."
    )
    treated_by: str | None = Field(default=None, description="The id of the event that treated it, if recorded.")
    summary: str | None = None
    attributed_to: str | None = Field(
        default=None, description="The id of an event the source blames besides the procedure (e.g. delayed wound "
        "healing attributed to earlier radiotherapy).",
    )
    leak_sites: list[Annotated[CementLeakSite, LowerInput]] | None = Field(
        default=None, description="Where cement leaked: venous, epidural, intradural, foraminal, disc, paravertebral.")

    @model_validator(mode="after")
    def _compression_agrees(self) -> Complication:
        if self.compressed is not None and self.causes_compression is False:
            raise ValueError(f"compressed: '{self.compressed}' disagrees with causes_compression false")
        return self
