"""The UN datasets shipped in the package (gzipped originals, byte for byte) and their manifest."""

from __future__ import annotations

import csv
import gzip
import hashlib
import io
import json
from pathlib import Path

HERE = Path(__file__).resolve().parent


def manifest() -> list[dict]:
    return json.loads((HERE / "datasets.json").read_text(encoding="utf-8"))["datasets"]


def entry(key: str) -> dict:
    return next(d for d in manifest() if d["key"] == key)


def raw_bytes(file_name: str) -> bytes:
    return gzip.decompress((HERE / (file_name + ".gz")).read_bytes())


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def text_lines(data: bytes, *, bom: bool = False) -> io.StringIO:
    return io.StringIO(data.decode("utf-8-sig" if bom else "utf-8"), newline="")


def countries_rows() -> list[dict]:
    with (HERE / "countries.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def peer_groups() -> dict:
    return json.loads((HERE / "peer_groups.json").read_text(encoding="utf-8"))
