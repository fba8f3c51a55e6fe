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


def test_the_kaart_is_read_in_steps_and_kept_pickled(engine, monkeypatch):
    """Issue 13 (100,000 services in ≤ 600 MB): the cache reads the kaart a few services
    at a time and the index keeps each record pickled; results and the language options
    are the same as a build from the whole list, and a shown hit is the full record."""
    from planner.kaart import search as zoeken
    from planner.kaart import zoekcache
    from planner.kaart.search import taalnamen_in, talen_in

    repository.save_kaart(engine, kaartdata(voorbeeldkaart()), wie="test")
    gelezen: list[int] = []
    origineel = repository.dienst_overzichten

    def telt(bind, ids, **kwargs):
        gelezen.append(len(list(ids)) if ids is not None else -1)  # -1: the whole kaart
        return origineel(bind, ids, **kwargs)

    monkeypatch.setattr(zoeken, "DEEL", 3)
    monkeypatch.setattr(zoekcache, "DEEL", 3)
    monkeypatch.setattr(repository, "dienst_overzichten", telt)
    index = ZoekCache(engine).actueel()
    assert gelezen == [3, 3, 2]  # 8 services, never all at once
    monkeypatch.setattr(repository, "dienst_overzichten", origineel)
    assert all(isinstance(b, bytes) for b in index.diensten._blobs)
    _zelfde_als_vers(engine, index)
    vers = Zoekindex.bouw(repository.list_services(engine, alleen_actief=True))
    assert talen_in(index) == talen_in(vers) and taalnamen_in(index) == taalnamen_in(vers)
    (t, *_) = search(index, Zoekvraag(), VANDAAG)
    assert t.dienst == repository.dienst_overzichten(engine, [t.id])[0]


def test_a_slow_rebuild_does_not_stall_the_other_searches(engine, monkeypatch):
    """While one session rebuilds the index (a big import), the others keep the old one."""
    import threading

    repository.save_kaart(engine, kaartdata(voorbeeldkaart()), wie="test")
    cache = ZoekCache(engine)
    oud = cache.actueel()
    monkeypatch.setattr(ZoekCache, "WACHT_S", 0.05)
    bezig, verder = threading.Event(), threading.Event()
    echt = ZoekCache._bijwerken

    def traag(self) -> None:
        bezig.set()
        assert verder.wait(10)
        echt(self)

    monkeypatch.setattr(ZoekCache, "_bijwerken", traag)
    cjg = repository.get_service(engine, "cjg")
    repository.save_service(engine, replace(cjg, name="Schuldenwinkel Nissewaard"), wie="x")
    bouwer = threading.Thread(target=cache.actueel)
    bouwer.start()
    assert bezig.wait(10)
    assert cache.actueel() is oud  # not blocked: the previous, complete index
    verder.set()
    bouwer.join(10)
    nieuw = cache.actueel()
    assert nieuw is not oud
    assert "cjg" in [t.id for t in search(nieuw, Zoekvraag(tekst="schuldenwinkel"), VANDAAG)]
