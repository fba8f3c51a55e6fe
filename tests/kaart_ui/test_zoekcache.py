"""After one edit the search index reads only what changed and equals a fresh build."""

from __future__ import annotations

from dataclasses import replace

from kaartvoorbeeld import VANDAAG, kaartdata, voorbeeldkaart

from planner.kaart import repository
from planner.kaart.model import Status, WaitingTime
from planner.kaart.search import Zoekindex, Zoekvraag, fold, search
from planner.kaart.zoekcache import ZoekCache

VRAGEN = [
    Zoekvraag(),
    Zoekvraag(tekst="opvoed"),
    Zoekvraag(tekst="schulden"),
    Zoekvraag(gemeente="GM1930", sorteer="wachttijd"),
    Zoekvraag(wijk="WK193001", max_wachttijd_weken=4),
    Zoekvraag(punt=(51.845, 4.329), straal_km=10, sorteer="afstand"),
    Zoekvraag(sorteer="naam"),
]


def _zelfde_als_vers(engine, index: Zoekindex) -> None:
    vers = Zoekindex.bouw(repository.list_services(engine, alleen_actief=True))
    for vraag in VRAGEN:
        a = search(index, vraag, VANDAAG)
        b = search(vers, vraag, VANDAAG)
        assert [(t.id, t.naam, t.wachttijd, t.afstand_km) for t in a] == [
            (t.id, t.naam, t.wachttijd, t.afstand_km) for t in b
        ], vraag


def test_edits_update_the_index_without_reading_the_whole_kaart(engine):
    repository.save_kaart(engine, kaartdata(voorbeeldkaart()), wie="test")
    cache = ZoekCache(engine)
    index = cache.actueel()
    assert cache.volledig_geladen == 1 and len(index) == 8
    assert cache.actueel() is index  # nothing changed: the same object, no reading

    # a name change: found under the new name, no longer under the old one
    cjg = repository.get_service(engine, "cjg")
    repository.save_service(engine, replace(cjg, name="Schuldenwinkel Nissewaard"), wie="x")
    index = cache.actueel()
    assert "cjg" in [t.id for t in search(index, Zoekvraag(tekst="schuldenwinkel"), VANDAAG)]
    _zelfde_als_vers(engine, index)

    # a new waiting time for one location: the shortest wait moves
    repository.add_waiting_time(engine, WaitingTime("sal-loc-voorzorg", 0, VANDAAG), wie="x")
    index = cache.actueel()
    (vz,) = [t for t in search(index, Zoekvraag(), VANDAAG) if t.id == "voorzorg"]
    assert vz.wachttijd.weken == 0
    _zelfde_als_vers(engine, index)

    # an organisation renamed: its service is found under the new organisation name
    org = repository.get_organisation(engine, "org-jot")
    repository.save_organisation(engine, replace(org, name="Buurtteam Voorne"), wie="x")
    index = cache.actueel()
    assert [t.id for t in search(index, Zoekvraag(tekst="buurtteam voorne"), VANDAAG)] == ["jot"]

    # a service stopped: gone from the results
    amw = repository.get_service(engine, "amw")
    repository.save_service(engine, replace(amw, status=Status.OPGEHEVEN), wie="x")
    index = cache.actueel()
    assert "amw" not in [t.id for t in search(index, Zoekvraag(), VANDAAG)]
    assert len(index) == 7
    _zelfde_als_vers(engine, index)

    assert cache.volledig_geladen == 1 and cache.bijgewerkt == 4


def test_many_updates_compact_the_index_and_stay_correct():
    diensten = voorbeeldkaart()
    index = Zoekindex.bouw(diensten).warm(VANDAAG)  # carried over by every update
    for i in range(30):
        d = diensten[i % len(diensten)]
        v = d.vestigingen[0]
        wt = WaitingTime(v.service_at_location.id, float(i % 5), VANDAAG)
        d = replace(
            d,
            service=replace(d.service, name=f"{d.service.name} {i}"),
            vestigingen=(replace(v, laatste_wachttijd=wt), *d.vestigingen[1:]),
        )
        diensten[i % len(diensten)] = d
        index = index.bijgewerkt([d])
        vers = Zoekindex.bouw(diensten)
        for vraag in (Zoekvraag(), Zoekvraag(sorteer="wachttijd")):
            assert [(t.id, t.wachttijd) for t in search(index, vraag, VANDAAG)] == [
                (t.id, t.wachttijd) for t in search(vers, vraag, VANDAAG)
            ]
    assert len(index) == 8
    assert len(index.diensten) < 8 + 30  # dead positions were compacted away
    namen = [t.naam for t in search(index, Zoekvraag(sorteer="naam"), VANDAAG)]
    assert namen == sorted(namen, key=fold)
