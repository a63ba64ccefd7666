"""The histology shortcut of the NET rule (``net.class_in_text``) gives the answer of the full search it stands
in for: every WHO-class pattern searched in the text, in order, with the negation check, and no word prefilter.

The shortcut skips the patterns whose words a lower-cased ASCII text does not contain (``_CLASS_WORDS``, and
each class's own words). Checked on random texts built from the patterns' words, their near misses,
negations, punctuation and non-ASCII letters, and on each class's own words alone (a word present but no
pattern matching) and in a phrase its pattern matches."""

from __future__ import annotations

import random

import pytest

from spinemet.pathway.net import _CLASS_WORDS, _NEGATED, _TEXT_CLASSES, class_in_text


def full_search(text: str | None, site: str) -> str | None:
    """Every class pattern searched in order over the whole text (the reading class_in_text shortens)."""
    if not text:
        return None
    for pattern, klass, _words in _TEXT_CLASSES:
        m = pattern.search(text)
        if m is None or _NEGATED.search(text[: m.start()]):
            continue
        if klass == "sclc" and not site.startswith("lung"):
            return "nec"
        return klass
    return None


#: The patterns' words and the pieces their matches are made of.
_WORDS = ("large", "cell", "large-cell", "large cell", "neuro-endocrine", "neuroendocrine", "neuro endocrine",
          "lcnec", "small", "small-cell", "small cell", "atypical", "typical", "carcinoid", "net", "NET", "g",
          "g1", "g2", "g3", "g 1", "g 2", "g 3", "grade", "grade 2", "tumour", "tumor", "poorly",
          "poorly-differentiated", "differentiated", "carcinoma", "endocrine carcinoma", "nec", "NEC", "1", "2", "3")
#: Near misses: words a pattern does not take, or takes only beside others.
_NEAR = ("non-small", "non small", "larg", "smal", "carcinoi", "nets", "g4", "g12", "necrosis", "lcne", "neuro",
         "endocrine", "well", "differentiation", "Ki-67 20%", "mitoses", "typically", "atypia", "grade3", "ag3",
         "anet", "g33", "G2a")
_NEGATIONS = ("not", "no", "without", "exclude", "excluded", "NOT")
_GLUE = (" ", " ", " ", "-", ", ", ". ", "; ", "(", ")", "")
_OTHER = ("é", "ß", "İ", "K", "Ⅻ", "ﬁ")  # non-ASCII: lower-casing can change length or pair with ASCII letters
_SITES = ("lung_carcinoid", "lung_other", "gep_net", "unknown", "breast")


def _random_text(rng: random.Random) -> str:
    parts: list[str] = []
    for _ in range(rng.randint(1, 9)):
        pool = rng.choice((_WORDS, _WORDS, _NEAR, _NEGATIONS, _OTHER))
        word = rng.choice(pool)
        if rng.random() < 0.2:
            word = word.upper() if rng.random() < 0.5 else word.capitalize()
        parts.append(word + rng.choice(_GLUE))
    return "".join(parts)


def test_random_texts_give_the_full_search_answer() -> None:
    rng = random.Random(20261128)
    named = 0
    for _ in range(30_000):
        text = _random_text(rng)
        site = rng.choice(_SITES)
        expected = full_search(text, site)
        assert class_in_text(text, site) == expected, (text, site)
        named += expected is not None
    assert named > 3_000  # the texts reach the patterns, not only the prefilter's early "none"


@pytest.mark.parametrize("word", _CLASS_WORDS)
def test_each_class_word_alone_and_in_a_phrase(word: str) -> None:
    # the word passes the prefilter; alone it may or may not complete a pattern
    for text in (word, word.upper(), f"no {word}", f"{word} tumour", f"neuroendocrine tumour grade {word}",
                 f"NET G{word}", f"{word}-cell neuroendocrine carcinoma", f"not {word}; {word} carcinoid"):
        for site in ("lung_other", "gep_net"):
            assert class_in_text(text, site) == full_search(text, site), (text, site)


@pytest.mark.parametrize("text", [
    None, "", "adenocarcinoma", "renal cell carcinoma", "no class word here",  # no word: the prefilter's "none"
    "large-cell neuroendocrine carcinoma", "small cell carcinoma", "atypical carcinoid", "typical carcinoid",
    "NET G3", "neuroendocrine tumour, grade 2", "NET G1", "poorly differentiated neuroendocrine carcinoma",
    "not small cell", "non-small cell carcinoma",  # a match negated, a match excluded by its own pattern
    "NEUROENDOCRINE TUMOUR G2", "néuroendocrine tumour G2", "small-cell carcİnoma",  # non-ASCII: searched throughout
])
def test_boundary_texts(text: str | None) -> None:
    for site in ("lung_other", "gep_net"):
        assert class_in_text(text, site) == full_search(text, site)
