"""Domain model of the sociale kaart: a Dutch profile of Open Referral HSDS 3.0.

Objects are frozen dataclasses (with ``__slots__``: a national kaart holds 100,000 services
in every app process) so a page cannot change a record behind the store's back;
a change is a new object (``dataclasses.replace``) saved through
``planner.kaart.repository`` which checks ``versie`` (optimistic locking) and writes the
audit trail. Field names follow HSDS where HSDS has the field (``name``, ``description``,
``minimum_age`` is ``leeftijd_min`` here because ages are decimal years); the Dutch
extensions (toegang, probleemgebieden, trede, preventieniveau, werkgebied, interventie,
wachttijd, vertrouwelijk adres) are carried in HSDS as ``attributes`` (docs/hsds-profiel.md).

Every enumeration is declared once below with its Dutch label; pages show ``.label``,
files and the store hold ``.value``. Validation returns ``Fout`` objects whose text names
the row and the field in Dutch, for the import preview and the CLI.

Store schema: Alembic revisions ``kaart_0001`` (branches from ``0001_base``),
``kaart_0002``, ``kaart_0003``, ``kaart_0004`` and ``kaart_0005`` (the newest kaart head;
migrations that need the kaart tables revise it).
"""

from __future__ import annotations

import re
import unicodedata
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, fields, replace
from datetime import date, datetime, time
from enum import StrEnum
from typing import Self

from planner.gebieden import gemeente_van

# Stable ids: a non-UUID id from a file (e.g. "vt-zhz") maps to the same UUID every time,
# so re-importing a file updates instead of duplicating, and HSDS export gets valid UUIDs.
ID_NAMESPACE = uuid.UUID("6f1c1b7e-3c57-4b8e-9a55-0b0e6c3f9a11")


def stable_id(raw: str | None, *, soort: str = "") -> str | None:
    """A UUID string for ``raw``: itself when it is a UUID, otherwise derived (uuid5)."""
    if raw is None:
        return None
    text = str(raw).strip()
    if not text:
        return None
    try:
        return str(uuid.UUID(text))
    except ValueError:
        return str(uuid.uuid5(ID_NAMESPACE, f"{soort}:{text}"))


def _fold(text: str) -> str:
    """Lower-case without accents and separators, so 'Geïndiceerd' matches 'geindiceerd'."""
    norm = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[\s_\-/]+", " ", norm).strip().lower()


class _Keuze(StrEnum):
    """A code (stored, exported) with a Dutch label (shown); parse() accepts either."""

    label: str

    def __new__(cls, value: str, label: str) -> Self:
        obj = str.__new__(cls, value)
        obj._value_ = value
        obj.label = label
        return obj

    def __str__(self) -> str:
        return self.value

    @classmethod
    def parse(cls, text: str | None) -> Self | None:
        """The member for a code or label (case, accents and _/- ignored); None if unknown."""
        if text is None:
            return None
        wanted = _fold(str(text))
        if not wanted:
            return None
        for member in cls:
            if wanted in (_fold(member.value), _fold(member.label)):
                return member
        return None

    @classmethod
    def choices(cls) -> str:
        """The allowed codes as one Dutch-readable string for error messages."""
        return ", ".join(m.value for m in cls)


class Toegang(_Keuze):
    """How a client gets in: decides what a professional must arrange first."""

    VRIJ = "vrij_toegankelijk", "vrij toegankelijk"
    WIJKTEAM = "via_wijkteam", "via het wijkteam"
    HUISARTS = "verwijzing_huisarts", "verwijzing huisarts"
    BESCHIKKING = "beschikking", "beschikking"


class Kosten(_Keuze):
    """Whether the client pays; 'free' is a filter professionals use."""

    GRATIS = "gratis", "gratis"
    EIGEN_BIJDRAGE = "eigen_bijdrage", "eigen bijdrage"


class Probleemgebied(_Keuze):
    """Problem areas a service helps with (DOMAIN.md risk factors and chain)."""

    KINDERMISHANDELING = "kindermishandeling", "kindermishandeling"
    HUISELIJK_GEWELD = "huiselijk_geweld", "huiselijk geweld"
    PARTNERGEWELD = "partnergeweld", "partnergeweld"
    SEKSUEEL_GEWELD = "seksueel_geweld", "seksueel geweld"
    OPVOEDONDERSTEUNING = "opvoedondersteuning", "opvoedondersteuning"
    ZWANGERSCHAP = "zwangerschap_jonge_ouders", "zwangerschap en jonge ouders"
    SCHEIDING = "scheiding", "(v)echtscheiding"
    PSYCHISCHE_PROBLEMEN = "psychische_problemen", "psychische problemen ouder"
    VERSLAVING = "verslaving", "verslaving"
    LVB = "lvb", "licht verstandelijke beperking"
    SCHULDEN = "schulden", "geldzorgen en schulden"
    PLEGERHULP = "plegerhulp", "hulp aan plegers"
    TRAUMA = "trauma", "psycho-educatie en traumaverwerking"
    JEUGDBESCHERMING = "jeugdbescherming", "jeugdbescherming"
    ACUTE_ONVEILIGHEID = "acute_onveiligheid", "acute onveiligheid"


class Preventieniveau(_Keuze):
    """Prevention level (seed 000)."""

    UNIVERSEEL = "universeel", "universeel"
    SELECTIEF = "selectief", "selectief"
    VROEGSIGNALERING = "vroegsignalering", "vroegsignalering"
    GEINDICEERD = "geindiceerd", "geïndiceerd"


class Trede(_Keuze):
    """The four treden of the chain (seed 004); the value is the number as text."""

    PREVENTIE = "1", "1 – preventie"
    SIGNALEREN = "2", "2 – signaleren, melden en stoppen"
    BEHANDELING = "3", "3 – behandeling en begeleiding"
    NAZORG = "4", "4 – nazorg en recidivebestrijding"

    @property
    def nummer(self) -> int:
        return int(self.value)


class Erkenning(_Keuze):
    """Rating in the Databank Effectieve Jeugdinterventies (NJi), weakest first.

    "niet erkend" is a rating too: the commission judged the intervention and did not
    recognise it, which a planner must see rather than mistake for "not yet rated".
    """

    NIET_ERKEND = "niet_erkend", "niet erkend"
    GOED_ONDERBOUWD = "goed_onderbouwd", "goed onderbouwd"
    EERSTE_AANWIJZINGEN = "effectief_eerste", "effectief volgens eerste aanwijzingen"
    GOEDE_AANWIJZINGEN = "effectief_goede", "effectief volgens goede aanwijzingen"
    STERKE_AANWIJZINGEN = "effectief_sterke", "effectief volgens sterke aanwijzingen"

    @property
    def minstens_goed_onderbouwd(self) -> bool:
        """The bar the seeds set for interventions a gemeente should choose."""
        return self is not Erkenning.NIET_ERKEND


class Status(_Keuze):
    """HSDS service status; the value is the HSDS code so export needs no mapping."""

    ACTIEF = "active", "actief"
    INACTIEF = "inactive", "niet actief"
    OPGEHEVEN = "defunct", "opgeheven"
    TIJDELIJK_GESLOTEN = "temporarily closed", "tijdelijk gesloten"


DAGEN: dict[str, str] = {
    "MO": "maandag",
    "TU": "dinsdag",
    "WE": "woensdag",
    "TH": "donderdag",
    "FR": "vrijdag",
    "SA": "zaterdag",
    "SU": "zondag",
}
"""RFC 5545 day codes (HSDS ``byday``) with Dutch names, Monday first like date.weekday()."""

GEMEENTE_CODE = re.compile(r"^GM[0-9]{4}$")
WIJK_CODE = re.compile(r"^WK[0-9]{6}$")
# A postcode: letters, digits, space or hyphen, with at least one digit (3201 AB, and the
# foreign ones an HSDS file may hold); never markup or a word.
POSTCODE = re.compile(r"^(?=.*[0-9])[0-9A-Za-z][0-9A-Za-z -]{1,11}$")
# Control characters (NUL and friends) break the Excel export and some browsers; tab and
# newline are ordinary text.
STUURTEKENS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")
ZES_MAANDEN = 0.5  # leeftijd_min/max are decimal years: 0.5 is six months


@dataclass(frozen=True)
class Fout:
    """One validation problem, in Dutch, pointing at the row and field to fix."""

    veld: str
    melding: str
    rij: int | None = None
    ernst: str = "fout"  # "fout" blocks the import, "waarschuwing" does not

    def __str__(self) -> str:
        waar = f"Rij {self.rij}, veld '{self.veld}'" if self.rij else f"Veld '{self.veld}'"
        soort = "" if self.ernst == "fout" else " (waarschuwing)"
        return f"{waar}{soort}: {self.melding}"


@dataclass(frozen=True, slots=True)
class Language:
    """A language the service is offered in (ISO 639 code, e.g. 'nl', 'ar')."""

    code: str
    name: str | None = None
    id: str | None = None
    note: str | None = None


@dataclass(frozen=True, slots=True)
class Phone:
    """A phone number; HSDS keeps numbers as text, so do we (0800-2000 stays readable)."""

    number: str
    id: str | None = None
    extension: str | None = None
    type: str | None = None
    description: str | None = None


@dataclass(frozen=True, slots=True)
class Contact:
    """A named contact person or desk at a service."""

    id: str | None = None
    name: str | None = None
    title: str | None = None
    department: str | None = None
    email: str | None = None
    phones: tuple[Phone, ...] = ()


@dataclass(frozen=True, slots=True)
class Schedule:
    """Opening hours on some weekdays; ``altijd_open`` is 24/7 (Veilig Thuis)."""

    byday: tuple[str, ...] = ()
    opens_at: time | None = None
    closes_at: time | None = None
    altijd_open: bool = False
    description: str | None = None
    id: str | None = None

    def is_open(self, moment: datetime) -> bool:
        """Whether this schedule covers ``moment`` (local time)."""
        if self.altijd_open:
            return True
        dagen = list(DAGEN)
        vandaag, gisteren = dagen[moment.weekday()], dagen[(moment.weekday() - 1) % 7]

        def op(dag: str) -> bool:
            return not self.byday or dag in self.byday

        if self.opens_at is None or self.closes_at is None:
            return bool(self.byday) and op(vandaag)
        now = moment.time()
        if self.closes_at <= self.opens_at:
            # Past midnight: 'zo 22:00-06:00' covers Sunday night and Monday until 06:00.
            return (op(vandaag) and now >= self.opens_at) or (op(gisteren) and now < self.closes_at)
        return op(vandaag) and self.opens_at <= now < self.closes_at


ALLE_DAGEN: tuple[str, ...] = tuple(DAGEN)


def dag_en_nacht(description: str | None = None, id: str | None = None) -> Schedule:
    """The one way to write 24/7, so every format reads it back equal."""
    return Schedule(altijd_open=True, description=description, id=id)


@dataclass(frozen=True, slots=True)
class CostOption:
    """An HSDS cost option (amount and what it is for); kept so HSDS data round-trips."""

    id: str | None = None
    option: str | None = None
    amount: float | None = None
    currency: str | None = None
    amount_description: str | None = None
    valid_from: date | None = None
    valid_to: date | None = None


@dataclass(frozen=True, slots=True)
class Address:
    """A further HSDS address of a location (a postal address beside the visiting address).

    The first address lives in the location's own fields (search and geocoding use it);
    the others are kept whole so an HSDS file round-trips without losing them.
    """

    address_1: str | None = None
    city: str | None = None
    postal_code: str | None = None
    state_province: str | None = None
    country: str | None = None
    address_type: str = "postal"
    id: str | None = None


@dataclass(frozen=True, slots=True)
class Organisation:
    """The organisation behind one or more services."""

    id: str
    name: str
    description: str | None = None
    alternate_name: str | None = None
    email: str | None = None
    website: str | None = None
    assured_date: date | None = None
    voorbeeld: bool = False
    versie: int = 1


# The first address's fields, which a location carries itself.
ADRESVELDEN = tuple(f.name for f in fields(Address) if f.name != "id")
# What a confidential location keeps in public: a list of what may show, not of what may
# not, so a field added later stays hidden until someone decides it is safe.
_OPENBAAR = (
    "id", "name", "organization_id", "location_type", "description", "country",
    "address_type", "publieke_contactroute", "gemeente_code", "assured_date", "phones",
    "schedules", "versie",
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class Location:
    """A place where help is given.

    A confidential address (vrouwenopvang) is never shown or exported publicly: pages and
    public exports use ``publieke_contactroute`` and at most the gemeente centroid.
    ``locatie_benaderd`` marks coordinates that are a wijk/gemeente centroid, not the door.
    """

    id: str
    name: str | None = None
    organization_id: str | None = None
    location_type: str = "physical"
    description: str | None = None
    address_1: str | None = None
    postal_code: str | None = None
    city: str | None = None
    country: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    locatie_benaderd: bool = False
    adres_vertrouwelijk: bool = False
    publieke_contactroute: str | None = None
    gemeente_code: str | None = None
    wijk_code: str | None = None
    assured_date: date | None = None
    # HSDS fields of the (first) address and what a location has of its own (issue 10).
    address_id: str | None = None
    address_type: str = "physical"
    state_province: str | None = None
    other_addresses: tuple[Address, ...] = ()
    phones: tuple[Phone, ...] = ()
    schedules: tuple[Schedule, ...] = ()
    versie: int = 1

    @property
    def heeft_coordinaten(self) -> bool:
        """Usable for the map: both coordinates present and inside WGS84 range."""
        return (
            self.latitude is not None
            and self.longitude is not None
            and -90 <= self.latitude <= 90
            and -180 <= self.longitude <= 180
        )

    def openbaar(self) -> Location:
        """The location as the public may see it: a confidential address removed.

        An approximate point (gemeente centroid) stays, so the service is still on the map.
        """
        if not self.adres_vertrouwelijk:
            return self
        benaderd = self.locatie_benaderd
        return Location(
            **{veld: getattr(self, veld) for veld in _OPENBAAR},
            adres_vertrouwelijk=True,
            latitude=self.latitude if benaderd else None,
            longitude=self.longitude if benaderd else None,
            locatie_benaderd=benaderd,
        )


@dataclass(frozen=True, slots=True)
class ServiceAtLocation:
    """A service offered at a location; waiting times are measured per such pair."""

    id: str
    service_id: str
    location_id: str
    description: str | None = None

    @property
    def paar(self) -> tuple[str, str]:
        """(service, location): at most one record per pair."""
        return (self.service_id, self.location_id)


@dataclass(frozen=True, slots=True)
class WaitingTime:
    """One dated measurement of the waiting time; history is appended, never overwritten."""

    service_at_location_id: str
    weken: float
    peildatum: date
    gemeld_door: str | None = None
    id: int | None = None
    geregistreerd_op: datetime | None = None

    def leeftijd_dagen(self, vandaag: date) -> int:
        return (vandaag - self.peildatum).days

    def is_verouderd(self, vandaag: date, max_dagen: int = 60) -> bool:
        """Older than ``max_dagen``: show as outdated, not as the current wait."""
        return self.leeftijd_dagen(vandaag) > max_dagen


@dataclass(frozen=True, slots=True)
class Service:
    """A help offer: who it is for, how to get in, what it costs, where it sits in the chain."""

    id: str
    organization_id: str
    name: str
    description: str | None = None
    alternate_name: str | None = None
    url: str | None = None
    email: str | None = None
    status: Status = Status.ACTIEF
    toegang: Toegang | None = None
    application_process: str | None = None  # how to get in, in words
    kosten: Kosten | None = None
    fees_description: str | None = None
    cost_options: tuple[CostOption, ...] = ()
    leeftijd_min: float | None = None
    leeftijd_max: float | None = None
    doelgroep: str | None = None  # HSDS eligibility_description
    probleemgebieden: tuple[Probleemgebied, ...] = ()
    trede: Trede | None = None
    preventieniveau: Preventieniveau | None = None
    werkgebied: tuple[str, ...] = ()  # CBS codes GMxxxx / WKxxxxxx
    interventie: str | None = None
    interventie_erkenning: Erkenning | None = None
    phones: tuple[Phone, ...] = ()
    contacts: tuple[Contact, ...] = ()
    schedules: tuple[Schedule, ...] = ()
    languages: tuple[Language, ...] = ()
    assured_date: date | None = None
    voorbeeld: bool = False
    versie: int = 1

    @property
    def altijd_open(self) -> bool:
        return any(s.altijd_open for s in self.schedules)

    def is_open(self, moment: datetime) -> bool | None:
        """Open at ``moment``; None when the opening hours are unknown."""
        if not self.schedules:
            return None
        return any(s.is_open(moment) for s in self.schedules)

    def past_bij_leeftijd(self, jaren: float) -> bool:
        """Whether a child of ``jaren`` (decimal years) falls in the target ages."""
        from planner.kaart.regels import leeftijd_past  # the one age rule (search and plan)

        return leeftijd_past(self.leeftijd_min, self.leeftijd_max, jaren)


@dataclass(frozen=True)
class KaartData:
    """A whole sociale kaart (or one file's worth): what import produces and export reads."""

    organisations: tuple[Organisation, ...] = ()
    services: tuple[Service, ...] = ()
    locations: tuple[Location, ...] = ()
    service_at_locations: tuple[ServiceAtLocation, ...] = ()
    waiting_times: tuple[WaitingTime, ...] = ()

    def is_empty(self) -> bool:
        return not (self.organisations or self.services or self.locations)


@dataclass(frozen=True, slots=True)
class Vestiging:
    """A service at one location with its newest waiting time: one search hit on the map."""

    service_at_location: ServiceAtLocation
    location: Location
    laatste_wachttijd: WaitingTime | None = None


@dataclass(frozen=True, slots=True)
class DienstOverzicht:
    """A service with its organisation and locations, as the search pages need it."""

    service: Service
    organisation: Organisation
    vestigingen: tuple[Vestiging, ...] = field(default_factory=tuple)


def assign_ids(service: Service) -> Service:
    """Give nested objects without id a stable one (service id, kind and position).

    HSDS requires ids on phones, schedules, languages, …; deriving them means a file that
    has none imports to the same ids every time, so export → import compares equal.
    """

    def sub(kind: str, i: int, current: str | None) -> str:
        return current or str(uuid.uuid5(ID_NAMESPACE, f"{service.id}:{kind}:{i}"))

    return replace(
        service,
        phones=tuple(replace(p, id=sub("phone", i, p.id)) for i, p in enumerate(service.phones)),
        contacts=tuple(
            replace(
                c,
                id=sub("contact", i, c.id),
                phones=tuple(
                    replace(p, id=sub(f"contact{i}:phone", j, p.id)) for j, p in enumerate(c.phones)
                ),
            )
            for i, c in enumerate(service.contacts)
        ),
        schedules=tuple(
            replace(sc, id=sub("schedule", i, sc.id)) for i, sc in enumerate(service.schedules)
        ),
        languages=tuple(
            replace(lang, id=sub("language", i, lang.id))
            for i, lang in enumerate(service.languages)
        ),
        cost_options=tuple(
            replace(c, id=sub("cost", i, c.id)) for i, c in enumerate(service.cost_options)
        ),
    )


# --- validation -----------------------------------------------------------------------

# Field names in messages: the CSV column where one exists (``planner.kaart.velden``), so a
# gemeente finds the cell.
_SOORT_VAN_TABEL = {
    "kaart_organisaties": "organisation",
    "kaart_diensten": "service",
    "kaart_locaties": "location",
    "kaart_wachttijden": "waiting_time",
}


def _veldnaam(tabel: str, veld: str) -> str:
    from planner.kaart.velden import kolom_van

    return kolom_van(_SOORT_VAN_TABEL.get(tabel, tabel), veld)


def te_lang(obj: object, tabel: str, rij: int | None = None) -> list[Fout]:
    """Text longer than its store column (``planner.kaart.tables``) allows.

    SQLite would store it anyway, PostgreSQL refuses the whole import; the limits are read
    from the table definitions so they can never drift from the schema.
    """
    from planner.kaart.tables import max_lengtes

    fouten = []
    for kolom, lengte in max_lengtes(tabel).items():
        waarde = getattr(obj, kolom, None)
        if isinstance(waarde, str) and len(waarde) > lengte:
            veld = _veldnaam(tabel, kolom)
            fouten.append(
                Fout(
                    veld,
                    f"de tekst is {len(waarde)} tekens lang; hier passen er hoogstens {lengte}",
                    rij,
                )
            )
    return fouten


def stuurtekens(obj: object, tabel: str, rij: int | None = None) -> list[Fout]:
    """Text with a control character (NUL, …), anywhere in the record, nested ones too."""
    fouten: list[Fout] = []

    def walk(value: object, veld: str) -> None:
        if isinstance(value, str):
            if STUURTEKENS.search(value):
                naam = _veldnaam(tabel, veld)
                fouten.append(
                    Fout(naam, "de tekst bevat een onzichtbaar stuurteken (zoals NUL)", rij)
                )
        elif isinstance(value, tuple):
            for item in value:
                walk(item, veld)
        elif hasattr(value, "__dataclass_fields__") and not isinstance(value, type):
            for f in fields(value):  # type: ignore[arg-type]
                walk(getattr(value, f.name), veld)

    for f in fields(obj):  # type: ignore[arg-type]
        before = len(fouten)
        walk(getattr(obj, f.name), f.name)
        del fouten[before + 1 :]  # one message per field is enough
    return fouten


def _met_rij(obj: object, tabel: str, rij: int | None, eigen: Iterable[Fout]) -> list[Fout]:
    """The record's own findings at row ``rij``, then the checks every record gets."""
    fouten = [replace(f, rij=rij) for f in eigen]
    return fouten + te_lang(obj, tabel, rij) + stuurtekens(obj, tabel, rij)


def validate_organisation(org: Organisation, rij: int | None = None) -> list[Fout]:
    def eigen() -> Iterator[Fout]:
        if not org.name or not org.name.strip():
            yield Fout("organisatie", "de naam van de organisatie ontbreekt")
        if org.email and not _email_ok(org.email):
            yield Fout("organisatie_email", f"'{org.email}' is geen e-mailadres")

    return _met_rij(org, "kaart_organisaties", rij, eigen())


def validate_service(
    service: Service, rij: int | None = None, known_gemeenten: set[str] | None = None
) -> list[Fout]:
    """Dutch messages for everything that makes a service unusable or misleading."""

    def eigen() -> Iterator[Fout]:
        if not service.name or not service.name.strip():
            yield Fout("naam", "de naam van het aanbod ontbreekt")
        laag, hoog = service.leeftijd_min, service.leeftijd_max
        for veld, waarde in (("leeftijd_min", laag), ("leeftijd_max", hoog)):
            if waarde is not None and not 0 <= waarde <= 120:
                yield Fout(veld, f"leeftijd {waarde:g} ligt niet tussen 0 en 120 jaar")
        if laag is not None and hoog is not None and laag > hoog:
            yield Fout(
                "leeftijd_max",
                f"maximale leeftijd {hoog:g} is lager dan de minimale leeftijd {laag:g}",
            )
        if service.email and not _email_ok(service.email):
            yield Fout("email", f"'{service.email}' is geen e-mailadres")
        for code in service.werkgebied:
            if not (GEMEENTE_CODE.match(code) or WIJK_CODE.match(code)):
                yield Fout(
                    "werkgebied",
                    f"'{code}' is geen CBS-code (verwacht GM gevolgd door 4 cijfers, "
                    "of WK gevolgd door 6 cijfers)",
                )
            elif known_gemeenten is not None and gemeente_van(code) not in known_gemeenten:
                yield Fout("werkgebied", f"gemeentecode {gemeente_van(code)} bestaat niet")
        if service.interventie_erkenning is not None and not service.interventie:
            yield Fout("interventie", "er is een erkenning opgegeven maar geen interventie")

    return _met_rij(service, "kaart_diensten", rij, eigen())


def validate_location(
    loc: Location, rij: int | None = None, known_gemeenten: set[str] | None = None
) -> list[Fout]:
    def eigen() -> Iterator[Fout]:
        if (loc.latitude is None) != (loc.longitude is None):
            yield Fout("latitude", "geef zowel latitude als longitude, of geen van beide")
        elif loc.latitude is not None and not loc.heeft_coordinaten:
            yield Fout(
                "latitude",
                f"coördinaten {loc.latitude:g}, {loc.longitude:g} liggen buiten de wereld; "
                "de locatie komt niet op de kaart",
                ernst="waarschuwing",
            )
        code = loc.gemeente_code
        if code and not GEMEENTE_CODE.match(code):
            yield Fout("gemeente", f"'{code}' is geen CBS-gemeentecode (GMxxxx)")
        elif code and known_gemeenten is not None and code not in known_gemeenten:
            yield Fout("gemeente", f"gemeentecode {code} bestaat niet")
        if loc.wijk_code and not WIJK_CODE.match(loc.wijk_code):
            yield Fout("wijk", f"'{loc.wijk_code}' is geen CBS-wijkcode (WKxxxxxx)")
        if loc.adres_vertrouwelijk and not loc.publieke_contactroute:
            yield Fout(
                "publieke_contactroute",
                "een vertrouwelijk adres heeft een openbare contactroute nodig "
                "(bijvoorbeeld via Veilig Thuis 0800-2000)",
            )
        if loc.postal_code and not POSTCODE.match(loc.postal_code.strip()):
            yield Fout("postcode", f"'{loc.postal_code}' is geen postcode (bijvoorbeeld 3201 AB)")

    return _met_rij(loc, "kaart_locaties", rij, eigen())


def validate_waiting_time(wt: WaitingTime, rij: int | None = None) -> list[Fout]:
    def eigen() -> Iterator[Fout]:
        if wt.weken < 0 or wt.weken > 520:
            yield Fout("wachttijd_weken", f"wachttijd {wt.weken:g} weken ligt niet tussen 0 en 520")
        if wt.peildatum > date.today():
            yield Fout("wachttijd_peildatum", f"peildatum {wt.peildatum} ligt in de toekomst")

    return _met_rij(wt, "kaart_wachttijden", rij, eigen())


def _email_ok(text: str) -> bool:
    return re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", text.strip()) is not None
