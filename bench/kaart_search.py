"""Search latency of the sociale kaart over 10,000 generated services (median and p95, ms).

Builds a deterministic kaart (seeded random: names, descriptions, ages, problem areas,
werkgebied in three gemeenten, up to three locations with waiting times), builds the
``Zoekindex`` once, then times a mix of queries a professional would type: no filter, free
text with and without typos, gemeente/wijk, a point with a radius, age + problem + maximum
waiting time, open now, sorted by waiting time or distance. Prints figures, asserts nothing.

Run: .venv/bin/python bench/kaart_search.py [aantal]
"""

from __future__ import annotations

import random
import statistics
import sys
import time
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


def main(aantal: int = 10_000, herhalingen: int = 15) -> None:
    rnd = random.Random(20261123)
    diensten = [_dienst(i, rnd) for i in range(aantal)]
    t0 = time.perf_counter()
    index = Zoekindex.bouw(diensten)
    bouw_ms = (time.perf_counter() - t0) * 1000
    print(
        f"Zoekindex over {aantal:,} diensten gebouwd in {bouw_ms:.0f} ms "
        f"({len(index.vocabulaire):,} woorden)"
    )
    alle: list[float] = []
    print(f"{'zoekvraag':40} {'treffers':>8} {'mediaan ms':>11} {'p95 ms':>8}")
    for naam, vraag in QUERIES.items():
        tijden = []
        for _ in range(herhalingen):
            t0 = time.perf_counter()
            treffers = search(index, vraag, VANDAAG, 60)
            tijden.append((time.perf_counter() - t0) * 1000)
        alle.extend(tijden)
        p95 = statistics.quantiles(tijden, n=20)[18]
        print(f"{naam:40} {len(treffers):>8} {statistics.median(tijden):>11.1f} {p95:>8.1f}")
    p95 = statistics.quantiles(alle, n=20)[18]
    print(f"{'alle zoekvragen':40} {'':>8} {statistics.median(alle):>11.1f} {p95:>8.1f}")
    lang = [t for t in search(index, Zoekvraag(), VANDAAG, 60) if heeft_lange_wachttijd(t)][:50]
    tijden = []
    for t in lang:
        t0 = time.perf_counter()
        alternatives(index, t, VANDAAG, 60)
        tijden.append((time.perf_counter() - t0) * 1000)
    p95 = statistics.quantiles(tijden, n=20)[18]
    print(
        f"{'alternatieven bij lange wachttijd (50x)':40} {'':>8} "
        f"{statistics.median(tijden):>11.1f} {p95:>8.1f}"
    )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10_000)
