"""verify_chain on real chains, cross-checked against cryptography's own X.509 verifier."""

import datetime as dt

import pytest
from cryptography import x509
from cryptography.x509.verification import PolicyBuilder, Store, VerificationError
from hypothesis import example, given, settings
from hypothesis import strategies as st

from sysdesign.security import pki, verify_chain

AT = pki.EPOCH


@pytest.fixture(scope="module")
def chain():
    return pki.demo_pki(AT)


def library_ok(leaf, intermediates, roots, at, *, client=False) -> bool:
    """cryptography's verifier (CA/Browser Forum profile) on the same chain."""
    builder = PolicyBuilder().store(Store(roots)).time(at)
    try:
        if client:
            builder.build_client_verifier().verify(leaf, intermediates)
        else:
            builder.build_server_verifier(x509.DNSName(
                leaf.extensions.get_extension_for_class(x509.SubjectAlternativeName)
                .value.get_values_for_type(x509.DNSName)[0])).verify(leaf, intermediates)
    except VerificationError:
        return False
    return True


def test_good_chain_is_ok_for_both(chain):
    leaf, inter, root = chain["server"].cert, chain["intermediate"].cert, chain["root"].cert
    result = verify_chain(leaf, [inter], [root], at=AT)
    assert result.ok and result.reason == ""
    assert library_ok(leaf, [inter], [root], AT)
    client = chain["client"].cert
    assert verify_chain(client, [inter], [root], at=AT).ok
    assert library_ok(client, [inter], [root], AT, client=True)


def test_each_broken_chain_is_refused_by_both(chain):
    leaf, inter, root = chain["server"].cert, chain["intermediate"].cert, chain["root"].cert
    impostor = pki.issue("Course Root CA", ca=True, not_before=AT - dt.timedelta(days=1))
    cases = [
        (leaf, [], [root], AT, "no issuer found"),
        (leaf, [inter], [impostor.cert], AT, "bad signature"),
        (leaf, [inter], [root], AT + dt.timedelta(days=365), "not valid at"),
        (leaf, [inter], [root], AT - dt.timedelta(days=365), "not valid at"),
    ]
    for cert, mids, roots, at, reason in cases:
        result = verify_chain(cert, mids, roots, at=at)
        assert not result.ok and reason in result.reason
        assert not library_ok(cert, mids, roots, at)


def test_non_ca_issuer_is_refused_by_both(chain):
    root = chain["root"]
    not_ca = pki.issue("Not A CA", root, ca=False, not_before=AT - dt.timedelta(days=1))
    leaf = pki.issue("www.example", not_ca, not_before=AT - dt.timedelta(days=1))
    result = verify_chain(leaf.cert, [not_ca.cert], [root.cert], at=AT)
    assert result.reason == "Not A CA is not a CA"
    assert not library_ok(leaf.cert, [not_ca.cert], [root.cert], AT)


def test_tampered_issuer_name_breaks_the_signature(chain):
    # Same subject name as the real intermediate, a different key: the name matches,
    # the signature does not.
    root = chain["root"]
    twin = pki.issue("Course Issuing CA", root, ca=True, not_before=AT - dt.timedelta(days=1))
    result = verify_chain(chain["server"].cert, [twin.cert], [root.cert], at=AT)
    assert result.reason == "bad signature on localhost"
    assert not library_ok(chain["server"].cert, [twin.cert], [root.cert], AT)


def test_every_link_is_checked_not_only_the_leaf():
    """An expired intermediate, an expired or not-yet-valid root, a non-CA root: the leaf
    is fine each time, and both verifiers still refuse."""
    days = dt.timedelta(days=1)
    root = pki.issue("R", ca=True, not_before=AT - 100 * days, days=3650)
    old_mid = pki.issue("I", root, ca=True, not_before=AT - 100 * days, days=50)
    old_root = pki.issue("R2", ca=True, not_before=AT - 100 * days, days=50)
    future_root = pki.issue("R3", ca=True, not_before=AT + days, days=3650)
    plain_root = pki.issue("R4", ca=False, not_before=AT - days)
    cases = []
    for anchor, mid in ((root, old_mid), (old_root, None), (future_root, None),
                        (plain_root, None)):
        if mid is None and anchor is not plain_root:
            mid = pki.issue("I", anchor, ca=True, not_before=AT - 10 * days, days=300)
        parent = mid or anchor
        leaf = pki.issue("leaf.example", parent, not_before=AT - 10 * days)
        cases.append((leaf.cert, [mid.cert] if mid else [], [anchor.cert]))
    reasons = [verify_chain(leaf, mids, roots, at=AT).reason for leaf, mids, roots in cases]
    assert reasons == ["I is not valid at 2026-01-01", "R2 is not valid at 2026-01-01",
                       "R3 is not valid at 2026-01-01", "R4 is not a CA"]
    for leaf, mids, roots in cases:
        assert not library_ok(leaf, mids, roots, AT)
    # and the control: the same shapes with good links pass both
    good_leaf = pki.issue("leaf.example", root, not_before=AT - days).cert
    assert verify_chain(good_leaf, [], [root.cert], at=AT).ok
    assert library_ok(good_leaf, [], [root.cert], AT)


@settings(max_examples=25, deadline=None)
@given(days=st.integers(-400, 400))
@example(days=-30)  # the leaf's notBefore, to the second
@example(days=60)  # its notAfter
@example(days=-31)
@example(days=61)
def test_validity_agrees_with_the_library_at_every_instant(chain, days):
    leaf, inter, root = chain["server"].cert, chain["intermediate"].cert, chain["root"].cert
    at = AT + dt.timedelta(days=days)
    assert verify_chain(leaf, [inter], [root], at=at).ok == library_ok(leaf, [inter], [root], at)


@settings(max_examples=10, deadline=None)
@given(depth=st.integers(0, 3), shuffle=st.randoms(use_true_random=False))
def test_longer_chains_in_any_order(depth, shuffle):
    start = AT - dt.timedelta(days=1)
    root = pki.issue("R", ca=True, not_before=start)
    parent, mids = root, []
    for i in range(depth):
        parent = pki.issue(f"I{i}", parent, ca=True, not_before=start)
        mids.append(parent.cert)
    leaf = pki.issue("leaf.example", parent, not_before=start).cert
    shuffle.shuffle(mids)
    assert verify_chain(leaf, mids, [root.cert], at=AT).ok
    if mids:  # drop one link: the path breaks
        assert not verify_chain(leaf, mids[1:], [root.cert], at=AT).ok


def test_bad_input(chain):
    leaf = chain["server"].cert
    with pytest.raises(TypeError, match="leaf"):
        verify_chain("pem", [], [leaf])
    with pytest.raises(ValueError, match="roots"):
        verify_chain(leaf, [], [])
    with pytest.raises(TypeError, match="at must be a datetime"):
        verify_chain(leaf, [], [chain["root"].cert], at="2026-01-01")
    # a naive datetime means UTC, as in cryptography's PolicyBuilder.time
    naive = verify_chain(leaf, [chain["intermediate"].cert], [chain["root"].cert],
                         at=dt.datetime(2026, 1, 1))
    assert naive == verify_chain(leaf, [chain["intermediate"].cert], [chain["root"].cert],
                                 at=AT)
    with pytest.raises(TypeError, match="intermediates"):
        verify_chain(leaf, ["x"], [chain["root"].cert])
    with pytest.raises(TypeError, match="roots must be a list"):
        verify_chain(leaf, [chain["intermediate"].cert], chain["root"].cert)
    with pytest.raises(TypeError, match="intermediates must be a list"):
        verify_chain(leaf, chain["intermediate"].cert, [chain["root"].cert])
    with pytest.raises(TypeError, match="issuer"):
        pki.issue("x.example", "Course Root CA")
    with pytest.raises(ValueError, match="days"):
        pki.issue("x.example", days=0)


def test_result_shape():
    assert pki.ChainResult(True).reason == ""
    assert not pki.ChainResult(False, "x")


def _renewed(issued, signer, not_before, days):
    """Another certificate for the same name and key as ``issued`` (a renewed CA)."""
    old = issued.cert
    builder = (x509.CertificateBuilder().subject_name(old.subject)
               .issuer_name(signer.cert.subject).public_key(issued.key.public_key())
               .serial_number(x509.random_serial_number()).not_valid_before(not_before)
               .not_valid_after(not_before + dt.timedelta(days=days)))
    for extension in old.extensions:
        builder = builder.add_extension(extension.value, extension.critical)
    return builder.sign(signer.key, pki.hashes.SHA256())


def test_an_expired_copy_of_the_issuer_does_not_hide_a_valid_one():
    # The 2021 DST Root CA X3 expiry, in small: two certificates carry the intermediate's
    # name and key, one expired. A verifier must try both, as cryptography's does.
    days = dt.timedelta(days=1)
    root = pki.issue("R", ca=True, not_before=AT - 400 * days, days=3650)
    expired = pki.issue("I", root, ca=True, not_before=AT - 400 * days, days=100)
    current = _renewed(expired, root, AT - 10 * days, 365)
    leaf = pki.issue("leaf.example", expired, not_before=AT - days).cert
    for mids in ([expired.cert, current], [current, expired.cert]):
        assert verify_chain(leaf, mids, [root.cert], at=AT).ok
        assert library_ok(leaf, mids, [root.cert], AT)
    # with only the expired copy, both refuse, and the reason names the broken link
    assert verify_chain(leaf, [expired.cert], [root.cert], at=AT).reason == (
        "I is not valid at 2026-01-01")
    assert not library_ok(leaf, [expired.cert], [root.cert], AT)
