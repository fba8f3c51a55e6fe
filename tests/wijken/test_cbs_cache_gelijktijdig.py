"""Two app processes starting at once must never corrupt the CBS cache (deploy/)."""

from __future__ import annotations

import pickle
import threading

from planner.settings import Settings
from planner.wijken.cbs import load_cbs


def test_simultaneous_first_loads_write_one_valid_cache(synthetic_dir, tmp_path):
    settings = Settings.from_env(
        {"PREVENTIEKAART_DATA_DIR": str(synthetic_dir), "PREVENTIEKAART_HOME": str(tmp_path / "h")}
    )
    start = threading.Barrier(4)
    fouten: list[BaseException] = []
    resultaten = []

    def laad() -> None:
        start.wait()
        try:
            resultaten.append(load_cbs(settings))
        except BaseException as exc:
            fouten.append(exc)

    threads = [threading.Thread(target=laad) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert fouten == []
    assert len(resultaten) == 4
    (cache,) = settings.cache_dir.glob("cbs-*.pickle")
    assert [p.name for p in settings.cache_dir.iterdir() if p.name.endswith(".tmp")] == []
    with cache.open("rb") as fh:
        uit_cache = pickle.load(fh)
    assert list(uit_cache.wijken["code"]) == list(resultaten[0].wijken["code"])
