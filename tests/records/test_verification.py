"""records.verification: every reason a credential fails, and one from another instance,
served by a local HTTP server standing in for that instance (its keys signed by joserfc
directly, not by the portal's code)."""

import base64
import gzip
import json
import socket
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import quote

import pytest
from django.utils import timezone
from joserfc import jwt
from joserfc.jwk import OKPKey

from records import credentials, verification
from records.models import ServiceRecord
from records.verification import Reason, verify_token
from tests import httpservers
from tests.factories import add_member

pytestmark = pytest.mark.django_db


def _issue(person, channel, *, days=400):
    record = ServiceRecord.objects.get(user=person, channel=channel, ended_at__isnull=True)
    ServiceRecord.objects.filter(pk=record.pk).update(
        started_at=timezone.now() - timedelta(days=days)
    )
    return credentials.credential_issue(
        user=person, achievement_key=f"service:{record.pk}", actor=person
    )


@pytest.fixture
def issued(team):
    return _issue(team.lead, team.channel)


def _claims(token):
    return json.loads(base64.urlsafe_b64decode(token.split(".")[1] + "=="))


def test_an_issued_credential_verifies_and_names_what_it_proves(team, issued):
    result = verify_token(credentials.credential_jwt(issued))
    assert result.verified and result.reason == ""
    assert result.local and result.issuer == credentials.issuer_did()
    assert result.holder == team.lead.username
    (line,) = result.achievements
    assert line.startswith("Lead Moderator at Nova Streams, since ")
    assert result.as_dict()["verified"] is True


def test_a_past_stint_names_its_dates(team):
    membership = team.membership("moderator")
    from channels.services import membership_leave

    record = ServiceRecord.objects.get(user=team.moderator, channel=team.channel)
    start = timezone.now().replace(year=2025, month=3, day=10)
    ServiceRecord.objects.filter(pk=record.pk).update(started_at=start)
    membership_leave(membership=membership, actor=team.moderator)
    record.refresh_from_db()
    found = credentials.credential_issue(
        user=team.moderator, achievement_key=f"service:{record.pk}", actor=team.moderator
    )
    end = timezone.localtime(record.ended_at).strftime("%b %Y")
    assert verify_token(credentials.credential_jwt(found)).achievements == [
        f"Moderator at Nova Streams, Mar 2025 – {end}"
    ]


@pytest.mark.parametrize("part", [0, 1, 2])
def test_one_changed_byte_fails(issued, part):
    token = credentials.credential_jwt(issued)
    pieces = token.split(".")
    middle = len(pieces[part]) // 2
    swapped = "A" if pieces[part][middle] != "A" else "B"
    pieces[part] = pieces[part][:middle] + swapped + pieces[part][middle + 1 :]
    result = verify_token(".".join(pieces))
    assert not result.verified
    # A changed header may no longer parse; a changed payload or signature never matches.
    assert result.reason in (
        (Reason.BAD_SIGNATURE, Reason.MALFORMED, Reason.UNKNOWN_KEY, Reason.UNSUPPORTED)
        if part == 0
        else (Reason.BAD_SIGNATURE,)
    )
    assert result.achievements == [] and result.holder == ""


def test_a_forged_claim_fails_with_the_signature(issued):
    head, body, sig = credentials.credential_jwt(issued).split(".")
    forged = _claims(f"{head}.{body}.{sig}")
    forged["credentialSubject"]["achievement"]["name"] = "Owner of Everything"
    body = base64.urlsafe_b64encode(json.dumps(forged).encode()).decode().rstrip("=")
    assert verify_token(f"{head}.{body}.{sig}").reason == Reason.BAD_SIGNATURE


def test_expired_and_not_yet_valid(issued):
    claims = _claims(credentials.credential_jwt(issued))
    past = timezone.now() - timedelta(days=1)
    expired = credentials._sign({**claims, "validUntil": past.isoformat()})
    assert verify_token(expired).reason == Reason.EXPIRED
    by_exp = credentials._sign({**claims, "exp": int(past.timestamp())})
    assert verify_token(by_exp).reason == Reason.EXPIRED
    future = (timezone.now() + timedelta(days=1)).isoformat()
    assert verify_token(credentials._sign({**claims, "validFrom": future})).reason == (
        Reason.NOT_YET_VALID
    )


def test_revoked(team, issued):
    token = credentials.credential_jwt(issued)
    credentials.credential_revoke(credential=issued, actor=team.lead)
    result = verify_token(token)
    assert not result.verified and result.reason == Reason.REVOKED
    assert "revoked" in result.reason_text


def test_a_foreign_key_and_an_unknown_kid_fail(issued):
    claims = _claims(credentials.credential_jwt(issued))
    stranger = OKPKey.generate_key("Ed25519", private=True)
    own_key = credentials.current_key()
    kid = f"{credentials.issuer_did()}#{own_key.kid}"
    # Signed by a key that is not ours, under our key's id.
    forged = jwt.encode(
        {"alg": "Ed25519", "typ": "vc+jwt", "kid": kid}, claims, stranger, algorithms=["Ed25519"]
    )
    assert verify_token(forged).reason == Reason.BAD_SIGNATURE
    unknown = jwt.encode(
        {"alg": "Ed25519", "typ": "vc+jwt", "kid": f"{credentials.issuer_did()}#nope"},
        claims,
        stranger,
        algorithms=["Ed25519"],
    )
    assert verify_token(unknown).reason == Reason.UNKNOWN_KEY


def test_a_rotated_key_still_verifies(issued):
    token = credentials.credential_jwt(issued)
    credentials.rotate_key()
    assert verify_token(token).verified


@pytest.mark.parametrize(
    "junk",
    ["", "abc", "a.b", "a.b.c", "x" * 20000, "\x00.\x00.\x00", "e30.e30.e30", "W10.W10.W10"],
)
def test_malformed_input_is_a_reason_not_an_error(junk):
    result = verify_token(junk)
    assert not result.verified and result.reason in (Reason.MALFORMED, Reason.UNSUPPORTED)


def test_an_unsupported_algorithm(issued):
    claims = _claims(credentials.credential_jwt(issued))
    from joserfc.jwk import OctKey

    secret = OctKey.import_key("s" * 32)
    token = jwt.encode({"alg": "HS256", "typ": "vc+jwt"}, claims, secret, algorithms=["HS256"])
    assert verify_token(token).reason == Reason.UNSUPPORTED


# Another instance ---------------------------------------------------------------------------


class OtherInstance:
    """A Modportal elsewhere: its own key, did.json and status list on a local port."""

    def __init__(self):
        self.key = OKPKey.generate_key("Ed25519", private=True, parameters={"kid": "k1"})
        self.revoked: set[int] = set()
        self.requests: list[str] = []
        instance = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_GET(self):
                instance.requests.append(self.path)
                if self.path == "/.well-known/did.json":
                    body, kind = json.dumps(instance.did_document()).encode(), "application/json"
                elif self.path == "/credentials/status/1":
                    body, kind = instance.status_list().encode(), "application/vc+jwt"
                elif self.path == "/redirect/did.json":
                    self.send_response(302)
                    self.send_header("Location", "http://127.0.0.1:1/")
                    self.end_headers()
                    return
                else:
                    self.send_response(404)
                    self.end_headers()
                    return
                self.send_response(200)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        self.did = "did:web:" + quote(f"127.0.0.1:{self.port}", safe="")
        httpservers.start(self.server)

    def stop(self):
        httpservers.stop(self.server)

    def did_document(self):
        jwk = {**self.key.as_dict(private=False), "kid": "k1"}
        return {
            "id": self.did,
            "verificationMethod": [
                {"id": f"{self.did}#k1", "type": "JsonWebKey", "publicKeyJwk": jwk}
            ],
        }

    def sign(self, claims):
        header = {"alg": "Ed25519", "typ": "vc+jwt", "kid": f"{self.did}#k1"}
        return jwt.encode(header, claims, self.key, algorithms=["Ed25519"])

    def status_list(self):
        bits = bytearray(16384)
        for index in self.revoked:
            bits[index // 8] |= 0x80 >> (index % 8)
        encoded = "u" + base64.urlsafe_b64encode(gzip.compress(bytes(bits))).decode().rstrip("=")
        return self.sign(
            {
                "iss": self.did,
                "issuer": self.did,
                "type": ["VerifiableCredential", "BitstringStatusListCredential"],
                "credentialSubject": {
                    "type": "BitstringStatusList",
                    "statusPurpose": "revocation",
                    "encodedList": encoded,
                },
            }
        )

    def credential(self, index=3, status_url=None):
        url = status_url or f"http://127.0.0.1:{self.port}/credentials/status/1"
        return self.sign(
            {
                "iss": self.did,
                "issuer": {"id": self.did, "name": "Other Modportal"},
                "type": ["VerifiableCredential", "OpenBadgeCredential"],
                "validFrom": "2025-06-01T00:00:00+00:00",
                "credentialSubject": {
                    "name": "wanderer",
                    "role": "Lead Moderator",
                    "activityStartDate": "2025-03-04T00:00:00+00:00",
                    "activityEndDate": "2026-05-20T00:00:00+00:00",
                    "achievement": {"name": "Lead Moderator at Elsewhere"},
                },
                "credentialStatus": {
                    "type": "BitstringStatusListEntry",
                    "statusPurpose": "revocation",
                    "statusListIndex": str(index),
                    "statusListCredential": url,
                },
            }
        )


@pytest.fixture
def other():
    instance = OtherInstance()
    yield instance
    instance.stop()


@pytest.fixture
def local_instances(settings):
    """The tests' other instance listens on 127.0.0.1 without TLS: allowed here only."""
    settings.DID_WEB_ALLOW_HTTP = True
    settings.WEBHOOKS_ALLOW_HTTP = True
    settings.WEBHOOKS_ALLOW_PRIVATE_HOSTS = True
    return settings


def test_another_instances_credential_verifies_then_is_revoked(other, local_instances):
    token = other.credential(index=3)
    result = verify_token(token)
    assert result.verified, result.reason
    assert not result.local and result.issuer == other.did
    assert result.issuer_name == "Other Modportal" and result.holder == "wanderer"
    assert result.achievements == ["Lead Moderator at Elsewhere, Mar 2025 – May 2026"]
    assert other.requests == ["/.well-known/did.json", "/credentials/status/1"]
    other.revoked.add(3)
    assert verify_token(token).reason == Reason.REVOKED


def test_another_instances_status_list_on_a_third_host_is_not_fetched(other, local_instances):
    token = other.credential(status_url="http://127.0.0.2:9/credentials/status/1")
    assert verify_token(token).reason == Reason.STATUS_UNAVAILABLE
    assert other.requests == ["/.well-known/did.json"]


def test_a_remote_issuer_at_a_private_address_is_refused(other, settings):
    settings.DID_WEB_ALLOW_HTTP = True
    settings.WEBHOOKS_ALLOW_HTTP = True
    settings.WEBHOOKS_ALLOW_PRIVATE_HOSTS = False  # as in production
    result = verify_token(other.credential())
    assert result.reason == Reason.ISSUER_REFUSED and not result.verified
    assert other.requests == []


def test_a_remote_issuer_over_http_is_refused_in_production(other, settings):
    settings.DID_WEB_ALLOW_HTTP = False  # did:web means https
    settings.WEBHOOKS_ALLOW_HTTP = False
    settings.WEBHOOKS_ALLOW_PRIVATE_HOSTS = False
    assert verify_token(other.credential()).reason == Reason.ISSUER_REFUSED


def test_a_name_resolving_to_loopback_is_refused(other, settings, monkeypatch):
    settings.DID_WEB_ALLOW_HTTP = True
    settings.WEBHOOKS_ALLOW_HTTP = True
    settings.WEBHOOKS_ALLOW_PRIVATE_HOSTS = False
    real = socket.getaddrinfo
    monkeypatch.setattr(
        socket,
        "getaddrinfo",
        lambda host, *a, **k: real("127.0.0.1" if host == "issuer.example" else host, *a, **k),
    )
    other.did = "did:web:" + quote(f"issuer.example:{other.port}", safe="")
    assert verify_token(other.credential()).reason == Reason.ISSUER_REFUSED
    assert other.requests == []


def test_an_unreachable_issuer(local_instances):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    instance = OtherInstance()
    instance.stop()
    instance.did = "did:web:" + quote(f"127.0.0.1:{port}", safe="")
    assert verify_token(instance.credential()).reason == Reason.ISSUER_UNREACHABLE


def test_a_redirect_is_not_followed(other, local_instances):
    other.did = "did:web:" + quote(f"127.0.0.1:{other.port}", safe="") + ":redirect"
    assert verify_token(other.credential()).reason == Reason.ISSUER_UNREACHABLE
    assert other.requests == ["/redirect/did.json"]


def test_upload_is_size_capped():
    from django.core.files.uploadedfile import SimpleUploadedFile

    big = SimpleUploadedFile("c.jwt", b"a" * (verification.MAX_UPLOAD + 1))
    assert verification.token_from_upload(big) == ""
    assert verification.token_from_upload(SimpleUploadedFile("c.jwt", b" a.b.c\n")) == "a.b.c"
    assert verification.token_from_upload(SimpleUploadedFile("c.jwt", b"\xff\xfe")) == ""


def test_add_member_keeps_working(team):
    """A fresh member has a service entry to issue straight away."""
    add_member(team.other_channel, user=team.trainee, roles=[])
    keys = [a["key"] for a in credentials.achievements_for(team.trainee)]
    assert sum(k.startswith("service:") for k in keys) == 2
