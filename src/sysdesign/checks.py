"""Input checks shared by every model, so a bad argument reads the same everywhere."""

from __future__ import annotations

import operator


class NotAnInteger(TypeError, ValueError):
    """A value that should be a whole number is not one.

    It is both a TypeError (the wrong kind of value) and a ValueError (a bad
    input), so callers may catch either.
    """


def integer(value, name: str, lo: int | None = None, hi: int | None = None,
            hint: str = "") -> int:
    """Return ``value`` as an int (numpy integers welcome), or raise naming ``name`` and the range.

    >>> integer(3, "n", 1)
    3
    >>> integer(0, "capacity", 1, hint="slots in the cache")
    Traceback (most recent call last):
    ...
    ValueError: capacity must be an integer >= 1 (slots in the cache), got 0
    """
    if lo is not None and hi is not None:
        allowed = f" in {lo}..{hi}"
    elif lo is not None:
        allowed = f" >= {lo}"
    elif hi is not None:
        allowed = f" <= {hi}"
    else:
        allowed = ""
    suffix = f" ({hint})" if hint else ""
    if isinstance(value, bool) or type(value).__name__ == "bool_":
        raise NotAnInteger(f"{name} must be an integer{allowed}{suffix}, got {value!r}")
    try:
        number = operator.index(value)
    except TypeError:
        raise NotAnInteger(f"{name} must be an integer{allowed}{suffix}, "
                           f"got {type(value).__name__} {value!r}") from None
    if (lo is not None and number < lo) or (hi is not None and number > hi):
        raise ValueError(f"{name} must be an integer{allowed}{suffix}, got {number}")
    return number
