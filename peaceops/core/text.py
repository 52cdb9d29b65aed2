"""Text helpers with no Django import: Vietnamese-aware folding for search."""

import unicodedata

_EXTRA_FOLDS = str.maketrans({"đ": "d", "Đ": "D"})


def fold(text: str) -> str:
    """Lower-case text without diacritics: 'Nguyễn Văn Đức' -> 'nguyen van duc'.

    NFD decomposition drops combining marks, but đ/Đ is a separate letter, not a mark,
    so it is mapped explicitly.
    """
    decomposed = unicodedata.normalize("NFD", text.translate(_EXTRA_FOLDS))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.lower().split())
