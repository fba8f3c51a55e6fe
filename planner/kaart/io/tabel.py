"""The sociale kaart as a flat table: one row per service at one location (CSV and Excel).

This is the format a gemeente keeps in Excel. Columns are declared once in ``KOLOMMEN``
(README and docs list them from there). Rows that share an ``id`` are the same service at
several locations and must agree on the service's fields. Ids may be any text ("vt-zhz"):
they are turned into stable UUIDs, so re-importing a file updates instead of duplicating.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, fields, replace
from datetime import date, datetime, time
from typing import Any

from planner.fouten import Ongeldig
from planner.kaart.model import (
    DAGEN,
    Erkenning,
    Fout,
    KaartData,
    Kosten,
    Language,
    Location,
    Organisation,
    Phone,
    Preventieniveau,
    Probleemgebied,
    Schedule,
    Service,
    ServiceAtLocation,
    Status,
    Toegang,
    Trede,
    WaitingTime,
    assign_ids,
    dag_en_nacht,
    stable_id,
)
from planner.tekst import lees_getal


@dataclass(frozen=True)
class Kolom:
    naam: str
    omschrijving: str
    verplicht: bool = False


KOLOMMEN: tuple[Kolom, ...] = (
    Kolom("id", "vaste sleutel van het aanbod (tekst of UUID); zelfde id = bijwerken", True),
    Kolom("organisatie", "naam van de organisatie", True),
    Kolom("naam", "naam van het aanbod", True),
    Kolom("organisatie_id", "vaste sleutel van de organisatie (standaard: de naam)"),
    Kolom("organisatie_omschrijving", "korte omschrijving van de organisatie"),
    Kolom("organisatie_website", "website van de organisatie"),
    Kolom("omschrijving", "wat het aanbod doet"),
    Kolom("alternatieve_naam", "andere naam of afkorting"),
    Kolom("status", "actief, niet actief, tijdelijk gesloten of opgeheven (standaard actief)"),
    Kolom("toegang", "vrij_toegankelijk, via_wijkteam, verwijzing_huisarts of beschikking"),
    Kolom("toegang_toelichting", "hoe een cliënt binnenkomt, in woorden"),
    Kolom("kosten", "gratis of eigen_bijdrage"),
    Kolom("kosten_toelichting", "toelichting op de kosten"),
    Kolom("leeftijd_min", "minimumleeftijd in jaren, decimaal (0,5 = zes maanden)"),
    Kolom("leeftijd_max", "maximumleeftijd in jaren, decimaal"),
    Kolom("doelgroep", "voor wie het aanbod is, in woorden"),
    Kolom(
        "probleemgebieden", "codes gescheiden door | (bijv. kindermishandeling|huiselijk_geweld)"
    ),
    Kolom("trede", "1 preventie, 2 signaleren/melden/stoppen, 3 behandeling, 4 nazorg"),
    Kolom("preventieniveau", "universeel, selectief, vroegsignalering of geindiceerd"),
    Kolom("werkgebied", "CBS-codes van gemeenten/wijken, gescheiden door | (GM1930|WK193001)"),
    Kolom("interventie", "naam van de interventie uit de Databank Effectieve Jeugdinterventies"),
    Kolom("interventie_erkenning", "niet_erkend, goed_onderbouwd, effectief_eerste/_goede/_sterke"),
    Kolom("telefoon", "nummers gescheiden door |, toelichting tussen haakjes: 0800-2000 (gratis)"),
    Kolom("email", "e-mailadres van het aanbod"),
    Kolom("website", "webpagina van het aanbod"),
    Kolom("openingstijden", "24/7, of bijv. ma-vr 09:00-17:00; za 10:00-12:00"),
    Kolom("talen", "taalcodes gescheiden door | (nl|en|ar)"),
    Kolom("locatie_id", "vaste sleutel van de locatie (standaard: id van het aanbod)"),
    Kolom(
        "dienst_locatie_id",
        "vaste sleutel van het aanbod op deze locatie (standaard: afgeleid van id en locatie_id)",
    ),
    Kolom("locatie_naam", "naam van de locatie"),
    Kolom("locatie_type", "physical (standaard), virtual (alleen telefoon/online) of postal"),
    Kolom("adres", "straat en huisnummer"),
    Kolom("postcode", "postcode"),
    Kolom("plaats", "plaats"),
    Kolom("gemeente", "CBS-gemeentecode (GM1930) of gemeentenaam"),
    Kolom("wijk", "CBS-wijkcode (WK193001)"),
    Kolom("latitude", "breedtegraad (WGS84)"),
    Kolom("longitude", "lengtegraad (WGS84)"),
    Kolom("locatie_benaderd", "ja als de coördinaten het midden van wijk/gemeente zijn"),
    Kolom("adres_vertrouwelijk", "ja voor een geheim adres (vrouwenopvang)"),
    Kolom("publieke_contactroute", "hoe men contact legt als het adres geheim is"),
    Kolom("wachttijd_weken", "huidige wachttijd in weken"),
    Kolom("wachttijd_peildatum", "datum waarop die wachttijd gold (JJJJ-MM-DD)"),
    Kolom("wachttijd_gemeld_door", "wie de wachttijd doorgaf"),
    Kolom("wachttijd_eerder", "eerdere metingen: 2026-01-05=4 (naam); 2025-11-01=6"),
    Kolom("laatst_geverifieerd", "datum waarop het aanbod is gecontroleerd (JJJJ-MM-DD)"),
    Kolom("locatie_laatst_geverifieerd", "datum waarop de locatie is gecontroleerd"),
    Kolom("voorbeeld", "ja voor voorbeeldgegevens die de gemeente nog vervangt"),
)
KOLOMNAMEN = tuple(k.naam for k in KOLOMMEN)
VERPLICHT = tuple(k.naam for k in KOLOMMEN if k.verplicht)
LOCATIE_KOLOMMEN = (
    "locatie_id",
    "locatie_naam",
    "adres",
    "postcode",
    "plaats",
    "gemeente",
    "wijk",
    "latitude",
    "longitude",
)
WACHTTIJD_KOLOMMEN = ("wachttijd_weken", "wachttijd_peildatum", "wachttijd_eerder")

TAALNAMEN = {
    "nl": "Nederlands",
    "en": "Engels",
    "de": "Duits",
    "fr": "Frans",
    "ar": "Arabisch",
    "tr": "Turks",
    "pl": "Pools",
    "uk": "Oekraïens",
    "ti": "Tigrinya",
    "so": "Somalisch",
    "pap": "Papiaments",
    "fy": "Fries",
    "ngt": "Nederlandse Gebarentaal",
}

_DAG_AFK = {"ma": "MO", "di": "TU", "wo": "WE", "do": "TH", "vr": "FR", "za": "SA", "zo": "SU"}
_AFK_DAG = {v: k for k, v in _DAG_AFK.items()}


# --- value parsing (shared with the HSDS reader) ---------------------------------------


def leeg(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


# A spreadsheet runs these as a formula; tab and carriage return too (OWASP CSV injection).
FORMULE_TEKENS = ("=", "+", "-", "@", "\t", "\r")


def tekst(value: Any) -> str | None:
    if leeg(value):
        return None
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    # The CSV export's guard against formulas ('=…) is undone where the CSV is read
    # (``planner.kaart.io._csv_waarde``); in Excel and JSON a leading quote is real text.
    return str(value).strip()


def getal(value: Any) -> float | None:
    """A cell as a number; '.' and ',' are both decimals (the export writes 0.5, 52.0116)."""
    return None if leeg(value) else lees_getal(value, punt_is_decimaal=True)


_TIJD_ACHTER_DATUM = (
    r"(?:[T ][0-9]{2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]+)?)?(?:Z|[+-][0-9]{2}:?[0-9]{2})?)?"
)


def datum(value: Any) -> date | None:
    if leeg(value):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip()
    for pattern, order in (
        (r"([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})" + _TIJD_ACHTER_DATUM, (1, 2, 3)),
        (r"([0-9]{1,2})[-/.]([0-9]{1,2})[-/.]([0-9]{4})", (3, 2, 1)),
    ):
        m = re.fullmatch(pattern, text)
        if m:
            try:
                return date(int(m.group(order[0])), int(m.group(order[1])), int(m.group(order[2])))
            except ValueError:
                break
    raise Ongeldig(f"'{value}' is geen datum (gebruik JJJJ-MM-DD)")


def ja_nee(value: Any) -> bool:
    if leeg(value):
        return False
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in {"ja", "j", "yes", "y", "true", "waar", "1", "x"}:
        return True
    if text in {"nee", "n", "no", "false", "onwaar", "0"}:
        return False
    raise Ongeldig(f"'{value}' is geen ja of nee")


def lijst(value: Any) -> list[str]:
    if leeg(value):
        return []
    return [p.strip() for p in re.split(r"[|;,]", str(value)) if p.strip()]


def keuze(cls: Any, value: Any) -> Any:
    if leeg(value):
        return None
    found = cls.parse(str(value))
    if found is None:
        raise Ongeldig(f"'{value}' is geen geldige waarde; kies uit: {cls.choices()}")
    return found


def tijd(value: Any) -> time | None:
    if leeg(value):
        return None
    if isinstance(value, time):
        return value.replace(tzinfo=None)
    text = str(value).strip()
    m = re.fullmatch(
        r"([0-9]{1,2})[:.]([0-9]{2})(?::([0-9]{2}))?(?:Z|[+-][0-9]{2}:?[0-9]{2})?", text
    )
    if not m:
        raise Ongeldig(f"'{value}' is geen tijd (gebruik UU:MM)")
    hour, minute, second = int(m.group(1)), int(m.group(2)), int(m.group(3) or 0)
    if hour == 24 and minute == 0:
        return time(23, 59, 59)
    try:
        return time(hour, minute, second)
    except ValueError:
        raise Ongeldig(f"'{value}' is geen tijd (gebruik UU:MM)") from None


# --- opening hours, phones, waiting times as text --------------------------------------


def parse_openingstijden(value: Any) -> tuple[Schedule, ...]:
    """'24/7' or 'ma-vr 09:00-17:00 (toelichting); za 10:00-12:00'."""
    if leeg(value):
        return ()
    out = []
    for part in [p.strip() for p in str(value).split(";") if p.strip()]:
        description = None
        m = re.fullmatch(r"(.*?)\s*\((.*)\)", part)
        if m:
            part, description = m.group(1).strip(), m.group(2).strip()
        if part.replace(" ", "").lower() in {"24/7", "24x7", "dagennacht", "altijd"}:
            out.append(dag_en_nacht(description))
            continue
        m = re.fullmatch(
            r"([a-z,\- ]+?)\s+(\d{1,2}[:.]\d{2})\s*-\s*(\d{1,2}[:.]\d{2})", part.lower()
        )
        if not m:
            raise Ongeldig(
                f"'{part}' is geen openingstijd; schrijf bijv. 'ma-vr 09:00-17:00' of '24/7'"
            )
        days = _parse_days(m.group(1))
        out.append(
            Schedule(
                byday=days,
                opens_at=tijd(m.group(2)),
                closes_at=tijd(m.group(3)),
                description=description,
            )
        )
    return tuple(out)


def _parse_days(text: str) -> tuple[str, ...]:
    order = list(DAGEN)
    days: list[str] = []
    for chunk in [c.strip() for c in text.split(",") if c.strip()]:
        if "-" in chunk:
            start, _, end = (c.strip() for c in chunk.partition("-"))
            if start not in _DAG_AFK or end not in _DAG_AFK:
                raise Ongeldig(f"'{chunk}' zijn geen dagen (gebruik ma, di, wo, do, vr, za, zo)")
            i, j = order.index(_DAG_AFK[start]), order.index(_DAG_AFK[end])
            days.extend(order[i : j + 1])
        elif chunk in _DAG_AFK:
            days.append(_DAG_AFK[chunk])
        else:
            raise Ongeldig(f"'{chunk}' is geen dag (gebruik ma, di, wo, do, vr, za, zo)")
    return tuple(dict.fromkeys(days))


def format_openingstijden(schedules: Iterable[Schedule]) -> str:
    parts = []
    for sc in schedules:
        if sc.altijd_open:
            text = "24/7"
        else:
            text = f"{_format_days(sc.byday)} {_hhmm(sc.opens_at)}-{_hhmm(sc.closes_at)}".strip()
        if sc.description:
            text += f" ({sc.description})"
        parts.append(text)
    return "; ".join(parts)


def _hhmm(t: time | None) -> str:
    if t is None:
        return ""
    if t.second:
        return "24:00" if (t.hour, t.minute, t.second) == (23, 59, 59) else t.strftime("%H:%M:%S")
    return t.strftime("%H:%M")


def _format_days(byday: Sequence[str]) -> str:
    order = list(DAGEN)
    idx = sorted(order.index(d) for d in byday if d in order)
    groups: list[list[int]] = []
    for i in idx:
        if groups and i == groups[-1][-1] + 1:
            groups[-1].append(i)
        else:
            groups.append([i])
    out = []
    for g in groups:
        first, last = _AFK_DAG[order[g[0]]], _AFK_DAG[order[g[-1]]]
        out.append(first if len(g) == 1 else f"{first}-{last}" if len(g) > 2 else f"{first},{last}")
    return ",".join(out)


def parse_telefoons(value: Any) -> tuple[Phone, ...]:
    out = []
    for part in [p.strip() for p in str(value or "").split("|") if p.strip()]:
        m = re.fullmatch(r"(.*?)\s*\((.*)\)", part)
        number, description = (m.group(1), m.group(2)) if m else (part, None)
        if not re.search(r"\d", number):
            raise Ongeldig(f"'{number}' is geen telefoonnummer")
        out.append(Phone(number=number.strip(), description=description))
    return tuple(out)


def format_telefoons(phones: Iterable[Phone]) -> str:
    return " | ".join(p.number + (f" ({p.description})" if p.description else "") for p in phones)


def parse_wachttijden(sal_id: str, value: Any) -> list[WaitingTime]:
    out = []
    for part in [p.strip() for p in str(value or "").split(";") if p.strip()]:
        m = re.fullmatch(r"(\S+)\s*=\s*([0-9.,]+)\s*(?:\((.*)\))?", part)
        if not m:
            raise Ongeldig(f"'{part}' is geen meting; schrijf 'JJJJ-MM-DD=weken (naam)'")
        out.append(WaitingTime(sal_id, getal(m.group(2)) or 0.0, datum(m.group(1)), m.group(3)))
    return out


def _weken(w: float) -> str:
    return str(int(w)) if float(w).is_integer() else str(w)


def format_wachttijden(measurements: Iterable[WaitingTime]) -> str:
    return "; ".join(
        f"{w.peildatum.isoformat()}={_weken(w.weken)}"
        + (f" ({w.gemeld_door})" if w.gemeld_door else "")
        for w in measurements
    )


# --- rows -> KaartData ---------------------------------------------------------------------


def normaliseer_kop(name: Any) -> str:
    text = str(name or "").replace("\ufeff", "").strip().lower()
    return re.sub(r"[\s\-]+", "_", text)


def lees_rijen(
    kop: Sequence[Any],
    rijen: Iterable[tuple[int, Sequence[Any]]],
    *,
    known_gemeenten: set[str] | None = None,
    gemeente_code: Any = None,
    plaats: Any = None,
) -> tuple[KaartData, list[Fout], int]:
    """Parse table rows (with their row numbers) into a kaart and Dutch errors per row/field.

    ``gemeente_code`` turns a gemeente name into a code (``Gebieden.gemeente_code``);
    ``plaats(location, rij)`` geocodes (``planner.kaart.geocode.place``).
    """
    fouten: list[Fout] = []
    header = [normaliseer_kop(h) for h in kop]
    ontbreekt = [k for k in VERPLICHT if k not in header]
    if ontbreekt:
        gevonden = ", ".join(h for h in header if h) or "(geen)"
        fouten.append(
            Fout(
                "kopregel",
                f"verplichte kolom(men) ontbreken: {', '.join(ontbreekt)}. "
                f"Gevonden kolommen: {gevonden}",
                1,
            )
        )
        return KaartData(), fouten, 0
    dubbel = sorted({h for h in header if h and header.count(h) > 1})
    if dubbel:
        fouten.append(Fout("kopregel", f"kolom(men) staan dubbel: {', '.join(dubbel)}", 1))
    onbekend = [h for h in header if h and h not in KOLOMNAMEN]
    if onbekend:
        fouten.append(
            Fout(
                "kopregel",
                f"kolom(men) worden niet gebruikt: {', '.join(onbekend)}",
                1,
                ernst="waarschuwing",
            )
        )
    orgs: dict[str, tuple[int, Organisation]] = {}
    services: dict[str, tuple[int, Service]] = {}
    locations: dict[str, tuple[int, Location]] = {}
    sals: dict[str, tuple[int, ServiceAtLocation]] = {}
    paren: dict[tuple[str, str], int] = {}
    waits: list[WaitingTime] = []
    aantal = 0
    for rij, values in rijen:
        cells = dict(zip(header, values, strict=False))
        extra = [v for v in values[len(header) :] if not leeg(v)]
        if all(leeg(v) for v in cells.values()) and not extra:
            continue
        aantal += 1
        if len(values) == 1 and len(header) > 1 and re.search(r"[,;]", str(values[0] or "")):
            fouten.append(
                Fout(
                    "bestand",
                    "deze rij gebruikt een ander scheidingsteken dan de kopregel "
                    "(komma of puntkomma); sla het hele bestand met één scheidingsteken op",
                    rij,
                )
            )
            continue
        if extra:
            fouten.append(
                Fout(
                    "bestand",
                    f"de rij heeft {len(values)} waarden maar de kopregel {len(header)} kolommen; "
                    "controleer het scheidingsteken en de aanhalingstekens",
                    rij,
                )
            )
            continue
        row = _Rij(cells, rij, fouten)
        parsed = row.parse(known_gemeenten, gemeente_code, plaats)
        if parsed is None:
            continue
        org, service, loc, sal, row_waits = parsed
        _merge("organisatie", orgs, org.id, org, rij, fouten, row.raw("organisatie"))
        _merge("aanbod", services, service.id, service, rij, fouten, row.raw("id"))
        if loc is not None and sal is not None:
            _merge("locatie", locations, loc.id, loc, rij, fouten, row.raw("locatie_id"))
            eerder = sals[sal.id][0] if sal.id in sals else paren.get(sal.paar)
            if eerder is not None:
                fouten.append(
                    Fout(
                        "id",
                        f"id '{row.raw('id')}' met deze locatie komt dubbel voor "
                        f"(ook op rij {eerder})",
                        rij,
                    )
                )
            else:
                sals[sal.id] = (rij, sal)
                paren[sal.paar] = rij
            waits.extend(row_waits)
    if aantal == 0 and not fouten:
        fouten.append(Fout("bestand", "het bestand bevat een kopregel maar geen aanbod", None))
    data = KaartData(
        organisations=tuple(o for _, o in orgs.values()),
        services=tuple(s for _, s in services.values()),
        locations=tuple(loc for _, loc in locations.values()),
        service_at_locations=tuple(s for _, s in sals.values()),
        waiting_times=tuple(waits),
    )
    return data, fouten, aantal


# Model field → the column a gemeente sees, for messages about rows that disagree.
KOLOM_VAN_VELD: dict[str, dict[str, str]] = {
    "organisatie": {
        "name": "organisatie",
        "description": "organisatie_omschrijving",
        "website": "organisatie_website",
    },
    "aanbod": {
        "name": "naam",
        "organization_id": "organisatie_id",
        "description": "omschrijving",
        "alternate_name": "alternatieve_naam",
        "url": "website",
        "application_process": "toegang_toelichting",
        "fees_description": "kosten_toelichting",
        "phones": "telefoon",
        "schedules": "openingstijden",
        "languages": "talen",
        "assured_date": "laatst_geverifieerd",
    },
    "locatie": {
        "name": "locatie_naam",
        "organization_id": "organisatie_id",
        "location_type": "locatie_type",
        "address_1": "adres",
        "postal_code": "postcode",
        "city": "plaats",
        "country": "adres",
        "gemeente_code": "gemeente",
        "wijk_code": "wijk",
        "assured_date": "locatie_laatst_geverifieerd",
    },
}


def _merge(
    soort: str,
    seen: dict[str, tuple[int, Any]],
    key: str,
    obj: Any,
    rij: int,
    fouten: list[Fout],
    raw_id: str | None,
) -> None:
    """Rows that repeat an id must describe the same thing; say which field differs."""
    if key not in seen:
        seen[key] = (rij, obj)
        return
    first_rij, first = seen[key]
    if first == obj:
        return
    verschil = next(
        (f.name for f in fields(obj) if getattr(first, f.name) != getattr(obj, f.name)), "?"
    )
    verschil = KOLOM_VAN_VELD.get(soort, {}).get(verschil, verschil)
    fouten.append(
        Fout(
            "id",
            f"{soort} '{raw_id}' staat ook op rij {first_rij} maar met een ander(e) "
            f"'{verschil}'; een id moet uniek zijn of dezelfde gegevens hebben",
            rij,
        )
    )


class _Rij:
    """One row being read; collects errors instead of stopping at the first."""

    def __init__(self, cells: Mapping[str, Any], rij: int, fouten: list[Fout]) -> None:
        self.cells = cells
        self.rij = rij
        self.fouten = fouten
        self.ok = True

    def raw(self, kolom: str) -> str | None:
        return tekst(self.cells.get(kolom))

    def get(self, kolom: str, parser: Any = tekst, *args: Any) -> Any:
        try:
            return parser(*args, self.cells.get(kolom)) if args else parser(self.cells.get(kolom))
        except Ongeldig as exc:
            self.fail(kolom, str(exc))
            return None

    def fail(self, kolom: str, melding: str, ernst: str = "fout") -> None:
        self.fouten.append(Fout(kolom, melding, self.rij, ernst))
        if ernst == "fout":
            self.ok = False

    def parse(
        self, known_gemeenten: set[str] | None, gemeente_code: Any, plaats: Any = None
    ) -> (
        tuple[Organisation, Service, Location | None, ServiceAtLocation | None, list[WaitingTime]]
        | None
    ):
        from planner.kaart.model import validate_location, validate_organisation, validate_service

        raw_id, org_name, naam = self.raw("id"), self.raw("organisatie"), self.raw("naam")
        for kolom, value in (("id", raw_id), ("organisatie", org_name), ("naam", naam)):
            if value is None:
                self.fail(kolom, f"'{kolom}' is verplicht en is leeg")
        if not self.ok:
            return None
        assert raw_id and org_name and naam
        voorbeeld = bool(self.get("voorbeeld", ja_nee))
        assured = self.get("laatst_geverifieerd", datum)
        org_id = stable_id(self.raw("organisatie_id") or org_name, soort="organisatie")
        service_id = stable_id(raw_id, soort="dienst")
        assert org_id and service_id
        org = Organisation(
            id=org_id,
            name=org_name,
            description=self.raw("organisatie_omschrijving"),
            website=self.raw("organisatie_website"),
            voorbeeld=voorbeeld,
        )
        werkgebied = []
        for code in self.get("werkgebied", lijst) or []:
            werkgebied.append(code.upper() if re.fullmatch(r"(?i)(gm|wk)\d+", code) else code)
        probleem = []
        for p in self.get("probleemgebieden", lijst) or []:
            found = Probleemgebied.parse(p)
            if found is None:
                self.fail(
                    "probleemgebieden",
                    f"'{p}' is geen probleemgebied; kies uit: {Probleemgebied.choices()}",
                )
            else:
                probleem.append(found)
        talen = tuple(
            Language(code=c.lower(), name=TAALNAMEN.get(c.lower()))
            for c in self.get("talen", lijst) or []
        )
        service = Service(
            id=service_id,
            organization_id=org_id,
            name=naam,
            description=self.raw("omschrijving"),
            alternate_name=self.raw("alternatieve_naam"),
            url=self.raw("website"),
            email=self.raw("email"),
            status=self.get("status", keuze, Status) or Status.ACTIEF,
            toegang=self.get("toegang", keuze, Toegang),
            application_process=self.raw("toegang_toelichting"),
            kosten=self.get("kosten", keuze, Kosten),
            fees_description=self.raw("kosten_toelichting"),
            leeftijd_min=self.get("leeftijd_min", getal),
            leeftijd_max=self.get("leeftijd_max", getal),
            doelgroep=self.raw("doelgroep"),
            probleemgebieden=tuple(dict.fromkeys(probleem)),
            trede=self.get("trede", keuze, Trede),
            preventieniveau=self.get("preventieniveau", keuze, Preventieniveau),
            werkgebied=tuple(dict.fromkeys(werkgebied)),
            interventie=self.raw("interventie"),
            interventie_erkenning=self.get("interventie_erkenning", keuze, Erkenning),
            phones=self.get("telefoon", parse_telefoons) or (),
            schedules=self.get("openingstijden", parse_openingstijden) or (),
            languages=talen,
            assured_date=assured,
            voorbeeld=voorbeeld,
        )
        service = assign_ids(service)
        for f in validate_organisation(org, self.rij) + validate_service(
            service, self.rij, known_gemeenten
        ):
            self.fail(f.veld, f.melding, f.ernst)

        loc = sal = None
        waits: list[WaitingTime] = []
        locatie_type = (self.raw("locatie_type") or "physical").lower()
        if locatie_type not in {"physical", "virtual", "postal"}:
            self.fail("locatie_type", f"'{locatie_type}' is geen locatietype (physical, virtual)")
            locatie_type = "physical"
        heeft_locatie = any(not leeg(self.cells.get(k)) for k in LOCATIE_KOLOMMEN)
        if heeft_locatie or locatie_type == "virtual" or ja_nee_safe(self.cells):
            raw_gemeente = self.raw("gemeente")
            code = raw_gemeente
            if raw_gemeente and gemeente_code is not None:
                code = gemeente_code(raw_gemeente) or raw_gemeente
            elif raw_gemeente and re.fullmatch(r"(?i)gm\d{4}", raw_gemeente):
                code = raw_gemeente.upper()
            loc_id = stable_id(self.raw("locatie_id") or raw_id, soort="locatie")
            assert loc_id
            loc = Location(
                id=loc_id,
                name=self.raw("locatie_naam"),
                organization_id=org_id,
                location_type=locatie_type,
                address_1=self.raw("adres"),
                postal_code=self.raw("postcode"),
                city=self.raw("plaats"),
                country="NL" if self.raw("adres") else None,
                latitude=self.get("latitude", getal),
                longitude=self.get("longitude", getal),
                locatie_benaderd=bool(self.get("locatie_benaderd", ja_nee)),
                adres_vertrouwelijk=bool(self.get("adres_vertrouwelijk", ja_nee)),
                publieke_contactroute=self.raw("publieke_contactroute"),
                gemeente_code=code,
                wijk_code=(self.raw("wijk") or "").upper() or None,
                assured_date=self.get("locatie_laatst_geverifieerd", datum),
            )
            for f in validate_location(loc, self.rij, known_gemeenten):
                self.fail(f.veld, f.melding, f.ernst)
            if plaats is not None and self.ok:
                loc, problemen = plaats(loc, self.rij)
                for f in problemen:
                    self.fail(f.veld, f.melding, f.ernst)
            elif plaats is None and not (
                loc.latitude is not None
                or loc.address_1
                or loc.postal_code
                or loc.gemeente_code
                or loc.wijk_code
                or locatie_type == "virtual"
                or loc.adres_vertrouwelijk
            ):
                self.fail(
                    "latitude", "de locatie heeft geen coördinaten, adres, postcode of gemeente"
                )
            sal_id = stable_id(
                self.raw("dienst_locatie_id") or f"{service_id}@{loc_id}", soort="dienst_locatie"
            )
            assert sal_id
            sal = ServiceAtLocation(id=sal_id, service_id=service_id, location_id=loc_id)
            waits = self._waits(sal_id)
        elif any(not leeg(self.cells.get(k)) for k in WACHTTIJD_KOLOMMEN):
            self.fail(
                "wachttijd_weken",
                "een wachttijd hoort bij een locatie: vul coördinaten, een adres/postcode of "
                "de gemeente in (of locatie_type 'virtual' voor alleen telefonisch/online)",
            )
        else:
            # A service without location (as our own export writes it) is valid: it is
            # found in the list, only not on the map.
            self.fail(
                "gemeente",
                "geen locatie: het aanbod staat in de lijst maar niet op de kaart",
                "waarschuwing",
            )
        if not self.ok:
            return None
        return org, service, loc, sal, waits

    def _waits(self, sal_id: str) -> list[WaitingTime]:
        from planner.kaart.model import validate_waiting_time

        out = self.get("wachttijd_eerder", parse_wachttijden, sal_id) or []
        weken = self.get("wachttijd_weken", getal)
        peildatum = self.get("wachttijd_peildatum", datum)
        onleesbaar = (weken is None and not leeg(self.cells.get("wachttijd_weken"))) or (
            peildatum is None and not leeg(self.cells.get("wachttijd_peildatum"))
        )
        if onleesbaar:
            pass  # already reported by get()
        elif weken is not None and peildatum is None:
            self.fail("wachttijd_peildatum", "bij een wachttijd hoort een peildatum")
        elif weken is None and peildatum is not None:
            self.fail("wachttijd_weken", "er is een peildatum maar geen wachttijd in weken")
        elif weken is not None and peildatum is not None:
            out.append(WaitingTime(sal_id, weken, peildatum, self.raw("wachttijd_gemeld_door")))
        for wt in out:
            for f in validate_waiting_time(wt, self.rij):
                self.fail(f.veld, f.melding, f.ernst)
        return out


def ja_nee_safe(cells: Mapping[str, Any]) -> bool:
    try:
        return ja_nee(cells.get("adres_vertrouwelijk"))
    except Ongeldig:
        return False


# --- KaartData -> rows ---------------------------------------------------------------------


def schrijf_rijen(data: KaartData, *, openbaar: bool = True) -> list[dict[str, Any]]:
    """One row per service at a location (services without location get one row)."""
    orgs = {o.id: o for o in data.organisations}
    locs = {loc.id: loc for loc in data.locations}
    per_service: dict[str, list[ServiceAtLocation]] = {}
    for sal in data.service_at_locations:
        per_service.setdefault(sal.service_id, []).append(sal)
    waits: dict[str, list[WaitingTime]] = {}
    for wt in sorted(data.waiting_times, key=lambda w: (w.peildatum, w.id or 0)):
        waits.setdefault(wt.service_at_location_id, []).append(wt)
    rows = []
    for s in data.services:
        org = orgs[s.organization_id]
        base: dict[str, Any] = {
            "id": s.id,
            "organisatie": org.name,
            "naam": s.name,
            "organisatie_id": org.id,
            "organisatie_omschrijving": org.description,
            "organisatie_website": org.website,
            "omschrijving": s.description,
            "alternatieve_naam": s.alternate_name,
            "status": s.status.value,
            "toegang": _v(s.toegang),
            "toegang_toelichting": s.application_process,
            "kosten": _v(s.kosten),
            "kosten_toelichting": s.fees_description,
            "leeftijd_min": _num(s.leeftijd_min),
            "leeftijd_max": _num(s.leeftijd_max),
            "doelgroep": s.doelgroep,
            "probleemgebieden": "|".join(p.value for p in s.probleemgebieden),
            "trede": _v(s.trede),
            "preventieniveau": _v(s.preventieniveau),
            "werkgebied": "|".join(s.werkgebied),
            "interventie": s.interventie,
            "interventie_erkenning": _v(s.interventie_erkenning),
            "telefoon": format_telefoons(s.phones),
            "email": s.email,
            "website": s.url,
            "openingstijden": format_openingstijden(s.schedules),
            "talen": "|".join(lang.code for lang in s.languages),
            "laatst_geverifieerd": s.assured_date.isoformat() if s.assured_date else None,
            "voorbeeld": "ja" if s.voorbeeld else None,
        }
        for sal in per_service.get(s.id) or [None]:
            row = dict.fromkeys(KOLOMNAMEN)
            row.update(base)
            if sal is not None:
                loc = locs[sal.location_id]
                if openbaar:
                    loc = loc.openbaar()
                history = waits.get(sal.id, [])
                row.update(
                    {
                        "locatie_id": loc.id,
                        "dienst_locatie_id": sal.id,
                        "locatie_naam": loc.name,
                        "locatie_type": loc.location_type,
                        "adres": loc.address_1,
                        "postcode": loc.postal_code,
                        "plaats": loc.city,
                        "gemeente": loc.gemeente_code,
                        "wijk": loc.wijk_code,
                        "latitude": _num(loc.latitude),
                        "longitude": _num(loc.longitude),
                        "locatie_benaderd": "ja" if loc.locatie_benaderd else None,
                        "adres_vertrouwelijk": "ja" if loc.adres_vertrouwelijk else None,
                        "publieke_contactroute": loc.publieke_contactroute,
                        "locatie_laatst_geverifieerd": loc.assured_date.isoformat()
                        if loc.assured_date
                        else None,
                    }
                )
                if history:
                    last = history[-1]
                    row.update(
                        {
                            "wachttijd_weken": _num(last.weken),
                            "wachttijd_peildatum": last.peildatum.isoformat(),
                            "wachttijd_gemeld_door": last.gemeld_door,
                            "wachttijd_eerder": format_wachttijden(history[:-1]) or None,
                        }
                    )
            rows.append(row)
    return rows


def _v(member: Any) -> str | None:
    return member.value if member is not None else None


def _num(value: float | None) -> str | None:
    if value is None:
        return None
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def zonder_versies(data: KaartData) -> KaartData:
    """For comparisons: the version number is store bookkeeping, not content."""
    return replace(
        data,
        organisations=tuple(replace(o, versie=1) for o in data.organisations),
        services=tuple(replace(s, versie=1) for s in data.services),
        locations=tuple(replace(loc, versie=1) for loc in data.locations),
    )


# --- a flat file over a richer store ---------------------------------------------------------

# Fields the flat table has no column for: importing a table keeps what the store holds
# (an HSDS import may have filled them), so a CSV round trip never empties them.
NIET_IN_TABEL: dict[type, tuple[str, ...]] = {
    Organisation: ("alternate_name", "email", "assured_date"),
    Service: ("contacts", "cost_options"),
    Location: (
        "description",
        "country",
        "address_id",
        "address_type",
        "state_province",
        "other_addresses",
        "phones",
        "schedules",
    ),
    ServiceAtLocation: ("description",),
}


def _zelfde_tekst(oud: Any, nieuw: Any) -> bool:
    """The table strips cells: ``'Hulp '`` in the store and ``'Hulp'`` in the file agree."""
    return isinstance(oud, str) and isinstance(nieuw, str) and oud.strip() == nieuw


def _aanvullen_record(nieuw: Any, oud: Any | None) -> Any:
    if oud is None:
        return nieuw
    waarden: dict[str, Any] = {}
    for veld in fields(nieuw):
        n, o = getattr(nieuw, veld.name), getattr(oud, veld.name)
        if veld.name in NIET_IN_TABEL.get(type(nieuw), ()) or _zelfde_tekst(o, n):
            waarden[veld.name] = o
    if isinstance(nieuw, Service):
        waarden["phones"] = _zelfde_uit(nieuw.phones, oud.phones, _telefoon_sleutel)
        waarden["schedules"] = _zelfde_uit(nieuw.schedules, oud.schedules, _tijden_sleutel)
        waarden["languages"] = _zelfde_uit(nieuw.languages, oud.languages, lambda t: t.code)
    return replace(nieuw, **waarden) if waarden else nieuw


def _telefoon_sleutel(p: Phone) -> tuple[str, str | None]:
    return (p.number.strip(), (p.description or "").strip() or None)


def _tijden_sleutel(sc: Schedule) -> tuple[Any, ...]:
    beschrijving = (sc.description or "").strip() or None
    return (tuple(sc.byday), sc.opens_at, sc.closes_at, sc.altijd_open, beschrijving)


def _zelfde_uit(nieuw: tuple[Any, ...], oud: tuple[Any, ...], sleutel: Any) -> tuple[Any, ...]:
    """Each new item that the file shows exactly as a stored one is the stored one (ids, extra
    fields such as a phone's extension kept)."""
    bekend = {sleutel(o): o for o in oud}
    return tuple(bekend.get(sleutel(n), n) for n in nieuw)


def aanvullen(data: KaartData, bestaand: KaartData) -> KaartData:
    """Read from a table over what the store already holds: merge, never empty a field.

    Fields without a column keep their stored value, and a service at a location that is
    already stored under another id (an HSDS import, an older file) keeps that id, so a
    re-import never creates a second record for the same pair.
    """
    paar = {s.paar: s for s in bestaand.service_at_locations}
    per_id = {s.id: s for s in bestaand.service_at_locations}
    nieuwe_id: dict[str, str] = {}
    sals = []
    for sal in data.service_at_locations:
        oud = per_id.get(sal.id) or paar.get(sal.paar)
        if oud is not None and oud.paar == sal.paar:
            nieuwe_id[sal.id] = oud.id
            sal = _aanvullen_record(replace(sal, id=oud.id), oud)
        sals.append(sal)
    orgs = {o.id: o for o in bestaand.organisations}
    services = {s.id: s for s in bestaand.services}
    locs = {loc.id: loc for loc in bestaand.locations}
    return replace(
        data,
        organisations=tuple(_aanvullen_record(o, orgs.get(o.id)) for o in data.organisations),
        services=tuple(_aanvullen_record(s, services.get(s.id)) for s in data.services),
        locations=tuple(_aanvullen_record(loc, locs.get(loc.id)) for loc in data.locations),
        service_at_locations=tuple(sals),
        waiting_times=tuple(
            replace(
                w,
                service_at_location_id=nieuwe_id.get(
                    w.service_at_location_id, w.service_at_location_id
                ),
            )
            for w in data.waiting_times
        ),
    )
