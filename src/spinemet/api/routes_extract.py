"""``POST /extract``: a draft case read from text, with the provenance of every value. Nothing is stored."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from pydantic import BaseModel, ConfigDict, Field

from spinemet.api.deps import CallerDep
from spinemet.api.hardening import StrictJsonRoute
from spinemet.api.problems import problem_responses
from spinemet.io.limits import DEFAULT

router = APIRouter(tags=["extract"], route_class=StrictJsonRoute, responses=problem_responses(401, 403, 422))

_EXAMPLE_TEXT = ("A 64-year-old man presented with back pain and weakness of both legs. MRI showed a pathological "
                 "fracture of T9 with epidural extension compressing the cord (Bilsky 2). He underwent decompression "
                 "and posterior fixation from T7 to T11, followed by 20 Gy in 5 fractions.")


class ExtractRequest(BaseModel):
    """The text to read (a clinic letter, an imaging or operation report, a case report), in English."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{"text": _EXAMPLE_TEXT}]})

    text: str = Field(
        min_length=1, max_length=DEFAULT.extract_chars,
        # at least one visible character; no control characters but tab, line feed, carriage return, form feed
        pattern=r"^[^\x00-\x08\x0b\x0e-\x1f\x7f]*[^\s\x00-\x1f\x7f][^\x00-\x08\x0b\x0e-\x1f\x7f]*$",
        description="Plain text, English. Refused with 422: empty, binary, longer than the configured limit "
                    "(SPINEMET_LIMIT_EXTRACT_CHARS, default 100,000 characters), or clearly in another language.",
    )
    case_id: str = Field(default="draft", min_length=1, max_length=64, pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]*$",
                         description="The id of the draft case.")


class ProvenanceOut(BaseModel):
    """Where one value of the draft comes from."""

    path: str = Field(description="Where the value is in the case file, e.g. 'timeline[2].findings[0].level'.")
    value: Any = Field(description="The value as in the case file.")
    spans: list[list[int]] = Field(description="Character ranges [start, end) of the text the value was read from.")
    rule: str = Field(description="The rule that read it, e.g. 'finding.level'.")
    quote: str = Field(description="The words of the spans.")


class LeftOutOut(BaseModel):
    """A sentence the extractor did not use (or used in part), and why."""

    start: int
    end: int
    text: str
    reason: str = Field(description="e.g. 'no fact recognised', 'radiotherapy: hypothetical', 'primary site: family'.")


class ExtractOut(BaseModel):
    """A draft case (case-file version 2, valid against `spinemet schema`) and where each value came from."""

    case: dict[str, Any] = Field(description="The draft case file (nothing the text does not state).")
    provenance: list[ProvenanceOut]
    left_out: list[LeftOutOut] = Field(description="Sentences left out, or partly used, with the reason.")
    messages: list[str] = Field(description="What was found, in words; says so plainly when nothing was found.")


@router.post("/extract", response_model=ExtractOut, summary="Read a text into a draft case (nothing stored)",
             description="A draft case with the provenance of every value (character spans and the rule) and the "
                         "sentences left out. Negated, hypothetical and family mentions are never recorded as present; "
                         "nothing is invented. Nothing is stored: create the case with POST /cases. Clinicians only.")
def extract(caller: CallerDep, body: ExtractRequest) -> dict[str, Any]:
    service, actor = caller.authenticate()
    out: dict[str, Any] = service.extract(actor, body.text, body.case_id).as_dict()
    return out
