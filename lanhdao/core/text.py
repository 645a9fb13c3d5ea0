"""Vietnamese text folding: one rule for every search in the product.

`fold("Đảng ủy Phường")` gives `"dang uy phuong"`: lower case, diacritics removed, `đ` folded to `d` (it has no
Unicode decomposition, so NFD alone leaves it), runs of white space collapsed.
"""

import re
import unicodedata

_SPACE = re.compile(r"\s+")
_D = str.maketrans({"đ": "d", "Đ": "d", "ð": "d", "Ð": "d"})


def fold(text: str | None) -> str:
    if not text:
        return ""
    decomposed = unicodedata.normalize("NFD", text.translate(_D))
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return _SPACE.sub(" ", stripped).strip().lower()
