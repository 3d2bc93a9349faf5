"""Bytes to text: byte-order marks, UTF-8/16/32, a page's declared charset, cp1251, cp1252/latin-1, NULs.

Also the document readers: ``text`` (.txt), ``markdown`` (.md) and ``html``
(.html, .htm) files are one document each.

>>> d = decode_text("Привет, мир\\r\\n".encode("cp1251"))
>>> d.text, d.encoding, d.notes
('Привет, мир\\n', 'cp1251', ['not valid UTF-8: decoded as cp1251 (Cyrillic)', 'CRLF line ends normalised'])
>>> decode_text(b"Lavrov said\\x00 no.").notes
['1 stray NUL byte(s) removed']
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lavrovkit.readers.base import register

#: Share of control characters above which a text is taken for binary data.
MAX_CONTROL_RATIO = 0.05
#: NUL bytes a text may hold (as a share of its bytes; at least 4 are always allowed) and still be read
#: with them removed; more is binary data.
MAX_NUL_RATIO = 0.01


@dataclass
class Decoded:
    """Text decoded from bytes: the text, the encoding used and notes on what was done."""

    text: str
    encoding: str
    notes: list[str]


class Unreadable(Exception):
    """Bytes that hold no text (empty, whitespace only, binary); the message is the reason."""


def decode_text(data: bytes, html: bool = False) -> Decoded:
    """Decode bytes to text with characters intact; raise :class:`Unreadable` for empty or binary data.

    Tries UTF-8 (a byte-order mark is removed), UTF-16/32 when a byte-order
    mark (or the NUL pattern of UTF-16) says so, an encoding an HTML page
    declares, then cp1251 or latin-1/cp1252 by which gives plausible words.
    A few stray NUL bytes (at most :data:`MAX_NUL_RATIO` of the bytes) in
    otherwise plain text are removed, with a note; more NULs, or more than
    :data:`MAX_CONTROL_RATIO` control characters, make it binary data.
    Line ends become ``\\n``.

    >>> decode_text(b"\\xef\\xbb\\xbfHello\\r\\n").notes
    ['byte-order mark removed', 'CRLF line ends normalised']
    """
    if not data:
        raise Unreadable("empty file (0 bytes)")
    text, encoding, notes = _decode_bytes(data, html)
    if text.startswith("\ufeff"):
        text = text[1:]
        if "byte-order mark removed" not in notes:
            notes.append("byte-order mark removed")
    if "\r" in text:
        crlf = text.count("\r\n")
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        notes.append("CRLF line ends normalised" if crlf else "CR line ends normalised")
    if not text.strip():
        raise Unreadable("no text (whitespace only)")
    controls = len(_CONTROL.findall(text))
    if controls / len(text) > MAX_CONTROL_RATIO:
        raise Unreadable(f"binary file ({controls / len(text):.0%} control characters)")
    return Decoded(text, encoding, notes)


#: Control characters (Unicode category Cc) other than tab, newline, vertical tab and form feed.
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")


def _decode_bytes(data: bytes, html: bool) -> tuple[str, str, list[str]]:
    boms = ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe\x00\x00", "utf-32"), (b"\x00\x00\xfe\xff", "utf-32"),
            (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"))
    for bom, codec in boms:
        if data.startswith(bom):
            try:
                return data.decode(codec), codec, [f"byte-order mark removed (decoded as {codec.upper()})"
                                                   if codec != "utf-8-sig" else "byte-order mark removed"]
            except UnicodeDecodeError:
                if codec != "utf-8-sig":
                    raise Unreadable(f"binary file (byte-order mark of {codec.upper()} but not decodable)") from None
    if b"\x00" in data:
        return _decode_with_nuls(data, html)
    try:
        return data.decode("utf-8"), "utf-8", []
    except UnicodeDecodeError:
        pass
    lenient = data.decode("utf-8", errors="replace")
    bad = lenient.count("\ufffd")
    good = sum(1 for ch in lenient if ord(ch) > 127 and ch != "\ufffd")
    if good >= 20 * bad:
        return lenient, "utf-8", [f"{bad} invalid UTF-8 byte sequence(s) replaced with U+FFFD"]
    if html and (declared := _declared_charset(data)):
        try:
            return data.decode(declared), declared, [f"decoded as {declared} (declared in the page)"]
        except (UnicodeDecodeError, LookupError):
            pass
    return _decode_legacy(data)


def _decode_with_nuls(data: bytes, html: bool) -> tuple[str, str, list[str]]:
    """UTF-16 without a byte-order mark (when one byte order gives plausible European text); text with a few
    stray NULs (removed, with a note); else binary."""
    if len(data) % 2 == 0:
        for codec in ("utf-16-le", "utf-16-be"):
            try:
                text = data.decode(codec)
            except UnicodeDecodeError:
                continue
            if len(_PLAUSIBLE.findall(text[:4096])) >= 0.95 * len(text[:4096]):
                return text, codec, [f"decoded as {codec.upper()} (no byte-order mark)"]
    nuls = data.count(b"\x00")
    if nuls <= max(4, MAX_NUL_RATIO * len(data)):
        rest = data.replace(b"\x00", b"")
        if rest.strip():
            text, encoding, notes = _decode_bytes(rest, html)
            if len(_CONTROL.findall(text)) <= MAX_CONTROL_RATIO * len(text):
                return text, encoding, [*notes, f"{nuls} stray NUL byte(s) removed"]
    raise Unreadable("binary file (NUL bytes)")


#: Characters of European text: printable Latin, Greek, Cyrillic, whitespace, general punctuation.
_PLAUSIBLE = re.compile(r"[\t\n\r\x20-\x7e\xa0-\u052f\u2000-\u206f\u20ac\u2116]")


def _declared_charset(data: bytes) -> str | None:
    m = re.search(rb"""<meta[^>]+charset\s*=\s*["']?([\w.:-]+)""", data[:4096], re.I)
    return m[1].decode("ascii").lower() if m else None


def _decode_legacy(data: bytes) -> tuple[str, str, list[str]]:
    """cp1251 when it yields Cyrillic words, else cp1252 (if it decodes) or latin-1."""
    cyr = data.decode("cp1251", errors="replace")
    words = re.findall(r"[^\W\d_]{2,}", cyr)
    pure = sum(1 for w in words if all("\u0400" <= ch <= "\u04ff" for ch in w))
    mixed = sum(1 for w in words if any("\u0400" <= ch <= "\u04ff" for ch in w) and any(ch.isascii() for ch in w))
    if pure and pure > 2 * mixed:
        notes = ["not valid UTF-8: decoded as cp1251 (Cyrillic)"]
        if n := cyr.count("\ufffd"):
            notes.append(f"{n} byte(s) undefined in cp1251 replaced with U+FFFD")
        return cyr, "cp1251", notes
    if any(0x80 <= b <= 0x9F for b in data):
        try:
            return data.decode("cp1252"), "cp1252", ["not valid UTF-8: decoded as cp1252 (Western European)"]
        except UnicodeDecodeError:
            pass
    return data.decode("latin-1"), "latin-1", ["not valid UTF-8: decoded as latin-1 (Western European)"]


# ---------------------------------------------------------------------- document readers


@register("text", suffixes=(".txt",), role="document")
def read_text(data: bytes) -> Decoded:
    """A plain text file as one document.

    >>> read_text(b"Lavrov said.").text
    'Lavrov said.'
    """
    return decode_text(data)


@register("markdown", suffixes=(".md",), role="document")
def read_markdown(data: bytes) -> Decoded:
    """A Markdown file as one document (its text as written; markup is read as text)."""
    return decode_text(data)


@register("html", suffixes=(".html", ".htm"), role="document", html=True)
def read_html(data: bytes) -> Decoded:
    """A saved web page as one document: decoded with the charset it declares when it is not UTF-8."""
    return decode_text(data, html=True)
