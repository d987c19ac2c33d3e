"""DNS as a traffic director: round-robin, weighted and latency-based (GeoDNS) answers.

Three servers in three regions answer for one name. Resolvers in those regions, each with
its own crowd of users, ask for the name whenever their cached answer expires and send all
their users to the first address of the answer until the TTL runs out. The authoritative
server decides what each answer says:

- ``"round robin"``: every address, the list rotated by one at each response;
- ``"weighted"``: one address, drawn with probability proportional to its weight;
- ``"latency"``: the address of the server nearest the resolver (GeoDNS, latency-based).

The split this produces is counted in users' requests, not in DNS answers: one answer to a
big resolver moves far more traffic than one to a small one, for a whole TTL.

>>> run = split(policy="round robin", ttl_s=300, resolvers=20, skew=1.0, seed=0)
>>> run.shares.round(2).tolist()   # over the hour: even
[0.33, 0.33, 0.33]
>>> round(run.lumpiness, 2)   # but some minute strays this far from a third
0.22
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..core import checks
from ..core.workloads import zipf_probabilities

SERVERS = ("us-east 198.51.100.7", "eu-west 198.51.100.8", "ap-south 203.0.113.9")
REGIONS = ("Americas", "Europe", "Asia")
REGION_SHARE = (0.4, 0.35, 0.25)  # where the users are
WEIGHTS = (2.0, 1.0, 1.0)  # the weighted policy's weights, per server
# Round-trip time in ms from users in each region (rows) to each server (columns).
RTT_MS = np.array([[20.0, 90.0, 220.0],
                   [90.0, 15.0, 140.0],
                   [220.0, 140.0, 30.0]])
POLICIES = ("round robin", "weighted", "latency")


@dataclass
class Split:
    """Requests per server over time, by policy."""

    times: np.ndarray  # s, start of each time bin
    per_bin: np.ndarray  # shape (bins, servers): share of each bin's requests per server
    shares: np.ndarray  # share of all requests per server
    mean_rtt_ms: float  # the users' average round trip to the server they were sent to
    answers: int  # DNS responses the authoritative server gave
    resolver_sizes: np.ndarray  # share of users behind each resolver

    @property
    def lumpiness(self) -> float:
        """Largest deviation of any server's per-bin share from its overall share."""
        return float(np.abs(self.per_bin - self.shares).max())


def split(*, policy: str = "round robin", ttl_s: float = 300.0, resolvers: int = 20,
          skew: float = 1.0, duration_s: float = 3600.0, bin_s: float = 60.0,
          seed=0) -> Split:
    """Run ``resolvers`` resolvers (user crowds sized by Zipf(``skew``)) for ``duration_s``.

    Each resolver refetches the moment its answer expires (busy resolvers always have a
    user waiting), starting at a random phase; ``ttl_s`` = 0 means no caching at all, so
    every request gets a fresh answer.
    """
    checks.choice(policy, "policy", POLICIES)
    ttl_s = checks.number(ttl_s, "ttl_s", 0, hint="seconds")
    resolvers = checks.integer(resolvers, "resolvers", 1)
    duration_s = checks.number(duration_s, "duration_s", 0, lo_open=True, hint="seconds")
    bin_s = checks.number(bin_s, "bin_s", 0, lo_open=True, hint="seconds")
    rng = np.random.default_rng(seed)
    sizes = zipf_probabilities(resolvers, skew)[rng.permutation(resolvers)]
    region = rng.choice(len(REGIONS), resolvers, p=REGION_SHARE)
    bins = int(np.ceil(duration_s / bin_s))
    times = np.arange(bins) * bin_s
    grid = (np.arange(bins * 10) + 0.5) * bin_s / 10  # ten samples per bin
    if ttl_s == 0:
        # No caching: every request asks, so the policy's long-run split holds at every instant.
        per_resolver = np.array([_mix(policy, region[r]) for r in range(resolvers)])
        served = np.repeat((sizes[:, None] * per_resolver)[:, None, :], len(grid), axis=1)
        answers = -1  # one per request: uncounted
    else:
        phase = rng.uniform(0, ttl_s, resolvers)
        fetch_index = np.floor((grid[None, :] - phase[:, None]) / ttl_s).astype(int) + 1
        # fetch k of resolver r happens at phase + (k - 1) * ttl (k = 0: before the run)
        count = fetch_index.max() + 1
        fetch_times = phase[:, None] + (np.arange(count)[None, :] - 1) * ttl_s
        order = np.argsort(fetch_times, axis=None, kind="stable").argsort().reshape(
            fetch_times.shape)
        server = np.empty((resolvers, count), dtype=int)
        for r in range(resolvers):
            server[r] = _answers(policy, region[r], order[r], rng)
        chosen = np.take_along_axis(server, fetch_index, axis=1)  # (resolvers, grid)
        served = np.zeros((resolvers, len(grid), len(SERVERS)))
        np.put_along_axis(served, chosen[:, :, None], sizes[:, None, None], axis=2)
        answers = int((fetch_times < duration_s).sum())
    total = served.sum(axis=0)  # (grid, servers)
    per_bin = total.reshape(bins, 10, len(SERVERS)).sum(axis=1)
    per_bin = per_bin / per_bin.sum(axis=1, keepdims=True)
    shares = total.sum(axis=0) / total.sum()
    by_region = np.array([RTT_MS[region[r]] for r in range(resolvers)])
    mean_rtt = float((served.sum(axis=1) * by_region).sum() / served.sum())
    return Split(times, per_bin, shares, mean_rtt, answers, sizes)


def _answers(policy: str, region: int, order: np.ndarray, rng) -> np.ndarray:
    """The first address of each answer a resolver got, given the global order of fetches."""
    if policy == "round robin":
        return order % len(SERVERS)
    if policy == "weighted":
        weights = np.asarray(WEIGHTS) / sum(WEIGHTS)
        return rng.choice(len(SERVERS), len(order), p=weights)
    return np.full(len(order), int(np.argmin(RTT_MS[region])))


def _mix(policy: str, region: int) -> np.ndarray:
    """The long-run share of answers per server for one resolver (no caching)."""
    if policy == "round robin":
        return np.full(len(SERVERS), 1 / len(SERVERS))
    if policy == "weighted":
        return np.asarray(WEIGHTS) / sum(WEIGHTS)
    mix = np.zeros(len(SERVERS))
    mix[int(np.argmin(RTT_MS[region]))] = 1.0
    return mix
