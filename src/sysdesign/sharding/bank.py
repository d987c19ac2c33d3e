"""Accounts sharded over real SQLite databases: ACID inside one shard, not across two.

Each shard is its own SQLite database (a separate connection standing in for a separate
server). A transfer between two accounts on the same shard is one transaction: if the
process dies between the debit and the credit, SQLite rolls the debit back (atomicity),
and a ``CHECK (balance >= 0)`` constraint refuses an overdraft (consistency). A transfer
between shards is two transactions on two databases: the debit can commit and the credit
never happen. Two-phase commit makes that atomic (but blocks while its coordinator is
down); a saga with a compensating refund makes it all-or-nothing only in the end, with the
half-done state visible meanwhile. The cheaper fix is a shard key that keeps together
what one transaction touches, such as all the accounts of one customer.

The databases live in memory, so durability (the D) is not shown: on disk SQLite gets it
from its rollback journal or write-ahead log.

>>> bank = ShardedBank.sample(shard_key="customer_id")
>>> bank.transfer(0, 1, 30, crash=True)        # both accounts of customer 0: one shard
'rolled back: the crash undid the debit'
>>> bank.total() == bank.opening_total
True
"""

from __future__ import annotations

import sqlite3

from sysdesign.core import checks

from .hashing import hash64

SHARD_KEYS = ["customer_id", "account_id"]


class Crash(RuntimeError):
    """The process died mid-transfer (injected on purpose)."""


class ShardedBank:
    """Accounts (id, customer, balance) spread over ``num_shards`` SQLite databases.

    ``shard_key`` decides where an account lives: by its customer (so a customer's
    accounts share a shard) or by the account id itself (so they scatter).
    """

    def __init__(self, accounts: dict[int, tuple[int, int]], num_shards: int = 4,
                 shard_key: str = "customer_id"):
        self.num_shards = checks.integer(num_shards, "num_shards", 1)
        self.shard_key = checks.choice(shard_key, "shard_key", SHARD_KEYS)
        self.customer = {account: customer for account, (customer, _) in accounts.items()}
        self.shards = [sqlite3.connect(":memory:") for _ in range(self.num_shards)]
        for db in self.shards:
            db.execute("CREATE TABLE accounts (id INTEGER PRIMARY KEY, customer INTEGER NOT NULL,"
                       " balance INTEGER NOT NULL CHECK (balance >= 0))")
        for account, (customer, balance) in accounts.items():
            with self.shards[self.shard_of(account)] as db:
                db.execute("INSERT INTO accounts VALUES (?, ?, ?)", (account, customer, balance))
        self.opening_total = self.total()

    @classmethod
    def sample(cls, num_customers: int = 6, num_shards: int = 4,
               shard_key: str = "customer_id") -> ShardedBank:
        """Two accounts per customer (checking 2c, savings 2c+1), 100 in each."""
        num_customers = checks.integer(num_customers, "num_customers", 1)
        accounts = {account: (account // 2, 100) for account in range(2 * num_customers)}
        return cls(accounts, num_shards, shard_key)

    def shard_of(self, account: int) -> int:
        """The shard holding an account: the hash of the chosen shard key, mod N."""
        if account not in self.customer:
            raise ValueError(f"account must be an account id of this bank, got {account!r}")
        key = self.customer[account] if self.shard_key == "customer_id" else account
        return hash64(key) % self.num_shards

    def balance(self, account: int) -> int:
        """An account's balance, read from its shard."""
        (value,), = self.shards[self.shard_of(account)].execute(
            "SELECT balance FROM accounts WHERE id = ?", (account,)).fetchall()
        return value

    def total(self) -> int:
        """All the money in the bank: the invariant every transfer must keep."""
        return sum(db.execute("SELECT COALESCE(SUM(balance), 0) FROM accounts").fetchone()[0]
                   for db in self.shards)

    def transfer(self, source: int, target: int, amount: int, *, crash: bool = False) -> str:
        """Move ``amount`` from one account to another; ``crash=True`` dies after the debit.

        Returns what happened, in words.
        """
        amount = checks.integer(amount, "amount", 1)
        for name, account in (("source", source), ("target", target)):
            if account not in self.customer:
                raise ValueError(f"{name} must be an account id, got {account!r}")
        debit = "UPDATE accounts SET balance = balance - ? WHERE id = ?"
        credit = "UPDATE accounts SET balance = balance + ? WHERE id = ?"
        first, second = self.shards[self.shard_of(source)], self.shards[self.shard_of(target)]
        try:
            if first is second:
                with first:  # one transaction: commit both updates, or roll both back
                    first.execute(debit, (amount, source))
                    if crash:
                        raise Crash
                    first.execute(credit, (amount, target))
                return "committed on one shard"
            with first:  # transaction 1 of 2
                first.execute(debit, (amount, source))
            if crash:
                raise Crash
            with second:  # transaction 2 of 2, on another database
                second.execute(credit, (amount, target))
            return "committed on two shards, one after the other"
        except Crash:
            if first is second:
                return "rolled back: the crash undid the debit"
            return "debit committed on one shard, credit lost on the other"
        except sqlite3.IntegrityError:
            return "refused: the balance cannot go below zero (CHECK constraint)"
