"""Limits checked *before* a file is parsed, so a hostile upload cannot exhaust the server.

One home for every import limit (CSV, Excel, HSDS JSON and the HSDS zip): bytes on disk,
bytes after decompression, rows, cells and JSON nesting. A zip's central directory states
each member's size and Python's ``zipfile`` never inflates past it (a member that claims
less than it holds fails its CRC check), so summing the stated sizes bounds memory before
anything is inflated. An .xlsx is a zip too; its sheets are scanned for rows and cells with
a regular expression before openpyxl builds anything (a "sheet bomb" of one cell at row
1,000,000, or a million cells in one row, is refused in well under a second).

Every refusal is a ``Grens`` with a Dutch message for the person who uploaded the file.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from collections.abc import Iterable, Iterator
from typing import Any

MB = 1024 * 1024

# Size of the file itself, per format. A 20,000-row export of the project's own kaart fits
# in each (CSV ~10 MB, xlsx ~4 MB, HSDS JSON up to ~210 MB with every attribute).
MAX_BYTES: dict[str, int] = {
    "csv": 32 * MB,
    "xlsx": 16 * MB,
    "hsds": 256 * MB,
    "hsds-zip": 64 * MB,
    "hsds-csv": 256 * MB,
}
MAX_RIJEN = 25_000  # data rows (services at a location) per file
MAX_KOLOMMEN = 200  # columns in a table
MAX_CELLEN = MAX_RIJEN * 60  # cells in one file, all rows together
MAX_DIEPTE = 40  # nesting of a JSON document (HSDS needs about 8)
MAX_UITGEPAKT = 96 * MB  # a zip's members together, after decompression
MAX_ZIP_LEDEN = 200  # files inside one zip
MAX_GEDEELDE_TEKST = 48 * MB  # xlsx sharedStrings.xml, which openpyxl keeps in memory
MAX_BLAD = 96 * MB  # one xlsx sheet's XML


class Grens(ValueError):
    """The file is over a limit; the message says which, in Dutch, and what to do."""


def _mb(n: float) -> str:
    return f"{n / MB:.1f}".replace(".", ",")


def check_zip(raw: bytes, *, wat: str = "het zip-bestand") -> zipfile.ZipFile:
    """Open a zip whose members may be inflated without exceeding ``MAX_UITGEPAKT``."""
    try:
        zf = zipfile.ZipFile(io.BytesIO(raw))
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise Grens(f"{wat} is beschadigd of geen zip-bestand ({exc})") from None
    infos = zf.infolist()
    if len(infos) > MAX_ZIP_LEDEN:
        zf.close()
        raise Grens(f"{wat} bevat {len(infos)} bestanden; de grens is {MAX_ZIP_LEDEN}")
    totaal = sum(i.file_size for i in infos)
    if totaal > MAX_UITGEPAKT:
        zf.close()
        raise Grens(
            f"{wat} wordt uitgepakt {_mb(totaal)} MB; de grens is {MAX_UITGEPAKT // MB} MB "
            "(mogelijk een 'zip-bom'). Er is niets ingelezen."
        )
    return zf


def read_member(zf: zipfile.ZipFile, info: zipfile.ZipInfo | str) -> bytes:
    """A member's bytes; never more than its stated size (``zipfile`` stops there)."""
    try:
        return zf.read(info)
    except (
        zipfile.BadZipFile,
        OSError,
        ValueError,
        EOFError,
        NotImplementedError,
        zlib.error,
    ) as exc:
        naam = info if isinstance(info, str) else info.filename
        raise Grens(f"'{naam}' in het zip-bestand is beschadigd ({exc})") from None


_ROW_NUMBER = re.compile(rb"""\br\s*=\s*["'](\d+)["']""")


def _row_tags(xml: bytes) -> Iterator[tuple[int, int]]:
    """(start, end) of each ``<row`` / ``<x:row`` opening tag, found with ``bytes.find``
    (a regular expression over a 90 MB sheet is many times slower). Each pattern keeps its
    own next hit, so the scan stays linear."""
    volgende = {p: xml.find(p) for p in (b"<row", b":row")}
    while True:
        hits = [(i, p) for p, i in volgende.items() if i >= 0]
        if not hits:
            return
        i, p = min(hits)
        einde = i + 4
        volgende[p] = xml.find(p, einde)
        if xml[einde : einde + 1] in (b" ", b">", b"/", b"\n", b"\r", b"\t"):
            yield i, einde


def _tags(xml: bytes, naam: bytes, start: int = 0, end: int | None = None) -> int:
    """How often element ``naam`` opens (with or without a namespace prefix), in C speed."""
    end = len(xml) if end is None else end
    return sum(
        xml.count(pre + naam + post, start, end)
        for pre in (b"<", b":")
        for post in (b" ", b">", b"/")
    )


def check_xlsx(raw: bytes) -> None:
    """Refuse an .xlsx whose strings, sheets, rows or cells are over the limits."""
    wat = "het Excel-bestand"
    try:
        zf = check_zip(raw, wat=wat)
    except Grens as exc:
        if "beschadigd" in str(exc):
            raise Grens(f"geen geldig Excel-bestand (.xlsx): {exc}") from None
        raise
    with zf:
        for info in zf.infolist():
            naam = info.filename.lower()
            if naam.endswith("sharedstrings.xml"):
                if info.file_size > MAX_GEDEELDE_TEKST:
                    raise Grens(
                        f"{wat} bevat {_mb(info.file_size)} MB tekst; de grens is "
                        f"{MAX_GEDEELDE_TEKST // MB} MB"
                    )
                _check_xml_counts(read_member(zf, info), wat, strings=True)
            elif naam.startswith("xl/worksheets/") and naam.endswith(".xml"):
                if info.file_size > MAX_BLAD:
                    raise Grens(
                        f"een werkblad in {wat} is uitgepakt {_mb(info.file_size)} MB; de grens "
                        f"is {MAX_BLAD // MB} MB"
                    )
                _check_xml_counts(read_member(zf, info), wat, strings=False)


def _check_xml_counts(xml: bytes, wat: str, *, strings: bool) -> None:
    if strings:
        if _tags(xml, b"si") > MAX_CELLEN:
            raise Grens(f"{wat} bevat meer dan {MAX_CELLEN:,} teksten".replace(",", "."))
        return
    if _tags(xml, b"c") > MAX_CELLEN:
        raise Grens(f"{wat} bevat meer dan {MAX_CELLEN:,} cellen".replace(",", "."))
    vorige: int | None = None
    for rijen, (begin, einde) in enumerate(_row_tags(xml), start=1):
        if rijen > MAX_RIJEN + 1:
            raise Grens(_te_veel_rijen(wat))
        kop = xml[einde : einde + 200]
        nummer = _ROW_NUMBER.search(kop[: kop.find(b">") + 1 or None])
        if nummer and int(nummer.group(1)) > MAX_RIJEN + 1:
            raise Grens(
                f"{wat} heeft gegevens op rij {int(nummer.group(1)):,}".replace(",", ".")
                + f"; de grens is {MAX_RIJEN:,} rijen".replace(",", ".")
            )
        if vorige is not None:
            _check_rij(xml, vorige, begin, wat)
        vorige = begin
    if vorige is not None:
        _check_rij(xml, vorige, len(xml), wat)


def _check_rij(xml: bytes, start: int, end: int, wat: str) -> None:
    if _tags(xml, b"c", start, end) > MAX_KOLOMMEN * 4:
        raise Grens(f"{wat} heeft een rij met meer dan {MAX_KOLOMMEN * 4} cellen")


def _te_veel_rijen(wat: str) -> str:
    return (
        f"{wat} heeft meer dan {MAX_RIJEN:,} rijen".replace(",", ".")
        + "; splits het bestand en importeer de delen na elkaar"
    )


def bounded_rows(rows: Iterable[list[Any]], *, wat: str = "het bestand") -> Iterator[list[Any]]:
    """Pass rows through, refusing once there are too many rows, columns or cells."""
    cellen = 0
    for n, row in enumerate(rows, start=1):
        if n > MAX_RIJEN + 1:
            raise Grens(_te_veel_rijen(wat))
        if len(row) > MAX_KOLOMMEN:
            raise Grens(f"rij {n} van {wat} heeft {len(row)} kolommen; de grens is {MAX_KOLOMMEN}")
        cellen += len(row)
        if cellen > MAX_CELLEN:
            raise Grens(f"{wat} bevat meer dan {MAX_CELLEN:,} cellen".replace(",", "."))
        yield row


def check_diepte(doc: Any, *, wat: str = "het JSON-bestand") -> None:
    """Refuse JSON nested deeper than ``MAX_DIEPTE`` (walked without recursion)."""
    stapel: list[tuple[Any, int]] = [(doc, 1)]
    while stapel:
        obj, diepte = stapel.pop()
        if diepte > MAX_DIEPTE:
            raise Grens(f"{wat} is dieper genest dan {MAX_DIEPTE} niveaus")
        if isinstance(obj, dict):
            stapel.extend((v, diepte + 1) for v in obj.values())
        elif isinstance(obj, list):
            stapel.extend((v, diepte + 1) for v in obj)
