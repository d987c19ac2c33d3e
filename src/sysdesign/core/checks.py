"""One validation vocabulary for every model.

A value of the wrong *type* raises ``TypeError``; a value of the right type but
outside what is allowed raises ``ValueError``. Both messages name the parameter as
it is spelled in the signature, say what is allowed, and show what was given:

>>> integer(0, "capacity", 1, hint="slots in the cache")
Traceback (most recent call last):
...
ValueError: capacity must be an integer >= 1 (slots in the cache), got 0
>>> number("fast", "latency")
Traceback (most recent call last):
...
TypeError: latency must be a number, got str 'fast'
"""

from __future__ import annotations

import math
import numbers
import operator
from collections.abc import Collection


class NotAnInteger(TypeError, ValueError):
    """A value that should be a whole number is not one (2.5, "3", True).

    It is a TypeError (the wrong kind of value) and, for callers written before this
    vocabulary, also a ValueError, so either ``except`` catches it.
    """


def _range_text(lo, hi, lo_open: bool = False, hi_open: bool = False) -> str:
    """' in 1..10', ' >= 0', ' > 0', ' in (0, 1]' or '' : what the bounds allow."""
    lo, hi = (f"{b:g}" if isinstance(b, float) else b for b in (lo, hi))
    if lo is not None and hi is not None:
        if lo_open or hi_open:
            return f" in {'(' if lo_open else '['}{lo}, {hi}{')' if hi_open else ']'}"
        return f" in {lo}..{hi}"
    if lo is not None:
        return f" {'>' if lo_open else '>='} {lo}"
    if hi is not None:
        return f" {'<' if hi_open else '<='} {hi}"
    return ""


def _outside(value, lo, hi, lo_open: bool, hi_open: bool) -> bool:
    if lo is not None and (value < lo or (lo_open and value == lo)):
        return True
    return hi is not None and (value > hi or (hi_open and value == hi))


def integer(value, name: str, lo: int | None = None, hi: int | None = None,
            hint: str = "") -> int:
    """Return ``value`` as an int (numpy integers welcome) in ``lo..hi``, or raise.

    >>> integer(3, "n", 1)
    3
    >>> try:
    ...     integer(2.5, "n")
    ... except TypeError as error:
    ...     print(error)
    n must be an integer, got float 2.5
    """
    def wanted() -> str:  # built only on failure: models call this in their hot loops
        return f"{name} must be an integer{_range_text(lo, hi)}{f' ({hint})' if hint else ''}"

    if isinstance(value, bool) or type(value).__name__ == "bool_":
        raise NotAnInteger(f"{wanted()}, got {value!r}")
    try:
        whole = operator.index(value)
    except TypeError:
        raise NotAnInteger(f"{wanted()}, got {type(value).__name__} {value!r}") from None
    if _outside(whole, lo, hi, False, False):
        raise ValueError(f"{wanted()}, got {whole}")
    return whole


def number(value, name: str, lo: float | None = None, hi: float | None = None, *,
           lo_open: bool = False, hi_open: bool = False, finite: bool = True,
           hint: str = "") -> float:
    """Return ``value`` as a float within the bounds, or raise.

    ``lo_open``/``hi_open`` exclude the bound itself; ``finite=False`` lets infinity
    through (NaN never passes).

    >>> number(2, "latency", 0)
    2.0
    >>> number(0, "rate", 0, lo_open=True, hint="requests per second")
    Traceback (most recent call last):
    ...
    ValueError: rate must be a number > 0 (requests per second), got 0.0
    """
    kind = type(value)
    # Plain floats and ints skip the slower abstract-class test (simulations call this often).
    if not (kind is float or kind is int) and (
            isinstance(value, bool) or kind.__name__ == "bool_"
            or not isinstance(value, numbers.Real)):
        allowed = _range_text(lo, hi, lo_open, hi_open)
        suffix = f" ({hint})" if hint else ""
        raise TypeError(f"{name} must be a number{allowed}{suffix}, "
                        f"got {kind.__name__} {value!r}")
    result = float(value)
    if result != result or (finite and math.isinf(result)) or (
            (lo is not None or hi is not None) and _outside(result, lo, hi, lo_open, hi_open)):
        allowed = _range_text(lo, hi, lo_open, hi_open)
        suffix = f" ({hint})" if hint else ""
        adjective = "a number" if math.isfinite(result) or not finite else "a finite number"
        raise ValueError(f"{name} must be {adjective}{allowed}{suffix}, got {result}")
    return result


def fraction(value, name: str, *, lo_open: bool = False, hi_open: bool = False,
             hint: str = "") -> float:
    """Return ``value`` as a share between 0 and 1, or raise (spotting percentages).

    >>> fraction(0.999, "availability")
    0.999
    >>> fraction(99.9, "availability")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: availability must be ... got 99.9 (it looks like a percentage: did you mean 0.999?)
    """
    result = number(value, name, hint=hint)
    if _outside(result, 0, 1, lo_open, hi_open):
        allowed = _range_text(0, 1, lo_open, hi_open) if (lo_open or hi_open) else " in [0, 1]"
        suffix = f" ({hint})" if hint else ""
        if 1 < result <= 1 + 1e-6:  # a share computed in floating point, a hair over 1
            guess = " (a rounding error just above 1? clamp it with min(value, 1.0))"
        elif 1 < result <= 100:
            guess = f" (it looks like a percentage: did you mean {result / 100:g}?)"
        else:
            guess = ""
        # :g would print 1.0000001 as "1", hiding why it was refused.
        shown = f"{result:g}" if float(f"{result:g}") == result else repr(result)
        raise ValueError(f"{name} must be a fraction{allowed}{suffix}, got {shown}{guess}")
    return result


def choice(value, name: str, allowed: Collection):
    """Return ``value`` if it is one of ``allowed``, or raise naming the options.

    >>> choice("lru", "policy", ["fifo", "lru"])
    'lru'
    >>> choice("LRU ", "policy", ["fifo", "lru"])
    Traceback (most recent call last):
    ...
    ValueError: policy must be one of 'fifo', 'lru'; got 'LRU '
    """
    options = list(allowed)
    try:
        found = value in options
    except TypeError:  # an unhashable value asked of a dict or set
        found = False
    if not found:
        listed = ", ".join(repr(option) for option in options)
        raise ValueError(f"{name} must be one of {listed}; got {value!r}")
    return value
