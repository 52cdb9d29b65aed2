"""Original files of imported documents, kept content-addressed under settings.FILES_ROOT.

A file with SHA-256 `abcdef…` lives at `FILES_ROOT/ab/abcdef…`. It is written to a temporary
name in the same folder (flushed to disk when settings.DOCUMENTS_FSYNC is on), then renamed: a reader never sees half a file, and a
crash leaves at most a `.part` file that `sweep()` removes. The Attachment row that names a file is
written in the import's transaction; if that transaction fails, the import removes the file again
unless another row references it (`remove_unreferenced`). `sweep()` removes files that no row
references (e.g. left by a transaction that an outer caller rolled back).
"""

from __future__ import annotations

import os
import re
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

_SHA256_RE = re.compile(r"^[0-9a-f]{64}$")
PART_SUFFIX = ".part"
SWEEP_GRACE_SECONDS = 3600  # files younger than this may belong to a transaction still running


@dataclass(frozen=True)
class StoredFile:
    path: str  # relative to the files root, e.g. "ab/abcdef…"
    created: bool  # False when the same content was already stored


def files_root() -> Path:
    return Path(settings.FILES_ROOT)


def relative_path(sha256: str) -> str:
    if not _SHA256_RE.match(sha256):
        raise ValueError("not a SHA-256 hex digest")
    return f"{sha256[:2]}/{sha256}"


def absolute_path(path: str) -> Path:
    """The file for a stored relative path; a path that would leave the root is refused."""
    root = files_root().resolve()
    target = (root / path).resolve()
    if root not in target.parents:
        raise ValueError("path outside the files root")
    return target


def fsync_enabled() -> bool:
    """settings.DOCUMENTS_FSYNC: flush each original to disk before its row commits. Off by default:
    one fsync cost ~6 ms here (a third of the import budget at 500 documents/s), the document's text
    is in the database either way, and the stored SHA-256 tells a damaged original from a good one."""
    return bool(getattr(settings, "DOCUMENTS_FSYNC", False))


def store(content: bytes, sha256: str, *, durable: bool | None = None, root: Path | None = None) -> StoredFile:
    """Write `content` (whose digest the caller computed) under its digest; idempotent. `root` and
    `durable` given, no setting is read (the import's parsing processes, which need no Django)."""
    durable = fsync_enabled() if durable is None else durable
    relative = relative_path(sha256)
    target = (files_root() if root is None else root) / relative
    if target.exists() and target.stat().st_size == len(content):
        return StoredFile(relative, created=False)
    if not target.parent.is_dir():
        target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{sha256[:16]}-", suffix=PART_SUFFIX)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(content)
            out.flush()
            if durable:
                os.fsync(out.fileno())
        os.chmod(temporary, 0o640)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return StoredFile(relative, created=True)


def remove(path: str) -> None:
    absolute_path(path).unlink(missing_ok=True)


def remove_unreferenced(path: str) -> bool:
    """Remove a stored file unless an Attachment row names it; True when removed."""
    from .models import Attachment

    if Attachment.objects.unrestricted().filter(storage_path=path).exists():
        return False
    remove(path)
    return True


def stored_paths():
    """Relative paths of every stored original (the content-addressed folders only)."""
    root = files_root()
    if not root.is_dir():
        return
    for folder in sorted(root.iterdir()):
        if folder.is_dir() and re.fullmatch(r"[0-9a-f]{2}", folder.name):
            yield from sorted(folder.iterdir())


def sweep(*, grace_seconds: int = SWEEP_GRACE_SECONDS, now: float | None = None) -> list[str]:
    """Remove stale `.part` files and originals that no Attachment references; returns what went."""
    from .models import Attachment

    now = time.time() if now is None else now
    referenced = set(Attachment.objects.unrestricted().values_list("storage_path", flat=True))
    removed = []
    root = files_root()
    for item in list(stored_paths() or ()):
        if now - item.stat().st_mtime < grace_seconds:
            continue
        relative = item.relative_to(root).as_posix()
        if item.name.endswith(PART_SUFFIX) or relative not in referenced:
            item.unlink(missing_ok=True)
            removed.append(relative)
    return removed
