"""Vietnamese text: one normalisation for what people type, one folding for every search in the product.

`normalise(" Tie\u0302\u0301n\u200b ")` gives `"Tiến"`: what is stored is NFC (Vietnamese typed on some keyboards
or pasted from PDFs arrives decomposed, NFD, and would then neither compare nor search equal to the same words typed
elsewhere), without zero-width characters (U+200B..U+200D, U+2060, U+FEFF) or control characters, and without
surrounding spaces, so that a title of invisible characters is empty and refused like one. `core.apps` applies it to
every text field of every Django form and DRF serializer at the edge.

`fold("Đảng ủy Phường")` gives `"dang uy phuong"`: lower case, diacritics removed, `đ` folded to `d` (it has no
Unicode decomposition, so NFD alone leaves it), runs of white space collapsed.
"""

import re
import unicodedata

_SPACE = re.compile(r"\s+")
_ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff"
# Control characters (Unicode category Cc: C0, DEL, C1) and the zero-width ones; in multi-line text newline and tab
# stay (a carriage return goes: CR LF and CR alone become LF first), in a single line they become a space.
_INVISIBLE = {ord(ch): None for ch in _ZERO_WIDTH} | {
    code: None for code in [*range(0x00, 0x20), *range(0x7F, 0xA0)] if chr(code) not in "\n\t"
}
_ONE_LINE = {ord("\n"): " ", ord("\t"): " "}


def normalise(text: str, *, multiline: bool = False) -> str:
    """`text` as stored: NFC, no zero-width or control characters (newline and tab kept when `multiline`), no
    surrounding white space."""
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    text = text.translate(_INVISIBLE)
    if not multiline:
        text = text.translate(_ONE_LINE)
    return text.strip()


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
