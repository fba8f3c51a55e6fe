"""A gemeente's download table sliced from the national one equals the direct one."""

from __future__ import annotations

import pandas as pd

from planner.wijken import indicators, weergave


def test_sliced_table_equals_the_gemeente_table(cbs_real):
    rs = indicators.alle_reeksen(cbs_real)
    alle = weergave.download_tabel(cbs_real, cbs_real.wijken, rs)
    for gm in ("GM1930", "GM0363"):
        direct = weergave.download_tabel(cbs_real, cbs_real.wijken_van(gm), rs)
        pd.testing.assert_frame_equal(weergave.download_tabel_van(alle, gm), direct)
