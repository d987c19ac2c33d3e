"""JSON, MessagePack and Protobuf: round trips, sizes, and protobuf's wire format by hand."""

import json

import msgpack
import pytest
from google.protobuf import json_format
from hypothesis import given
from hypothesis import strategies as st

from sysdesign.apis import (
    CODECS,
    encode_json,
    encode_protobuf,
    gzipped,
    make_records,
    payload_sizes,
    user_classes,
    user_size,
    users_size,
    varint,
    varint_size,
    zigzag,
)
from sysdesign.apis.encoding import annotate_user, decode_protobuf, msgpack_size

text = st.text(max_size=20)
records = st.lists(st.fixed_dictionaries({
    "id": st.integers(0, 2**64 - 1), "name": text, "email": text,
    "age": st.integers(0, 2**32 - 1), "active": st.booleans(),
    "balance_cents": st.integers(-2**63, 2**63 - 1), "tags": st.lists(text, max_size=4),
}), max_size=6)


@given(records)
def test_every_format_gives_back_the_same_records(rows):
    for name, (encode, decode) in CODECS.items():
        assert decode(encode(rows)) == rows, name


@given(records)
def test_hand_computed_protobuf_size_matches_the_library(rows):
    assert users_size(rows) == len(encode_protobuf(rows))
    user, _ = user_classes()
    for row in rows:
        assert user_size(row) == user(**row).ByteSize()


@given(records)
def test_hand_computed_msgpack_size_matches_the_library(rows):
    assert msgpack_size(rows) == len(msgpack.packb(rows))


@given(st.recursive(st.none() | st.booleans() | st.integers(-2**63, 2**64 - 1)
                    | st.text(max_size=300),
                    lambda inner: st.lists(inner, max_size=20)
                    | st.dictionaries(st.text(max_size=40), inner, max_size=20),
                    max_leaves=60))
def test_msgpack_size_follows_every_format_boundary(value):
    assert msgpack_size(value) == len(msgpack.packb(value))


def test_msgpack_sends_the_field_names_of_every_record():
    rows = make_records(10)
    names = sum(msgpack_size(key) for key in rows[0])
    assert msgpack_size(rows) - msgpack_size([list(r.values()) for r in rows]) == 10 * names
    with pytest.raises(TypeError, match="value"):
        msgpack_size(1.5)


@given(st.integers(0, 2**64 - 1))
def test_varint_bytes_and_size_agree_with_protobuf(value):
    user, _ = user_classes()
    assert len(varint(value)) == varint_size(value)
    if value:
        assert user(id=value).SerializeToString() == b"\x08" + varint(value)


@given(st.integers(-2**63, 2**63 - 1))
def test_zigzag_matches_protobuf_sint64(value):
    user, _ = user_classes()
    data = user(balance_cents=value).SerializeToString()
    assert data == (b"\x30" + varint(zigzag(value)) if value else b"")


def test_the_documented_150_example_and_a_small_user():
    assert varint(150) == bytes([0x96, 0x01])
    assert annotate_user({"id": 300, "name": "Bob", "active": True})[:2] == [
        ("id = 300", "08 ac 02"), ("name = 'Bob'", "12 03 42 6f 62")]
    # proto3 sends nothing for a field at its default
    user, _ = user_classes()
    assert user(id=0, name="", active=False).ByteSize() == 0


def test_protobuf_matches_its_own_json_mapping():
    rows = make_records(3)
    _, users = user_classes()
    message = users.FromString(encode_protobuf(rows))
    as_json = json_format.MessageToDict(message, preserving_proto_field_name=True)
    assert [u["name"] for u in as_json["users"]] == [r["name"] for r in rows]
    assert decode_protobuf(encode_protobuf(rows)) == rows


def test_sizes_order_and_gzip_effect():
    sizes = payload_sizes(make_records(100))
    assert sizes["Protobuf"]["raw"] < sizes["MessagePack"]["raw"] < sizes["JSON"]["raw"]
    assert sizes["JSON"]["raw"] == len(json.dumps(make_records(100), separators=(",", ":")))
    assert sizes["MessagePack"]["raw"] == msgpack_size(make_records(100))
    for name in sizes:
        assert sizes[name]["gzip"] < sizes[name]["raw"]
    # compression takes most of the gap away: the gzipped sizes are within 10 % of each other
    gz = [s["gzip"] for s in sizes.values()]
    assert max(gz) / min(gz) < 1.1


def test_gzip_is_deterministic_and_records_are_seeded():
    assert gzipped(encode_json(make_records(10))) == gzipped(encode_json(make_records(10)))
    assert make_records(5, seed=1) != make_records(5, seed=2)


def test_bad_input():
    with pytest.raises(ValueError, match="value"):
        varint_size(-1)
    with pytest.raises(ValueError, match="n must"):
        make_records(-1)


def test_hand_sizes_refuse_what_the_formats_cannot_encode():
    for value in (2**64, -2**63 - 1):
        with pytest.raises(ValueError, match="value must be an integer"):
            msgpack_size(value)
        with pytest.raises((OverflowError, ValueError)):
            msgpack.packb(value)
    assert msgpack_size(2**64 - 1) == len(msgpack.packb(2**64 - 1)) == 9
    assert msgpack_size(-2**63) == len(msgpack.packb(-2**63)) == 9
    with pytest.raises(ValueError, match="no field 'nmae'"):
        user_size({"id": 1, "nmae": "Ann"})
    with pytest.raises(TypeError, match="name must be a str"):
        user_size({"id": 1, "name": 5})
