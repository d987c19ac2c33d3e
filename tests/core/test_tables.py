"""Tables that show every cell whole."""

import pandas as pd
import pytest

from sysdesign.core.tables import full_text


def test_full_text_shows_long_cells_in_html_and_text():
    sentence = "a Multi-Paxos leader per partition, replicas in three zones"
    table = full_text(pd.DataFrame({"how it works": [sentence]}))
    assert sentence in table._repr_html_() and sentence in repr(table)
    assert sentence not in pd.DataFrame({"how it works": [sentence]})._repr_html_()
    assert sentence in repr(table.set_index("how it works").reset_index())  # kept by operations


def test_full_text_needs_a_frame():
    with pytest.raises(TypeError, match="frame must be a pandas DataFrame, got list"):
        full_text([1, 2])
