"""Text files written by other systems: one decoder and one delimiter rule for every CSV.

The sociale-kaart import, the CBS loader and the monitor import all read CSV that Excel,
StatLine or another gemeente's system wrote. They used to guess encoding and delimiter
each in their own way (and disagreed on a tie); this is the one rule.
"""

from __future__ import annotations

SCHEIDINGSTEKENS = (";", ",", "\t", "|")  # on a tie the first wins: ';' is Dutch Excel's


class Onleesbaar(ValueError):
    """The bytes are not text this app can read; the message is Dutch and says what to do."""


def lees_tekst(raw: bytes) -> tuple[str, str]:
    """Text and encoding: UTF-8 (with or without BOM), UTF-16 or cp1252 as Excel saves.

    A file that announces UTF-8 (BOM) but holds a byte that is not UTF-8 is refused with the
    line of that byte: guessing would silently turn a letter into '\ufffd'.
    """
    if raw.startswith(b"\xef\xbb\xbf"):
        try:
            return raw[3:].decode("utf-8"), "utf-8-sig"
        except UnicodeDecodeError as exc:
            regel = raw[: exc.start + 3].count(b"\n") + 1
            raise Onleesbaar(
                f"het bestand is opgeslagen als UTF-8, maar regel {regel} bevat een teken dat "
                f"geen UTF-8 is (byte 0x{raw[exc.start + 3]:02X}, waarschijnlijk uit een "
                "Windows-bestand). Sla het bestand opnieuw op als 'CSV UTF-8'."
            ) from None
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return raw.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            raise Onleesbaar(
                "het bestand is opgeslagen als UTF-16 maar is beschadigd of afgebroken"
            ) from None
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        return raw.decode("latin-1"), "latin-1"


def _buiten_quotes(regel: str, teken: str) -> int:
    n, quoted = 0, False
    for c in regel:
        if c == '"':
            quoted = not quoted
        elif c == teken and not quoted:
            n += 1
    return n


def scheidingsteken(tekst: str) -> str:
    """The delimiter of the first non-empty line: the one found most often outside quotes.

    ``;`` ``,`` tab and ``|`` are counted; on a tie (also: a single column) ``;`` wins, then
    ``,``. Callers that accept only some of them refuse the rest with their own message.
    """
    kop = next((regel for regel in tekst.splitlines() if regel.strip()), "")
    tellingen = {d: _buiten_quotes(kop, d) for d in SCHEIDINGSTEKENS}
    return max(SCHEIDINGSTEKENS, key=lambda d: (tellingen[d], -SCHEIDINGSTEKENS.index(d)))
