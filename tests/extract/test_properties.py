"""Properties of the extractor on any text: it never fails, its draft is always a valid case, and every
provenance span lies inside the text and quotes it."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from spinemet.case import Case
from spinemet.extract import extract

_WORDS = st.sampled_from([
    "T6", "D7", "L2/3", "C7/T1", "T3 to T8", "and", "no", "not", "possible", "probably", "cord", "compression",
    "collapse", "metastasis", "lung", "breast", "cancer", "neuroendocrine", "tumour", "decompression",
    "fixation", "from", "radiotherapy", "30 Gy", "in 10 fractions", "within one month of surgery", "later",
    "three months", "his mother", "history of", "walks with a frame", "Frankel C", "4/5", "hip flexors",
    "recurrence", "died", ".", ",", ";", "\n", "Bilsky 2", "epidural", "intramedullary", "vertebroplasty",
    "nephrectomy", "12 years earlier", "KPS 70", "ECOG 2", "Ki-67 12%", "NET G2", "pancreatic",
])


@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True,
          database=None)
@given(st.lists(_WORDS, min_size=1, max_size=60).map(" ".join))
def test_any_clinical_word_salad_gives_a_valid_draft_with_true_provenance(text: str) -> None:
    x = extract(text)
    assert isinstance(x.case, Case)
    Case.model_validate(x.case.model_dump(mode="json", exclude_none=True))
    for p in x.provenance:
        for a, b in p.spans:
            assert 0 <= a <= b <= len(text)
        assert p.quote == " ... ".join(text[a:b] for a, b in p.spans)


@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True,
          database=None)
@given(st.text(min_size=1, max_size=400))
def test_any_unicode_text_gives_a_valid_draft(text: str) -> None:
    x = extract(text)
    assert isinstance(x.case, Case)
