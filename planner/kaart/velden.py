"""The fields of the sociale-kaart record, declared once: column, model field, HSDS, label.

``VELDEN`` is the one table. Each ``Veld`` says which CSV/Excel column holds which field of
the dataclasses in ``planner.kaart.model`` (``pad`` = ``"service.leeftijd_min"``), how a
cell is read (``lees``; raises ``Ongeldig`` with a Dutch message) and written (``schrijf``),
where HSDS 3.0 keeps it, and the Dutch label and help for the beheer form and the docs.
From it come the table columns (``planner.kaart.io.tabel``), the column names in error
messages (``kolom_van``), the form labels and the column table in docs/hsds-profiel.md
(``docs_tabel``; ``python -m planner.kaart.velden`` prints it, a test compares).

``lees`` is None where reading needs the whole row (ids made stable, a gemeente name
turned into a code, a waiting time that needs its date): ``tabel`` does those by hand.
The value readers below are shared by the table and the HSDS reader.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from planner.fouten import Ongeldig
from planner.kaart.model import (
    DAGEN,
    Erkenning,
    Kosten,
    Language,
    Phone,
    Preventieniveau,
    Schedule,
    Status,
    Toegang,
    Trede,
    WaitingTime,
    dag_en_nacht,
)
from planner.tekst import lees_getal

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


# --- writing cells ---------------------------------------------------------------------------


def _zelf(value: Any) -> Any:
    return value


def _v(member: Any) -> str | None:
    return member.value if member is not None else None


def _num(value: float | None) -> str | None:
    if value is None:
        return None
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _ja(value: bool) -> str | None:
    return "ja" if value else None


def _codes(values: Iterable[Any]) -> str:
    return "|".join(getattr(v, "value", v) for v in values)


# --- reading cells that need a little more than a parser --------------------------------------


@dataclass(frozen=True)
class Keuze:
    """Reads a cell as a member of ``cls`` (an enumeration of ``planner.kaart.model``)."""

    cls: Any

    def __call__(self, value: Any) -> Any:
        return keuze(self.cls, value)


def _werkgebied(value: Any) -> tuple[str, ...]:
    codes = (c.upper() if re.fullmatch(r"(?i)(gm|wk)\d+", c) else c for c in lijst(value))
    return tuple(dict.fromkeys(codes))


def _talen(value: Any) -> tuple[Language, ...]:
    return tuple(Language(code=c.lower(), name=TAALNAMEN.get(c.lower())) for c in lijst(value))


def _hoofdletters(value: Any) -> str | None:
    return (tekst(value) or "").upper() or None


LOCATIETYPEN = ("physical", "virtual", "postal")


def _locatietype(value: Any) -> str | None:
    text = (tekst(value) or "").lower() or None
    if text is not None and text not in LOCATIETYPEN:
        raise Ongeldig(f"'{text}' is geen locatietype (physical, virtual)")
    return text


# --- the table ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Veld:
    """One field of the record: where it lives in each format, how to read and write it."""

    naam: str  # the CSV/Excel column
    pad: str  # "soort.attribuut" in planner.kaart.model (soort: organisation, service, …)
    omschrijving: str  # help text: the docs and the Excel sheet 'kolommen'
    label: str  # the Dutch label on a form
    lees: Callable[[Any], Any] | None = tekst
    schrijf: Callable[[Any], Any] = _zelf
    hsds: str | None = None  # HSDS 3.0 path; attributes[code] is a term of our taxonomy
    verplicht: bool = False

    def __post_init__(self) -> None:
        if self.hsds is None:  # by default HSDS has the field under its own name
            object.__setattr__(self, "hsds", self.pad.replace("organisation.", "organization."))

    @functools.cached_property
    def soort(self) -> str:
        return self.pad.split(".", 1)[0]

    @functools.cached_property
    def attr(self) -> str:
        return self.pad.split(".", 1)[1]


_V = Veld
VELDEN: tuple[Veld, ...] = (
    _V("id", "service.id", "vaste sleutel van het aanbod (tekst of UUID); zelfde id = bijwerken",
       "Id", None, verplicht=True),
    _V("organisatie", "organisation.name", "naam van de organisatie", "Organisatie",
       verplicht=True),
    _V("naam", "service.name", "naam van het aanbod", "Naam", verplicht=True),
    _V("organisatie_id", "organisation.id",
       "vaste sleutel van de organisatie (standaard: de naam)", "Id van de organisatie", None),
    _V("organisatie_omschrijving", "organisation.description",
       "korte omschrijving van de organisatie", "Omschrijving van de organisatie"),
    _V("organisatie_website", "organisation.website", "website van de organisatie",
       "Website van de organisatie"),
    _V("omschrijving", "service.description", "wat het aanbod doet", "Beschrijving"),
    _V("alternatieve_naam", "service.alternate_name", "andere naam of afkorting", "Andere naam"),
    _V("status", "service.status",
       "actief, niet actief, tijdelijk gesloten of opgeheven (standaard actief)", "Status",
       Keuze(Status), _v),
    _V("toegang", "service.toegang",
       "vrij_toegankelijk, via_wijkteam, verwijzing_huisarts of beschikking", "Toegang",
       Keuze(Toegang), _v, hsds="service.attributes[toegang]"),
    _V("toegang_toelichting", "service.application_process",
       "hoe een cliënt binnenkomt, in woorden", "Hoe meldt iemand zich aan?"),
    _V("kosten", "service.kosten", "gratis of eigen_bijdrage", "Kosten", Keuze(Kosten), _v,
       hsds="service.attributes[kosten]"),
    _V("kosten_toelichting", "service.fees_description", "toelichting op de kosten",
       "Toelichting op de kosten"),
    _V("leeftijd_min", "service.leeftijd_min",
       "minimumleeftijd in jaren, decimaal (0,5 = zes maanden)", "Minimale leeftijd (jaren)",
       getal, _num, hsds="service.minimum_age"),
    _V("leeftijd_max", "service.leeftijd_max", "maximumleeftijd in jaren, decimaal",
       "Maximale leeftijd (jaren)", getal, _num, hsds="service.maximum_age"),
    _V("doelgroep", "service.doelgroep", "voor wie het aanbod is, in woorden", "Doelgroep",
       hsds="service.eligibility_description"),
    _V("probleemgebieden", "service.probleemgebieden",
       "codes gescheiden door | (bijv. kindermishandeling|huiselijk_geweld)", "Probleemgebieden",
       None, _codes, hsds="service.attributes[probleemgebied]"),
    _V("trede", "service.trede",
       "1 preventie, 2 signaleren/melden/stoppen, 3 behandeling, 4 nazorg", "Trede", Keuze(Trede),
       _v, hsds="service.attributes[trede]"),
    _V("preventieniveau", "service.preventieniveau",
       "universeel, selectief, vroegsignalering of geindiceerd", "Preventieniveau",
       Keuze(Preventieniveau), _v, hsds="service.attributes[preventieniveau]"),
    _V("werkgebied", "service.werkgebied",
       "CBS-codes van gemeenten/wijken, gescheiden door | (GM1930|WK193001)", "Werkgebied",
       _werkgebied, _codes, hsds="service.attributes[werkgebied]"),
    _V("interventie", "service.interventie",
       "naam van de interventie uit de Databank Effectieve Jeugdinterventies", "Interventie",
       hsds="service.attributes[interventie]"),
    _V("interventie_erkenning", "service.interventie_erkenning",
       "niet_erkend, goed_onderbouwd, effectief_eerste/_goede/_sterke",
       "Erkenning van de interventie", Keuze(Erkenning), _v,
       hsds="service.attributes[interventie_erkenning]"),
    _V("telefoon", "service.phones",
       "nummers gescheiden door |, toelichting tussen haakjes: 0800-2000 (gratis)", "Telefoon",
       parse_telefoons, format_telefoons),
    _V("email", "service.email", "e-mailadres van het aanbod", "E-mail"),
    _V("website", "service.url", "webpagina van het aanbod", "Website"),
    _V("openingstijden", "service.schedules", "24/7, of bijv. ma-vr 09:00-17:00; za 10:00-12:00",
       "Openingstijden", parse_openingstijden, format_openingstijden),
    _V("talen", "service.languages", "taalcodes gescheiden door | (nl|en|ar)", "Talen", _talen,
       lambda talen: "|".join(t.code for t in talen)),
    _V("locatie_id", "location.id", "vaste sleutel van de locatie (standaard: id van het aanbod)",
       "Id van de locatie", None),
    _V("dienst_locatie_id", "service_at_location.id",
       "vaste sleutel van het aanbod op deze locatie (standaard: afgeleid van id en locatie_id)",
       "Id van het aanbod op deze locatie", None),
    _V("locatie_naam", "location.name", "naam van de locatie", "Naam van de locatie"),
    _V("locatie_type", "location.location_type",
       "physical (standaard), virtual (alleen telefoon/online) of postal", "Soort locatie",
       _locatietype),
    _V("adres", "location.address_1", "straat en huisnummer", "Adres",
       hsds="location.addresses[0].address_1"),
    _V("postcode", "location.postal_code", "postcode", "Postcode",
       hsds="location.addresses[0].postal_code"),
    _V("plaats", "location.city", "plaats", "Plaats", hsds="location.addresses[0].city"),
    _V("gemeente", "location.gemeente_code", "CBS-gemeentecode (GM1930) of gemeentenaam",
       "Gemeente", None, hsds="location.attributes[gemeente]"),
    _V("wijk", "location.wijk_code", "CBS-wijkcode (WK193001)", "Wijk", _hoofdletters,
       hsds="location.attributes[wijk]"),
    _V("latitude", "location.latitude", "breedtegraad (WGS84)", "Breedtegraad", getal, _num),
    _V("longitude", "location.longitude", "lengtegraad (WGS84)", "Lengtegraad", getal, _num),
    _V("locatie_benaderd", "location.locatie_benaderd",
       "ja als de coördinaten het midden van wijk/gemeente zijn", "Plek benaderd", ja_nee, _ja,
       hsds="location.attributes[locatie_benaderd]"),
    _V("adres_vertrouwelijk", "location.adres_vertrouwelijk",
       "ja voor een geheim adres (vrouwenopvang)", "Adres is geheim", ja_nee, _ja,
       hsds="location.attributes[adres_vertrouwelijk]"),
    _V("publieke_contactroute", "location.publieke_contactroute",
       "hoe men contact legt als het adres geheim is", "Openbare contactroute",
       hsds="location.attributes[publieke_contactroute]"),
    _V("wachttijd_weken", "waiting_time.weken", "huidige wachttijd in weken", "Wachttijd (weken)",
       None, _num, hsds="service_at_location.attributes[wachttijd].weken"),
    _V("wachttijd_peildatum", "waiting_time.peildatum",
       "datum waarop die wachttijd gold (JJJJ-MM-DD)", "Peildatum", None, _iso,
       hsds="service_at_location.attributes[wachttijd].peildatum"),
    _V("wachttijd_gemeld_door", "waiting_time.gemeld_door", "wie de wachttijd doorgaf",
       "Gemeld door", None, hsds="service_at_location.attributes[wachttijd].gemeld_door"),
    _V("wachttijd_eerder", "waiting_time.eerder",
       "eerdere metingen: 2026-01-05=4 (naam); 2025-11-01=6", "Eerdere wachttijden", None,
       format_wachttijden, hsds="service_at_location.attributes[wachttijd]"),
    _V("laatst_geverifieerd", "service.assured_date",
       "datum waarop het aanbod is gecontroleerd (JJJJ-MM-DD)", "Gecontroleerd op", datum, _iso),
    _V("locatie_laatst_geverifieerd", "location.assured_date",
       "datum waarop de locatie is gecontroleerd", "Locatie gecontroleerd op", datum, _iso,
       hsds="location.attributes[laatst_geverifieerd]"),
    _V("voorbeeld", "service.voorbeeld", "ja voor voorbeeldgegevens die de gemeente nog vervangt",
       "Voorbeeldgegevens", ja_nee, _ja, hsds="service.attributes[voorbeeld]"),
)  # fmt: skip
PER_PAD: dict[str, Veld] = {v.pad: v for v in VELDEN}

# Model fields filled from another column than their own.
_AFGELEID = {"organization_id": "organisatie_id", "country": "adres"}


def veld(pad: str) -> Veld:
    """The field at ``pad`` ("service.name"); KeyError names a pad that is not in the table."""
    return PER_PAD[pad]


def label(attr: str, soort: str = "service") -> str:
    """The Dutch form label of a field of ``soort`` (the beheer form edits services)."""
    return PER_PAD[f"{soort}.{attr}"].label


@functools.cache
def van_soort(soort: str) -> tuple[Veld, ...]:
    return tuple(v for v in VELDEN if v.soort == soort)


def kolom_van(soort: str, attr: str) -> str:
    """The column a gemeente sees for model field ``attr``.

    A field without a column is named by itself, or as ``organisation.email`` when its
    name is some other field's column (the organisation's e-mail is not column 'email').
    """
    found = PER_PAD.get(f"{soort}.{attr}")
    if found:
        return found.naam
    if attr in _AFGELEID:
        return _AFGELEID[attr]
    return f"{soort}.{attr}" if any(v.naam == attr for v in VELDEN) else attr


@functools.cache
def hsds_velden(soort: str) -> tuple[tuple[str, Veld], ...]:
    """(HSDS key, field) for the fields HSDS keeps as one value of ``soort`` ("service")."""
    return tuple(
        (v.hsds.split(".", 1)[1], v)
        for v in VELDEN
        if v.hsds and re.fullmatch(rf"{soort}\.[a-z_]+", v.hsds)
    )


@functools.cache
def hsds_attributen(soort: str) -> tuple[tuple[str, Veld], ...]:
    """(term code, field) for the fields HSDS carries as our ``attributes`` of ``soort``."""
    gevonden = (
        (re.fullmatch(rf"{soort}\.attributes\[([a-z_]+)\]", v.hsds or ""), v) for v in VELDEN
    )
    return tuple((m.group(1), v) for m, v in gevonden if m)


def docs_tabel() -> str:
    """The column table of docs/hsds-profiel.md, generated so the docs never miss a field."""
    regels = ["| kolom | verplicht | inhoud | HSDS 3.0 |", "|---|---|---|---|"]
    for v in VELDEN:
        inhoud = v.omschrijving.replace("|", "\\|")
        hsds = f"`{v.hsds}`" if v.hsds else ""
        regels.append(f"| `{v.naam}` | {'ja' if v.verplicht else ''} | {inhoud} | {hsds} |")
    return "\n".join(regels)


if __name__ == "__main__":
    print(docs_tabel())
