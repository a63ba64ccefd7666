"""Texts that tell more than one case could hold (two deaths, dates against the written order):
the draft is still a valid case, what the record refuses is left out and said, never an error.
Checked on hand-written texts and on seeded shuffles of the corpus's own sentences."""

from __future__ import annotations

import random
import re
from pathlib import Path

from spinemet.case import case_to_data
from spinemet.extract import extract

_CORPUS = Path(__file__).parent


def test_a_second_death_told_is_left_out_and_said() -> None:
    x = extract("A man presented with back pain. He underwent T8 decompression. He died three months later. "
                "One year later he died of disease progression.")
    deaths = [e for e in case_to_data(x.case)["timeline"] if e["type"] == "death"]
    assert len(deaths) == 1
    assert any("left out" in m and "death" in m for m in x.messages)


def test_shuffled_corpus_sentences_always_give_a_valid_draft() -> None:
    sentences = [s for p in sorted(_CORPUS.rglob("*.txt")) for s in re.split(r"(?<=[.!?])\s+", p.read_text("utf-8"))]
    sentences += ["On 3 March 2019 she presented with back pain.", "In May 2018 he had radiotherapy to T6.",
                  "She underwent three sessions of embolisation of the tumour.", "Three months later he died."]
    rng = random.Random(20261128)
    for _ in range(150):
        text = " ".join(rng.choice(sentences) for _ in range(rng.randint(1, 25)))
        x = extract(text)  # raises on a draft the record refuses
        assert x.case.id == "draft"
