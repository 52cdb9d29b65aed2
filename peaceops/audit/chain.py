"""The hash chain, with no Django import: canonical form and hashing of one audit row."""

import hashlib
import json

GENESIS = "0" * 64


def canonical(row: dict) -> bytes:
    """A stable byte form of the row's content (everything but its own hash)."""
    fields = {k: row[k] for k in sorted(row) if k != "hash"}
    return json.dumps(fields, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str).encode()


def row_hash(prev_hash: str, row: dict) -> str:
    return hashlib.sha256(prev_hash.encode() + b"|" + canonical(row)).hexdigest()
