"""The size of a DKIM public key from its ``p=`` value, read with a small DER reader (no crypto library).

Why not ``cryptography``: smtplint needs one number, the RSA modulus's bit length, from a structure of five
DER elements. A 60-line reader costs nothing to import, adds no compiled dependency to a pre-commit hook, and
is stricter where it matters: it accepts exactly the two encodings verifiers meet in DNS, the
SubjectPublicKeyInfo of RFC 6376 section 3.6.1 practice (``openssl rsa -pubout``, ``MIIB...``) and a bare
PKCS#1 RSAPublicKey (``MIIBCgKCAQEA...``), and refuses trailing bytes, indefinite lengths and non-minimal
length encodings. Nothing is verified or computed with the key.
"""

from __future__ import annotations

RSA_OID = bytes.fromhex("2a864886f70d010101")  # 1.2.840.113549.1.1.1 rsaEncryption
_SEQUENCE, _INTEGER, _BIT_STRING, _OID = 0x30, 0x02, 0x03, 0x06


class KeyError_(ValueError):
    """The ``p=`` value is not a key of the declared type."""


def _tlv(data: bytes, pos: int, tag: int) -> tuple[bytes, int]:
    """The value of the DER element of type ``tag`` at ``pos``, and the position after it."""
    if pos + 2 > len(data) or data[pos] != tag:
        raise KeyError_("unexpected element")
    length = data[pos + 1]
    pos += 2
    if length & 0x80:
        count = length & 0x7F
        if count == 0 or count > 4 or pos + count > len(data) or data[pos] == 0:
            raise KeyError_("bad length")
        length = int.from_bytes(data[pos:pos + count], "big")
        if length < 0x80:
            raise KeyError_("non-minimal length")
        pos += count
    if pos + length > len(data):
        raise KeyError_("truncated")
    return data[pos:pos + length], pos + length


def _rsa_public_key(data: bytes) -> int:
    """The modulus bit length of a PKCS#1 RSAPublicKey (SEQUENCE { INTEGER n, INTEGER e })."""
    body, end = _tlv(data, 0, _SEQUENCE)
    if end != len(data):
        raise KeyError_("trailing bytes")
    modulus, pos = _tlv(body, 0, _INTEGER)
    exponent, pos = _tlv(body, pos, _INTEGER)
    if pos != len(body) or not modulus or not exponent or modulus[0] & 0x80:
        raise KeyError_("bad RSAPublicKey")
    return int.from_bytes(modulus, "big").bit_length()


def rsa_bits(der: bytes) -> int:
    """The RSA modulus size of a SubjectPublicKeyInfo or a bare RSAPublicKey; raises KeyError_ otherwise."""
    body, end = _tlv(der, 0, _SEQUENCE)
    if end != len(der):
        raise KeyError_("trailing bytes")
    if body[:1] == bytes([_INTEGER]):
        return _rsa_public_key(der)
    algorithm, pos = _tlv(body, 0, _SEQUENCE)
    oid, _after = _tlv(algorithm, 0, _OID)
    if oid != RSA_OID:
        raise KeyError_("not an RSA key")
    bits, pos = _tlv(body, pos, _BIT_STRING)
    if pos != len(body) or not bits or bits[0] != 0:
        raise KeyError_("bad BIT STRING")
    return _rsa_public_key(bits[1:])


def decode(p_value: str) -> bytes:
    """The bytes of a base64 ``p=`` value (whitespace removed); raises KeyError_ when it is not base64."""
    import base64  # here: a run without DKIM keys never pays for it
    import binascii

    text = "".join(p_value.split())
    try:
        return base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise KeyError_("not base64") from exc
