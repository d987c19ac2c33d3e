"""The same records as JSON, MessagePack and Protocol Buffers: sizes, gzip, round trips.

The protobuf message class is built at run time from a descriptor (no ``.proto`` file, no
``protoc``): :func:`user_classes` writes the schema below as a ``FileDescriptorProto``,
adds it to a descriptor pool and asks ``message_factory`` for the classes.

.. code-block:: proto

    syntax = "proto3";
    message User { uint64 id = 1; string name = 2; string email = 3; uint32 age = 4;
                   bool active = 5; sint64 balance_cents = 6; repeated string tags = 7; }
    message Users { repeated User users = 1; }

>>> encoded = encode_protobuf([{"id": 150}])
>>> encoded.hex(" ")  # Users.users (field 1, length 3) holding User.id = 150
'0a 03 08 96 01'
"""

from __future__ import annotations

import functools
import gzip
import json
import random
import time

import msgpack
from google.protobuf import descriptor_pb2, descriptor_pool, message_factory

from ..core import checks

FIELDS = (  # name, field number, protobuf type, repeated?
    ("id", 1, "uint64", False), ("name", 2, "string", False), ("email", 3, "string", False),
    ("age", 4, "uint32", False), ("active", 5, "bool", False),
    ("balance_cents", 6, "sint64", False), ("tags", 7, "string", True),
)
_TYPES = {"uint64": descriptor_pb2.FieldDescriptorProto.TYPE_UINT64,
          "uint32": descriptor_pb2.FieldDescriptorProto.TYPE_UINT32,
          "sint64": descriptor_pb2.FieldDescriptorProto.TYPE_SINT64,
          "bool": descriptor_pb2.FieldDescriptorProto.TYPE_BOOL,
          "string": descriptor_pb2.FieldDescriptorProto.TYPE_STRING}
FORMATS = ("JSON", "MessagePack", "Protobuf")
NAMES = ("Ann", "Bob", "Chidi", "Dana", "Emeka", "Fatima", "Grace", "Hiro", "Ines", "Jamal")
TAGS = ("admin", "beta", "premium", "new", "mobile", "eu")


@functools.cache
def user_classes():
    """The ``User`` and ``Users`` message classes, built from a descriptor at run time."""
    proto = descriptor_pb2.FileDescriptorProto(name="sysdesign_apis_user.proto",
                                               package="sysdesign.apis", syntax="proto3")
    user = proto.message_type.add(name="User")
    for name, number, kind, repeated in FIELDS:
        user.field.add(name=name, number=number, type=_TYPES[kind], label=(
            descriptor_pb2.FieldDescriptorProto.LABEL_REPEATED if repeated
            else descriptor_pb2.FieldDescriptorProto.LABEL_OPTIONAL))
    users = proto.message_type.add(name="Users")
    users.field.add(name="users", number=1, type_name=".sysdesign.apis.User",
                    type=descriptor_pb2.FieldDescriptorProto.TYPE_MESSAGE,
                    label=descriptor_pb2.FieldDescriptorProto.LABEL_REPEATED)
    pool = descriptor_pool.DescriptorPool()
    pool.Add(proto)
    return (message_factory.GetMessageClass(pool.FindMessageTypeByName("sysdesign.apis.User")),
            message_factory.GetMessageClass(pool.FindMessageTypeByName("sysdesign.apis.Users")))


def make_records(n: int, *, seed: int = 0) -> list[dict]:
    """``n`` user records with every field filled, reproducible from ``seed``."""
    n = checks.integer(n, "n", 0)
    rng = random.Random(seed)
    records = []
    for i in range(n):
        name = rng.choice(NAMES)
        records.append({
            "id": 1_000_000 + i, "name": name, "email": f"{name.lower()}{i}@example.com",
            "age": rng.randint(18, 90), "active": rng.random() < 0.7,
            "balance_cents": rng.randint(-50_000, 500_000),
            "tags": sorted(rng.sample(TAGS, rng.randint(0, 3))),
        })
    return records


# --- encoders and decoders ---------------------------------------------------------------------

def encode_json(records: list[dict]) -> bytes:
    """Compact JSON (no spaces), UTF-8."""
    return json.dumps(records, separators=(",", ":")).encode()


def decode_json(data: bytes) -> list[dict]:
    return json.loads(data)


def encode_msgpack(records: list[dict]) -> bytes:
    """MessagePack: JSON's data model in binary; field names still travel in every record."""
    return msgpack.packb(records)


def decode_msgpack(data: bytes) -> list[dict]:
    return msgpack.unpackb(data)


def encode_protobuf(records: list[dict]) -> bytes:
    """Protocol Buffers: field numbers instead of names; the schema lives with the code."""
    _, users = user_classes()
    message = users()
    for record in records:
        message.users.add(**record)
    return message.SerializeToString()


def decode_protobuf(data: bytes) -> list[dict]:
    """Back to dicts, every field present (proto3 gives 0, '' or False to unset ones)."""
    _, users = user_classes()
    message = users.FromString(data)
    return [{name: (list(getattr(u, name)) if repeated else getattr(u, name))
             for name, _, _, repeated in FIELDS} for u in message.users]


CODECS = {"JSON": (encode_json, decode_json), "MessagePack": (encode_msgpack, decode_msgpack),
          "Protobuf": (encode_protobuf, decode_protobuf)}


def gzipped(data: bytes) -> bytes:
    """gzip at level 6 with a zero timestamp, so the bytes repeat from run to run."""
    return gzip.compress(data, compresslevel=6, mtime=0)


def payload_sizes(records: list[dict]) -> dict[str, dict[str, int]]:
    """Bytes of each format, raw and gzipped: ``{format: {"raw": n, "gzip": n}}``."""
    sizes = {}
    for name, (encode, _) in CODECS.items():
        data = encode(records)
        sizes[name] = {"raw": len(data), "gzip": len(gzipped(data))}
    return sizes


def codec_times(records: list[dict], *, repeat: int = 5) -> dict[str, dict[str, float]]:
    """Best-of-``repeat`` encode and decode time per format, in seconds (they vary by machine)."""
    repeat = checks.integer(repeat, "repeat", 1)
    times = {}
    for name, (encode, decode) in CODECS.items():
        data = encode(records)
        best = {"encode": float("inf"), "decode": float("inf")}
        for _ in range(repeat):
            start = time.perf_counter()
            encode(records)
            middle = time.perf_counter()
            decode(data)
            end = time.perf_counter()
            best = {"encode": min(best["encode"], middle - start),
                    "decode": min(best["decode"], end - middle)}
        times[name] = best
    return times


# --- MessagePack's sizes by hand --------------------------------------------------------------

def msgpack_size(value) -> int:
    """Bytes MessagePack needs for ``value`` (None, bool, int, str, list, dict), by its spec.

    Every value starts with a type byte; small ones fit in it (positive ints below 128,
    negative ones down to -32, strings under 32 bytes, lists and maps under 16 items).
    A map sends every key as a string, so each record carries its field names again.

    >>> msgpack_size({"id": 300}), msgpack_size([1, -1, True, None])
    (7, 5)
    """
    if value is None or isinstance(value, bool):
        return 1
    if isinstance(value, int):
        if -32 <= value < 128:
            return 1  # positive or negative fixint: the value is the type byte
        if not -2**63 <= value < 2**64:
            raise ValueError(f"value must be an integer in -2**63..2**64 - 1 (MessagePack's "
                             f"int 64 and uint 64), got {value}")
        bits = [8, 16, 32, 64]
        fits = (next(b for b in bits if value < 2**b) if value >= 0
                else next(b for b in bits if value >= -2**(b - 1)))
        return 1 + fits // 8
    if isinstance(value, str):
        n = len(value.encode())
        return n + (1 if n < 32 else 2 if n < 2**8 else 3 if n < 2**16 else 5)
    if isinstance(value, (list, tuple, dict)):
        n = len(value)
        header = 1 if n < 16 else 3 if n < 2**16 else 5
        items = (value.items() if isinstance(value, dict) else [(x,) for x in value])
        return header + sum(msgpack_size(part) for item in items for part in item)
    raise TypeError(f"value must be None, bool, int, str, list or dict, got {type(value).__name__}")


# --- protobuf's wire format by hand ---------------------------------------------------------------

VARINT, LEN = 0, 2  # the two wire types these messages use


def varint_size(value: int) -> int:
    """Bytes of an unsigned base-128 varint: 7 bits per byte.

    >>> [varint_size(v) for v in (0, 127, 128, 150, 16383, 16384, 2**64 - 1)]
    [1, 1, 2, 2, 2, 3, 10]
    """
    value = checks.integer(value, "value", 0, 2**64 - 1)
    return max(1, (value.bit_length() + 6) // 7)


def varint(value: int) -> bytes:
    """The varint bytes themselves, least significant 7 bits first.

    >>> varint(150).hex(" ")
    '96 01'
    """
    value = checks.integer(value, "value", 0, 2**64 - 1)
    out = bytearray()
    while True:
        low, value = value & 0x7F, value >> 7
        out.append(low | (0x80 if value else 0))
        if not value:
            return bytes(out)


def zigzag(value: int) -> int:
    """sint64's ZigZag map: 0, -1, 1, -2, ... -> 0, 1, 2, 3, ... (small either side of 0).

    >>> [zigzag(v) for v in (0, -1, 1, -2, 2)]
    [0, 1, 2, 3, 4]
    """
    return (value << 1) ^ (value >> 63)


def tag_size(number: int, wire_type: int) -> int:
    """The key in front of every field: varint of (field number << 3 | wire type)."""
    return varint_size((number << 3) | wire_type)


def user_size(record: dict) -> int:
    """A ``User``'s encoded size worked out by hand; proto3 skips fields at their default."""
    unknown = set(record) - {name for name, *_ in FIELDS}
    if unknown:
        raise ValueError(f"User has no field {sorted(unknown)[0]!r}; its fields are "
                         f"{', '.join(name for name, *_ in FIELDS)}")
    total = 0
    for name, number, kind, repeated in FIELDS:
        value = record.get(name)
        values = value or [] if repeated else [value]
        for v in values:
            if not repeated and v in (None, 0, "", False):
                continue  # proto3 scalar at its default: not sent at all
            if kind == "string":
                if not isinstance(v, str):
                    raise TypeError(f"{name} must be a str, got {type(v).__name__}")
                data = v.encode()
                total += tag_size(number, LEN) + varint_size(len(data)) + len(data)
            elif kind == "sint64":
                total += tag_size(number, VARINT) + varint_size(zigzag(v))
            else:
                total += tag_size(number, VARINT) + varint_size(int(v))
    return total


def users_size(records: list[dict]) -> int:
    """``Users``' size by hand: each User is a length-delimited field 1."""
    return sum(tag_size(1, LEN) + varint_size(user_size(r)) + user_size(r) for r in records)


def annotate_user(record: dict) -> list[tuple[str, str]]:
    """One User's bytes split field by field: ``[(field, hex bytes), ...]``."""
    user, _ = user_classes()
    rows = []
    for name, _number, _kind, _repeated in FIELDS:
        if name not in record:
            continue
        value = record[name]
        if value in (0, "", False, []):
            rows.append((f"{name} = {value!r}", "(default: not sent)"))
            continue
        data = user(**{name: value}).SerializeToString()
        rows.append((f"{name} = {value!r}", data.hex(" ")))
    return rows
