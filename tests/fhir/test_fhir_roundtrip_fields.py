"""Every field the record model documents with an example round-trips through FHIR, including fields added
after the mapping was written (issue 12's passes add them; the mapping must not need to know them).

The examples are the models' own (``json_schema_extra``): each event type's examples, and each field's
examples set on the first of them, appended to the story case (with stub events that examples refer to by
id). A variant that is not a valid case in that context (a field that needs another) is left out; the test
counts what it exercised, so a model losing its examples shows here too."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from spinemet.case import case_to_data
from spinemet.case.events import EVENT_TYPES
from spinemet.case.model import PrimaryTumour
from spinemet.errors import SpineMetError
from spinemet.io.casefile import load_case
from spinemet.service.fhir_export import export_bundle
from spinemet.service.fhir_import import read_bundle_data

STORY = Path(__file__).resolve().parents[2] / "examples" / "story-lung-net-t6.yaml"
#: events the models' examples name by id
STUBS = [{"id": "surgery-1", "type": "surgery", "day": 1, "levels": "T6"},
         {"id": "vp-1", "type": "cement_augmentation", "day": 1, "levels": "L1"},
         {"id": "nephrectomy-1", "type": "primary_resection", "day": 0},
         {"id": "radiotherapy-1", "type": "radiotherapy", "day": 2, "levels": "T6", "dose_gy": 8, "fractions": 1},
         {"id": "mri-1", "type": "imaging", "day": 3, "findings": [{"level": "T6"}]},
         {"id": "presentation", "type": "pain", "day": 0}]


def _field_examples(model: type[BaseModel]) -> list[tuple[str, Any]]:
    out = []
    for name, field in model.model_fields.items():
        extra = field.json_schema_extra
        for value in (extra.get("examples") or []) if isinstance(extra, dict) else []:
            out.append((name, value))
    return out


def _same_after_round_trip(data: dict[str, Any]) -> bool | None:
    """True when the case ``data`` comes back the same, None when it is no valid case."""
    story = load_case(STORY)
    try:
        case = story.model_validate(data)
    except (ValueError, SpineMetError):
        return None
    back, _report = read_bundle_data(json.loads(json.dumps(export_bundle(case))))
    return case_to_data(back) == case_to_data(case) and back == case


def test_every_event_fields_example_round_trips_through_fhir() -> None:
    base = load_case(STORY).model_dump(mode="json", exclude_none=True)
    base["timeline"] = [*base["timeline"], *STUBS]
    lost: list[dict[str, Any]] = []
    types: set[str] = set()
    fields: set[tuple[str, str]] = set()
    for event_type, model in EVENT_TYPES.items():
        extra = model.model_config.get("json_schema_extra")
        examples = [dict(e) for e in (extra.get("examples") or [])] if isinstance(extra, dict) else []
        field_examples = _field_examples(model)
        starts = examples or [dict(reversed(field_examples))]  # the first example of each field, if no model example
        for variant in [*starts, *({**starts[0], name: value} for name, value in field_examples)]:
            event = {**{k: v for k, v in variant.items() if k != "id"}, "type": event_type}
            if not {"date", "day", "day_range", "date_range", "after", "before"} & set(event):
                event["day"] = 400 if event_type in ("death", "last_contact") else 10
            same = _same_after_round_trip({**base, "timeline": [*base["timeline"], event]})
            if same is False:
                lost.append(event)
            elif same:
                types.add(event_type)
                fields |= {(event_type, name) for name in event}
    assert lost == []
    assert len(types) >= 19, sorted(set(EVENT_TYPES) - types)  # 21 of 25 at the time of writing
    assert len(fields) >= 120  # 136 at the time of writing


def test_every_primary_example_and_fields_example_round_trips_through_fhir() -> None:
    """The primary's model examples (a site, a probable site, candidates, a label) and its fields' examples
    all at once on a prostate primary (the Gleason patterns belong to one)."""
    base = load_case(STORY).model_dump(mode="json", exclude_none=True)
    extra = PrimaryTumour.model_config.get("json_schema_extra")
    primaries = [dict(e) for e in (extra.get("examples") or [])] if isinstance(extra, dict) else []
    primaries.append({"site": "prostate", **dict(_field_examples(PrimaryTumour))})
    assert len(primaries) >= 5
    for primary in primaries:
        assert _same_after_round_trip({**base, "primary": primary}) is True, primary
