"""The "Try it" exercises of notebook 24 (security), computed from the models."""

from __future__ import annotations

from ..core.exercises import Exercise
from . import tls, web


def _credentialed_wildcard() -> str:
    verdict = web.cors_decision("https://app.example", "GET", {}, credentials=True,
                                allow_origin="*", allow_credentials=True)
    return "yes" if verdict == "allowed" else "no"


def _tls12_first_response_ms(rtt_ms: float = 80.0) -> float:
    return tls.round_trips("TLS 1.2 full")["until response"] * rtt_ms


EXERCISES = [
    Exercise(
        id="24.1",
        expected=_credentialed_wildcard,
        hint="the Fetch standard's CORS check treats a credentialed request differently "
             "from an anonymous one when the allowed origin is '*'",
        wrong={"yes": "with credentials, '*' is not accepted as an origin, even when "
                      "Access-Control-Allow-Credentials is true: the server must echo "
                      "the exact origin."},
        options=("yes", "no"),
        decide=True,
    ),
    Exercise(
        id="24.2",
        expected=_tls12_first_response_ms,
        hint="count TCP's round trip, the TLS 1.2 handshake's round trips and the "
             "request's own round trip, then multiply by the RTT",
        wrong={240.0: "that is TLS 1.3 (1 RTT of handshake); TLS 1.2's full handshake "
                      "takes 2.",
               160.0: "that counts only the TLS handshake's round trips; add TCP's "
                      "and the request's."},
        tolerance=0.001,
    ),
]
