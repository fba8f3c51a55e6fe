"""The sociale kaart as a flat table: one row per service at one location (CSV and Excel).

This is the format a gemeente keeps in Excel. Columns are declared once in ``KOLOMMEN``
(README and docs list them from there). Rows that share an ``id`` are the same service at
several locations and must agree on the service's fields. Ids may be any text ("vt-zhz"):
they are turned into stable UUIDs, so re-importing a file updates instead of duplicating.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import fields, replace
from typing import Any

from planner.fouten import Lezer, Ongeldig
from planner.kaart.model import (
    Fout,
    KaartData,
    Location,
    Organisation,
    Phone,
    Probleemgebied,
    Schedule,
    Service,
    ServiceAtLocation,
    WaitingTime,
    assign_ids,
    stable_id,
)
from planner.kaart.velden import (
    PER_PAD,
    VELDEN,
    Veld,
    datum,
    format_wachttijden,
    getal,
    ja_nee,
    kolom_van,
    leeg,
    lijst,
    parse_wachttijden,
    tekst,
    van_soort,
    veld,
)

# A spreadsheet runs these as a formula; tab and carriage return too (OWASP CSV injection).
FORMULE_TEKENS = ("=", "+", "-", "@", "\t", "\r")


KOLOMMEN: tuple[Veld, ...] = VELDEN  # README and docs list them from there
KOLOMNAMEN = tuple(k.naam for k in KOLOMMEN)
VERPLICHT = tuple(k.naam for k in KOLOMMEN if k.verplicht)
LOCATIE_KOLOMMEN = (
    "locatie_id", "locatie_naam", "adres", "postcode", "plaats", "gemeente", "wijk",
    "latitude", "longitude",
)  # fmt: skip
WACHTTIJD_KOLOMMEN = ("wachttijd_weken", "wachttijd_peildatum", "wachttijd_eerder")

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


# Model kind → how a message calls it (the columns come from ``velden.kolom_van``).
_SOORT = {"organisatie": "organisation", "aanbod": "service", "locatie": "location"}


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
    verschil = kolom_van(_SOORT[soort], verschil)
    fouten.append(
        Fout(
            "id",
            f"{soort} '{raw_id}' staat ook op rij {first_rij} maar met een ander(e) "
            f"'{verschil}'; een id moet uniek zijn of dezelfde gegevens hebben",
            rij,
        )
    )


def _rij_fout(rij: int, kolom: str | None, melding: str, ernst: str) -> Fout:
    return Fout(kolom or "rij", melding, rij, ernst)


class _Rij(Lezer):
    """One row being read; collects errors (row and column named) instead of stopping."""

    def __init__(self, cells: Mapping[str, Any], rij: int, fouten: list[Fout]) -> None:
        super().__init__(_rij_fout, fouten)
        self.cells = cells
        self.rij = rij

    def raw(self, kolom: str) -> str | None:
        return tekst(self.cells.get(kolom))

    def get(self, kolom: str, parser: Any = tekst, *args: Any) -> Any:
        return self.lees(self.rij, kolom, parser, *args, self.cells.get(kolom))

    def fail(self, kolom: str, melding: str, ernst: str = "fout") -> None:
        self.fout(self.rij, kolom, melding, ernst)

    def waarden(self, soort: str) -> dict[str, Any]:
        """The fields of ``soort`` that the table reads cell by cell (``velden.VELDEN``).

        An empty or unreadable cell is left out, so the dataclass default applies.
        """
        uit = {}
        for v in van_soort(soort):
            if v.lees is not None and v.pad != "location.location_type":
                waarde = self.get(v.naam, v.lees)
                if waarde is not None:
                    uit[v.attr] = waarde
        return uit

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
        org_id = stable_id(self.raw("organisatie_id") or org_name, soort="organisatie")
        service_id = stable_id(raw_id, soort="dienst")
        assert org_id and service_id
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
        waarden = self.waarden("service")
        org = Organisation(
            id=org_id, voorbeeld=waarden.get("voorbeeld", False), **self.waarden("organisation")
        )
        service = Service(
            id=service_id,
            organization_id=org_id,
            probleemgebieden=tuple(dict.fromkeys(probleem)),
            **waarden,
        )
        service = assign_ids(service)
        for f in validate_organisation(org, self.rij) + validate_service(
            service, self.rij, known_gemeenten
        ):
            self.fail(f.veld, f.melding, f.ernst)

        loc = sal = None
        waits: list[WaitingTime] = []
        locatie_type = self.get("locatie_type", veld("location.location_type").lees) or "physical"
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
                organization_id=org_id,
                country="NL" if self.raw("adres") else None,
                gemeente_code=code,
                **self.waarden("location") | {"location_type": locatie_type},
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
        base = _cellen("organisation", org) | _cellen("service", s)
        for sal in per_service.get(s.id) or [None]:
            row = dict.fromkeys(KOLOMNAMEN)
            row.update(base)
            if sal is not None:
                loc = locs[sal.location_id]
                history = waits.get(sal.id, [])
                row |= _cellen("location", loc.openbaar() if openbaar else loc)
                row |= _cellen("service_at_location", sal)
                if history:
                    row |= _cellen("waiting_time", history[-1])
                    row["wachttijd_eerder"] = format_wachttijden(history[:-1]) or None
            rows.append(row)
    return rows


def _cellen(soort: str, obj: Any) -> dict[str, Any]:
    """The cells of ``obj`` by column, written by each field's formatter (``velden``)."""
    return {
        v.naam: v.schrijf(getattr(obj, v.attr)) for v in van_soort(soort) if hasattr(obj, v.attr)
    }


# --- a flat file over a richer store ---------------------------------------------------------

# Fields the flat table has no column for: importing a table keeps what the store holds
# (an HSDS import may have filled them), so a CSV round trip never empties them.
# Derived from ``velden``: every model field without a column, except bookkeeping and links.
_GEEN_INHOUD = {"versie", "voorbeeld", "organization_id", "service_id", "location_id"}
NIET_IN_TABEL: dict[type, tuple[str, ...]] = {
    cls: tuple(
        f.name
        for f in fields(cls)
        if f.name not in _GEEN_INHOUD and f"{soort}.{f.name}" not in PER_PAD
    )
    for cls, soort in (
        (Organisation, "organisation"),
        (Service, "service"),
        (Location, "location"),
        (ServiceAtLocation, "service_at_location"),
    )
}


def _zelfde_tekst(oud: Any, nieuw: Any) -> bool:
    """The table strips cells: ``'Hulp '`` in the store and ``'Hulp'`` in the file agree."""
    return isinstance(oud, str) and isinstance(nieuw, str) and oud.strip() == nieuw


def _aanvullen_record(nieuw: Any, oud: Any | None) -> Any:
    if oud is None:
        return nieuw
    waarden: dict[str, Any] = {}
    for f in fields(nieuw):
        n, o = getattr(nieuw, f.name), getattr(oud, f.name)
        if f.name in NIET_IN_TABEL.get(type(nieuw), ()) or _zelfde_tekst(o, n):
            waarden[f.name] = o
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
