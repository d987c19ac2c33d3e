"""Tables whose text a reader sees whole.

pandas cuts every text cell at 50 characters when it shows a frame ("a Multi-Paxos
leader per partition (replicas i..."), in Jupyter and in the HTML GitHub renders. For
reference tables made of sentences, that hides half of each one.
"""

from __future__ import annotations

import pandas as pd


class FullTextTable(pd.DataFrame):
    """A DataFrame that shows every cell in full.

    >>> table = full_text(pd.DataFrame({"why": ["x" * 60]}))
    >>> "..." in repr(table), "..." in repr(pd.DataFrame(table))
    (False, True)
    """

    @property
    def _constructor(self):
        return FullTextTable

    def _repr_html_(self):
        with pd.option_context("display.max_colwidth", None):
            return super()._repr_html_()

    def __repr__(self) -> str:
        with pd.option_context("display.max_colwidth", None):
            return super().__repr__()


def full_text(frame: pd.DataFrame) -> FullTextTable:
    """``frame`` as a table that shows every cell whole."""
    if not isinstance(frame, pd.DataFrame):
        raise TypeError(f"frame must be a pandas DataFrame, got {type(frame).__name__}")
    return FullTextTable(frame)
