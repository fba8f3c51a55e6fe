"""Search latency of the sociale kaart over generated services (median and p95, ms).

Builds a deterministic kaart (seeded random: names, descriptions, ages, problem areas,
werkgebied in three gemeenten, up to three locations with waiting times), builds the
``Zoekindex`` once, then times a mix of queries a professional would type: no filter, free
text with and without typos, compounds and thesaurus words, gemeente/wijk, a point with a
radius, age + problem + maximum waiting time, open now, sorted by waiting time or distance.

Every query is timed twice in the same run: the index of ``planner.kaart.search`` (as a
page uses it: search, then build the first 50 results for the list) and the naive baseline
``bench/kaart_search_naief.py`` (the search before issue 13: a Python loop over every entry
with per-hit work for every hit). Also: one edit (``Zoekindex.bijgewerkt``) against a full
rebuild, and the process's RSS after building. Prints figures, asserts nothing.

Run: .venv/bin/python bench/kaart_search.py [aantal] [--zonder-naief]
"""

from __future__ import annotations

import random
import resource
import statistics
import sys
import time
from dataclasses import replace
from datetime import date, datetime, timedelta
from datetime import time as dtime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from planner.kaart.model import (
    DienstOverzicht,
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
    Toegang,
    Trede,
    Vestiging,
    WaitingTime,
)
from planner.kaart.search import (
    Zoekindex,
    Zoekvraag,
    alternatives,
    heeft_lange_wachttijd,
    search,
)

sys.path.insert(0, str(Path(__file__).resolve().parent))
import kaart_search_naief as naief

VANDAAG = date(2026, 11, 23)
GEMEENTEN = {"GM1930": (51.84, 4.31), "GM1992": (51.87, 4.13), "GM1924": (51.75, 4.16)}
WOORDEN = [
    "opvoeden",
    "ondersteuning",
    "gezin",
    "gezinnen",
    "ouders",
    "kinderen",
    "jongeren",
    "huiselijk",
    "geweld",
    "kindermishandeling",
    "schulden",
    "geldzorgen",
    "scheiding",
    "trauma",
    "huisbezoek",
    "spreekuur",
    "cursus",
    "training",
    "groep",
    "coach",
    "jeugdverpleegkundige",
    "maatschappelijk",
    "werk",
    "wijkteam",
    "verslaving",
    "psychische",
    "problemen",
    "zwangerschap",
    "baby",
    "peuter",
    "puber",
    "school",
    "advies",
    "meldpunt",
    "opvang",
]


def _dienst(i: int, rnd: random.Random) -> DienstOverzicht:
    gm = rnd.choice(list(GEMEENTEN))
    lat0, lon0 = GEMEENTEN[gm]
    org = Organisation(id=f"org-{i % 800}", name=f"Organisatie {i % 800}")
    lo = rnd.choice([0, 0, 0.5, 2, 4, 12, 18])
    hi = rnd.choice([None, 4, 12, 18, 23, 99])
    if hi is not None and hi < lo:
        lo, hi = hi, lo
    service = Service(
        id=f"s{i}",
        organization_id=org.id,
        name=" ".join(rnd.sample(WOORDEN, 3)).capitalize(),
        description=" ".join(rnd.sample(WOORDEN, 12)),
        toegang=rnd.choice(list(Toegang)),
        kosten=rnd.choice(list(Kosten)),
        leeftijd_min=lo,
        leeftijd_max=hi,
        probleemgebieden=tuple(rnd.sample(list(Probleemgebied), rnd.randint(1, 3))),
        trede=rnd.choice(list(Trede)),
        preventieniveau=rnd.choice(list(Preventieniveau)),
        werkgebied=(gm,) if rnd.random() < 0.8 else (f"WK{gm[2:]}0{rnd.randint(1, 9)}",),
        phones=(Phone("010-0000000"),),
        schedules=(Schedule(altijd_open=True),)
        if rnd.random() < 0.05
        else (
            Schedule(byday=("MO", "TU", "WE", "TH", "FR"), opens_at=dtime(9), closes_at=dtime(17)),
        ),
        languages=tuple(Language(code=c) for c in rnd.sample(["nl", "en", "ar", "tr", "pl"], 2)),
        assured_date=VANDAAG - timedelta(days=rnd.randint(0, 700)),
    )
    vestigingen = []
    for j in range(rnd.randint(1, 3)):
        loc = Location(
            id=f"l{i}-{j}",
            latitude=lat0 + rnd.uniform(-0.08, 0.08),
            longitude=lon0 + rnd.uniform(-0.12, 0.12),
            gemeente_code=gm,
            adres_vertrouwelijk=rnd.random() < 0.02,
            publieke_contactroute="Via Veilig Thuis 0800-2000",
        )
        sal = ServiceAtLocation(id=f"sal{i}-{j}", service_id=service.id, location_id=loc.id)
        wt = (
            WaitingTime(
                sal.id, float(rnd.randint(0, 20)), VANDAAG - timedelta(days=rnd.randint(0, 150))
            )
            if rnd.random() < 0.85
            else None
        )
        vestigingen.append(Vestiging(sal, loc, wt))
    return DienstOverzicht(service, org, tuple(vestigingen))


QUERIES = {
    "geen filter": Zoekvraag(),
    "tekst 'opvoeden'": Zoekvraag(tekst="opvoeden"),
    "tekst met typefout 'huiselik gewelt'": Zoekvraag(tekst="huiselik gewelt"),
    "tekst meervoud 'gezinnen schulden'": Zoekvraag(tekst="gezinnen schulden"),
    "samenstelling 'opvoedprobleem'": Zoekvraag(tekst="opvoedprobleem"),
    "thesaurus 'ruzie thuis'": Zoekvraag(tekst="ruzie thuis"),
    "gemeente + wijk": Zoekvraag(gemeente="GM1930", wijk="WK193003"),
    "punt + 5 km, op afstand": Zoekvraag(punt=(51.84, 4.31), straal_km=5, sorteer="afstand"),
    "leeftijd + probleem + max 4 weken": Zoekvraag(
        leeftijd=3,
        probleemgebieden=(Probleemgebied.OPVOEDONDERSTEUNING, Probleemgebied.HUISELIJK_GEWELD),
        max_wachttijd_weken=4,
        sorteer="wachttijd",
    ),
    "nu open + gratis + taal": Zoekvraag(
        open_op=datetime(2026, 11, 23, 10), alleen_gratis=True, taal="ar"
    ),
    "alles samen": Zoekvraag(
        tekst="opvoed",
        gemeente="GM1930",
        leeftijd=6,
        toegang=(Toegang.VRIJ, Toegang.WIJKTEAM),
        max_wachttijd_weken=8,
        sorteer="wachttijd",
    ),
}
MAX_IN_LIJST = 50  # what the search page builds per rerun (pages/verwijzen.py)


def _p95(tijden: list[float]) -> float:
    return statistics.quantiles(tijden, n=20)[18] if len(tijden) > 1 else tijden[0]


def _meet(functie, herhalingen: int) -> tuple[list[float], object]:
    tijden = []
    uit = None
    for _ in range(herhalingen):
        t0 = time.perf_counter()
        uit = functie()
        tijden.append((time.perf_counter() - t0) * 1000)
    return tijden, uit


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main(aantal: int = 10_000, herhalingen: int = 15, met_naief: bool = True) -> None:
    rnd = random.Random(20261123)
    diensten = [_dienst(i, rnd) for i in range(aantal)]
    rss_data = _rss_mb()
    t0 = time.perf_counter()
    index = Zoekindex.bouw(diensten)
    bouw_ms = (time.perf_counter() - t0) * 1000
    t0 = time.perf_counter()
    index.warm(VANDAAG, 60)  # what planner.kaart.zoekcache does right after building
    warm_ms = (time.perf_counter() - t0) * 1000
    rss_index = _rss_mb()
    print(
        f"Zoekindex over {aantal:,} diensten gebouwd in {bouw_ms:,.0f} ms + {warm_ms:,.0f} ms "
        "voorbereiden "
        f"({len(index.vocabulaire):,} woorden); RSS {rss_data:,.0f} MB met de diensten, "
        f"{rss_index:,.0f} MB met de index (piek)"
    )
    oud = None
    if met_naief:
        t0 = time.perf_counter()
        oud = naief.Zoekindex.bouw(diensten)
        print(f"naïeve index gebouwd in {(time.perf_counter() - t0) * 1000:,.0f} ms")
    kop = f"{'zoekvraag':38} {'treffers':>8} {'mediaan':>8} {'p95':>7}"
    print(f"{kop} | {'naïef mediaan':>13} {'naïef p95':>9}   (ms)")
    alle: list[float] = []
    alle_oud: list[float] = []
    for naam, vraag in QUERIES.items():
        # as the page does: search, then the first 50 results as Treffer objects
        tijden, treffers = _meet(
            lambda v=vraag: (r := search(index, v, VANDAAG, 60), r[:MAX_IN_LIJST])[0],
            herhalingen,
        )
        alle.extend(tijden)
        regel = (
            f"{naam:38} {len(treffers):>8} {statistics.median(tijden):>8.1f} {_p95(tijden):>7.1f}"
        )
        if oud is not None:
            t_oud, r_oud = _meet(lambda v=vraag: naief.search(oud, v, VANDAAG, 60), 5)
            alle_oud.extend(t_oud)
            regel += f" | {statistics.median(t_oud):>13.1f} {_p95(t_oud):>9.1f}"
            regel += f"   ({len(r_oud)} treffers)"
        print(regel)
    regel = f"{'alle zoekvragen':38} {'':>8} {statistics.median(alle):>8.1f} {_p95(alle):>7.1f}"
    if alle_oud:
        regel += f" | {statistics.median(alle_oud):>13.1f} {_p95(alle_oud):>9.1f}"
    print(regel)

    alle_treffers = search(index, Zoekvraag(), VANDAAG, 60)
    midden = len(alle_treffers) // 2  # sorted by wait: the long current waits sit mid-list
    lang = [t for t in alle_treffers[midden : midden + 5000] if heeft_lange_wachttijd(t)][:50]
    tijden = [_meet(lambda t=t: alternatives(index, t, VANDAAG, 60), 1)[0][0] for t in lang]
    regel = (
        f"{'alternatieven bij lange wachttijd (50x)':38} {'':>8} "
        f"{statistics.median(tijden):>8.1f} {_p95(tijden):>7.1f}"
    )
    if oud is not None:
        oud_lang = [
            t for t in naief.search(oud, Zoekvraag(), VANDAAG, 60) if naief.heeft_lange_wachttijd(t)
        ][:50]
        t_oud = [
            _meet(lambda t=t: naief.alternatives(oud, t, VANDAAG, 60), 1)[0][0] for t in oud_lang
        ]
        regel += f" | {statistics.median(t_oud):>13.1f} {_p95(t_oud):>9.1f}"
    print(regel)

    # one edit: a new waiting time for one service, as the app picks it up
    d = diensten[aantal // 2]
    v = d.vestigingen[0]
    nieuw = replace(
        d,
        vestigingen=(
            replace(v, laatste_wachttijd=WaitingTime(v.service_at_location.id, 1.0, VANDAAG)),
            *d.vestigingen[1:],
        ),
    )
    tijden, _ = _meet(lambda: index.bijgewerkt([nieuw]), 5)
    t_vol, _ = _meet(
        lambda: Zoekindex.bouw([*diensten[: aantal // 2], nieuw, *diensten[aantal // 2 + 1 :]]), 1
    )
    print(
        f"{'één wijziging verwerken':38} {'':>8} {statistics.median(tijden):>8.1f} "
        f"{_p95(tijden):>7.1f} | {'volledig opnieuw':>13} {t_vol[0]:>9.0f}"
    )


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    main(int(args[0]) if args else 10_000, met_naief="--zonder-naief" not in sys.argv)
