"""Use case: read a text (clinic letter, imaging or operation report, case report) into a draft case.

Nothing is stored: the draft and its provenance go back to the caller, who creates the case (and
decides whether to keep the text) through the usual use cases. The text is checked first, with a
located message for each refusal: empty, binary, longer than ``Limits.extract_chars``, or not in
English (the extractor's words are English; a German or French letter would give an empty draft
that looks like "nothing found").
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from spinemet.errors import Problem, ValidationFailed
from spinemet.io.limits import Limits
from spinemet.service.roles import Actor, check

if TYPE_CHECKING:
    from spinemet.extract import Extraction

#: common English words of clinical prose (a text of 12 or more words with none of them is not English)
_ENGLISH = frozenset(
    "the of and with was were in a an to at for on is are no not had has he she his her this that from by "
    "after before which who there showed underwent patient presented revealed".split())
#: the commonest words of languages a letter in Europe might come in, and their names
_OTHER = {
    "German": frozenset("der die das und mit ein eine nicht ist wurde bei von zu auf im den des sich".split()),
    "French": frozenset("le la les et des une est avec pour dans du au sur par qui pas été ont".split()),
    "Spanish": frozenset("el los las y con una es para por del que se fue sin como".split()),
    "Italian": frozenset("il lo gli e con una è per della che non sono stato alla nel".split()),
    "Dutch": frozenset("het een en met van is niet werd bij op voor zijn".split()),
    "Portuguese": frozenset("o os as e com uma é para por do da que não foi".split()),
}
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)


def check_text(text: str, limits: Limits | None = None, field: str = "text") -> str:
    """``text`` if it can be read; else :class:`ValidationFailed` naming ``field`` and what is allowed."""
    limits = limits or Limits.from_env()
    if not isinstance(text, str):
        raise ValidationFailed([Problem(field, "must be text (UTF-8)")])
    if not text.strip():
        raise ValidationFailed([Problem(field, "is empty; give the text of a clinic letter, an imaging or operation "
                                               "report or a case report")])
    if len(text) > limits.extract_chars:
        raise ValidationFailed([Problem(field, f"is {len(text):,} characters long; the limit is "
                                               f"{limits.extract_chars:,} (SPINEMET_LIMIT_EXTRACT_CHARS); split the "
                                               "text or give the relevant part")])
    controls = sum(1 for ch in text if (ord(ch) < 32 and ch not in "\n\r\t\f") or ch == "\ufffd")
    if "\x00" in text or controls > max(2, len(text) // 100):
        raise ValidationFailed([Problem(field, "looks like binary data, not text; give plain text (UTF-8)")])
    language = other_language(text)
    if language is not None:
        raise ValidationFailed([Problem(field, f"appears to be in {language}; the extractor reads English only "
                                               "(translate the text, or enter the case on the forms)")])
    return text


def other_language(text: str) -> str | None:
    """The language a text appears to be in when it is clearly not English, else None."""
    words = [w.lower() for w in _WORD.findall(text)]
    letters = "".join(words)
    if len(letters) >= 20:
        non_latin = sum(1 for ch in letters if ord(ch) > 0x24F)
        if non_latin > len(letters) * 0.3:
            return "a non-Latin script"
    if len(words) < 12:
        return None
    english = sum(1 for w in words if w in _ENGLISH)
    best, best_count = None, 0
    for name, vocab in _OTHER.items():
        count = sum(1 for w in words if w in vocab)
        if count > best_count:
            best, best_count = name, count
    if best_count >= 4 and best_count > 3 * english:
        return best
    return None


def extract_text(text: str, case_id: str = "draft", limits: Limits | None = None) -> Extraction:
    """A draft case read from ``text`` (checked first); nothing stored."""
    from spinemet.extract import extract

    return extract(check_text(text, limits), case_id)


class ExtractUseCases:
    """The stored service's door to the extractor (clinicians: the draft becomes a case they create)."""

    limits: Limits

    def extract(self, actor: Actor, text: str, case_id: str = "draft") -> Extraction:
        """A draft case with the provenance of every value; nothing is stored and nothing audited
        (no stored case is read). The caller creates the case with :meth:`create_case`."""
        check(actor, "case.extract")
        return extract_text(text, case_id, self.limits)
