"""Calendar dates, levels named by their neighbour, and stated repeats (issue 15: intervals).
Texts written for the test; each expectation is what the words state, checked by hand."""

from __future__ import annotations

from typing import Any

from spinemet.case import case_to_data
from spinemet.extract import extract
from spinemet.extract.levels import find_levels


def _case(text: str) -> dict[str, Any]:
    return case_to_data(extract(text).case)


def test_the_presentations_date_is_day_0_and_a_month_is_a_range_placed_in_time_order() -> None:
    case = _case("She presented on 3 March 2019 with back pain. In May 2018 she had a mastectomy for breast cancer. "
                 "On 10 March 2019 she underwent T8 decompression.")
    assert case["index_date"] == "2019-03-03"
    types = [e["type"] for e in case["timeline"]]
    assert types == ["primary_resection", "pain", "surgery"]  # the mastectomy, told second, happened first
    assert case["timeline"][0]["date_range"] == {"earliest": "2018-05-01", "latest": "2018-05-31"}
    assert case["timeline"][1]["date"] == "2019-03-03"
    assert case["timeline"][2]["date"] == "2019-03-10"


def test_american_and_iso_dates_are_read() -> None:
    case = _case("MRI on April 5, 2020 showed cord compression at T4. She underwent T4 laminectomy on 2020-04-07.")
    assert [e.get("date") for e in case["timeline"]] == ["2020-04-05", "2020-04-07"]


def test_without_an_exact_date_there_is_no_day_0_to_count_a_month_from() -> None:
    x = extract("A man presented with back pain. In May 2018 he had radiotherapy to T6.")
    case = case_to_data(x.case)
    assert "index_date" not in case
    rt = next(e for e in case["timeline"] if e["type"] == "radiotherapy")
    assert "date_range" not in rt and rt["timing_note"] == "In May 2018"


def test_a_presentation_whose_date_is_not_given_is_not_put_on_another_events_date() -> None:
    case = _case("A woman presented with back pain. MRI on 5 April 2020 showed cord compression at T4.")
    pain = next(e for e in case["timeline"] if e["type"] == "pain")
    assert case["index_date"] == "2020-04-05"
    assert "day" not in pain and "date" not in pain  # its date is not stated: order only


def test_numeric_and_impossible_dates_are_not_read() -> None:
    for text in ("MRI on 03/05/2019 showed collapse of T8.", "MRI on 31 February 2019 showed collapse of T8."):
        case = _case(text)
        assert "index_date" not in case
        assert all("date" not in e for e in case["timeline"])


def test_the_level_above_or_below_a_named_level_is_its_neighbour() -> None:
    def spans(text: str) -> list[str]:
        return [str(sp) for m in find_levels(text) for sp in m.spans]

    assert spans("collapse of the level above L3") == ["L2"]
    assert spans("the vertebra below L5") == ["S1"]
    assert spans("the level above L1") == ["T12"]
    assert spans("two levels below T12") == ["L2"]
    assert spans("the level above C1") == []  # there is none: nothing is read


def test_the_neighbours_words_are_the_provenance_of_the_level() -> None:
    x = extract("MRI showed a pathological fracture of the vertebra above L3.")
    level = next(p for p in x.provenance if p.path.endswith("findings[0].level"))
    assert level.value == "L2" and level.quote == "the vertebra above L3"


def test_a_treatment_of_the_named_lesion_takes_its_level() -> None:
    case = _case("MRI showed a lytic metastasis at T9 and collapse of L2. He underwent radiofrequency ablation of "
                 "the L2 lesion.")
    ablation = next(e for e in case["timeline"] if e["type"] == "ablation")
    assert ablation["levels"] == "L2"
