"""Search the sociale kaart the way a professional asks: "where do I refer this family?".

Pure functions over ``DienstOverzicht`` objects (kaart-core's model): no store, no
Streamlit. A ``Zoekindex`` is built once from all services and then answers ``Zoekvraag``
objects quickly enough to search as you type, also over 100,000 services
(``bench/kaart_search.py``): the filters are columns (numpy arrays) and inverted lists
(word, area, language → positions), so a query touches arrays, not Python objects, and
the per-hit work (best vestiging, waiting time, ``Treffer``) is only done for the hits a
page actually shows (``Treffers`` is a lazy sequence). After an edit the index is updated
with just the changed services (``Zoekindex.bijgewerkt``), never rebuilt from the store.

Decisions that matter to users, tested in ``tests/kaart_ui/test_search.py`` and
``tests/kaart_ui/test_zoekwoorden.py``:

- A waiting time older than ``max_dagen`` (Settings.wachttijd_max_dagen, default 60) is
  *verouderd*: it is shown with its date but never counts as current, so it does not pass a
  "maximale wachttijd" filter and sorts after services with a current wait.
- Who a service serves and which ages fit is ``planner.kaart.regels`` (the same rule the
  preventieplan counts with): werkgebied, else its locations' gemeente/wijk, else everywhere.
- Confidential locations (vrouwenopvang) are searched through ``Location.openbaar()``:
  they never contribute coordinates, so they never show on the map or in a distance.
- Free text: every word (or known phrase) of the query must match something in the entry,
  allowing typos (rapidfuzz), Dutch endings (Snowball Dutch stemmer), compound words
  ('opvoedprobleem' → 'opvoed-'), and the thesaurus ``data/zoekthesaurus.json``: everyday
  words lead to problem areas ('geldzorgen' → schulden), synonyms ('cursus' ~ 'training')
  and intervention names in any spelling ('Triple-P'). Nothing found → ``bedoelt_u``.
"""

from __future__ import annotations

import bisect
import json
import math
import pickle
import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import cache, cached_property
from pathlib import Path
from typing import overload

import numpy as np
import snowballstemmer
from rapidfuzz import fuzz, process

from planner.gebieden import gemeente_van
from planner.kaart.model import (
    DienstOverzicht,
    Location,
    Preventieniveau,
    Probleemgebied,
    Schedule,
    Toegang,
    Trede,
    Vestiging,
    WaitingTime,
)
from planner.kaart.regels import bereik_van

SORTERINGEN = ("relevantie", "wachttijd", "afstand", "naam")
VOORBEELD_LABEL = "Voorbeeldgegevens"
VOORBEELDWAARDE = "voorbeeldwaarde, geen echte meting"
LANGE_WACHTTIJD_WEKEN = 6.0
FUZZY_DREMPEL = 80  # rapidfuzz ratio (0-100) for a word to count as a typo of another
AARDSTRAAL_KM = 6371.0088
THESAURUS = Path(__file__).resolve().parents[2] / "data" / "zoekthesaurus.json"

_STOPWOORDEN = frozenset(
    [
        "de",
        "het",
        "een",
        "en",
        "of",
        "van",
        "voor",
        "bij",
        "met",
        "in",
        "op",
        "naar",
        "te",
        "om",
        "aan",
        "als",
        "die",
        "dat",
        "er",
        "is",
        "zijn",
        "wordt",
        "door",
        "over",
        "uit",
        "tot",
        "ook",
        "niet",
        "wel",
    ]
)
_UITZONDERINGEN = {"kinderen": "kind", "kindje": "kind", "kindjes": "kind", "eieren": "ei"}
_WOORD = re.compile(r"[a-z0-9]+")
_KLINKERS = "aeiou"
_PG = "#pg:"  # pseudo-word in the index: the entry has this problem area
_IV = "#iv:"  # pseudo-word: the entry names this intervention (in any spelling)


# --- Dutch text normalisation ---------------------------------------------------------


def fold(text: str) -> str:
    """Lower case without diacritics: 'Geïndiceerd' and 'geindiceerd' are the same word."""
    norm = unicodedata.normalize("NFKD", text)
    return "".join(c for c in norm if not unicodedata.combining(c)).lower()


_SNOWBALL = snowballstemmer.stemmer("dutch_porter")


@cache
def stem(woord: str) -> str:
    """Dutch stem: Snowball's Dutch (Porter) stemmer after diminutives, doubled letters undone.

    Snowball handles plurals and verb endings ('problemen'/'probleem' → 'problem',
    'opvoeding'/'opvoeden' → 'opvoed'); diminutives ('gezinnetje') and 'kinderen' it
    leaves, so those go first. Query and entries go through the same function.
    """
    w = _UITZONDERINGEN.get(woord, woord)
    if w != woord:
        return w
    for suffix in ("etjes", "etje", "tjes", "tje", "jes", "je"):
        if w.endswith(suffix) and len(w) - len(suffix) >= 3:
            w = w[: -len(suffix)]
            break
    if w.endswith("'s") and len(w) > 4:
        w = w[:-2]
    w = _SNOWBALL.stemWord(w)
    if len(w) >= 4 and w[-1] == w[-2] and w[-1] not in _KLINKERS:
        w = w[:-1]  # gezinn → gezin
    return w


def _ruwe_woorden(text: str | None) -> list[str]:
    return _WOORD.findall(fold(text)) if text else []


def woorden(text: str | None) -> list[str]:
    """Normalised, stemmed words of ``text`` without Dutch stop words."""
    return [stem(w) for w in _ruwe_woorden(text) if w not in _STOPWOORDEN]


# --- the thesaurus (data/zoekthesaurus.json) -------------------------------------------


@dataclass(frozen=True)
class Thesaurus:
    """Everyday words → problem areas, synonyms, intervention spellings (stemmed)."""

    themas: dict[tuple[str, ...], frozenset[Probleemgebied]] = field(default_factory=dict)
    synoniemen: dict[str, frozenset[str]] = field(default_factory=dict)
    interventies: dict[tuple[str, ...], str] = field(default_factory=dict)  # spelling → key
    algemeen: frozenset[str] = frozenset()
    termen: tuple[str, ...] = ()  # everything a user may type, for "Bedoelt u …?"

    @property
    def langste_frase(self) -> int:
        return max((len(k) for k in (*self.themas, *self.interventies)), default=1)


def _sleutel(tekst: str) -> tuple[str, ...]:
    return tuple(stem(w) for w in _ruwe_woorden(tekst))


def laad_thesaurus(path: Path = THESAURUS) -> Thesaurus:
    """Read and check the thesaurus; a mistake is a Dutch ValueError naming file and entry."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ValueError(f"{path.name}: kan het bestand niet lezen ({exc})") from exc
    themas: dict[tuple[str, ...], set[Probleemgebied]] = {}
    termen: list[str] = []
    for i, thema in enumerate(data.get("themas", []), start=1):
        gebieden = set()
        for code in thema.get("probleemgebieden", []):
            pg = Probleemgebied.parse(code)
            if pg is None:
                raise ValueError(
                    f"{path.name}, thema {i}: '{code}' is geen probleemgebied "
                    f"(kies uit {Probleemgebied.choices()})"
                )
            gebieden.add(pg)
        for woord in thema.get("woorden", []):
            if _sleutel(woord):
                themas.setdefault(_sleutel(woord), set()).update(gebieden)
                termen.append(woord)
    synoniemen: dict[str, set[str]] = {}
    for i, groep in enumerate(data.get("synoniemen", []), start=1):
        stammen = {stem(w) for g in groep for w in _ruwe_woorden(g)}
        if any(len(_ruwe_woorden(g)) != 1 for g in groep):
            raise ValueError(f"{path.name}, synoniemen {i}: gebruik losse woorden")
        for s in stammen:
            synoniemen.setdefault(s, set()).update(stammen - {s})
        termen.extend(groep)
    interventies: dict[tuple[str, ...], str] = {}
    for i, iv in enumerate(data.get("interventies", []), start=1):
        naam = str(iv.get("naam") or "").strip()
        if not naam:
            raise ValueError(f"{path.name}, interventie {i}: de naam ontbreekt")
        key = " ".join(_ruwe_woorden(naam))
        for spelling in [naam, *iv.get("schrijfwijzen", [])]:
            if _sleutel(spelling):
                interventies[_sleutel(spelling)] = key
        termen.append(naam)
    return Thesaurus(
        themas={k: frozenset(v) for k, v in themas.items()},
        synoniemen={k: frozenset(v) for k, v in synoniemen.items()},
        interventies=interventies,
        algemeen=frozenset(stem(w) for w in data.get("algemene_woorden", [])),
        termen=tuple(dict.fromkeys(termen)),
    )


@cache
def standaard_thesaurus() -> Thesaurus:
    return laad_thesaurus(THESAURUS)


# --- distances ------------------------------------------------------------------------


def _haversine_np(lat: float, lon: float, lats: np.ndarray, lons: np.ndarray) -> np.ndarray:
    p1, p2 = math.radians(lat), np.radians(lats)
    dp = p2 - p1
    dl = np.radians(lons - lon)
    a = np.sin(dp / 2) ** 2 + math.cos(p1) * np.cos(p2) * np.sin(dl / 2) ** 2
    return 2 * AARDSTRAAL_KM * np.arcsin(np.minimum(1.0, np.sqrt(a)))


# --- waiting times --------------------------------------------------------------------


@dataclass(frozen=True)
class Wachttijd:
    """The newest waiting time of a vestiging, judged against today: current or outdated."""

    weken: float
    peildatum: date
    verouderd: bool
    gemeld_door: str | None = None
    voorbeeld: bool = False  # from the sample kaart: an example value, not a measurement

    @property
    def actueel(self) -> bool:
        return not self.verouderd

    def tekst(self) -> str:
        """Dutch text with the date, so nobody mistakes an old figure for today's."""
        weken = f"{self.weken:g} {'week' if self.weken == 1 else 'weken'}"
        datum = self.peildatum.strftime("%d-%m-%Y")
        if self.verouderd:
            tekst = f"verouderd: {weken} op {datum} (vraag de actuele wachttijd na)"
        else:
            tekst = f"{weken} (peildatum {datum})"
        return f"{tekst} – {VOORBEELDWAARDE}" if self.voorbeeld else tekst


def wachttijd_van(
    wt: WaitingTime | None, vandaag: date, max_dagen: int, voorbeeld: bool = False
) -> Wachttijd | None:
    if wt is None:
        return None
    return Wachttijd(
        weken=wt.weken,
        peildatum=wt.peildatum,
        verouderd=wt.is_verouderd(vandaag, max_dagen),
        gemeld_door=wt.gemeld_door,
        voorbeeld=voorbeeld,
    )


# --- the query ------------------------------------------------------------------------


@dataclass(frozen=True)
class Zoekvraag:
    """Everything the search page can ask; empty fields do not filter."""

    tekst: str = ""
    gemeente: str | None = None  # CBS code GMxxxx
    wijk: str | None = None  # CBS code WKxxxxxx
    punt: tuple[float, float] | None = None  # (lat, lon) chosen on the map
    straal_km: float | None = None
    leeftijd: float | None = None  # age of the child in decimal years
    probleemgebieden: tuple[Probleemgebied, ...] = ()  # any of them
    treden: tuple[Trede, ...] = ()
    preventieniveaus: tuple[Preventieniveau, ...] = ()
    toegang: tuple[Toegang, ...] = ()
    alleen_gratis: bool = False
    taal: str | None = None  # ISO code ('ar') or name ('Arabisch')
    open_op: datetime | None = None  # "nu open": the page passes the local time
    alleen_24_7: bool = False
    max_wachttijd_weken: float | None = None
    sorteer: str = "relevantie"

    def __post_init__(self) -> None:
        if self.sorteer not in SORTERINGEN:
            raise ValueError(f"onbekende sortering: {self.sorteer}")
        if self.straal_km is not None and self.straal_km <= 0:
            raise ValueError("de straal moet groter zijn dan 0 km")


@dataclass(frozen=True)
class Treffer:
    """One service in the results, with the vestiging that answers the query best."""

    dienst: DienstOverzicht
    vestiging: Vestiging | None
    afstand_km: float | None
    wachttijd: Wachttijd | None
    score: float = 1.0
    sorteernaam: str = field(default="", compare=False, repr=False)

    @property
    def id(self) -> str:
        return self.dienst.service.id

    @property
    def naam(self) -> str:
        return self.dienst.service.name

    @property
    def locatie(self) -> Location | None:
        """The public view of the location: a confidential address is never exposed."""
        return self.vestiging.location.openbaar() if self.vestiging else None

    @property
    def voorbeeld(self) -> bool:
        """From the sample kaart: to be labelled wherever it is shown."""
        return is_voorbeeld(self.dienst)


def is_voorbeeld(d: DienstOverzicht) -> bool:
    return d.service.voorbeeld or d.organisation.voorbeeld


# --- the index ------------------------------------------------------------------------

_PROBLEEM_BIT = {p: 1 << i for i, p in enumerate(Probleemgebied)}
_TREDE = {t: i for i, t in enumerate(Trede)}
_NIVEAU = {n: i for i, n in enumerate(Preventieniveau)}
_TOEGANG = {t: i for i, t in enumerate(Toegang)}


def _cat(a: np.ndarray, b: Sequence | np.ndarray, dtype) -> np.ndarray:
    return np.concatenate([a, np.asarray(b, dtype=dtype)])


@dataclass(frozen=True)
class _Kolommen:
    """Per-entry and per-vestiging columns of a batch of services (index build/update)."""

    num: dict[str, list]  # entry columns
    rij: dict[str, list]  # vestiging columns
    lijsten: dict[str, dict[str, list[int]]]  # per _LIJSTEN: key → positions
    taalnamen: dict[str, str]  # folded language code → its name, as first written
    oppervlak: dict[str, str]  # stem → a word as written (for "Bedoelt u …?")
    schemas: list  # schedule tuples, positions in ``num['schema']``


# Inverted lists, each becoming ``Zoekindex.<naam>_posities``: word, area code (exact),
# gemeente served, language (code or name) and folded language code (the filter's options).
_LIJSTEN = ("woord", "gebied", "gemeente", "taal", "taalcode")
_ENTRY_KOLOMMEN = {
    "probleem": np.int32,
    "trede": np.int8,
    "niveau": np.int8,
    "toegang": np.int8,
    "gratis": np.bool_,
    "lo": np.float64,
    "hi": np.float64,
    "altijd": np.bool_,
    "landelijk": np.bool_,
    "voorbeeld": np.bool_,
    "schema": np.int32,
    "v_start": np.int64,
    "v_aantal": np.int32,
    "heeft_punt": np.bool_,
}
_RIJ_KOLOMMEN = {
    "entry": np.int64,
    "gm": np.int32,
    "wk": np.int32,
    "weken": np.float64,
    "peil": np.int64,  # date ordinal; -1: no waiting time
    "lat": np.float64,  # NaN: no public coordinates
    "lon": np.float64,
}


def _kolommen(
    diensten: Sequence[DienstOverzicht],
    start: int,
    v_start: int,
    codes: dict[str, int],
    schema_ids: dict[tuple, int],
    thesaurus: Thesaurus,
) -> _Kolommen:
    num: dict[str, list] = {k: [] for k in _ENTRY_KOLOMMEN}
    rij: dict[str, list] = {k: [] for k in _RIJ_KOLOMMEN}
    lijsten: dict[str, dict[str, list[int]]] = {n: {} for n in _LIJSTEN}
    woorden_, gebieden, gemeenten, talen, taalcodes = lijsten.values()
    taalnamen: dict[str, str] = {}
    oppervlak: dict[str, str] = {}
    schemas: list = []
    eerste = {k[0] for k in thesaurus.interventies}
    from planner.kaart.velden import TAALNAMEN

    def code_id(code: str | None) -> int:
        if not code:
            return -1
        return codes.setdefault(code, len(codes))

    for i, d in enumerate(diensten):
        pos = start + i
        s = d.service
        tekst = " ".join(
            x
            for x in (
                s.name,
                s.alternate_name,
                s.description,
                s.doelgroep,
                s.interventie,
                s.application_process,
                d.organisation.name,
                d.organisation.alternate_name,
                " ".join(p.label + " " + p.value for p in s.probleemgebieden),
                s.toegang.label if s.toegang else None,
                s.preventieniveau.label if s.preventieniveau else None,
            )
            if x
        )
        ruw = _ruwe_woorden(tekst)
        stammen = {_PG + p.value for p in s.probleemgebieden}
        for w in ruw:
            if w in _STOPWOORDEN:
                continue
            st = stem(w)
            stammen.add(st)
            if st not in oppervlak or len(w) < len(oppervlak[st]):
                oppervlak[st] = w
        ruwe_stammen = [stem(w) for w in ruw]
        for j, st in enumerate(ruwe_stammen):  # intervention names, any spelling
            if st in eerste:
                for k in range(1, thesaurus.langste_frase + 1):
                    key = thesaurus.interventies.get(tuple(ruwe_stammen[j : j + k]))
                    if key:
                        stammen.add(_IV + key)
        for st in stammen:
            woorden_.setdefault(st, []).append(pos)
        bereik = bereik_van(s, (v.location for v in d.vestigingen))
        for code in bereik.codes:
            gebieden.setdefault(code, []).append(pos)
        for gm in bereik.gemeenten:
            gemeenten.setdefault(gm, []).append(pos)
        for lang in s.languages:
            for naam in {fold(lang.code).strip() if lang.code else "", fold(lang.name or "")}:
                if naam:
                    talen.setdefault(naam, []).append(pos)
            if lang.code:
                code = fold(lang.code)
                taalcodes.setdefault(code, []).append(pos)
                if code not in taalnamen and (naam := lang.name or TAALNAMEN.get(code)):
                    taalnamen[code] = naam
        # Only what "open now" reads: a handful of distinct weeks, not one per service.
        schema = tuple((x.byday, x.opens_at, x.closes_at, x.altijd_open) for x in s.schedules)
        if schema not in schema_ids:
            schema_ids[schema] = len(schema_ids)
            schemas.append(tuple(Schedule(*w) for w in schema))
        num["probleem"].append(sum(_PROBLEEM_BIT[p] for p in set(s.probleemgebieden)))
        num["trede"].append(_TREDE[s.trede] if s.trede else -1)
        num["niveau"].append(_NIVEAU[s.preventieniveau] if s.preventieniveau else -1)
        num["toegang"].append(_TOEGANG[s.toegang] if s.toegang else -1)
        num["gratis"].append(s.kosten is not None and s.kosten.value == "gratis")
        num["lo"].append(-math.inf if s.leeftijd_min is None else s.leeftijd_min)
        num["hi"].append(math.inf if s.leeftijd_max is None else s.leeftijd_max)
        num["altijd"].append(s.altijd_open)
        num["landelijk"].append(bereik.landelijk)
        num["voorbeeld"].append(is_voorbeeld(d))
        num["schema"].append(schema_ids[schema])
        num["v_start"].append(v_start + len(rij["entry"]))
        num["v_aantal"].append(len(d.vestigingen))
        heeft_punt = False
        for v in d.vestigingen:
            loc = v.location
            publiek = loc.openbaar()
            wt = v.laatste_wachttijd
            rij["entry"].append(pos)
            gm = loc.gemeente_code or (gemeente_van(loc.wijk_code) if loc.wijk_code else None)
            rij["gm"].append(code_id(gm))
            rij["wk"].append(code_id(loc.wijk_code))
            rij["weken"].append(wt.weken if wt else 0.0)
            rij["peil"].append(wt.peildatum.toordinal() if wt else -1)
            if publiek.heeft_coordinaten:
                heeft_punt = True
                rij["lat"].append(float(publiek.latitude))  # type: ignore[arg-type]
                rij["lon"].append(float(publiek.longitude))  # type: ignore[arg-type]
            else:
                rij["lat"].append(math.nan)
                rij["lon"].append(math.nan)
        num["heeft_punt"].append(heeft_punt)
    return _Kolommen(num, rij, lijsten, taalnamen, oppervlak, schemas)


def _samen(oud: Mapping[str, np.ndarray], nieuw: Mapping[str, list[int]]) -> dict[str, np.ndarray]:
    uit = dict(oud)
    for k, pos in nieuw.items():
        extra = np.asarray(pos, dtype=np.int64)
        uit[k] = np.concatenate([uit[k], extra]) if k in uit else extra
    return uit


DEEL = 2_000  # services per step when building: each step is pickled and let go


class _Records(Sequence[DienstOverzicht]):
    """The services of an index, each kept as its pickle; unpickled when a hit is shown.

    Filters and ranking read only the index's columns, so a whole record is needed only
    for the few hits a page shows. As objects, 100,000 services take ~500 MB; pickled
    ~150 MB. The last records shown stay decoded (a small cache shared by all sessions).
    """

    __slots__ = ("_blobs", "_cache")
    MAX_DECODED = 4_096

    def __init__(self, blobs: Iterable[bytes] = (), cache: dict | None = None) -> None:
        self._blobs: list[bytes] = list(blobs)
        self._cache: dict[int, DienstOverzicht] = dict(cache or {})

    def voeg_toe(self, diensten: Iterable[DienstOverzicht]) -> None:
        self._blobs += [pickle.dumps(d, protocol=pickle.HIGHEST_PROTOCOL) for d in diensten]

    def plus(self, diensten: Iterable[DienstOverzicht]) -> _Records:
        """A copy with these services after the others (the decoded cache stays valid)."""
        uit = _Records(self._blobs, self._cache)
        uit.voeg_toe(diensten)
        return uit

    def __len__(self) -> int:
        return len(self._blobs)

    @overload
    def __getitem__(self, i: int) -> DienstOverzicht: ...
    @overload
    def __getitem__(self, i: slice) -> list[DienstOverzicht]: ...
    def __getitem__(self, i):
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self)))]
        if i < 0:
            i += len(self._blobs)
        d = self._cache.get(i)
        if d is None:
            d = pickle.loads(self._blobs[i])  # our own bytes, made in this process
            if len(self._cache) >= self.MAX_DECODED:
                self._cache.clear()
            self._cache[i] = d
        return d


def _in_delen(diensten: Iterable[DienstOverzicht]) -> Iterator[list[DienstOverzicht]]:
    """Steps of ``DEEL`` services (from an iterator, each step's records can then go)."""
    deel: list[DienstOverzicht] = []
    for d in diensten:
        deel.append(d)
        if len(deel) == DEEL:
            yield deel
            deel = []
    if deel:
        yield deel


def _plak(doel: _Kolommen | None, deel: _Kolommen) -> _Kolommen:
    """``deel`` (the next positions) after ``doel``: as if both were made in one pass."""
    if doel is None:
        return deel
    for a, b in ((doel.num, deel.num), (doel.rij, deel.rij)):
        for c, waarden in b.items():
            a[c] += waarden
    for n in _LIJSTEN:
        for c, pos in deel.lijsten[n].items():
            doel.lijsten[n].setdefault(c, []).extend(pos)
    for code, naam in deel.taalnamen.items():
        doel.taalnamen.setdefault(code, naam)
    for st, w in deel.oppervlak.items():
        if st not in doel.oppervlak or len(w) < len(doel.oppervlak[st]):
            doel.oppervlak[st] = w
    doel.schemas.extend(deel.schemas)
    return doel


@dataclass(frozen=True, eq=False)
class Zoekindex:
    """Services prepared for repeated searches: columns, inverted lists, coordinates.

    Immutable and shared by every session of a process; ``bijgewerkt`` returns a new index
    with changed services replaced (the old positions are marked dead, the new ones
    appended) and compacts itself when a quarter of the positions are dead.
    """

    diensten: _Records  # per position (dead ones too); unpickled only when shown
    dienst_ids: list[str]  # service id per position
    levend: np.ndarray
    kol: dict[str, np.ndarray]
    rij: dict[str, np.ndarray]
    woord_posities: dict[str, np.ndarray]
    gebied_posities: dict[str, np.ndarray]
    gemeente_posities: dict[str, np.ndarray]
    taal_posities: dict[str, np.ndarray]
    taalcode_posities: dict[str, np.ndarray]
    taalnamen: dict[str, str]
    codes: dict[str, int]
    schema_ids: dict[tuple, int]
    schemas: list
    naam_rang: np.ndarray  # int: place of the folded name among the living entries (-1 dead)
    namen_gesorteerd: list[str]  # sorted folded names of living entries …
    pos_gesorteerd: list[int]  # … and their positions (to insert and remove on update)
    positie: dict[str, int]  # service id → living position
    oppervlak: dict[str, str]
    thesaurus: Thesaurus
    _cache: dict = field(default_factory=dict, repr=False)  # word scores
    _rijen: dict = field(default_factory=dict, repr=False)  # default vestiging per 'today'

    # -- building ---------------------------------------------------------------------

    @classmethod
    def bouw(
        cls, diensten: Iterable[DienstOverzicht], thesaurus: Thesaurus | None = None
    ) -> Zoekindex:
        """Index these services, ``DEEL`` at a time: pass an iterator that lets each record
        go (``planner.kaart.zoekcache``), and the whole kaart is never in memory as objects."""
        th = thesaurus or standaard_thesaurus()
        codes: dict[str, int] = {}
        schema_ids: dict[tuple, int] = {}
        records = _Records()
        ids: list[str] = []
        namen: list[str] = []
        k: _Kolommen | None = None
        v_start = 0
        for deel in _in_delen(diensten):
            stap = _kolommen(deel, len(ids), v_start, codes, schema_ids, th)
            v_start += len(stap.rij["entry"])
            k = _plak(k, stap)
            ids += [d.service.id for d in deel]
            namen += [fold(d.service.name) for d in deel]
            records.voeg_toe(deel)
        if k is None:
            k = _kolommen([], 0, 0, codes, schema_ids, th)
        volgorde = sorted(range(len(ids)), key=namen.__getitem__)
        rang = np.empty(len(ids), dtype=np.int64)
        rang[volgorde] = np.arange(len(ids), dtype=np.int64)

        def arr(pos: list[int]) -> np.ndarray:
            return np.asarray(pos, dtype=np.int64)

        return cls(
            diensten=records,
            dienst_ids=ids,
            levend=np.ones(len(ids), dtype=np.bool_),
            kol={c: np.asarray(k.num[c], dtype=t) for c, t in _ENTRY_KOLOMMEN.items()},
            rij={c: np.asarray(k.rij[c], dtype=t) for c, t in _RIJ_KOLOMMEN.items()},
            **{f"{n}_posities": {w: arr(p) for w, p in k.lijsten[n].items()} for n in _LIJSTEN},
            taalnamen=k.taalnamen,
            codes=codes,
            schema_ids=schema_ids,
            schemas=k.schemas,
            naam_rang=rang,
            namen_gesorteerd=[namen[i] for i in volgorde],
            pos_gesorteerd=volgorde,
            positie={sid: i for i, sid in enumerate(ids)},
            oppervlak=k.oppervlak,
            thesaurus=th,
        )

    def bijgewerkt(
        self, gewijzigd: Iterable[DienstOverzicht], verwijderd: Iterable[str] = ()
    ) -> Zoekindex:
        """A new index with these services added or replaced and these ids removed.

        Work is proportional to the change (plus copying the columns), not to the kaart.
        """
        nieuw = list(gewijzigd)
        weg = {d.service.id for d in nieuw} | set(verwijderd)
        levend = self.levend.copy()
        positie = dict(self.positie)
        namen = list(self.namen_gesorteerd)
        posities = list(self.pos_gesorteerd)
        for sid in weg:
            pos = positie.pop(sid, None)
            if pos is None:
                continue
            levend[pos] = False
            naam = self.namen_gesorteerd[int(self.naam_rang[pos])]
            i = bisect.bisect_left(namen, naam)
            while i < len(namen) and posities[i] != pos:
                i += 1
            if i < len(namen):
                del namen[i], posities[i]
        if int((~levend).sum()) > 0.25 * len(levend):  # compact: build from memory
            return Zoekindex.bouw(
                [self.diensten[p] for p in sorted(positie.values())] + nieuw, self.thesaurus
            )
        codes = dict(self.codes)
        schema_ids = dict(self.schema_ids)
        start = len(self.diensten)
        k = _kolommen(nieuw, start, len(self.rij["entry"]), codes, schema_ids, self.thesaurus)
        for j, d in enumerate(nieuw):
            naam = fold(d.service.name)
            i = bisect.bisect_right(namen, naam)
            namen.insert(i, naam)
            posities.insert(i, start + j)
            positie[d.service.id] = start + j
        rang = np.full(start + len(nieuw), -1, dtype=np.int64)
        rang[np.asarray(posities, dtype=np.int64)] = np.arange(len(posities), dtype=np.int64)
        oppervlak = {**k.oppervlak, **self.oppervlak}
        uit = Zoekindex(
            diensten=self.diensten.plus(nieuw),
            dienst_ids=self.dienst_ids + [d.service.id for d in nieuw],
            levend=np.concatenate([levend, np.ones(len(nieuw), dtype=np.bool_)]),
            kol={c: _cat(self.kol[c], k.num[c], t) for c, t in _ENTRY_KOLOMMEN.items()},
            rij={c: _cat(self.rij[c], k.rij[c], t) for c, t in _RIJ_KOLOMMEN.items()},
            **{
                f"{n}_posities": _samen(getattr(self, f"{n}_posities"), k.lijsten[n])
                for n in _LIJSTEN
            },
            taalnamen={**k.taalnamen, **self.taalnamen},
            codes=codes,
            schema_ids=schema_ids,
            schemas=self.schemas + k.schemas,
            naam_rang=rang,
            namen_gesorteerd=namen,
            pos_gesorteerd=posities,
            positie=positie,
            oppervlak=oppervlak,
            thesaurus=self.thesaurus,
        )
        # Carry what the old index already worked out, so the first query after an edit
        # does not redo it for the whole kaart.
        nieuwe_pos = np.arange(start, start + len(nieuw))
        for grens, (beste, afstand) in self._rijen.items():
            b, a = _beste_rijen(uit, nieuwe_pos, None, None, None, None, grens)
            uit._rijen[grens] = (np.concatenate([beste, b]), np.concatenate([afstand, a]))
        if "vocabulaire" in self.__dict__:
            extra = [
                w for w in k.lijsten["woord"] if not w.startswith("#") and w not in self._vocab_set
            ]
            uit.__dict__["vocabulaire"] = sorted(self.vocabulaire + extra)
        return uit

    def warm(self, vandaag: date, max_dagen: int = 60) -> Zoekindex:
        """Work out today's default vestigingen and the vocabulary now, not in a query."""
        self._rijen_default(_grens(vandaag, max_dagen))
        _ = self._vocab_set
        return self

    # -- views ------------------------------------------------------------------------

    def __len__(self) -> int:
        return len(self.positie)

    @property
    def heeft_voorbeelden(self) -> bool:
        """Some living entry is sample data (the page then shows a banner)."""
        return bool((self.kol["voorbeeld"] & self.levend).any())

    @cached_property
    def vocabulaire(self) -> list[str]:
        """Sorted indexed words (not the pseudo-words for problem areas/interventions)."""
        return sorted(w for w in self.woord_posities if not w.startswith("#"))

    @cached_property
    def _vocab_set(self) -> frozenset[str]:
        return frozenset(self.vocabulaire)

    def _rijen_default(self, grens: int) -> tuple[np.ndarray, np.ndarray]:
        """Best vestiging row per entry without area or point (cached per 'today')."""
        if grens not in self._rijen:
            if len(self._rijen) > 3:
                self._rijen.clear()
            self._rijen[grens] = _beste_rijen(
                self, np.arange(len(self.diensten)), None, None, None, None, grens
            )
        return self._rijen[grens]


# --- text matching --------------------------------------------------------------------


@dataclass(frozen=True)
class _Eenheid:
    """One thing the query asks for: a word or a phrase, with ways it can be met.

    Each alternative is (weight, parts); an entry meets the alternative when every part
    matches, and the unit when any alternative does.
    """

    tekst: str
    alternatieven: tuple[tuple[float, tuple[str, ...]], ...]


def _eenheden(tekst: str, index: Zoekindex) -> list[_Eenheid]:
    """Split the query into phrases known to the thesaurus and single words."""
    th = index.thesaurus
    ruw = _ruwe_woorden(tekst)
    stammen = [stem(w) for w in ruw]
    uit: list[_Eenheid] = []
    i = 0
    while i < len(ruw):
        k = next(
            (
                k
                for k in range(min(th.langste_frase, len(ruw) - i), 0, -1)
                if tuple(stammen[i : i + k]) in th.interventies
                or tuple(stammen[i : i + k]) in th.themas
            ),
            0,
        )
        if k and (k > 1 or ruw[i] not in _STOPWOORDEN):
            key = tuple(stammen[i : i + k])
            alts: list[tuple[float, tuple[str, ...]]] = []
            letterlijk = tuple(
                st for st, w in zip(key, ruw[i : i + k], strict=True) if w not in _STOPWOORDEN
            )
            if letterlijk:
                alts.append((1.0, letterlijk))
            if key in th.interventies:
                alts.append((1.0, (_IV + th.interventies[key],)))
            alts += [(0.75, (_PG + p.value,)) for p in th.themas.get(key, ())]
            if k == 1:
                alts += _woord_alternatieven(index, stammen[i], ruw[i])
            uit.append(_Eenheid(" ".join(ruw[i : i + k]), tuple(alts)))
            i += k
            continue
        if ruw[i] not in _STOPWOORDEN:
            alts = [(1.0, (stammen[i],)), *_woord_alternatieven(index, stammen[i], ruw[i])]
            uit.append(_Eenheid(ruw[i], tuple(alts)))
        i += 1
    return uit


def _heeft_prefix(index: Zoekindex, begin: str) -> bool:
    vocab = index.vocabulaire
    i = bisect.bisect_left(vocab, begin)
    return i < len(vocab) and vocab[i].startswith(begin)


def _woord_alternatieven(
    index: Zoekindex, st: str, ruw: str
) -> list[tuple[float, tuple[str, ...]]]:
    """Synonyms, and for an unknown compound its parts ('opvoedprobleem' = 'opvoed' + …).

    A compound is split once, at the longest modifier (at least 4 letters) that starts a
    word on the kaart, with a head (at least 3 letters) that is a word on the kaart or a
    general word of the thesaurus ('probleem', 'hulp'); then the modifier alone is enough.
    """
    th = index.thesaurus
    alts: list[tuple[float, tuple[str, ...]]] = [(0.9, (s,)) for s in th.synoniemen.get(st, ())]
    if st in index._vocab_set or len(ruw) < 7:
        return alts
    for i in range(len(ruw) - 3, 3, -1):
        links, rechts = ruw[:i], ruw[i:]
        kop = stem(rechts)
        algemeen = kop in th.algemeen
        if not algemeen and kop not in index._vocab_set:
            continue
        for mod in dict.fromkeys((links, links[:-1] if links[-1] in "se" else links)):
            if len(mod) < 4 or not _heeft_prefix(index, mod):
                continue
            if algemeen:
                alts.append((0.8, ("=" + mod,)))
                alts += [(0.75, (_PG + p.value,)) for p in th.themas.get((stem(mod),), ())]
            else:
                alts.append((0.85, ("=" + mod, kop)))
            return alts
    return alts


def _woord_scores(index: Zoekindex, vraagwoord: str) -> dict[str, float]:
    """Which indexed words count as this query word, and how well (0-1); cached."""
    key = ("woord", vraagwoord)
    if key in index._cache:
        return index._cache[key]
    if vraagwoord.startswith("#"):
        scores = {vraagwoord: 1.0} if vraagwoord in index.woord_posities else {}
        index._cache[key] = scores
        return scores
    vocab = index.vocabulaire
    exact = vraagwoord.startswith("=")  # part of a compound: its start, no typos
    vraagwoord = vraagwoord.lstrip("=")
    scores: dict[str, float] = {}
    if vraagwoord in index._vocab_set:
        scores[vraagwoord] = 1.0
    if len(vraagwoord) >= 3:
        i = bisect.bisect_left(vocab, vraagwoord)
        while i < len(vocab) and vocab[i].startswith(vraagwoord):
            if vocab[i] != vraagwoord:
                scores[vocab[i]] = max(scores.get(vocab[i], 0), 0.9)
            i += 1
    if len(vraagwoord) >= 5 and not exact:
        for w in vocab:
            if vraagwoord in w and w not in scores:
                scores[w] = 0.85  # part of a compound word
    if len(vraagwoord) >= 4 and not exact:
        for w, score, _ in process.extract(
            vraagwoord, vocab, scorer=fuzz.ratio, score_cutoff=FUZZY_DREMPEL, limit=None
        ):
            if abs(len(w) - len(vraagwoord)) <= 1:  # a typo, not another word ('jong')
                scores[w] = max(scores.get(w, 0), score / 100 * 0.95)
    if len(index._cache) > 4096:
        index._cache.clear()
    index._cache[key] = scores
    return scores


def _deel_score(index: Zoekindex, deel: str) -> np.ndarray:
    uit = np.zeros(len(index.diensten), dtype=np.float32)
    for w, sc in _woord_scores(index, deel).items():
        pos = index.woord_posities[w]
        uit[pos] = np.maximum(uit[pos], sc)
    return uit


def _eenheid_score(index: Zoekindex, e: _Eenheid) -> np.ndarray:
    beste = np.zeros(len(index.diensten), dtype=np.float32)
    for gewicht, delen in e.alternatieven:
        scores = [_deel_score(index, d) for d in delen]
        s = np.minimum.reduce(scores) if len(scores) > 1 else scores[0]
        if len(scores) > 1:
            s = np.where(s > 0, np.mean(scores, axis=0), 0)
        np.maximum(beste, s * gewicht, out=beste)
    return beste


def _vindt_iets(index: Zoekindex, tekst: str) -> bool:
    eenheden = _eenheden(tekst, index)
    return bool(eenheden) and all(
        (_eenheid_score(index, e)[index.levend] > 0).any() for e in eenheden
    )


def _voorstellen(index: Zoekindex, woord: str, limiet: int) -> list[str]:
    """Words on the kaart or in the thesaurus close to ``woord`` that find something."""
    kandidaten = sorted(set(index.oppervlak.values()) | set(index.thesaurus.termen))
    gescoord: dict[str, float] = {}
    for kandidaat, score, _ in process.extract(
        woord, kandidaten, scorer=fuzz.ratio, score_cutoff=60, limit=limiet * 4
    ):
        gescoord[kandidaat] = score
    for lengte in range(len(woord) - 1, 4, -1):  # 'peuterspeelzaal' → 'peuteropvang'
        begin = woord[:lengte]
        for kandidaat in kandidaten:
            if kandidaat.startswith(begin) and kandidaat != woord:
                gescoord.setdefault(kandidaat, 50 + lengte)
        if len(gescoord) >= limiet * 2:
            break
    volgorde = sorted(gescoord, key=lambda k: (-gescoord[k], k))
    return [k for k in volgorde if k != woord and _vindt_iets(index, k)][:limiet]


def bedoelt_u(index: Zoekindex, tekst: str, limiet: int = 3) -> list[str]:
    """Other ways to write ``tekst`` when a word in it matches nothing on the kaart.

    Each suggestion is the query with every unknown word replaced by a close word on the
    kaart or in the thesaurus (or left out when there is none), and finds something;
    empty when every word matches something (then the filters are too narrow).
    """
    eenheden = _eenheden(tekst, index)
    vindbaar = [(_eenheid_score(index, e)[index.levend] > 0).any() for e in eenheden]
    if not eenheden or all(vindbaar):
        return []
    opties = [
        [e.tekst] if ok else _voorstellen(index, e.tekst, limiet)
        for e, ok in zip(eenheden, vindbaar, strict=True)
    ]
    uit: list[str] = []
    for i in range(limiet):
        delen = [o[min(i, len(o) - 1)] for o in opties if o]
        vraag = " ".join(delen)
        if vraag and vraag not in uit and _vindt_iets(index, vraag):
            uit.append(vraag)
    return uit


# --- choosing the vestiging to show ------------------------------------------------------


def _rijen_van(index: Zoekindex, posities: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(row numbers, group number per row) of the vestigingen of these entries."""
    aantal = index.kol["v_aantal"][posities]
    totaal = int(aantal.sum())
    groep = np.repeat(np.arange(len(posities)), aantal)
    begin = np.repeat(index.kol["v_start"][posities], aantal)
    offset = np.arange(totaal) - np.repeat(np.cumsum(aantal) - aantal, aantal)
    return begin + offset, groep


def _gebied_rang(index: Zoekindex, rijen: np.ndarray, gm: str | None, wk: str | None):
    """0 inside the chosen wijk (or gemeente), 1 in the wijk's gemeente, 2 elsewhere."""
    if not gm and not wk:
        return np.zeros(len(rijen), dtype=np.int8)
    r_gm = index.rij["gm"][rijen]
    if wk:
        wk_id = index.codes.get(wk, -2)
        gm_id = index.codes.get(gemeente_van(wk), -2)
        return np.where(index.rij["wk"][rijen] == wk_id, 0, np.where(r_gm == gm_id, 1, 2))
    gm_id = index.codes.get(gm, -2)  # type: ignore[arg-type]
    return np.where(r_gm == gm_id, 0, 2)


def _beste_rijen(
    index: Zoekindex,
    posities: np.ndarray,
    gm: str | None,
    wk: str | None,
    punt: tuple[float, float] | None,
    straal: float | None,
    grens: int,
    wacht_eerst: bool = False,
    rij_km: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """(best row per entry or -1, distance per entry or NaN), like a person would choose.

    With a point: the nearest vestiging inside the radius (then inside the chosen area).
    Otherwise: inside the chosen wijk, then its gemeente, then anywhere; among equals the
    shortest current wait. ``wacht_eerst`` (alternatives): inside the radius, the shortest
    current wait, then the nearest.
    """
    beste = np.full(len(posities), -1, dtype=np.int64)
    afstand = np.full(len(posities), np.nan)
    if len(posities) == 0:
        return beste, afstand
    rijen, groep = _rijen_van(index, posities)
    if len(rijen) == 0:
        return beste, afstand
    peil = index.rij["peil"][rijen]
    wklasse = np.where(peil < 0, 2, np.where(peil < grens, 1, 0))
    weken = index.rij["weken"][rijen]
    gebied = _gebied_rang(index, rijen, gm, wk)
    km = np.full(len(rijen), np.inf)
    # One number per row that orders like the tuple of criteria (each criterion has its
    # own decimal range), then the first row with the group's minimum: no sorting.
    if punt is not None:
        lat = index.rij["lat"][rijen]
        heeft = ~np.isnan(lat)
        if rij_km is not None:  # already measured for the radius (inf: far outside it)
            km[heeft] = rij_km[rijen][heeft]
        else:
            km[heeft] = _haversine_np(punt[0], punt[1], lat[heeft], index.rij["lon"][rijen][heeft])
        met_punt = index.kol["heeft_punt"][posities][groep]
        ongeschikt = met_punt & ~heeft  # an entry with a public point is judged by points
        buiten = (km > straal) if straal is not None else np.zeros(len(rijen), dtype=bool)
        km_kort = np.minimum(km, 9999.0)
        if wacht_eerst:
            sleutel = buiten * 1e9 + wklasse * 1e8 + weken * 1e4 + km_kort
        else:
            sleutel = np.where(
                met_punt,
                buiten * 1e7 + gebied * 1e5 + km_kort,
                gebied * 1e7 + wklasse * 1e6 + weken,
            )
        sleutel = sleutel + ongeschikt * 1e11
    else:
        sleutel = gebied * 1e7 + wklasse * 1e6 + weken
    aantal = index.kol["v_aantal"][posities]
    heeft_rijen = np.flatnonzero(aantal > 0)
    begin = (np.cumsum(aantal) - aantal)[heeft_rijen]
    minimum = np.minimum.reduceat(sleutel, begin)
    raak = np.flatnonzero(sleutel == np.repeat(minimum, aantal[heeft_rijen]))
    g = groep[raak]
    eerste = raak[np.r_[True, g[1:] != g[:-1]]]  # the first row reaching the minimum
    beste[heeft_rijen] = rijen[eerste]
    if punt is not None:
        met = index.kol["heeft_punt"][posities[heeft_rijen]]
        afstand[heeft_rijen[met]] = km[eerste][met]
    return beste, afstand


# --- the results ----------------------------------------------------------------------


class Treffers(Sequence[Treffer]):
    """Search results in order; a ``Treffer`` is built only when a page looks at it."""

    def __init__(
        self,
        index: Zoekindex,
        posities: np.ndarray,
        rijen: np.ndarray,
        afstand: np.ndarray,
        score: np.ndarray,
        vandaag: date,
        max_dagen: int,
        sleutel: np.ndarray | None = None,
    ) -> None:
        self._index = index
        self._posities = posities
        self._rijen = rijen
        self._afstand = afstand
        self._score = score
        self._vandaag = vandaag
        self._max_dagen = max_dagen
        self._gemaakt: dict[int, Treffer] = {}
        self._sleutel = sleutel  # None: already in order
        self._geordend = 0 if sleutel is not None else len(posities)

    def __len__(self) -> int:
        return len(self._posities)

    def _orden(self, tot: int) -> None:
        """Put at least the first ``tot`` hits in order (a partition, not a full sort)."""
        if tot <= self._geordend or self._sleutel is None:
            return
        n = len(self._posities)
        k = n if tot > n // 4 else max(tot, min(n, 500))
        sleutel = self._sleutel
        if k >= n:
            volgorde = np.argsort(sleutel, kind="stable")
        else:
            deel = np.argpartition(sleutel, k - 1)[:k]
            volgorde = deel[np.argsort(sleutel[deel], kind="stable")]
            rest = np.ones(n, dtype=bool)
            rest[volgorde] = False
            volgorde = np.concatenate([volgorde, np.flatnonzero(rest)])
        self._posities, self._rijen, self._afstand, self._score, self._sleutel = (
            x[volgorde] for x in (self._posities, self._rijen, self._afstand, self._score, sleutel)
        )
        self._geordend = k
        if k >= n:
            self._sleutel = None

    def _maak(self, i: int) -> Treffer:
        self._orden(i + 1)
        t = self._gemaakt.get(i)
        if t is None:
            idx = self._index
            d = idx.diensten[int(self._posities[i])]
            r = int(self._rijen[i])
            vestiging = None
            if r >= 0:
                vestiging = d.vestigingen[r - int(idx.kol["v_start"][self._posities[i]])]
            afstand = float(self._afstand[i])
            km = None if math.isnan(afstand) else afstand
            meting = vestiging.laatste_wachttijd if vestiging else None
            wacht = wachttijd_van(meting, self._vandaag, self._max_dagen, is_voorbeeld(d))
            t = Treffer(d, vestiging, km, wacht, float(self._score[i]))
            self._gemaakt[i] = t
        return t

    @overload
    def __getitem__(self, i: int) -> Treffer: ...
    @overload
    def __getitem__(self, i: slice) -> list[Treffer]: ...
    def __getitem__(self, i):
        if isinstance(i, slice):
            r = range(*i.indices(len(self)))
            if len(r):
                self._orden(max(r) + 1)
            return [self._maak(j) for j in r]
        if i < 0:
            i += len(self)
        if not 0 <= i < len(self):
            raise IndexError(i)
        return self._maak(i)

    def __iter__(self) -> Iterator[Treffer]:
        self._orden(len(self))
        return (self._maak(i) for i in range(len(self)))

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Sequence):
            return list(self) == list(other)
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    @property
    def ids(self) -> list[str]:
        """Service ids in order, without building a Treffer per hit."""
        self._orden(len(self))
        ids = self._index.dienst_ids
        return [ids[int(p)] for p in self._posities]


def _grens(vandaag: date, max_dagen: int) -> int:
    return (vandaag - timedelta(days=max_dagen)).toordinal()


def _masker(index: Zoekindex, vraag: Zoekvraag) -> np.ndarray:
    """The structured filters (everything but free text, radius and waiting time)."""
    kol = index.kol
    m = index.levend.copy()
    if vraag.probleemgebieden:
        bits = sum(_PROBLEEM_BIT[p] for p in set(vraag.probleemgebieden))
        m &= (kol["probleem"] & bits) != 0
    if vraag.treden:
        m &= np.isin(kol["trede"], [_TREDE[t] for t in vraag.treden])
    if vraag.preventieniveaus:
        m &= np.isin(kol["niveau"], [_NIVEAU[n] for n in vraag.preventieniveaus])
    if vraag.toegang:
        m &= np.isin(kol["toegang"], [_TOEGANG[t] for t in vraag.toegang])
    if vraag.alleen_gratis:
        m &= kol["gratis"]
    if vraag.leeftijd is not None:  # planner.kaart.regels.leeftijd_past, as columns
        m &= (kol["lo"] <= vraag.leeftijd) & (vraag.leeftijd <= kol["hi"])
    taal = fold(vraag.taal.strip()) if vraag.taal and vraag.taal.strip() else None
    if taal:
        m &= _bevat(index, index.taal_posities.get(taal))
    if vraag.alleen_24_7:
        m &= kol["altijd"]
    if vraag.open_op is not None:
        open_ = np.array(
            [any(s.is_open(vraag.open_op) for s in sch) for sch in index.schemas], dtype=bool
        )
        m &= open_[kol["schema"]] if len(open_) else False
    if vraag.wijk:  # planner.kaart.regels.Bereik.bedient, as inverted lists
        bedient = kol["landelijk"] | _bevat(index, index.gebied_posities.get(vraag.wijk))
        bedient |= _bevat(index, index.gebied_posities.get(gemeente_van(vraag.wijk)))
        m &= bedient
    elif vraag.gemeente:
        m &= kol["landelijk"] | _bevat(index, index.gemeente_posities.get(vraag.gemeente))
    return m


def _bevat(index: Zoekindex, posities: np.ndarray | None) -> np.ndarray:
    uit = np.zeros(len(index.diensten), dtype=np.bool_)
    if posities is not None:
        uit[posities] = True
    return uit


def search(
    index: Zoekindex,
    vraag: Zoekvraag,
    vandaag: date,
    max_dagen: int = 60,
) -> Treffers:
    """All services that satisfy every filter of ``vraag``, sorted as asked."""
    m = _masker(index, vraag)
    score = None
    eenheden = _eenheden(vraag.tekst, index) if vraag.tekst else []
    if eenheden:
        totaal = np.zeros(len(index.diensten), dtype=np.float32)
        for e in eenheden:
            s = _eenheid_score(index, e)
            m &= s > 0
            totaal += s
        score = totaal / len(eenheden)
    rij_km = None
    if vraag.punt is not None and vraag.straal_km is not None:
        binnen, rij_km = _binnen_straal(index, vraag.punt, vraag.straal_km)
        m &= binnen
    pos = np.flatnonzero(m)
    grens = _grens(vandaag, max_dagen)
    if not vraag.gemeente and not vraag.wijk and vraag.punt is None:
        rijen = index._rijen_default(grens)[0][pos]
        afstand = np.full(len(pos), np.nan)
    else:
        rijen, afstand = _beste_rijen(
            index,
            pos,
            vraag.gemeente,
            vraag.wijk,
            vraag.punt,
            vraag.straal_km,
            grens,
            rij_km=rij_km,
        )
    keep = np.ones(len(pos), dtype=bool)
    if vraag.straal_km is not None and vraag.punt is not None:
        keep &= afstand <= vraag.straal_km  # NaN (no public point) is never inside
    wklasse, weken = _wacht(index, rijen, grens)
    if vraag.max_wachttijd_weken is not None:
        keep &= (wklasse == 0) & (weken <= vraag.max_wachttijd_weken)
    pos, rijen, afstand, wklasse, weken = (x[keep] for x in (pos, rijen, afstand, wklasse, weken))
    sc = score[pos] if score is not None else np.ones(len(pos), dtype=np.float32)
    sleutel = _sorteersleutel(index, vraag.sorteer, pos, sc, wklasse, weken, afstand)
    return Treffers(index, pos, rijen, afstand, sc, vandaag, max_dagen, sleutel)


_WACHT_BEREIK = 30_000  # wait class * 10,000 + weeks in tenths
_AFSTAND_BEREIK = 200_000_002  # centimetres up to 2,000 km, then "unknown"


def _sorteersleutel(
    index: Zoekindex,
    sorteer: str,
    pos: np.ndarray,
    score: np.ndarray,
    wklasse: np.ndarray,
    weken: np.ndarray,
    afstand: np.ndarray,
) -> np.ndarray:
    """One int64 per hit that orders like the tuple of criteria, the name last.

    Sorting one integer (and for the first page only a partition) is far cheaper than a
    lexsort over four columns. Waits count in tenths of a week, distances in centimetres and
    relevance in steps of 1/10,000: finer differences do not change the order. The
    largest key, 3e4 x 2e8 x services, fits an int64 up to 1.5 million services.
    """
    wacht = wklasse.astype(np.int64) * 10_000 + np.rint(weken * 10).astype(np.int64)
    met = ~np.isnan(afstand)
    meters = np.full(len(pos), _AFSTAND_BEREIK - 1, dtype=np.int64)
    meters[met] = np.minimum(np.rint(afstand[met] * 100_000), _AFSTAND_BEREIK - 2).astype(np.int64)
    if sorteer == "wachttijd":
        hoofd = wacht * _AFSTAND_BEREIK + meters
    elif sorteer == "afstand":
        hoofd = meters * _WACHT_BEREIK + wacht
    elif sorteer == "naam":
        hoofd = np.zeros(len(pos), dtype=np.int64)
    else:
        rel = np.rint((1.0 - score.astype(np.float64)) * 10_000).astype(np.int64)
        hoofd = rel * _WACHT_BEREIK + wacht
    return hoofd * (len(index.diensten) + 1) + index.naam_rang[pos]


def _binnen_straal(
    index: Zoekindex, punt: tuple[float, float], straal: float
) -> tuple[np.ndarray, np.ndarray]:
    """(entries with a public vestiging within ``straal`` km, km per row or inf far away).

    A box first, then haversine only for the rows inside it.
    """
    lat, lon = index.rij["lat"], index.rij["lon"]
    dlat = straal / 110.5 + 0.01
    dlon = straal / (111.4 * max(0.05, math.cos(math.radians(punt[0])))) + 0.01
    with np.errstate(invalid="ignore"):
        doos = np.flatnonzero((np.abs(lat - punt[0]) <= dlat) & (np.abs(lon - punt[1]) <= dlon))
    km = np.full(len(lat), np.inf)
    km[doos] = _haversine_np(punt[0], punt[1], lat[doos], lon[doos])
    uit = np.zeros(len(index.diensten), dtype=np.bool_)
    uit[index.rij["entry"][doos[km[doos] <= straal]]] = True
    return uit, km


def _wacht(index: Zoekindex, rijen: np.ndarray, grens: int) -> tuple[np.ndarray, np.ndarray]:
    """(0 current / 1 outdated / 2 unknown, weeks) of the chosen rows."""
    heeft = rijen >= 0
    r = np.where(heeft, rijen, 0)
    peil = np.where(heeft, index.rij["peil"][r] if len(index.rij["peil"]) else -1, -1)
    klasse = np.where(peil < 0, 2, np.where(peil < grens, 1, 0))
    weken = np.where(klasse == 2, 0.0, index.rij["weken"][r] if len(index.rij["weken"]) else 0)
    return klasse, weken


def _wacht_sleutel(w: Wachttijd | None) -> tuple[int, float]:
    """Current waits first (shortest first), then outdated ones, then unknown."""
    if w is None:
        return (2, 0.0)
    return (1 if w.verouderd else 0, w.weken)


def sort_treffers(treffers: Sequence[Treffer], sorteer: str) -> list[Treffer]:
    """Sort results; unknowns (no wait, no distance) always go last, names break ties."""

    def naam(t: Treffer) -> str:
        return t.sorteernaam or fold(t.naam)

    def afstand(t: Treffer) -> tuple[int, float]:
        return (0, t.afstand_km) if t.afstand_km is not None else (1, 0.0)

    if sorteer == "wachttijd":
        return sorted(treffers, key=lambda t: (_wacht_sleutel(t.wachttijd), afstand(t), naam(t)))
    if sorteer == "afstand":
        return sorted(treffers, key=lambda t: (afstand(t), _wacht_sleutel(t.wachttijd), naam(t)))
    if sorteer == "naam":
        return sorted(treffers, key=naam)
    return sorted(treffers, key=lambda t: (-t.score, _wacht_sleutel(t.wachttijd), naam(t)))


# --- alternatives for a long wait ------------------------------------------------------


def heeft_lange_wachttijd(t: Treffer, drempel_weken: float = LANGE_WACHTTIJD_WEKEN) -> bool:
    return t.wachttijd is not None and t.wachttijd.actueel and t.wachttijd.weken >= drempel_weken


def alternatives(
    index: Zoekindex,
    treffer: Treffer,
    vandaag: date,
    max_dagen: int = 60,
    straal_km: float = 25.0,
    limiet: int = 3,
    leeftijd: float | None = None,
    vraag: Zoekvraag | None = None,
) -> list[Treffer]:
    """Services that are really an alternative to ``treffer``, with a shorter *current* wait.

    Really an alternative: for the same child (``leeftijd``, else overlapping ages), the
    same problem (a problem area of the treffer — one of those asked for, if any), the same
    trede when both have one, serving the family's area (the wijk or gemeente asked for;
    else the gemeente of the treffer's vestiging), a dated, current and shorter waiting
    time, and near: within ``straal_km`` of the family's point or the treffer's vestiging.
    A sample value never suggests a shorter wait next to a real service.
    """
    if treffer.wachttijd is None or treffer.wachttijd.verouderd:
        return []
    vraag = vraag or Zoekvraag()
    s = treffer.dienst.service
    problemen = set(s.probleemgebieden)
    if vraag.probleemgebieden and problemen & set(vraag.probleemgebieden):
        problemen &= set(vraag.probleemgebieden)
    if not problemen:
        return []
    kol = index.kol
    m = index.levend & ((kol["probleem"] & sum(_PROBLEEM_BIT[p] for p in problemen)) != 0)
    if treffer.id in index.positie:
        m[index.positie[treffer.id]] = False
    if s.trede is not None:
        m &= (kol["trede"] == _TREDE[s.trede]) | (kol["trede"] < 0)
    if leeftijd is None:
        leeftijd = vraag.leeftijd
    if leeftijd is not None:
        m &= (kol["lo"] <= leeftijd) & (leeftijd <= kol["hi"])
    else:
        lo = -math.inf if s.leeftijd_min is None else s.leeftijd_min
        hi = math.inf if s.leeftijd_max is None else s.leeftijd_max
        m &= (kol["lo"] <= hi) & (lo <= kol["hi"])
    if not treffer.voorbeeld:
        m &= ~kol["voorbeeld"]
    locatie = treffer.vestiging.location if treffer.vestiging else None
    gebied = vraag.wijk or vraag.gemeente
    if gebied is None and locatie is not None:
        gebied = locatie.wijk_code or locatie.gemeente_code
    if gebied:
        wijk, gemeente = (gebied if gebied.startswith(p) else None for p in ("WK", "GM"))
        m &= _masker(index, Zoekvraag(wijk=wijk, gemeente=gemeente))
    oorsprong = vraag.punt
    publiek = treffer.locatie
    if oorsprong is None and publiek is not None and publiek.heeft_coordinaten:
        oorsprong = (float(publiek.latitude), float(publiek.longitude))  # type: ignore[arg-type]
    pos = np.flatnonzero(m)
    grens = _grens(vandaag, max_dagen)
    rijen, afstand = _beste_rijen(
        index, pos, vraag.gemeente, vraag.wijk, oorsprong, straal_km, grens, wacht_eerst=True
    )
    wklasse, weken = _wacht(index, rijen, grens)
    keep = (wklasse == 0) & (weken < treffer.wachttijd.weken)
    if oorsprong is not None:
        keep &= afstand <= straal_km
    pos, rijen, afstand, weken = pos[keep], rijen[keep], afstand[keep], weken[keep]
    volgorde = np.lexsort(
        (index.naam_rang[pos], np.nan_to_num(afstand, nan=0.0), np.isnan(afstand), weken)
    )[:limiet]
    pos, rijen, afstand = pos[volgorde], rijen[volgorde], afstand[volgorde]
    return list(Treffers(index, pos, rijen, afstand, np.ones(len(pos)), vandaag, max_dagen))


def alternatief_tekst(t: Treffer, gebiedsnamen: Mapping[str, str] | None = None) -> str:
    """'Naam – Organisatie, Plaats (3,2 km): 2 weken (peildatum …)' for the page (plain text)."""
    namen = gebiedsnamen or {}
    loc = t.locatie
    plaats = None
    if loc is not None:
        plaats = loc.city or namen.get(loc.wijk_code or "") or namen.get(loc.gemeente_code or "")
        plaats = plaats or loc.gemeente_code
    delen = [t.naam, " – ", t.dienst.organisation.name]
    if plaats:
        delen.append(f", {plaats}")
    if t.afstand_km is not None:
        delen.append(f" ({t.afstand_km:.1f} km)".replace(".", ","))
    if t.wachttijd is not None:
        delen.append(f": {t.wachttijd.tekst()}")
    return "".join(delen)


# --- helpers for the search page ------------------------------------------------------


def voorbeeld_melding(index: Zoekindex) -> str | None:
    """The page banner: the whole kaart is a sample, it contains sample entries, or neither."""
    aantal = int((index.kol["voorbeeld"] & index.levend).sum())
    if aantal == 0:
        return None
    if aantal == len(index):
        return (
            "**Voorbeeldgegevens, te vervangen.** Deze sociale kaart is een voorbeeld. De "
            "gemeente vervangt hem door het echte aanbod. Bel alleen Veilig Thuis (0800-2000) "
            "en 112 op basis van deze gegevens."
        )
    return (
        f"**Deze sociale kaart bevat voorbeeldgegevens, te vervangen.** {aantal} van de "
        f"{len(index)} vermeldingen zijn een voorbeeld; ze staan gemarkeerd met "
        f"'{VOORBEELD_LABEL}'. Hun wachttijden zijn geen echte metingen."
    )


def _levende_codes(index: Zoekindex, lijsten: Mapping[str, np.ndarray]) -> list[str]:
    return sorted(c for c, pos in lijsten.items() if index.levend[pos].any())


def gemeenten_in(index: Zoekindex) -> list[str]:
    """Gemeente codes the kaart has services for: the options of the gemeente filter."""
    return _levende_codes(index, index.gemeente_posities)


def wijken_in(index: Zoekindex, gemeente: str) -> list[str]:
    """Wijk codes of ``gemeente`` that some service names explicitly."""
    return [
        c
        for c in _levende_codes(index, index.gebied_posities)
        if c.startswith("WK") and gemeente_van(c) == gemeente
    ]


def treffers_voor(
    index: Zoekindex,
    ids: Iterable[str],
    vandaag: date,
    max_dagen: int = 60,
    punt: tuple[float, float] | None = None,
) -> list[Treffer]:
    """The chosen services as results (for the verwijskaart), whatever the filters now are."""
    pos = np.array(sorted({index.positie[i] for i in ids if i in index.positie}), dtype=np.int64)
    rijen, afstand = _beste_rijen(index, pos, None, None, punt, None, _grens(vandaag, max_dagen))
    t = Treffers(index, pos, rijen, afstand, np.ones(len(pos)), vandaag, max_dagen)
    return sort_treffers(list(t), "naam")


def talen_in(index: Zoekindex) -> list[str]:
    """Language codes offered somewhere on the kaart: the options of the language filter."""
    return _levende_codes(index, index.taalcode_posities)


def taalnamen_in(index: Zoekindex) -> dict[str, str]:
    """Code → 'Arabisch (ar)' for the language filter: people read names, not ISO codes."""
    return {
        code: f"{index.taalnamen[code]} ({code})"
        for code in talen_in(index)
        if code in index.taalnamen
    }


_MD_SPECIAAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~>$])")


def markdown_tekst(text: str | None) -> str:
    """User text made literal for Markdown: no links, emphasis, headings, HTML or LaTeX.

    A bare URL, e-mail address or www. address would still become a link (GFM autolink),
    so the ':' of '://' or 'mailto:', an '@' or the dot after 'www' becomes an HTML entity:
    the same text on screen, never a link.
    """
    if not text:
        return ""
    safe = text.replace("&", "&amp;").replace("<", "&lt;")
    safe = _MD_SPECIAAL.sub(r"\\\1", safe).replace("\n", " ")
    for vorm, entiteit in (("://", "&#58;//"), ("mailto:", "mailto&#58;"), ("@", "&#64;")):
        safe = safe.replace(vorm, entiteit)
    return re.sub(r"(?i)(www)\\\.", r"\1&#46;", safe)


# Mid-line in a one-line widget label only these change the rendering; "-", ".", "+", "#"
# and "!" do not, and an escape there would be read aloud (the label is the aria-label).
# A colon only matters as the start of an icon/emoji code such as ":material/home:".
_LABEL_SPECIAAL = re.compile(r"([\\`*_{}\[\]()|~>$]|:(?=[\w/+-]+:))")


def label_tekst(text: str | None) -> str:
    """User text made literal in a widget label, escaping only what would change it."""
    if not text:
        return ""
    return _LABEL_SPECIAAL.sub(r"\\\1", text.replace("<", "&lt;")).replace("\n", " ")
