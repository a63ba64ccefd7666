"""Use case: read a text (clinic letter, imaging or operation report, case report) into a draft case.

Nothing is stored: the draft and its provenance go back to the caller, who creates the case (and
decides whether to keep the text) through the usual use cases. The text is checked first, with a
located message for each refusal: empty, binary, longer than ``Limits.extract_chars``, or not in
English (the extractor's words are English; a German or French letter would give an empty draft
that looks like "nothing found").
"""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING, Any

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


# ------------------------------------------------------------------ a reviewed draft becomes case data

_EVENT_PATH = re.compile(r"^timeline\[(\d+)\]$")
_TOKEN = re.compile(r"([^.\[\]]+)|\[(\d+)\]")
#: fields that name another event by its id
_REFERENCES = ("procedure", "compared_with", "embolised_before", "treated_by")


def reviewed_case(draft: dict[str, Any], decisions: list[tuple[str, Any, bool]], case_id: str,
                  keep_text: str | None = None, limits: Limits | None = None) -> dict[str, Any]:
    """Case data from a draft after a person reviewed each value: ``decisions`` are (path, value,
    keep) per reviewed value -- kept as shown (possibly edited), or deleted. Deleting a whole event
    (its path is ``timeline[i]``) removes the event; times and links to a removed event are removed
    with it (the event keeps its place in the written order). ``keep_text``, when given, is stored in
    the case's source note (never shown to researchers: the source is not part of their view)."""
    limits = limits or Limits.from_env()
    data: dict[str, Any] = json.loads(json.dumps(draft))
    data["id"] = case_id
    removed_events: set[int] = set()
    deletions: list[list[str | int]] = []
    for path, value, keep in decisions:
        tokens = _tokens(path)
        if not tokens:
            continue
        m = _EVENT_PATH.match(path)
        if not keep:
            if m:
                removed_events.add(int(m.group(1)))
            else:
                deletions.append(tokens)
            continue
        if m is None:
            _set(data, tokens, value)
    # deepest and last first, so that list positions stay right while deleting
    for tokens in sorted(deletions, key=lambda t: [(-x if isinstance(x, int) else 0) for x in t], reverse=False):
        _delete(data, tokens)
    timeline = data.get("timeline", [])
    gone_ids = {timeline[i].get("id") for i in removed_events if i < len(timeline)} - {None}
    timeline = [e for i, e in enumerate(timeline) if i not in removed_events]
    for ev in timeline:
        for k in ("after", "before"):
            if isinstance(ev.get(k), dict) and ev[k].get("event") in gone_ids:
                del ev[k]
        for k in _REFERENCES:
            if ev.get(k) in gone_ids:
                del ev[k]
        if "findings" in ev:
            ev["findings"] = [f for f in ev["findings"] if f]
    data["timeline"] = timeline
    if keep_text is not None:
        if len(keep_text) > limits.text_chars:
            raise ValidationFailed([Problem("keep_text", f"the text is {len(keep_text):,} characters; a text kept with "
                                                         f"a case may have {limits.text_chars:,} at most: save the "
                                                         "case without it")])
        data["source"] = {"note": keep_text}
    return data


def _tokens(path: str) -> list[str | int]:
    out: list[str | int] = []
    for name, index in _TOKEN.findall(path):
        out.append(int(index) if index else name)
    return out


#: what :func:`_parent` answers for a path that leads nowhere in the data
_NOWHERE = object()


def _parent(data: Any, tokens: list[str | int]) -> Any:
    """The mapping or list that holds the place the last token names (:data:`_NOWHERE`: the path
    leads nowhere in ``data``; a correction of a place that is not there is ignored)."""
    cur = data
    for t in tokens[:-1]:
        try:
            cur = cur[t]
        except (KeyError, IndexError, TypeError):
            return _NOWHERE
    return cur


def _set(data: Any, tokens: list[str | int], value: Any) -> None:
    cur = _parent(data, tokens)
    if cur is _NOWHERE:
        return
    try:
        cur[tokens[-1]] = value
    except (IndexError, TypeError):
        return


def _delete(data: Any, tokens: list[str | int]) -> None:
    cur = _parent(data, tokens)
    if cur is _NOWHERE:
        return
    last = tokens[-1]
    if isinstance(cur, dict) and last in cur:
        del cur[last]
    elif isinstance(cur, list) and isinstance(last, int) and last < len(cur):
        del cur[last]
    # a list left empty (e.g. the only procedure deleted) is left out, not kept empty
    if isinstance(cur, list) and not cur and len(tokens) >= 2:
        _delete(data, tokens[:-1])
