"""Software design principles, run: coupling, cohesion and dependency inversion.

``CoupledCheckout`` builds its own database and mailer: to test it you need both, and
changing the mailer means editing checkout code. ``Checkout`` receives *interfaces*
(``Orders``, ``Notifier``): it is cohesive (only the checkout rule) and loosely coupled
(any store, any notifier, including the fakes a test passes in).

>>> orders, outbox = InMemoryOrders(), Outbox()
>>> Checkout(orders, outbox).place("ann", 30.0)
1
>>> outbox.sent
[('ann', 'order 1 placed: 30.00')]
"""

from __future__ import annotations

from typing import Protocol

from ..core import checks


class Orders(Protocol):
    def add(self, customer: str, total: float) -> int: ...


class Notifier(Protocol):
    def send(self, to: str, text: str) -> None: ...


class InMemoryOrders:
    """An order store in a list (a test double, or a prototype)."""

    def __init__(self):
        self.rows: list[tuple[str, float]] = []

    def add(self, customer: str, total: float) -> int:
        self.rows.append((customer, total))
        return len(self.rows)


class Outbox:
    """A notifier that keeps messages instead of sending them."""

    def __init__(self):
        self.sent: list[tuple[str, str]] = []

    def send(self, to: str, text: str) -> None:
        self.sent.append((to, text))


class Checkout:
    """Place an order and tell the customer: the business rule, and nothing else."""

    def __init__(self, orders: Orders, notifier: Notifier):
        self.orders, self.notifier = orders, notifier

    def place(self, customer: str, total: float) -> int:
        total = checks.number(total, "total", 0, lo_open=True, hint="an order's amount")
        order_id = self.orders.add(customer, total)
        self.notifier.send(customer, f"order {order_id} placed: {total:.2f}")
        return order_id


class SmtpMailer:
    """Stands for a real mail client: it needs a server, so a test cannot use it."""

    def __init__(self, host: str = "smtp.example.com"):
        self.host = host

    def send(self, to: str, text: str) -> None:
        raise ConnectionError(f"no mail server at {self.host} in this notebook")


class CoupledCheckout:
    """The same rule, welded to one store and one mailer it builds itself."""

    def __init__(self):
        self.orders = InMemoryOrders()  # in real code: a Postgres connection
        self.mailer = SmtpMailer()

    def place(self, customer: str, total: float) -> int:
        order_id = self.orders.add(customer, total)
        self.mailer.send(customer, f"order {order_id} placed: {total:.2f}")
        return order_id
