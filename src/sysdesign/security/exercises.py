"""The "Try it" exercises of notebook 24 (security), computed from the models."""

from __future__ import annotations

from ..core.exercises import Exercise
from . import tls, web


def _credentialed_put_with_wildcards() -> str:
    verdict = web.cors_decision("https://app.example", "PUT",
                                {"Content-Type": "application/json"}, credentials=True,
                                allow_origin="https://app.example", allow_methods=("*",),
                                allow_headers=("*",), allow_credentials=True)
    return "yes" if verdict == "allowed" else "no"


def _tls12_first_response_ms(rtt_ms: float = 80.0) -> float:
    return tls.round_trips("TLS 1.2 full")["until response"] * rtt_ms


EXERCISES = [
    Exercise(
        id="24.1",
        expected=_credentialed_put_with_wildcards,
        hint="the origin and credentials headers are right; look at what '*' means in "
             "Access-Control-Allow-Methods and -Headers when the request carries "
             "credentials",
        wrong={"yes": "with credentials, the Fetch standard reads '*' in "
                      "Access-Control-Allow-Methods and -Allow-Headers as a literal name, not "
                      "a wildcard, so PUT and Content-Type are not allowed and the PUT is "
                      "never sent: list them by name."},
        options=("yes", "no"),
        decide=True,
    ),
    Exercise(
        id="24.2",
        expected=_tls12_first_response_ms,
        hint="count TCP's round trip, the TLS 1.2 handshake's round trips and the "
             "request's own round trip, then multiply by the RTT",
        wrong={240.0: "that is 3 round trips: TLS 1.3's count (1 RTT of handshake; "
                      "TLS 1.2's full handshake takes 2), or TLS 1.2 without the "
                      "request's own round trip.",
               160.0: "that counts only the TLS handshake's round trips; add TCP's "
                      "and the request's."},
        tolerance=0.001,
    ),
]
