"""ACID in real SQLite: a crash rolls back inside a shard, and loses money across shards."""

import pytest

from sysdesign.sharding import ShardedBank


def pair_split_over_two_shards(bank):
    return next((2 * c, 2 * c + 1) for c in range(6)
                if bank.shard_of(2 * c) != bank.shard_of(2 * c + 1))


def test_a_customers_accounts_share_a_shard_when_sharded_by_customer():
    bank = ShardedBank.sample(num_customers=6, shard_key="customer_id")
    assert all(bank.shard_of(2 * c) == bank.shard_of(2 * c + 1) for c in range(6))
    assert bank.opening_total == 1_200


def test_a_crash_inside_one_shard_rolls_back():
    bank = ShardedBank.sample(shard_key="customer_id")
    assert bank.transfer(0, 1, 30, crash=True) == "rolled back: the crash undid the debit"
    assert (bank.balance(0), bank.balance(1), bank.total()) == (100, 100, 1_200)
    assert bank.transfer(0, 1, 30) == "committed on one shard"
    assert (bank.balance(0), bank.balance(1), bank.total()) == (70, 130, 1_200)


def test_a_crash_between_two_shards_loses_the_money():
    bank = ShardedBank.sample(shard_key="account_id")
    source, target = pair_split_over_two_shards(bank)
    outcome = bank.transfer(source, target, 30, crash=True)
    assert outcome == "debit committed on one shard, credit lost on the other"
    assert (bank.balance(source), bank.balance(target)) == (70, 100)
    assert bank.total() == bank.opening_total - 30


def test_the_check_constraint_refuses_an_overdraft():
    bank = ShardedBank.sample()
    assert bank.transfer(0, 1, 101).startswith("refused")
    assert bank.total() == 1_200 and bank.balance(0) == 100


@pytest.mark.parametrize("bad, error", [
    (dict(amount=0), ValueError), (dict(amount=1.5), TypeError), (dict(source=99), ValueError),
])
def test_rejects_bad_transfers(bad, error):
    bank = ShardedBank.sample()
    with pytest.raises(error):
        bank.transfer(**{"source": 0, "target": 1, "amount": 5, **bad})


def test_rejects_a_bad_shard_key():
    with pytest.raises(ValueError, match="^shard_key"):
        ShardedBank.sample(shard_key="branch")


@pytest.mark.parametrize("shard_key", ["customer_id", "account_id"])
def test_an_unknown_account_is_refused_with_a_clear_error(shard_key):
    bank = ShardedBank.sample(shard_key=shard_key)
    for lookup in (bank.shard_of, bank.balance):
        with pytest.raises(ValueError, match="^account must be an account id"):
            lookup(99)
