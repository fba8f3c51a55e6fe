"""Import and export of the sociale kaart: CSV, Excel (.xlsx) and HSDS 3.0 JSON.

Import is two steps so a page can show what will happen before anything changes:
``preview_import`` reads and validates every row (Dutch messages per row and field) and
``commit_import`` writes all of it in one transaction, or nothing. The CLI and
``import_file`` do both. Export writes the same three formats; the public export
(``openbaar=True``, the default) never contains a confidential address.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import re
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Any

from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError

from planner.csvdialect import Onleesbaar, lees_tekst, scheidingsteken
from planner.kaart import repository
from planner.kaart.geocode import Gebieden, Geocode, place
from planner.kaart.io import grenzen, hsds, tabel
from planner.kaart.io.grenzen import Grens
from planner.kaart.model import (
    Fout,
    KaartData,
    Location,
    stuurtekens,
    te_lang,
    validate_location,
    validate_organisation,
    validate_service,
)

MAX_BYTES = grenzen.MAX_BYTES["csv"]  # per format: ``grenzen.MAX_BYTES``
FORMATEN = {".csv": "csv", ".xlsx": "xlsx", ".json": "hsds"}
BLAD = "sociale kaart"

__all__ = [
    "FORMATEN",
    "MAX_BYTES",
    "ExportMislukt",
    "ImportGeweigerd",
    "ImportPreview",
    "commit_import",
    "export_bytes",
    "export_file",
    "formule_veilig",
    "import_file",
    "preview_import",
]


class ImportGeweigerd(Exception):
    """The import was refused; the store is unchanged. ``fouten`` says why, per row."""

    def __init__(self, fouten: Iterable[Fout]) -> None:
        self.fouten = tuple(fouten)
        super().__init__("\n".join(str(f) for f in self.fouten))


@dataclass(frozen=True)
class ImportPreview:
    """What a file would change, shown before committing: records and every problem."""

    bestand: str
    formaat: str
    data: KaartData
    fouten: tuple[Fout, ...]
    rijen: int = 0
    niet_bewaard: tuple[hsds.NietBewaard, ...] = ()  # HSDS fields the kaart does not keep

    @property
    def blokkerend(self) -> tuple[Fout, ...]:
        return tuple(f for f in self.fouten if f.ernst == "fout")

    @property
    def waarschuwingen(self) -> tuple[Fout, ...]:
        return tuple(f for f in self.fouten if f.ernst != "fout")

    @property
    def ok(self) -> bool:
        return not self.blokkerend and not self.data.is_empty()

    def samenvatting(self) -> str:
        d = self.data
        if not self.ok:
            return (
                f"{self.bestand}: {len(self.blokkerend)} fout(en); er wordt niets geïmporteerd. "
                "Verbeter het bestand en probeer opnieuw."
            )
        return (
            f"{self.bestand}: {len(d.services)} aanbod, {len(d.organisations)} organisaties, "
            f"{len(d.locations)} locaties, {len(d.waiting_times)} wachttijdmetingen"
            + (f"; {len(self.waarschuwingen)} waarschuwing(en)" if self.waarschuwingen else "")
            + (
                f"; {len(self.niet_bewaard)} soort(en) gegevens worden niet bewaard (zie het "
                "overzicht)"
                if self.niet_bewaard
                else ""
            )
        )

    def niet_bewaard_tekst(self) -> list[str]:
        """The one summary of what the kaart does not keep: shown before committing."""
        if not self.niet_bewaard:
            return []
        return [
            f"Niet bewaard uit {self.bestand} (de sociale kaart heeft hier geen plek voor):",
            *(f"  - {n}" for n in self.niet_bewaard),
        ]

    def niet_bewaard_tabel(self) -> list[dict[str, Any]]:
        """Rows for a table widget: veld, aantal, voorbeeld."""
        return [asdict(n) for n in self.niet_bewaard]

    def fouten_tabel(self) -> list[dict[str, Any]]:
        """Rows for a table widget: rij, veld, melding, ernst."""
        return [
            {"rij": f.rij, "veld": f.veld, "melding": f.melding, "ernst": f.ernst}
            for f in self.fouten
        ]

    def tabel(self) -> list[dict[str, Any]]:
        """The parsed records as rows, as the file would be exported again."""
        return tabel.schrijf_rijen(self.data, openbaar=False)


# --- reading bytes --------------------------------------------------------------------------


def decode_text(raw: bytes) -> tuple[str, str]:
    """Text and encoding (``planner.csvdialect``); unreadable text is refused as a limit."""
    try:
        return lees_tekst(raw)
    except Onleesbaar as exc:
        raise Grens(str(exc)) from None


def sniff_delimiter(text: str) -> str | Fout:
    """Comma or semicolon (``planner.csvdialect``); tab or '|' is refused with what to do."""
    teken = scheidingsteken(text)
    if teken in (",", ";"):
        return teken
    naam = "tab" if teken == "\t" else f"'{teken}'"
    return Fout(
        "bestand",
        f"de kolommen zijn gescheiden door {naam}; gebruik een komma of puntkomma "
        "(in Excel: Opslaan als → CSV (gescheiden door lijstscheidingsteken))",
        1,
    )


def _csv_rows(raw: bytes) -> tuple[list[Any] | None, list[tuple[int, list[Any]]], list[Fout]]:
    """Header and numbered rows; a cut-off or broken file is refused, never read short.

    An update must never read a missing cell as "make this empty", so a row with fewer
    cells than the header, a quoted field that is never closed and a last line cut off in
    the middle are refused for the whole file.
    """
    text, _encoding = decode_text(raw)
    delimiter = sniff_delimiter(text)
    if isinstance(delimiter, Fout):
        return None, [], [delimiter]
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    records: list[tuple[int, list[Any]]] = []
    try:
        for row in grenzen.bounded_rows(reader, wat="het CSV-bestand"):
            records.append((reader.line_num, [_csv_waarde(v) for v in row]))
    except csv.Error as exc:
        melding = (
            "een veld tussen aanhalingstekens wordt niet afgesloten; het bestand is "
            "waarschijnlijk afgebroken of beschadigd"
            if "end of data" in str(exc) or "expected after" in str(exc)
            else f"het CSV-bestand is onleesbaar: {exc}"
        )
        return None, [], [Fout("bestand", melding, reader.line_num)]
    if not records:
        return None, [], [Fout("bestand", "het bestand is leeg")]
    kop = records[0][1]
    fouten: list[Fout] = []
    for regel, (_, row) in enumerate(records[1:], start=2):
        ander_teken = len(row) == 1 and re.search(r"[,;]", row[0] or "")
        if len(row) < len(kop) and any(not tabel.leeg(v) for v in row) and not ander_teken:
            fouten.append(
                Fout(
                    "bestand",
                    f"de rij heeft {len(row)} waarden maar de kopregel {len(kop)} kolommen; "
                    "het bestand is waarschijnlijk afgebroken of er ontbreken scheidingstekens. "
                    "Er wordt niets geïmporteerd (een ontbrekende cel zou een veld leegmaken)",
                    regel,
                )
            )
    if not text.endswith(("\n", "\r")) and len(records) > 1:
        laatste = records[-1][1]
        if len(laatste) != len(kop) or any(tabel.leeg(v) for v in laatste[-1:]):
            fouten.append(
                Fout(
                    "bestand",
                    "de laatste regel houdt midden in de rij op; het bestand is waarschijnlijk "
                    "afgebroken. Er wordt niets geïmporteerd",
                    len(records),
                )
            )
    if fouten:
        return None, [], fouten
    return kop, [(i, r) for i, (_, r) in enumerate(records[1:], start=2)], []


def _csv_waarde(value: str) -> str:
    """Undo the export's guard against formulas: ``'=x`` → ``=x``, ``''x`` → ``'x``."""
    kaal = value.strip()
    if kaal[:1] == "'" and kaal[1:2] and kaal[1:2] in (*tabel.FORMULE_TEKENS, "'"):
        return kaal[1:]
    return value


def _xlsx_rows(raw: bytes) -> tuple[list[Any] | None, list[tuple[int, list[Any]]], list[Fout]]:
    from openpyxl import load_workbook

    grenzen.check_xlsx(raw)
    try:
        wb = load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds on a broken file; all mean "broken"
        return None, [], [Fout("bestand", f"geen geldig Excel-bestand (.xlsx): {exc}")]
    try:
        ws = wb[BLAD] if BLAD in wb.sheetnames else wb.worksheets[0]
        # Never trust the sheet's stated dimension (a "sheet bomb" claims XFD1048576): read
        # at most the header's width (plus a few, so stray values are still reported).
        breedte = grenzen.MAX_KOLOMMEN
        for kop in ws.iter_rows(values_only=True, max_col=grenzen.MAX_KOLOMMEN, max_row=50):
            gevuld = [i + 1 for i, v in enumerate(kop) if not tabel.leeg(v)]
            if gevuld:
                breedte = max(gevuld)
                break
        rows = ws.iter_rows(
            values_only=True,
            max_row=grenzen.MAX_RIJEN + 1,
            max_col=min(grenzen.MAX_KOLOMMEN, breedte + 5),
        )
        records = [
            (i, list(r))
            for i, r in enumerate(grenzen.bounded_rows(rows, wat="het Excel-bestand"), start=1)
        ]
    except Grens:
        raise
    except Exception as exc:
        return None, [], [Fout("bestand", f"het Excel-bestand is beschadigd: {exc}")]
    finally:
        wb.close()
    records = [(i, r) for i, r in records if any(not tabel.leeg(v) for v in r)]
    if not records:
        return None, [], [Fout("bestand", "het Excel-bestand is leeg")]
    return records[0][1], records[1:], []


def _format_of(name: str, raw: bytes | None) -> str | None:
    lower = name.lower()
    if lower.endswith("datapackage.json"):
        return "hsds-csv"
    if lower.endswith(".zip"):
        return "hsds-zip"
    for ext, fmt in FORMATEN.items():
        if lower.endswith(ext):
            return fmt
    if raw is not None and raw[:2] == b"PK":
        return "xlsx"
    return None


# --- preview and commit ---------------------------------------------------------------------


Geocoder = Callable[[str], Geocode | None]


def preview_import(
    source: Path | str | bytes,
    filename: str | None = None,
    *,
    known_gemeenten: set[str] | None = None,
    gebieden: Gebieden | None = None,
    geocoder: Geocoder | None = None,
    max_bytes: int | None = None,
    engine: Engine | None = None,
) -> ImportPreview:
    """Read and validate a file without touching the store.

    ``source`` is a path or the uploaded bytes (then ``filename`` gives the format).
    Gemeente codes are checked against ``known_gemeenten`` (default: the gemeenten in
    ``gebieden``, the CBS boundaries). ``engine`` lets HSDS services refer to an
    organisation already in the store. Every limit (``grenzen``) is checked before
    parsing; ``max_bytes`` overrides the per-format size limit.
    """
    try:
        return _preview(source, filename, known_gemeenten, gebieden, geocoder, max_bytes, engine)
    except Grens as exc:
        naam = filename or (source if isinstance(source, str | Path) else "upload")
        return _refused(Path(str(naam)).name, "?", str(exc))


def _preview(
    source: Path | str | bytes,
    filename: str | None,
    known_gemeenten: set[str] | None,
    gebieden: Gebieden | None,
    geocoder: Geocoder | None,
    max_bytes: int | None,
    engine: Engine | None,
) -> ImportPreview:
    if known_gemeenten is None and gebieden is not None:
        known_gemeenten = gebieden.known_gemeenten()
    raw: bytes | None = None
    folder: Path | None = None
    if isinstance(source, bytes):
        raw, name = source, filename or "upload"
    else:
        path = Path(source)
        name = filename or path.name
        if path.is_dir():
            folder, name = path, str(path / "datapackage.json")
        elif path.name.lower() == "datapackage.json":
            folder = path.parent
        elif not path.exists():
            return _refused(name, "?", f"bestand {path} bestaat niet")
        else:
            size = path.stat().st_size
            fmt = _format_of(name, None) or "csv"
            if size > (max_bytes or grenzen.MAX_BYTES.get(fmt, MAX_BYTES)):
                return _refused(name, "?", _too_big(size, max_bytes or grenzen.MAX_BYTES[fmt]))
            raw = path.read_bytes()
    fmt = "hsds-csv" if folder is not None else _format_of(name, raw)
    if fmt is None:
        return _refused(
            name,
            "?",
            "onbekend bestandstype; gebruik .csv, .xlsx, .json (HSDS) of .zip (HSDS-tabelformaat)",
        )
    grens = max_bytes or grenzen.MAX_BYTES.get(fmt, MAX_BYTES)
    if raw is not None and len(raw) > grens:
        return _refused(name, fmt, _too_big(len(raw), grens))
    if raw is not None and not raw.strip():
        return _refused(name, fmt, "het bestand is leeg")

    def plaats(loc: Location, rij: int | None) -> tuple[Location, list[Fout]]:
        return place(loc, gebieden, geocoder, rij)

    if fmt in ("csv", "xlsx"):
        assert raw is not None
        kop, rijen, fouten = (_csv_rows if fmt == "csv" else _xlsx_rows)(raw)
        if kop is None:
            return ImportPreview(name, fmt, KaartData(), tuple(fouten))
        data, fouten2, aantal = tabel.lees_rijen(
            kop,
            rijen,
            known_gemeenten=known_gemeenten,
            gemeente_code=gebieden.gemeente_code if gebieden else None,
            plaats=plaats,
        )
        return ImportPreview(name, fmt, data, tuple(fouten + fouten2), aantal)

    if fmt == "hsds":
        assert raw is not None
        try:
            # JSON is UTF-8 by definition (RFC 8259): a guessed cp1252 would change letters
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            regel = raw[: exc.start].count(b"\n") + 1
            return _refused(
                name,
                fmt,
                f"geen geldige UTF-8 op regel {regel} (byte {exc.start + 1}); "
                "HSDS-JSON moet als UTF-8 worden opgeslagen",
            )
        try:
            doc = json.loads(text)
        except json.JSONDecodeError as exc:
            return _refused(name, fmt, f"geen geldige JSON: {exc.msg} (regel {exc.lineno})")
        except RecursionError:
            return _refused(name, fmt, hsds.TE_DIEP)
        grenzen.check_diepte(doc)
        if isinstance(doc, dict) and isinstance(doc.get("resources"), list) and folder is None:
            return _refused(name, fmt, ALLEEN_BESCHRIJVING)
        gelezen = _hsds_veilig(name, fmt, hsds.lees_json, doc)
    elif fmt == "hsds-csv" and folder is None:
        return _refused(name, fmt, ALLEEN_BESCHRIJVING)
    else:
        if folder is not None:
            tables, pakket_fouten = hsds.lees_pakket(folder=folder)
        else:
            assert raw is not None
            grenzen.check_zip(raw).close()  # one home for the limits: members, unpacked size
            tables, pakket_fouten = hsds.lees_pakket(raw=raw, max_bytes=grenzen.MAX_UITGEPAKT)
        if any(f.ernst == "fout" for f in pakket_fouten):
            return ImportPreview(name, fmt, KaartData(), tuple(pakket_fouten))
        for tabel_naam, tabel_ in tables.items():
            wat = f"{tabel_.bestand}"
            list(grenzen.bounded_rows(([*r] for r in tabel_.rijen), wat=wat))
            for nr, rij in enumerate(tabel_.rijen, start=2):
                if None in rij or None in rij.values():
                    # a cut-off or broken row: a missing cell must never mean "empty"
                    return _refused(
                        name,
                        fmt,
                        Fout(
                            "bestand",
                            f"{wat} ({tabel_naam}): de rij heeft niet evenveel waarden als de "
                            "kopregel; het bestand is waarschijnlijk afgebroken",
                            nr,
                        ),
                    )
        gelezen = _hsds_veilig(name, fmt, hsds.lees_tabellen, tables)
        gelezen = replace(gelezen, fouten=tuple(pakket_fouten) + gelezen.fouten)
    data, fouten = gelezen.data, list(gelezen.fouten)
    if any(f.ernst == "fout" for f in fouten):
        # A refused file: the per-object checks below would only repeat or confuse.
        return ImportPreview(
            name, fmt, data, tuple(fouten), len(data.services), gelezen.niet_bewaard
        )
    data, extra = _check_hsds(data, known_gemeenten, plaats, engine)
    rijen_aantal = len(data.services)
    if data.is_empty() and not fouten:
        fouten.append(Fout("bestand", "het bestand bevat geen organisaties of diensten"))
    return ImportPreview(name, fmt, data, tuple(fouten + extra), rijen_aantal, gelezen.niet_bewaard)


ALLEEN_BESCHRIJVING = Fout(
    "bestand",
    "dit is alleen de beschrijving (datapackage.json) van een HSDS-tabelpakket; "
    "upload de map met de CSV-bestanden als .zip",
)


def _hsds_veilig(name: str, fmt: str, lees: Callable[[Any], Any], doc: Any) -> Any:
    """The HSDS reader, with any surprise in the document's shape a Dutch refusal.

    ``planner.kaart.io.hsds`` reports what it recognises per field; a value of a type it
    does not expect (a list where text belongs, an object without id) must still never
    reach the page as a traceback.
    """
    try:
        return lees(doc)
    except (AttributeError, TypeError, KeyError, ValueError, IndexError) as exc:
        raise Grens(
            f"het HSDS-bestand heeft een onverwachte opbouw ({type(exc).__name__}: {exc}); "
            "controleer of het een HSDS 3.0-export is"
        ) from None


def _check_hsds(
    data: KaartData,
    known_gemeenten: set[str] | None,
    plaats: Callable[[Location, int | None], tuple[Location, list[Fout]]],
    engine: Engine | None,
) -> tuple[KaartData, list[Fout]]:
    """The validations the table reader does per row, per HSDS object instead."""
    fouten: list[Fout] = []
    for o in data.organisations:
        for f in validate_organisation(o):
            fouten.append(replace(f, melding=f"organisatie '{o.name}': {f.melding}"))
    for w in data.waiting_times:
        for f in te_lang(w, "kaart_wachttijden") + stuurtekens(w, "kaart_wachttijden"):
            fouten.append(replace(f, melding=f"wachttijd van {w.peildatum}: {f.melding}"))
    org_ids = {o.id for o in data.organisations}
    in_store = repository.ids_in_store(engine)["organisatie"] if engine is not None else set()
    for s in data.services:
        for f in validate_service(s, None, known_gemeenten):
            fouten.append(replace(f, melding=f"dienst '{s.name}': {f.melding}"))
        if s.organization_id not in org_ids | in_store:
            fouten.append(
                Fout(
                    "organization_id",
                    f"dienst '{s.name}' verwijst naar organisatie {s.organization_id}, "
                    "die niet in het bestand of de sociale kaart staat",
                )
            )
    placed = []
    for loc in data.locations:
        for f in validate_location(loc, None, known_gemeenten):
            fouten.append(replace(f, melding=f"locatie '{loc.name or loc.id}': {f.melding}"))
        new, problems = plaats(loc, None)
        placed.append(new)
        for f in problems:
            # HSDS locations may legitimately lack a place (online services): only warn.
            fouten.append(
                replace(f, ernst="waarschuwing", melding=f"locatie '{loc.name}': {f.melding}")
            )
    return replace(data, locations=tuple(placed)), fouten


def _too_big(size: int, max_bytes: int) -> Fout:
    return Fout(
        "bestand",
        f"het bestand is {f'{size / 1_048_576:.1f}'.replace('.', ',')} MB; de grens is "
        f"{max_bytes / 1_048_576:.0f} MB. Splits het bestand of exporteer minder kolommen.",
    )


def _refused(name: str, fmt: str, fout: Fout | str) -> ImportPreview:
    """A preview that imports nothing; a text is a message about the file as a whole."""
    if isinstance(fout, str):
        fout = Fout("bestand", fout)
    return ImportPreview(name, fmt, KaartData(), (fout,))


POGINGEN = 4  # an import that meets a concurrent write is retried this often


def commit_import(
    engine: Engine, preview: ImportPreview, *, wie: str, pogingen: int = POGINGEN
) -> repository.Schrijfresultaat:
    """Write the previewed records in one transaction; refuse (store unchanged) on any error.

    Another import or an edit committing the same records at the same moment makes this
    transaction fail (a version ``Conflict``, a duplicate key, a locked SQLite file). That is
    not the file's fault: the whole transaction is rolled back and run again over the new
    state, and only after ``pogingen`` tries refused with a Dutch message.
    """
    import time

    from sqlalchemy.exc import IntegrityError, OperationalError

    if not preview.ok:
        fouten = preview.blokkerend or (Fout("bestand", "er is niets om te importeren"),)
        raise ImportGeweigerd(fouten)
    for poging in range(1, pogingen + 1):
        try:
            with engine.begin() as conn:
                data = preview.data
                if preview.formaat in ("csv", "xlsx"):
                    data = tabel.aanvullen(data, repository.bestaande(conn, data))
                return repository.write_kaart(conn, data, wie=wie)
        except (repository.Conflict, IntegrityError, OperationalError) as exc:
            if poging < pogingen:
                time.sleep(0.05 * poging)
                continue
            if isinstance(exc, repository.Conflict) or _tijdelijk(exc):
                raise ImportGeweigerd(
                    [
                        Fout(
                            "bestand",
                            "iemand anders werkte tegelijk dezelfde gegevens bij; er is niets "
                            "veranderd. Probeer het over een minuut opnieuw.",
                        )
                    ]
                ) from exc
            raise _database_weigert(exc) from exc
        except DBAPIError as exc:
            raise _database_weigert(exc) from exc
    raise AssertionError("onbereikbaar")  # pragma: no cover


def _tijdelijk(exc: Exception) -> bool:
    """A lock, deadlock or serialisation failure, or a key another import just wrote."""
    tekst = str(getattr(exc, "orig", exc)).lower()
    return any(
        w in tekst
        for w in ("locked", "deadlock", "serializ", "could not serialize", "unique", "duplicate")
    )


def _database_weigert(exc: DBAPIError) -> ImportGeweigerd:
    # Whatever the database refuses (a broken link, text too long, a lost connection):
    # the transaction is rolled back, so the store is exactly as it was.
    reden = str(exc.orig).strip().splitlines()[0] if exc.orig else type(exc).__name__
    return ImportGeweigerd(
        [Fout("bestand", f"de database weigerde het bestand; er is niets veranderd ({reden})")]
    )


def import_file(
    engine: Engine, source: Path | str | bytes, filename: str | None = None, *, wie: str, **kw: Any
) -> tuple[ImportPreview, repository.Schrijfresultaat]:
    """Preview and commit in one go (CLI, scheduled syncs); raises ``ImportGeweigerd``."""
    preview = preview_import(source, filename, engine=engine, **kw)
    return preview, commit_import(engine, preview, wie=wie)


# --- export ---------------------------------------------------------------------------------


def export_bytes(data: KaartData, formaat: str, *, openbaar: bool = True) -> bytes:
    """The kaart as .csv (UTF-8 with BOM, ';' as Dutch Excel expects), .xlsx or HSDS JSON."""
    if formaat == "hsds":
        doc = hsds.export_hsds(data, openbaar=openbaar)
        return json.dumps(doc, ensure_ascii=False, indent=2).encode("utf-8")
    rows = tabel.schrijf_rijen(data, openbaar=openbaar)
    if formaat == "csv":
        buf = io.StringIO(newline="")
        writer = csv.DictWriter(buf, fieldnames=list(tabel.KOLOMNAMEN), delimiter=";")
        writer.writeheader()
        writer.writerows({k: _csv_cell(v) for k, v in row.items()} for row in rows)
        return ("\ufeff" + buf.getvalue()).encode("utf-8")
    if formaat == "xlsx":
        from openpyxl import Workbook

        wb = Workbook(write_only=True)
        ws = wb.create_sheet(BLAD)
        ws.append(list(tabel.KOLOMNAMEN))
        for row in rows:
            ws.append([_xlsx_cell(ws, row[k]) for k in tabel.KOLOMNAMEN])
        uitleg = wb.create_sheet("kolommen")
        uitleg.append(["kolom", "verplicht", "omschrijving"])
        for k in tabel.KOLOMMEN:
            uitleg.append([k.naam, "ja" if k.verplicht else "", k.omschrijving])
        out = io.BytesIO()
        wb.save(out)
        return out.getvalue()
    raise ValueError(f"onbekend exportformaat '{formaat}'; kies csv, xlsx of hsds")


def formule_veilig(value: Any) -> Any:
    """A CSV cell that Excel will never run as a formula: every CSV export uses this."""
    return _csv_cell(value)


def _csv_cell(value: Any) -> Any:
    """Text that Excel would run as a formula gets a leading quote (import strips it).

    Text that itself starts with a quote gets one more, so it survives the round trip.
    """
    if not isinstance(value, str):
        return value
    if (value[:1] in tabel.FORMULE_TEKENS and not _numeric(value)) or value[:1] == "'":
        return "'" + value
    return value


def _xlsx_cell(ws: Any, value: Any) -> Any:
    """In .xlsx a string cell is never a formula, so the text itself is kept (control
    characters, which .xlsx cannot hold, are left out)."""
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    if isinstance(value, str):
        # A control character stored before imports refused them (issue 11) would make
        # openpyxl refuse the whole export, and with it the Beheer page: leave it out.
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
    if isinstance(value, str) and value.startswith("="):
        cell = WriteOnlyCell(ws, value=value)
        cell.data_type = "s"
        return cell
    return value


def _numeric(value: str) -> bool:
    try:
        float(value)
    except ValueError:
        return False
    return True


def export_file(engine: Engine, path: Path | str, *, openbaar: bool = True) -> Path:
    """Export the whole store to ``path``; the format follows the extension."""
    path = Path(path)
    fmt = FORMATEN.get(path.suffix.lower())
    if fmt is None:
        raise ValueError(f"onbekende extensie '{path.suffix}'; gebruik .csv, .xlsx of .json")
    data = repository.load_kaart(engine)
    schrijf_atomair(path, export_bytes(data, fmt, openbaar=openbaar))
    return path


class ExportMislukt(ValueError):
    """The file could not be written (full disk, no permission); no partial file is left."""


def schrijf_atomair(path: Path, inhoud: bytes) -> None:
    """Write to a temporary file next to ``path`` and rename: all of the file or none.

    A full disk halfway leaves the previous file as it was and no half-written one.
    """
    import os
    import tempfile

    tmp: str | None = None
    try:
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        with os.fdopen(fd, "wb") as fh:
            fh.write(inhoud)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
        tmp = None
    except OSError as exc:
        raise ExportMislukt(
            f"{path.name} is niet geschreven ({exc.strerror or exc}); er is geen half "
            "bestand achtergebleven. Maak ruimte vrij of kies een andere map."
        ) from exc
    finally:
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
