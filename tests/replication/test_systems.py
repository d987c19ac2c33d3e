"""The PACELC table: one row per configuration, and the corrections it must keep."""

from sysdesign.replication.systems import COLUMNS, PACELC_SYSTEMS, pacelc_table


def row(prefix):
    [found] = [r for r in PACELC_SYSTEMS if r["configuration"].startswith(prefix)]
    return found


def test_every_row_names_a_configuration_and_both_halves():
    table = pacelc_table()
    assert list(table.columns) == list(COLUMNS[1:]) and table.index.is_unique
    for r in PACELC_SYSTEMS:
        assert r["P"].rstrip("*") in ("A", "C") and r["E"] in ("L", "C")
        assert "," in r["configuration"] or "(" in r["configuration"]  # a setting, not a product
        # Answering from one replica during a partition can never be linearizable.
        if r["P"].startswith("A"):
            assert r["linearizable"].startswith("no")


def test_cassandra_at_quorum_refuses_yet_is_not_linearizable():
    quorum = row("Cassandra, QUORUM")
    assert (quorum["P"], quorum["E"], quorum["linearizable"]) == ("C", "C", "no")
    assert "last-writer-wins" in quorum["how it works"]
    assert row("Cassandra, ONE")["P"] == "A"
    assert row("Cassandra, lightweight")["linearizable"] == "yes"


def test_dynamodb_writes_go_through_a_leader_only_eventual_reads_are_pa_el():
    rows = [r for r in PACELC_SYSTEMS if r["configuration"].startswith("DynamoDB,")]
    assert {r["configuration"]: (r["P"], r["E"]) for r in rows} == {
        "DynamoDB, writes": ("C", "C"),
        "DynamoDB, eventually consistent reads (the default)": ("A", "L"),
        "DynamoDB, strongly consistent reads (ConsistentRead=true)": ("C", "C")}
    assert "Multi-Paxos leader" in row("DynamoDB, writes")["how it works"]
