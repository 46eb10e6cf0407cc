"""Credentials checked by implementations that are not the code that signed them (issue #29):
jwcrypto (a JOSE library other than joserfc) verifies the signature against the keys the
instance publishes in its did.json, and reads the revocation bit from the signed status list;
pyld expands each credential against the contexts shipped in the repository."""

import base64
import gzip
import json
from datetime import timedelta

import pytest
from django.utils import timezone
from jwcrypto import jwk, jws
from jwcrypto.common import JWException
from pyld import jsonld

from records import credentials
from records.models import ServiceRecord

pytestmark = pytest.mark.django_db


@pytest.fixture
def token(team):
    record = ServiceRecord.objects.get(user=team.lead, channel=team.channel)
    ServiceRecord.objects.filter(pk=record.pk).update(
        started_at=timezone.now() - timedelta(days=400)
    )
    issued = credentials.credential_issue(
        user=team.lead, achievement_key=f"service:{record.pk}", actor=team.lead
    )
    return issued, credentials.credential_jwt(issued)


def outside_verify(client, token: str) -> dict:
    """What a verifier elsewhere does: the key named by `kid` from the issuer's did.json,
    the Ed25519 signature by jwcrypto, then the claims. Raises on a bad signature."""
    did = client.get("/.well-known/did.json").json()
    header = json.loads(base64.urlsafe_b64decode(token.split(".")[0] + "=="))
    assert header["alg"] == "Ed25519" and header["typ"] == "vc+jwt"
    method = next(m for m in did["verificationMethod"] if m["id"] == header["kid"])
    key = jwk.JWK(**method["publicKeyJwk"])
    signed = jws.JWS()
    signed.deserialize(token)
    signed.verify(key, alg="Ed25519")
    claims = json.loads(signed.payload)
    issuer = claims["issuer"]
    assert claims["iss"] == did["id"] == (issuer["id"] if isinstance(issuer, dict) else issuer)
    return claims


def revoked(client, claims: dict) -> bool:
    status = claims["credentialStatus"]
    listed = outside_verify_status(client, status["statusListCredential"])
    raw = listed["credentialSubject"]["encodedList"][1:]  # multibase "u": base64url
    bits = gzip.decompress(base64.urlsafe_b64decode(raw + "=" * (-len(raw) % 4)))
    index = int(status["statusListIndex"])
    return bool(bits[index // 8] & (0x80 >> (index % 8)))


def outside_verify_status(client, url: str) -> dict:
    path = "/" + url.split("://", 1)[1].split("/", 1)[1]
    return outside_verify(client, client.get(path).content.decode())


def test_jwcrypto_verifies_a_credential_and_its_revocation(client, team, token):
    issued, signed = token
    claims = outside_verify(client, signed)
    assert "OpenBadgeCredential" in claims["type"]
    assert claims["credentialSubject"]["achievement"]["name"] == "Lead Moderator at Nova Streams"
    assert not revoked(client, claims)
    credentials.credential_revoke(credential=issued, actor=team.lead)
    assert revoked(client, outside_verify(client, signed))


def test_jwcrypto_refuses_one_changed_byte_and_a_foreign_key(client, token):
    _issued, signed = token
    head, body, signature = signed.split(".")
    for i in (len(body) // 2, len(signature) // 2):
        parts = [head, body, signature]
        which = 1 if i == len(body) // 2 else 2
        text = parts[which]
        parts[which] = text[:i] + ("A" if text[i] != "A" else "B") + text[i + 1 :]
        with pytest.raises(JWException):
            outside_verify(client, ".".join(parts))
    # Signed by a key this instance never published, under its own kid.
    stranger = jwk.JWK.generate(kty="OKP", crv="Ed25519")
    forged = jws.JWS(json.dumps(json.loads(base64.urlsafe_b64decode(body + "=="))).encode())
    forged.add_signature(
        stranger, alg="Ed25519", protected=base64.urlsafe_b64decode(head + "==").decode()
    )
    with pytest.raises(JWException):
        outside_verify(client, forged.serialize(compact=True))


def test_pyld_expands_a_credential_against_the_shipped_contexts_and_keeps_every_term(token):
    _issued, signed = token
    document = json.loads(base64.urlsafe_b64decode(signed.split(".")[1] + "=="))
    for claim in ("iss", "jti", "iat", "nbf", "exp"):  # JWT claims, not JSON-LD terms
        document.pop(claim, None)
    shipped = credentials.contexts()

    def loader(url, options=None):
        assert url in shipped, f"a context was fetched: {url}"  # nothing from the network
        return {"contextUrl": None, "documentUrl": url, "document": shipped[url]}

    expanded = jsonld.expand(document, {"documentLoader": loader})
    assert expanded, "expansion produced nothing"
    # Every term kept: a term the contexts do not define is dropped by expansion, so the
    # document compacted back has every key, at every depth, of the issued one.
    compact = jsonld.compact(
        expanded, {"@context": document["@context"]}, {"documentLoader": loader}
    )
    assert keys_of(compact) == keys_of(document)
    assert (
        compact["credentialSubject"]["achievement"]["name"]
        == (document["credentialSubject"]["achievement"]["name"])
    )


def keys_of(value, path="") -> set[str]:
    if isinstance(value, list):
        return set().union(*(keys_of(item, path) for item in value)) if value else set()
    if not isinstance(value, dict):
        return set()
    found = set()
    for key, item in value.items():
        if key != "@context":
            found.add(f"{path}/{key}")
            found |= keys_of(item, f"{path}/{key}")
    return found
