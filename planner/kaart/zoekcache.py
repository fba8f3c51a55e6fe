"""Keep one process's search index in step with the store, without reloading the kaart.

The first call builds the ``Zoekindex`` from the whole kaart. After that every call asks
the change counter (``repository.huidige_versie``, one tiny query); when it moved, only
the services touched since the number this process last saw are read
(``repository.gewijzigd_sinds`` → ``diensten_geraakt`` → ``dienst_overzichten``) and
swapped into a new index (``Zoekindex.bijgewerkt``). The counter cannot go backwards in
commit order, so a change committed by another instance is never missed.

Shared by all sessions of a process (Streamlit ``cache_resource``): the lock makes one
session do an update while the others keep using the previous, complete index.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import date

from sqlalchemy import select
from sqlalchemy.engine import Engine

from planner.kaart import repository
from planner.kaart import tables as t
from planner.kaart.model import DienstOverzicht, Status
from planner.kaart.search import DEEL, Zoekindex


def _in_stappen(engine: Engine) -> Iterator[DienstOverzicht]:
    """Every active service, read ``DEEL`` at a time in the kaart's order (name, id).

    The index pickles each step and lets it go, so the whole kaart is never in memory as
    objects (100,000 services: ~500 MB as objects, ~150 MB pickled).
    """
    with engine.connect() as conn:
        ids = list(
            conn.execute(
                select(t.diensten.c.id)
                .where(t.diensten.c.status == Status.ACTIEF.value)
                .order_by(t.diensten.c.name, t.diensten.c.id)
            ).scalars()
        )
    for i in range(0, len(ids), DEEL):
        yield from repository.dienst_overzichten(engine, ids[i : i + DEEL], alleen_actief=True)


VOLLEDIG_BOVEN = 0.2  # more than this share of the kaart changed: read it all again


class ZoekCache:
    """The current ``Zoekindex`` of one store."""

    WACHT_S = 2.0  # how long a search waits for another session's update of the index

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.index: Zoekindex | None = None
        self.versie = -1
        self.volledig_geladen = 0  # for tests and the bench: how often the whole kaart was read
        self.bijgewerkt = 0
        self._lock = threading.Lock()

    def actueel(self) -> Zoekindex:
        """The index as of the newest committed change."""
        nu = repository.huidige_versie(self.engine)
        index = self.index
        if index is not None and nu == self.versie:
            return index
        # An update of a few services takes milliseconds: wait for it. A full rebuild (a big
        # import; ~26 s at 100,000 services) must not stall every search of the region:
        # after WACHT_S the others keep the previous, complete index until it is done.
        if not self._lock.acquire(timeout=self.WACHT_S if index is not None else -1):
            assert index is not None
            return index
        try:
            if self.index is not None and self.versie == nu:
                return self.index
            if self.index is None:
                self._volledig()
            else:
                self._bijwerken()
            assert self.index is not None
            return self.index
        finally:
            self._lock.release()

    def _volledig(self) -> None:
        versie = repository.huidige_versie(self.engine)  # first: later changes are re-read
        index = Zoekindex.bouw(_in_stappen(self.engine))  # the index keeps them pickled
        self.index, self.versie = index.warm(date.today()), versie
        self.volledig_geladen += 1

    def _bijwerken(self) -> None:
        assert self.index is not None
        nu, gewijzigd = repository.gewijzigd_sinds(self.engine, self.versie)
        ids = repository.diensten_geraakt(self.engine, gewijzigd)
        if ids is None or len(ids) > VOLLEDIG_BOVEN * max(len(self.index), 50):
            self._volledig()
            return
        nieuw = repository.dienst_overzichten(self.engine, ids, alleen_actief=True)
        weg = ids - {d.service.id for d in nieuw}  # no longer active
        self.index = self.index.bijgewerkt(nieuw, weg)
        self.versie = nu
        self.bijgewerkt += 1
