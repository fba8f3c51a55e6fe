"""Search the sociale kaart the way a professional asks: "where do I refer this family?".

Pure functions over ``DienstOverzicht`` objects (kaart-core's model): no store, no
Streamlit. A ``Zoekindex`` is built once from all services (tokens normalised for Dutch,
coordinates) and then answers ``Zoekvraag`` objects quickly enough to search as you type
(``bench/kaart_search.py`` measures it over 10,000 services).

Decisions that matter to users, tested in ``tests/kaart_ui/test_search.py``:

- A waiting time older than ``max_dagen`` (Settings.wachttijd_max_dagen, default 60) is
  *verouderd*: it is shown with its date but never counts as current, so it does not pass a
  "maximale wachttijd" filter and sorts after services with a current wait.
- A service serves its werkgebied (CBS codes); without one, the gemeenten/wijken of its
  locations; with neither it serves everywhere (landelijke lijnen). A service for one wijk
  is found for that wijk and for its gemeente, a gemeente-wide service for every wijk.
- Confidential locations (vrouwenopvang) are searched through ``Location.openbaar()``:
  they never contribute coordinates, so they never show on the map or in a distance.
- Free text: every word of the query must match something in the entry, allowing typos
  (rapidfuzz), Dutch plural and diminutive endings and parts of compound words.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from rapidfuzz import fuzz, process

from planner.kaart.model import (
    DienstOverzicht,
    Location,
    Preventieniveau,
    Probleemgebied,
    Toegang,
    Trede,
    Vestiging,
    WaitingTime,
    gemeente_van,
)

SORTERINGEN = ("relevantie", "wachttijd", "afstand", "naam")
VOORBEELD_LABEL = "Voorbeeldgegevens"
VOORBEELDWAARDE = "voorbeeldwaarde, geen echte meting"
LANGE_WACHTTIJD_WEKEN = 6.0
FUZZY_DREMPEL = 80  # rapidfuzz ratio (0-100) for a word to count as a typo of another
AARDSTRAAL_KM = 6371.0088

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
        "voor",
    ]
)
_UITZONDERINGEN = {"kinderen": "kind", "kindje": "kind", "kindjes": "kind", "eieren": "ei"}
_WOORD = re.compile(r"[a-z0-9]+")
_KLINKERS = "aeiou"


# --- Dutch text normalisation ---------------------------------------------------------


def fold(text: str) -> str:
    """Lower case without diacritics: 'Geïndiceerd' and 'geindiceerd' are the same word."""
    norm = unicodedata.normalize("NFKD", text)
    return "".join(c for c in norm if not unicodedata.combining(c)).lower()


def stem(woord: str) -> str:
    """A light Dutch stemmer: plural and diminutive endings off, doubled letters undone.

    Not linguistics, just enough that 'gezinnen', 'gezin' and 'gezinnetje' meet, and
    'problemen' meets 'probleem'. Query and entries go through the same function, so an
    over-eager cut on both sides still matches.
    """
    w = _UITZONDERINGEN.get(woord, woord)
    if w != woord:
        return w
    for suffix in ("etjes", "etje", "tjes", "tje", "jes", "je"):
        if w.endswith(suffix) and len(w) - len(suffix) >= 3:
            w = w[: -len(suffix)]
            break
    else:
        if w.endswith("'s") and len(w) > 4:
            w = w[:-2]
        elif w.endswith("ing") and len(w) > 6:
            w = w[:-3]
        elif w.endswith("en") and len(w) > 4:
            w = w[:-2]
        elif w.endswith(("ers", "els", "ens", "ems", "ies", "ors", "ars", "ts")) and len(w) > 4:
            w = w[:-1]
    # gezinn -> gezin, problem(en) / probleem -> problem
    if len(w) >= 4 and w[-1] == w[-2] and w[-1] not in _KLINKERS:
        w = w[:-1]
    if len(w) >= 4 and w[-1] not in _KLINKERS and w[-2] == w[-3] and w[-2] in _KLINKERS:
        w = w[:-2] + w[-1]
    return w


def woorden(text: str | None) -> list[str]:
    """Normalised, stemmed words of ``text`` without Dutch stop words."""
    if not text:
        return []
    return [stem(w) for w in _WOORD.findall(fold(text)) if w not in _STOPWOORDEN]


# --- distances ------------------------------------------------------------------------


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance; good to metres at the scale of a region."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp = p2 - p1
    dl = math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * AARDSTRAAL_KM * math.asin(min(1.0, math.sqrt(a)))


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


def _wacht_sleutel_ruw(wt: WaitingTime | None, grens: date) -> tuple[int, float]:
    """``_wacht_sleutel`` without building a Wachttijd; ``grens`` = oldest current peildatum.

    Same rule as ``WaitingTime.is_verouderd``: older than ``max_dagen`` days is outdated.
    """
    if wt is None:
        return (2, 0.0)
    return (1 if wt.peildatum < grens else 0, wt.weken)


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


def voorbeeld_melding(index: Zoekindex) -> str | None:
    """The page banner: the whole kaart is a sample, it contains sample entries, or neither."""
    aantal = sum(is_voorbeeld(e.dienst) for e in index.entries)
    if aantal == 0:
        return None
    if aantal == len(index.entries):
        return (
            "**Voorbeeldgegevens, te vervangen.** Deze sociale kaart is een voorbeeld. De "
            "gemeente vervangt hem door het echte aanbod. Bel alleen Veilig Thuis (0800-2000) "
            "en 112 op basis van deze gegevens."
        )
    return (
        f"**Deze sociale kaart bevat voorbeeldgegevens, te vervangen.** {aantal} van de "
        f"{len(index.entries)} vermeldingen zijn een voorbeeld; ze staan gemarkeerd met "
        f"'{VOORBEELD_LABEL}'. Hun wachttijden zijn geen echte metingen."
    )


@dataclass(frozen=True)
class _Entry:
    dienst: DienstOverzicht
    tokens: frozenset[str]
    gebieden: frozenset[str]  # GM/WK codes served, incl. located gemeenten/wijken
    talen: frozenset[str]
    punten: tuple[tuple[Vestiging, float, float], ...]  # public coordinates only
    sorteernaam: str = ""


@dataclass
class Zoekindex:
    """Services prepared once for repeated searches: tokens, vocabulary, coordinates."""

    entries: list[_Entry] = field(default_factory=list)
    vocabulaire: list[str] = field(default_factory=list)
    # entries per problem area, so alternatives for one result skip unrelated services
    per_probleem: dict[Probleemgebied, list[_Entry]] = field(default_factory=dict)

    @classmethod
    def bouw(cls, diensten: Iterable[DienstOverzicht]) -> Zoekindex:
        entries = [_entry(d) for d in diensten]
        vocab = sorted({t for e in entries for t in e.tokens})
        per_probleem: dict[Probleemgebied, list[_Entry]] = {}
        for e in entries:
            for p in dict.fromkeys(e.dienst.service.probleemgebieden):
                per_probleem.setdefault(p, []).append(e)
        return cls(entries=entries, vocabulaire=vocab, per_probleem=per_probleem)

    def __len__(self) -> int:
        return len(self.entries)


def _entry(d: DienstOverzicht) -> _Entry:
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
    # The werkgebied is authoritative; where it is missing, the locations' gemeente/wijk.
    gebieden = set(s.werkgebied)
    punten = []
    for v in d.vestigingen:
        loc = v.location.openbaar()
        if not s.werkgebied:
            gebieden.update(code for code in (loc.gemeente_code, loc.wijk_code) if code)
        if loc.heeft_coordinaten:
            punten.append((v, float(loc.latitude), float(loc.longitude)))  # type: ignore[arg-type]
    talen = {fold(lang.code) for lang in s.languages if lang.code}
    talen |= {fold(lang.name) for lang in s.languages if lang.name}
    return _Entry(
        dienst=d,
        tokens=frozenset(woorden(tekst)),
        gebieden=frozenset(gebieden),
        talen=frozenset(talen),
        punten=tuple(punten),
        sorteernaam=fold(s.name),
    )


def _woord_scores(vraagwoord: str, vocabulaire: Sequence[str]) -> dict[str, float]:
    """Which indexed words count as this query word, and how well (0-1)."""
    scores: dict[str, float] = {}
    if vraagwoord in vocabulaire:
        scores[vraagwoord] = 1.0
    if len(vraagwoord) >= 3:
        for w in vocabulaire:
            if w != vraagwoord and w.startswith(vraagwoord):
                scores[w] = max(scores.get(w, 0), 0.9)
            elif len(vraagwoord) >= 5 and vraagwoord in w:
                scores[w] = max(scores.get(w, 0), 0.85)  # part of a compound word
    if len(vraagwoord) >= 4:
        for w, score, _ in process.extract(
            vraagwoord,
            vocabulaire,
            scorer=fuzz.ratio,
            score_cutoff=FUZZY_DREMPEL,
            limit=None,
        ):
            scores[w] = max(scores.get(w, 0), score / 100 * 0.95)
    return scores


def _serves(entry: _Entry, gemeente: str | None, wijk: str | None) -> bool:
    if not entry.gebieden:
        return True
    if wijk:
        return wijk in entry.gebieden or gemeente_van(wijk) in entry.gebieden
    if gemeente:
        return any(gemeente_van(code) == gemeente for code in entry.gebieden)
    return True


def _best_vestiging(
    entry: _Entry, vraag: Zoekvraag, vandaag: date, max_dagen: int
) -> tuple[Vestiging | None, float | None, Wachttijd | None]:
    """The vestiging to show for the question asked.

    With a point: the nearest inside the radius (then inside the chosen wijk/gemeente).
    Otherwise: inside the chosen wijk, then its gemeente, then anywhere; among equals the
    shortest current wait.
    """
    vestigingen = entry.dienst.vestigingen
    voorbeeld = is_voorbeeld(entry.dienst)

    def gebied(v: Vestiging) -> int:
        return _buiten_gebied(v.location, vraag.gemeente, vraag.wijk)

    if vraag.punt is not None and entry.punten:
        lat, lon = vraag.punt
        straal = vraag.straal_km

        def dichtbij(pair: tuple[Vestiging, float]) -> tuple[bool, int, float]:
            v, km = pair
            return (straal is not None and km > straal, gebied(v), km)

        v, dist = min(
            ((v, haversine_km(lat, lon, vlat, vlon)) for v, vlat, vlon in entry.punten),
            key=dichtbij,
        )
        return v, dist, wachttijd_van(v.laatste_wachttijd, vandaag, max_dagen, voorbeeld)
    if not vestigingen:
        return None, None, None
    if len(vestigingen) == 1:
        best = vestigingen[0]
    else:
        grens = vandaag - timedelta(days=max_dagen)
        best = min(
            vestigingen,
            key=lambda v: (gebied(v), _wacht_sleutel_ruw(v.laatste_wachttijd, grens)),
        )
    return best, None, wachttijd_van(best.laatste_wachttijd, vandaag, max_dagen, voorbeeld)


def _buiten_gebied(loc: Location, gemeente: str | None, wijk: str | None) -> int:
    """0 inside the chosen wijk (or gemeente), 1 in the wijk's gemeente, 2 elsewhere."""
    if not gemeente and not wijk:
        return 0
    loc_gemeente = loc.gemeente_code or (gemeente_van(loc.wijk_code) if loc.wijk_code else None)
    if wijk:
        if loc.wijk_code == wijk:
            return 0
        return 1 if loc_gemeente == gemeente_van(wijk) else 2
    return 0 if loc_gemeente == gemeente else 2


def _wacht_sleutel(w: Wachttijd | None) -> tuple[int, float]:
    """Current waits first (shortest first), then outdated ones, then unknown."""
    if w is None:
        return (2, 0.0)
    return (1 if w.verouderd else 0, w.weken)


def search(
    index: Zoekindex,
    vraag: Zoekvraag,
    vandaag: date,
    max_dagen: int = 60,
) -> list[Treffer]:
    """All services that satisfy every filter of ``vraag``, sorted as asked."""
    vraagwoorden = list(dict.fromkeys(woorden(vraag.tekst)))
    woordscores = [_woord_scores(w, index.vocabulaire) for w in vraagwoorden]
    taal = fold(vraag.taal.strip()) if vraag.taal and vraag.taal.strip() else None
    probleem = set(vraag.probleemgebieden)
    treden = set(vraag.treden)
    niveaus = set(vraag.preventieniveaus)
    toegang = set(vraag.toegang)
    treffers: list[Treffer] = []
    for entry in index.entries:
        s = entry.dienst.service
        if probleem and probleem.isdisjoint(s.probleemgebieden):
            continue
        if treden and s.trede not in treden:
            continue
        if niveaus and s.preventieniveau not in niveaus:
            continue
        if toegang and s.toegang not in toegang:
            continue
        if vraag.alleen_gratis and (s.kosten is None or s.kosten.value != "gratis"):
            continue
        if vraag.leeftijd is not None and not s.past_bij_leeftijd(vraag.leeftijd):
            continue
        if taal and taal not in entry.talen:
            continue
        if vraag.alleen_24_7 and not s.altijd_open:
            continue
        if vraag.open_op is not None and not s.is_open(vraag.open_op):
            continue
        if not _serves(entry, vraag.gemeente, vraag.wijk):
            continue
        score = 1.0
        if woordscores:
            per_woord = [
                max((ws[t] for t in entry.tokens.intersection(ws)), default=0.0)
                for ws in woordscores
            ]
            if min(per_woord) == 0.0:
                continue
            score = sum(per_woord) / len(per_woord)
        vestiging, afstand, wacht = _best_vestiging(entry, vraag, vandaag, max_dagen)
        if (
            vraag.straal_km is not None
            and vraag.punt is not None
            and (afstand is None or afstand > vraag.straal_km)
        ):
            continue
        if vraag.max_wachttijd_weken is not None and (
            wacht is None or wacht.verouderd or wacht.weken > vraag.max_wachttijd_weken
        ):
            continue
        treffers.append(Treffer(entry.dienst, vestiging, afstand, wacht, score, entry.sorteernaam))
    return sort_treffers(treffers, vraag.sorteer)


def sort_treffers(treffers: list[Treffer], sorteer: str) -> list[Treffer]:
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


def _vergelijkbaar(a: DienstOverzicht, b: DienstOverzicht) -> bool:
    """Comparable help: a shared problem area, overlapping ages, and the same trede if known."""
    sa, sb = a.service, b.service
    if set(sa.probleemgebieden).isdisjoint(sb.probleemgebieden):
        return False
    if sa.trede is not None and sb.trede is not None and sa.trede != sb.trede:
        return False
    lo_a = sa.leeftijd_min if sa.leeftijd_min is not None else 0.0
    hi_a = sa.leeftijd_max if sa.leeftijd_max is not None else 200.0
    lo_b = sb.leeftijd_min if sb.leeftijd_min is not None else 0.0
    hi_b = sb.leeftijd_max if sb.leeftijd_max is not None else 200.0
    return lo_a <= hi_b and lo_b <= hi_a


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
) -> list[Treffer]:
    """Comparable services near ``treffer`` with a shorter *current* waiting time.

    "Near" is measured from the treffer's public location; without coordinates the
    alternatives must serve one of the same gemeenten instead.
    """
    if treffer.wachttijd is None or treffer.wachttijd.verouderd:
        return []
    oorsprong = treffer.locatie
    heeft_punt = oorsprong is not None and oorsprong.heeft_coordinaten
    eigen_gemeenten = {gemeente_van(c) for c in _entry(treffer.dienst).gebieden}
    kandidaten: list[Treffer] = []
    # Only services sharing a problem area can be comparable (see _vergelijkbaar).
    kandidaat_entries = {
        e.dienst.service.id: e
        for p in treffer.dienst.service.probleemgebieden
        for e in index.per_probleem.get(p, ())
    }
    for entry in kandidaat_entries.values():
        d = entry.dienst
        if d.service.id == treffer.id or not _vergelijkbaar(treffer.dienst, d):
            continue
        if is_voorbeeld(d) and not treffer.voorbeeld:
            continue  # a sample value never suggests a shorter wait than a real service
        if leeftijd is not None and not d.service.past_bij_leeftijd(leeftijd):
            continue
        if heeft_punt:
            binnen = [
                (v, haversine_km(oorsprong.latitude, oorsprong.longitude, vlat, vlon))  # type: ignore[arg-type]
                for v, vlat, vlon in entry.punten
            ]
            binnen = [(v, km) for v, km in binnen if km <= straal_km]
            if not binnen:
                continue
            vestiging, afstand = min(
                binnen,
                key=lambda p: (
                    _wacht_sleutel(wachttijd_van(p[0].laatste_wachttijd, vandaag, max_dagen)),
                    p[1],
                ),
            )
            wacht = wachttijd_van(vestiging.laatste_wachttijd, vandaag, max_dagen, is_voorbeeld(d))
        else:
            if (
                entry.gebieden
                and eigen_gemeenten
                and eigen_gemeenten.isdisjoint(gemeente_van(c) for c in entry.gebieden)
            ):
                continue
            vestiging, afstand, wacht = _best_vestiging(entry, Zoekvraag(), vandaag, max_dagen)
        if wacht is None or wacht.verouderd or wacht.weken >= treffer.wachttijd.weken:
            continue
        kandidaten.append(Treffer(d, vestiging, afstand, wacht))
    return sort_treffers(kandidaten, "wachttijd")[:limiet]


# --- helpers for the search page ------------------------------------------------------


def gemeenten_in(index: Zoekindex) -> list[str]:
    """Gemeente codes the kaart has services for: the options of the gemeente filter."""
    return sorted({gemeente_van(c) for e in index.entries for c in e.gebieden})


def wijken_in(index: Zoekindex, gemeente: str) -> list[str]:
    """Wijk codes of ``gemeente`` that some service names explicitly."""
    return sorted(
        {
            c
            for e in index.entries
            for c in e.gebieden
            if c.startswith("WK") and gemeente_van(c) == gemeente
        }
    )


def treffers_voor(
    index: Zoekindex,
    ids: Iterable[str],
    vandaag: date,
    max_dagen: int = 60,
    punt: tuple[float, float] | None = None,
) -> list[Treffer]:
    """The chosen services as results (for the verwijskaart), whatever the filters now are."""
    gekozen = set(ids)
    vraag = Zoekvraag(punt=punt)
    out = []
    for entry in index.entries:
        if entry.dienst.service.id in gekozen:
            vestiging, afstand, wacht = _best_vestiging(entry, vraag, vandaag, max_dagen)
            out.append(Treffer(entry.dienst, vestiging, afstand, wacht))
    return sort_treffers(out, "naam")


def talen_in(index: Zoekindex) -> list[str]:
    """Language codes offered somewhere on the kaart: the options of the language filter."""
    return sorted(
        {fold(lang.code) for e in index.entries for lang in e.dienst.service.languages if lang.code}
    )


def taalnamen_in(index: Zoekindex) -> dict[str, str]:
    """Code → 'Arabisch (ar)' for the language filter: people read names, not ISO codes."""
    from planner.kaart.io.tabel import TAALNAMEN

    namen: dict[str, str] = {}
    for e in index.entries:
        for lang in e.dienst.service.languages:
            code = fold(lang.code) if lang.code else ""
            naam = lang.name or TAALNAMEN.get(code)
            if code and naam and code not in namen:
                namen[code] = f"{naam} ({code})"
    return namen


_MD_SPECIAAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~>$])")


def markdown_tekst(text: str | None) -> str:
    """User text made literal for Markdown: no links, emphasis, headings, HTML or LaTeX."""
    if not text:
        return ""
    safe = text.replace("&", "&amp;").replace("<", "&lt;")
    return _MD_SPECIAAL.sub(r"\\\1", safe).replace("\n", " ")


# Mid-line in a one-line widget label only these change the rendering; "-", ".", "+", "#"
# and "!" do not, and an escape there would be read aloud (the label is the aria-label).
# A colon only matters as the start of an icon/emoji code such as ":material/home:".
_LABEL_SPECIAAL = re.compile(r"([\\`*_{}\[\]()|~>$]|:(?=[\w/+-]+:))")


def label_tekst(text: str | None) -> str:
    """User text made literal in a widget label, escaping only what would change it."""
    if not text:
        return ""
    return _LABEL_SPECIAAL.sub(r"\\\1", text.replace("<", "&lt;")).replace("\n", " ")
