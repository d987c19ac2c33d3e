"""The shipped lookup measurement and the code that makes it (no wall-time assertions)."""

import pandas as pd

from sysdesign.sharding import SCHEMES, measured


def test_the_shipped_table_says_where_and_when_it_was_measured():
    table, machine = measured.lookup_benchmark()
    assert set(machine) >= {"cpu", "python", "numpy", "date", "system", "load"}
    assert set(table["scheme"]) == set(SCHEMES)
    assert sorted(set(table["nodes"])) == [8, 64, 512]
    assert (table[measured.COLUMNS] > 0).all().all()
    # What the notebook says about the state: the ring keeps N x 100 points, so it is the
    # heaviest at every size; jump keeps nothing but the count.
    for _, rows in table.groupby("nodes"):
        rows = rows.set_index("scheme")
        assert rows["state bytes"].idxmax() == "ring"
        assert rows.loc["jump", "state bytes"] < 1_000


def test_measure_and_write_round_trip(tmp_path):
    table = measured.measure_lookups((4,), vnodes=10, budget=2_000, repeats=1)
    assert list(table["scheme"]) == list(SCHEMES)
    assert (table["state bytes"] > 0).all()
    path = measured.write_benchmark(table, tmp_path / "bench.json")
    payload = pd.read_json(path, typ="series")
    assert payload["machine"]["python"] and len(payload["rows"]) == len(SCHEMES)
