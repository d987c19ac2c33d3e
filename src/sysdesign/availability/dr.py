"""Disaster recovery strategies: what each keeps running in a second region, and the RTO,
RPO and standing cost that follow.

The four strategies of AWS's "Disaster Recovery of Workloads on AWS" whitepaper, from
cheapest and slowest to dearest and fastest. RTO and RPO are computed from a few
parameters of the workload (how much data, how fast it restores, how long servers take to
start); the standing cost is the share of production capacity kept running in the
recovery region, an illustrative assumption, not a price list.

>>> rto = strategies()["RTO (min)"]
>>> float(rto["backup and restore"]), float(rto["multi-site active/active"])
(275.0, 5.0)
"""

from __future__ import annotations

import pandas as pd

from sysdesign.core import checks

# Share of production capacity each strategy keeps running in the recovery region.
STANDING_COST = {"backup and restore": 0.02, "pilot light": 0.10, "warm standby": 0.30,
                 "multi-site active/active": 1.00}


def strategies(*, data_gb: float = 2_000, restore_gb_per_hour: float = 500,
               backup_every_hours: float = 24, replication_lag_s: float = 1.0,
               provision_min: float = 30, scale_min: float = 15,
               reroute_min: float = 5) -> pd.DataFrame:
    """RTO and worst-case RPO (minutes) and standing cost of the four DR strategies.

    - backup and restore: start servers, restore the last backup, reroute; the writes
      since that backup are lost (RPO up to the backup interval);
    - pilot light: data replicated continuously, servers off: start them, scale, reroute;
    - warm standby: a scaled-down copy runs: scale it up, reroute;
    - multi-site active/active: a full copy serves already: reroute only.
    The last three lose the replication lag's worth of writes (asynchronous replication).
    """
    data_gb = checks.number(data_gb, "data_gb", 0)
    restore = checks.number(restore_gb_per_hour, "restore_gb_per_hour", 0, lo_open=True)
    backup = checks.number(backup_every_hours, "backup_every_hours", 0, lo_open=True)
    lag_min = checks.number(replication_lag_s, "replication_lag_s", 0) / 60
    provision_min = checks.number(provision_min, "provision_min", 0)
    scale_min = checks.number(scale_min, "scale_min", 0)
    reroute_min = checks.number(reroute_min, "reroute_min", 0)
    rto = {"backup and restore": provision_min + data_gb / restore * 60 + reroute_min,
           "pilot light": provision_min + scale_min + reroute_min,
           "warm standby": scale_min + reroute_min,
           "multi-site active/active": reroute_min}
    rpo = {"backup and restore": backup * 60, "pilot light": lag_min,
           "warm standby": lag_min, "multi-site active/active": lag_min}
    table = pd.DataFrame({"RTO (min)": rto, "RPO (min)": rpo,
                          "standing cost": STANDING_COST})
    table.index.name = "strategy"
    return table
