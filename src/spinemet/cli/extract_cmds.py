"""``spinemet extract``: a draft case file from a clinic letter, an imaging or operation report or a
case report (one text, a folder of texts, or a JSON Lines file of texts)."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from enum import StrEnum
from pathlib import Path
from typing import Any

import typer
from rich.markup import escape

from spinemet.cli.app import app
from spinemet.cli.output import console, dumps, err_console, fail

#: files of a folder read as texts
TEXT_SUFFIXES = (".txt", ".text", ".md")


class DraftFormat(StrEnum):
    yaml = "yaml"
    json = "json"


@app.command("extract")
def extract_cmd(
    source: str = typer.Argument(..., metavar="FILE|FOLDER|-",
                                 help="A text file, '-' for standard input, a folder of .txt/.md files, or a .jsonl "
                                      "file of texts (one JSON object a line: {\"id\": ..., \"text\": ...})."),
    fmt: DraftFormat = typer.Option(DraftFormat.yaml, "--format", "-f",
                                    help="yaml: the draft case file; json: the case with the provenance of every "
                                         "value and the sentences left out."),
    output: Path | None = typer.Option(None, "--output", "-o",
                                       help="Write the draft here (a case file; for a folder or .jsonl input, a "
                                            "folder for one draft per text) instead of standard output."),
    explain: bool = typer.Option(False, "--explain", help="Print each value beside the words it was read from."),
    case_id: str = typer.Option("draft", "--id", help="The id of the draft case (one text)."),
) -> None:
    """Read a text into a DRAFT case file: every value traced to its words, nothing invented.

    Check the draft against the text before you use it: the extractor reads rules, not minds.
    Values stated with doubt keep their doubt or are left out; negated ("no cord compression"),
    hypothetical ("risk of collapse") and family ("her mother had breast cancer") mentions are never
    recorded as present. Exit 0 with a draft even when little was found; exit 1 for input that
    cannot be read (empty, binary, too long, not English).
    """
    from spinemet.errors import ValidationFailed

    path = Path(source)
    if source != "-" and path.is_dir():
        if not _folder_files(path):
            fail(f"{path}: no text files in this folder (.txt or .md); give a folder of texts, a .jsonl file, "
                 "a file or '-'")
        _batch(_folder_texts(path), fmt, output, explain, total=len(_folder_files(path)))
        return
    if source != "-" and path.suffix.lower() == ".jsonl":
        _batch(_jsonl_texts(path), fmt, output, explain, total=None)
        return
    text = _read_one(source)
    try:
        extraction = _extract(text, case_id)
    except ValidationFailed as exc:
        problem = exc.problems[0] if exc.problems else None
        fail(f"{'standard input' if source == '-' else source}: {problem.message if problem else exc}")
    data = extraction.as_dict()
    rendered = _render(data, fmt, source)
    if output is not None:
        try:
            output.write_text(rendered, encoding="utf-8")
        except OSError as exc:
            fail(f"--output {output}: cannot write ({exc.strerror})")
        err_console.print(f"draft written to {escape(str(output))}")
    else:
        sys.stdout.write(rendered)
    if explain:
        _explain(data)
    _summary(data)


def _extract(text: str, case_id: str) -> Any:
    from spinemet.service.extracting import extract_text

    return extract_text(text, case_id)


def _limit_bytes() -> int:
    from spinemet.io.limits import Limits

    return Limits.from_env().extract_chars * 4  # UTF-8: at most 4 bytes a character


def _decode(raw: bytes, name: str) -> str:
    if b"\x00" in raw:
        fail(f"{name}: looks like binary data, not text; give plain text (UTF-8)")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        fail(f"{name}: is not UTF-8 text (binary data or another encoding); save it as UTF-8 plain text")


def _read_one(source: str) -> str:
    if source == "-":
        raw = sys.stdin.buffer.read(_limit_bytes() + 1)
        return _decode(raw, "standard input")
    path = Path(source)
    if not path.is_file():
        fail(f"{source}: no such file; give a text file, a folder, a .jsonl file or '-' for standard input")
    if path.stat().st_size > _limit_bytes():
        fail(f"{source}: is {path.stat().st_size:,} bytes, beyond the limit of the extractor "
             "(SPINEMET_LIMIT_EXTRACT_CHARS characters); split the text or give the relevant part")
    return _decode(path.read_bytes(), source)


def _folder_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.is_file() and p.suffix.lower() in TEXT_SUFFIXES)


#: one text of a batch: (name, draft id, text or None when unreadable, why it is unreadable)
Item = tuple[str, str, str | None, str]


def _folder_texts(folder: Path) -> Iterator[Item]:
    """Each text file of the folder (text None, with the reason, when it cannot be read)."""
    for p in _folder_files(folder):
        try:
            raw = p.read_bytes()
        except OSError as exc:
            yield p.name, p.stem, None, f"cannot be read ({exc.strerror or exc})"
            continue
        if b"\x00" in raw:
            yield p.name, p.stem, None, "looks like binary data, not text; give plain text (UTF-8)"
            continue
        try:
            yield p.name, p.stem, raw.decode("utf-8-sig"), ""
        except UnicodeDecodeError:
            yield p.name, p.stem, None, "is not UTF-8 text (binary data or another encoding); save it as UTF-8"


def _jsonl_texts(path: Path) -> Iterator[Item]:
    if not path.is_file():
        fail(f"{path}: no such file")
    with path.open(encoding="utf-8", errors="replace") as fh:
        for n, line in enumerate(fh, start=1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as exc:
                yield f"{path.name}:{n}", f"line-{n}", None, f"not JSON ({exc.msg} at column {exc.colno})"
                continue
            if not isinstance(obj, dict):
                yield f"{path.name}:{n}", f"line-{n}", None, 'not a JSON object; give {"id": ..., "text": ...}'
                continue
            text = obj.get("text")
            name = str(obj.get("id", f"line-{n}"))
            if not isinstance(text, str):
                yield f"{path.name}:{n}", name, None, 'no "text" field holding a string'
                continue
            yield f"{path.name}:{n}", name, text, ""


def _batch(items: Iterator[Item], fmt: DraftFormat, output: Path | None, explain: bool,
           total: int | None) -> None:
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    from spinemet.errors import ValidationFailed

    if output is not None:
        output.mkdir(parents=True, exist_ok=True)
    failed = done = 0
    with Progress(TextColumn("extracting"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                  console=err_console.rich, transient=True, disable=not err_console.is_terminal) as progress:
        task = progress.add_task("extract", total=total)
        for name, draft_id, text, why in items:
            progress.advance(task)
            if text is None:
                failed += 1
                err_console.print(f"[red]refused[/] {escape(name)}: {escape(why)}")
                continue
            try:
                data = _extract(text, _safe_id(draft_id)).as_dict()
            except ValidationFailed as exc:
                failed += 1
                message = exc.problems[0].message if exc.problems else str(exc)
                err_console.print(f"[red]refused[/] {escape(name)}: {escape(message)}")
                continue
            done += 1
            if output is not None:
                suffix = ".yaml" if fmt is DraftFormat.yaml else ".json"
                (output / f"{_safe_id(draft_id)}{suffix}").write_text(_render(data, fmt, name), encoding="utf-8")
            else:
                sys.stdout.write(json.dumps({"source": name, **data}, ensure_ascii=False) + "\n")
            if explain:
                err_console.print(f"[bold]{escape(name)}[/]")
                _explain(data)
    err_console.print(f"{done} draft(s) written; {failed} text(s) refused")
    if failed:
        raise typer.Exit(1)


def _safe_id(name: str) -> str:
    cleaned = "".join(ch if ch.isalnum() or ch in "-_." else "-" for ch in name).strip("-.") or "draft"
    return cleaned[:64]


def _render(data: dict[str, Any], fmt: DraftFormat, source: str) -> str:
    if fmt is DraftFormat.json:
        return dumps(data) + "\n"
    import yaml

    header = (f"# DRAFT case read from {source if source != '-' else 'standard input'} by spinemet extract.\n"
              "# Check every value against the text before use (spinemet extract --explain shows where each came "
              "from).\n")
    body: str = yaml.safe_dump(data["case"], sort_keys=False, allow_unicode=True, width=110)
    return header + body


def _explain(data: dict[str, Any]) -> None:
    for p in data["provenance"]:
        value = json.dumps(p["value"], ensure_ascii=False)
        err_console.print(f"  {escape(p['path'])} = {escape(value)}  [dim]<- \"{escape(p['quote'])}\" "
                          f"({escape(p['rule'])})[/]")
    for lo in data["left_out"]:
        err_console.print(f"  [yellow]left out[/] ({escape(lo['reason'])}): \"{escape(lo['text'][:160])}\"")


def _summary(data: dict[str, Any]) -> None:
    messages = data.get("messages", [])
    if not data["provenance"]:
        err_console.print(f"[yellow]warning:[/] {escape(messages[0]) if messages else 'nothing found'}")
        for m in messages[1:]:
            err_console.print(f"note: {escape(m)}")
        return
    for m in messages:
        err_console.print(f"note: {escape(m)}")


__all__ = ["console", "extract_cmd"]
