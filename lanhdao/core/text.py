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


_WORD = re.compile(r"\w+", re.UNICODE)


def search_tokens(query: str) -> list[str]:
    """The folded words of a search query, the way the search indexes split text (letters and digits only)."""
    return _WORD.findall(fold(query))


def fold_words(text: str | None) -> str:
    """The folded words of `text` separated by single spaces: what search indexes store, so that every engine
    splits `05-NQ/TU` into the same three words as the query."""
    return " ".join(search_tokens(text or ""))


def highlight(text: str, query: str, *, window: int | None = None) -> str:
    """`text`, HTML-escaped, with every word that matches a query word (as a prefix, ignoring diacritics) in <mark>.

    With `window`, only about that many words around the first match are kept (a snippet).
    """
    from django.utils.html import escape
    from django.utils.safestring import mark_safe

    tokens = search_tokens(query)
    if not text:
        return ""
    pieces: list[tuple[str, bool]] = []
    last = 0
    for match in _WORD.finditer(text):
        pieces.append((text[last : match.start()], False))
        word = match.group(0)
        pieces.append((word, any(fold(word).startswith(t) for t in tokens)))
        last = match.end()
    pieces.append((text[last:], False))
    if window is not None:
        words = [i for i, (piece, _) in enumerate(pieces) if _WORD.fullmatch(piece or " ")]
        hits = [i for i, (_, hit) in enumerate(pieces) if hit]
        centre = hits[0] if hits else 0
        position = words.index(centre) if centre in words else 0
        start = words[max(0, position - window // 2)] if words else 0
        end = words[min(len(words) - 1, position + window // 2)] + 1 if words else len(pieces)
        prefix = "… " if start > 1 else ""
        suffix = " …" if end < len(pieces) - 1 else ""
        pieces = [(prefix, False), *pieces[start:end], (suffix, False)]
    html = "".join(f"<mark>{escape(p)}</mark>" if hit else escape(p) for p, hit in pieces)
    return mark_safe(html)
