"""Command-line front for the cable parser: `run(["a.txt", "b.txt", "--json"], stdin, stdout)`.

No Django import; a management command only has to pass its arguments and streams through.
One FILE prints one JSON object; several print JSON Lines in argument order. `-` reads stdin.
An unreadable file gives `{"file": ..., "error": ...}` in its place and exit code 1 at the end.
Each parsed object holds exactly the cable fields; `--with-status` adds `_status`
(found / not_found / ambiguous per field).
"""

from __future__ import annotations

import json
import unicodedata
from typing import IO, Any

from peaceops.documents.parsers.cable import FIELDS, parse_cable_with_status

USAGE = "usage: parse-cable FILE [FILE ...] [--json] [--with-status]   (FILE '-' reads standard input)"


def decode_bytes(data: bytes) -> str:
    """UTF-8 first; UTF-16 when a byte-order mark says so; then Vietnamese Windows (cp1258)."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace")
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        # cp1258 writes tones as combining marks; compose them so "Bô\u0323" reads as "Bộ".
        return unicodedata.normalize("NFC", data.decode("cp1258"))
    except UnicodeDecodeError:
        return data.decode("utf-8", errors="replace")  # cp1258 leaves a few bytes undefined


def run(argv: list[str], stdin: IO[Any], stdout: IO[str]) -> int:
    as_json = "--json" in argv
    with_status = "--with-status" in argv
    files = [arg for arg in argv if arg not in ("--json", "--with-status")]
    unknown = [arg for arg in files if arg.startswith("--") or (arg.startswith("-") and arg != "-")]
    if not files or unknown:
        problem = f"unknown option {unknown[0]}" if unknown else "no FILE given"
        _write(stdout, {"error": problem, "usage": USAGE} if as_json else f"{problem}\n{USAGE}", as_json)
        return 2
    exit_code = 0
    for name in files:
        try:
            text = decode_bytes(_read_bytes(name, stdin))
        except OSError as error:
            exit_code = 1
            result: dict[str, Any] = {"file": name, "error": error.strerror or str(error)}
        else:
            fields, status = parse_cable_with_status(text)
            # The JSON holds exactly the cable fields; the per-field status is asked for explicitly.
            result = {**fields, "_status": status} if with_status or not as_json else fields
        if as_json:
            _write(stdout, result, as_json, indent=2 if len(files) == 1 else None)
        else:
            _write(stdout, _as_text(name, result), as_json)
    return exit_code


def _read_bytes(name: str, stdin: IO[Any]) -> bytes:
    if name != "-":
        with open(name, "rb") as handle:
            return handle.read()
    data = stdin.buffer.read() if hasattr(stdin, "buffer") else stdin.read()
    return data.encode("utf-8") if isinstance(data, str) else data


def _write(stdout: IO[str], value: Any, as_json: bool, indent: int | None = None) -> None:
    stdout.write((json.dumps(value, ensure_ascii=False, indent=indent) if as_json else value) + "\n")


def _as_text(name: str, result: dict[str, Any]) -> str:
    if "error" in result:
        return f"{name}: error: {result['error']}"
    lines = [f"== {name}"]
    for field in FIELDS:
        value = result[field]
        shown = json.dumps(value, ensure_ascii=False) if isinstance(value, list) else value
        lines.append(f"{field} [{result['_status'][field]}]: {shown}")
    return "\n".join(lines)
