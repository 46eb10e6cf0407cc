"""Verify a VC-JWT credential, ours or another Modportal instance's, the way any verifier would:

1. structure: three base64url parts, a JSON header and payload, at most MAX_TOKEN characters;
2. header: `alg` Ed25519 (or its older name EdDSA), `typ` vc+jwt, a `kid` naming a did:web key;
3. issuer key: this instance's own `SigningKey` rows, or the other instance's
   `/.well-known/did.json`, fetched through integrations' SSRF-safe client (public addresses
   only, no redirect, a short timeout, a size cap);
4. signature over the signing input (so one changed byte anywhere fails here), then the
   payload's issuer must be the key's DID;
5. validity: `validFrom`/`nbf` not in the future, `validUntil`/`exp` not past;
6. revocation: the BitstringStatusListEntry's bit (ours: read from the database; another
   instance's: its status list credential fetched from the issuer's host and verified too).

`verify_token()` never raises for what it is given: the answer is a `Verification`, verified or
with the reason it is not."""

import base64
import binascii
import gzip
import json
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from urllib.parse import unquote, urlsplit

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from django.conf import settings
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.translation import gettext as _

from integrations import sending
from portal.ratelimits import over_limit

from . import credentials
from .models import IssuedCredential, SigningKey

MAX_TOKEN = 16 * 1024  # characters of a pasted credential (ours are about 2 000)
MAX_UPLOAD = 32 * 1024  # bytes of an uploaded .jwt/.txt file
FETCH_LIMIT = 64 * 1024  # bytes of another instance's did.json or status list
FETCH_TIMEOUT = 3.0
ALGORITHMS = ("Ed25519", "EdDSA")
TYPES = ("vc+jwt",)
_PART = re.compile(r"^[A-Za-z0-9_-]+$")


class Reason:
    """Why a credential is not verified (stable codes, for the API and the tests)."""

    MALFORMED = "malformed"
    UNSUPPORTED = "unsupported"
    UNKNOWN_KEY = "unknown_key"
    BAD_SIGNATURE = "bad_signature"
    NOT_YET_VALID = "not_yet_valid"
    EXPIRED = "expired"
    REVOKED = "revoked"
    STATUS_UNAVAILABLE = "status_unavailable"
    ISSUER_REFUSED = "issuer_refused"
    ISSUER_UNREACHABLE = "issuer_unreachable"


def reason_text(reason: str) -> str:
    return {
        Reason.MALFORMED: _("This is not a credential in the VC-JWT format."),
        Reason.UNSUPPORTED: _("The credential is signed in a way this portal doesn't check."),
        Reason.UNKNOWN_KEY: _("The issuer publishes no key with which it could be signed."),
        Reason.BAD_SIGNATURE: _("The signature doesn't match: the credential was changed."),
        Reason.NOT_YET_VALID: _("The credential isn't valid yet."),
        Reason.EXPIRED: _("The credential has expired."),
        Reason.REVOKED: _("The issuer has revoked this credential."),
        Reason.STATUS_UNAVAILABLE: _("The issuer's revocation list could not be checked."),
        Reason.ISSUER_REFUSED: _("The issuer's address is not a public one: it isn't contacted."),
        Reason.ISSUER_UNREACHABLE: _("The issuer could not be reached to check its keys."),
    }.get(reason, _("The credential could not be verified."))


class Failed(Exception):
    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


@dataclass
class Verification:
    """What a credential proves, and by whom; or, not verified, why not."""

    verified: bool
    reason: str = ""
    issuer: str = ""  # the issuer's DID
    issuer_name: str = ""
    issuer_url: str = ""
    local: bool = False  # issued by this instance
    holder: str = ""
    achievements: list[str] = field(default_factory=list)
    valid_from: datetime | None = None
    valid_until: datetime | None = None

    @property
    def reason_text(self) -> str:
        return reason_text(self.reason) if self.reason else ""

    def as_dict(self) -> dict:
        return {
            "verified": self.verified,
            "reason": self.reason or None,
            "reason_text": self.reason_text or None,
            "issuer": self.issuer or None,
            "issuer_name": self.issuer_name or None,
            "issuer_url": self.issuer_url or None,
            "issued_here": self.local,
            "holder": self.holder or None,
            "achievements": list(self.achievements),
            "valid_from": self.valid_from.isoformat() if self.valid_from else None,
            "valid_until": self.valid_until.isoformat() if self.valid_until else None,
        }


# Parsing ---------------------------------------------------------------------------------


def _b64(part: str) -> bytes:
    if not _PART.match(part):
        raise Failed(Reason.MALFORMED)
    try:
        return base64.urlsafe_b64decode(part + "=" * (-len(part) % 4))
    except (binascii.Error, ValueError):
        raise Failed(Reason.MALFORMED) from None


def _json(part: str) -> dict:
    try:
        value = json.loads(_b64(part))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise Failed(Reason.MALFORMED) from None
    if not isinstance(value, dict):
        raise Failed(Reason.MALFORMED)
    return value


def _parts(token: str) -> tuple[str, str, str]:
    if not isinstance(token, str) or len(token) > MAX_TOKEN:
        raise Failed(Reason.MALFORMED)
    parts = token.strip().split(".")
    if len(parts) != 3 or not all(parts):
        raise Failed(Reason.MALFORMED)
    return parts[0], parts[1], parts[2]


def token_from_upload(upload) -> str:
    """The text of an uploaded .jwt/.txt file, or "" when it is too large or not text."""
    if upload is None or upload.size > MAX_UPLOAD:
        return ""
    try:
        return upload.read(MAX_UPLOAD + 1)[:MAX_UPLOAD].decode("ascii").strip()
    except UnicodeDecodeError:
        return ""


# Keys ------------------------------------------------------------------------------------


def _did_url(did: str) -> str:
    """did:web:example.com → https://example.com/.well-known/did.json;
    did:web:example.com:a:b → https://example.com/a/b/did.json (the did:web method)."""
    parts = did.removeprefix("did:web:").split(":")
    host = unquote(parts[0])
    if not host or "/" in host or "@" in host:
        raise Failed(Reason.MALFORMED)
    scheme = "http" if settings.DID_WEB_ALLOW_HTTP else "https"
    path = "/".join(unquote(p) for p in parts[1:])
    return (
        f"{scheme}://{host}/{path}/did.json" if path else f"{scheme}://{host}/.well-known/did.json"
    )


def _fetch(url: str) -> bytes:
    try:
        answer = sending.get(
            url, accept="application/json", limit=FETCH_LIMIT, timeout=FETCH_TIMEOUT
        )
    except sending.Refused:
        raise Failed(Reason.ISSUER_REFUSED) from None
    if answer.status != 200:
        raise Failed(Reason.ISSUER_UNREACHABLE)
    return answer.body


def _remote_key(did: str, kid: str) -> dict:
    try:
        document = json.loads(_fetch(_did_url(did)))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise Failed(Reason.ISSUER_UNREACHABLE) from None
    if not isinstance(document, dict) or document.get("id") != did:
        raise Failed(Reason.UNKNOWN_KEY)
    methods = document.get("verificationMethod") or []
    for method in methods if isinstance(methods, list) else []:
        if not isinstance(method, dict):
            continue
        if method.get("id") in (kid, "#" + kid.partition("#")[2]):
            jwk = method.get("publicKeyJwk")
            if isinstance(jwk, dict):
                return jwk
    raise Failed(Reason.UNKNOWN_KEY)


def _public_key(kid: str, seen: dict) -> tuple[str, dict, bool]:
    """(issuer DID, public JWK, issued here) for a header's `kid` (`did:web:…#<key id>`);
    `seen` keeps what one verification already resolved (the status list's key)."""
    if not isinstance(kid, str) or not kid.startswith("did:web:") or "#" not in kid:
        raise Failed(Reason.UNKNOWN_KEY)
    did, _hash, key_id = kid.partition("#")
    if not key_id or len(kid) > 500:
        raise Failed(Reason.UNKNOWN_KEY)
    if did == credentials.issuer_did():
        found = SigningKey.objects.filter(kid=key_id).first()
        if found is None:
            raise Failed(Reason.UNKNOWN_KEY)
        return did, found.public_jwk, True
    if kid not in seen:
        seen[kid] = _remote_key(did, kid)
    return did, seen[kid], False


def _check_signature(jwk: dict, signing_input: bytes, signature: bytes) -> None:
    if jwk.get("kty") != "OKP" or jwk.get("crv") != "Ed25519" or not isinstance(jwk.get("x"), str):
        raise Failed(Reason.UNSUPPORTED)
    try:
        key = Ed25519PublicKey.from_public_bytes(_b64(jwk["x"]))
    except (ValueError, Failed):
        raise Failed(Reason.UNKNOWN_KEY) from None
    try:
        key.verify(signature, signing_input)
    except InvalidSignature:
        raise Failed(Reason.BAD_SIGNATURE) from None


def _verified_claims(token: str, seen: dict) -> tuple[dict, str, bool]:
    """(claims, issuer DID, issued here) of a token whose signature holds."""
    head, body, sig = _parts(token)
    header = _json(head)
    if header.get("alg") not in ALGORITHMS:
        raise Failed(Reason.UNSUPPORTED)
    if header.get("typ") not in TYPES:
        raise Failed(Reason.UNSUPPORTED)
    did, jwk, local = _public_key(header.get("kid"), seen)
    _check_signature(jwk, f"{head}.{body}".encode("ascii"), _b64(sig))
    claims = _json(body)
    issuer = claims.get("issuer")
    issuer_id = issuer.get("id") if isinstance(issuer, dict) else issuer
    if issuer_id != did or claims.get("iss", did) != did:
        # Signed by one instance's key in the name of another.
        raise Failed(Reason.UNKNOWN_KEY)
    return claims, did, local


# Validity --------------------------------------------------------------------------------


def _when(value) -> datetime | None:
    if value is None:
        return None
    if isinstance(value, bool):
        raise Failed(Reason.MALFORMED)
    if isinstance(value, int | float):
        try:
            return datetime.fromtimestamp(value, tz=UTC)
        except (OverflowError, OSError, ValueError):
            raise Failed(Reason.MALFORMED) from None
    if isinstance(value, str) and len(value) < 40:
        try:
            parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            raise Failed(Reason.MALFORMED) from None
        return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
    raise Failed(Reason.MALFORMED)


def _check_dates(claims: dict) -> tuple[datetime | None, datetime | None]:
    now = timezone.now()
    starts = [d for d in (_when(claims.get("validFrom")), _when(claims.get("nbf"))) if d]
    ends = [d for d in (_when(claims.get("validUntil")), _when(claims.get("exp"))) if d]
    if starts and max(starts) > now:
        raise Failed(Reason.NOT_YET_VALID)
    if ends and min(ends) <= now:
        raise Failed(Reason.EXPIRED)
    return (max(starts) if starts else None), (min(ends) if ends else None)


# Revocation ------------------------------------------------------------------------------


def _status_entries(claims: dict) -> list[dict]:
    status = claims.get("credentialStatus")
    if status is None:
        return []
    entries = status if isinstance(status, list) else [status]
    if not all(isinstance(e, dict) for e in entries):
        raise Failed(Reason.MALFORMED)
    return [
        e
        for e in entries
        if e.get("type") == "BitstringStatusListEntry" and e.get("statusPurpose") == "revocation"
    ]


def _index(entry: dict) -> int:
    value = entry.get("statusListIndex")
    if not isinstance(value, str) or not value.isdigit() or len(value) > 9:
        raise Failed(Reason.MALFORMED)
    return int(value)


def _bit(encoded, index: int) -> bool:
    if not isinstance(encoded, str) or not encoded.startswith("u") or len(encoded) > FETCH_LIMIT:
        raise Failed(Reason.STATUS_UNAVAILABLE)
    try:
        raw = gzip.decompress(_b64(encoded[1:]))
    except (OSError, EOFError, Failed):
        raise Failed(Reason.STATUS_UNAVAILABLE) from None
    if index // 8 >= len(raw):
        raise Failed(Reason.MALFORMED)
    return bool(raw[index // 8] & (0x80 >> (index % 8)))


def _remote_revoked(entry: dict, did: str, index: int, seen: dict) -> bool:
    url = entry.get("statusListCredential")
    if not isinstance(url, str) or len(url) > 500:
        raise Failed(Reason.MALFORMED)
    issuer_host = urlsplit(_did_url(did)).netloc
    parts = urlsplit(url)
    if parts.netloc != issuer_host or parts.scheme not in ("https", "http"):
        # The list lives with its issuer: the verifier fetches nothing from anywhere else.
        raise Failed(Reason.STATUS_UNAVAILABLE)
    try:
        listed = _fetch(url).decode("ascii").strip()
    except (UnicodeDecodeError, Failed):
        raise Failed(Reason.STATUS_UNAVAILABLE) from None
    try:
        claims, list_did, _local = _verified_claims(listed, seen)
        _check_dates(claims)
    except Failed:
        raise Failed(Reason.STATUS_UNAVAILABLE) from None
    subject = claims.get("credentialSubject") or {}
    if (
        list_did != did
        or "BitstringStatusListCredential" not in (claims.get("type") or [])
        or not isinstance(subject, dict)
        or subject.get("statusPurpose") != "revocation"
    ):
        raise Failed(Reason.STATUS_UNAVAILABLE)
    return _bit(subject.get("encodedList"), index)


def _check_revocation(claims: dict, did: str, local: bool, seen: dict) -> None:
    own_list = credentials.status_list_url()
    for entry in _status_entries(claims):
        index = _index(entry)
        if local:
            if entry.get("statusListCredential") != own_list:
                raise Failed(Reason.STATUS_UNAVAILABLE)
            # The bit the published list would carry, read from where it is kept.
            revoked = IssuedCredential.objects.filter(
                status_index=index, revoked_at__isnull=False
            ).exists()
        else:
            revoked = _remote_revoked(entry, did, index, seen)
        if revoked:
            raise Failed(Reason.REVOKED)


# What is proven --------------------------------------------------------------------------


def _month(value: datetime) -> str:
    return date_format(timezone.localtime(value) if timezone.is_aware(value) else value, "M Y")


def _text(value, limit: int = 200) -> str:
    return value.strip()[:limit] if isinstance(value, str) else ""


def achievement_lines(claims: dict) -> list[str]:
    """ "Lead Moderator at X, Mar 2025 – May 2026", one per achievement the subject holds."""
    subjects = claims.get("credentialSubject")
    subjects = subjects if isinstance(subjects, list) else [subjects]
    lines = []
    for subject in subjects:
        if not isinstance(subject, dict):
            continue
        achievements = subject.get("achievement")
        achievements = achievements if isinstance(achievements, list) else [achievements]
        try:
            start = _when(subject.get("activityStartDate"))
            end = _when(subject.get("activityEndDate"))
        except Failed:
            start = end = None
        for achievement in achievements:
            if not isinstance(achievement, dict):
                continue
            name = _text(achievement.get("name")) or _text(claims.get("name"))
            if not name:
                continue
            if start and end:
                name = _("%(name)s, %(start)s – %(end)s") % {
                    "name": name,
                    "start": _month(start),
                    "end": _month(end),
                }
            elif start:
                name = _("%(name)s, since %(start)s") % {"name": name, "start": _month(start)}
            lines.append(name)
    return lines[:20]


def _holder(claims: dict) -> str:
    subject = claims.get("credentialSubject")
    if isinstance(subject, list):
        subject = subject[0] if subject else None
    return _text(subject.get("name"), 150) if isinstance(subject, dict) else ""


def verify_token(token: str) -> Verification:
    """Verify one compact VC-JWT; never raises for what it is given."""
    seen: dict = {}
    try:
        claims, did, local = _verified_claims(token, seen)
    except Failed as failed:
        return Verification(verified=False, reason=failed.reason)
    issuer = claims.get("issuer")
    issuer = issuer if isinstance(issuer, dict) else {}
    found = Verification(
        verified=False,
        issuer=did,
        issuer_name=_text(issuer.get("name"), 100),
        issuer_url=_text(issuer.get("url"), 200),
        local=local,
        holder=_holder(claims),
        achievements=achievement_lines(claims),
    )
    try:
        found.valid_from, found.valid_until = _check_dates(claims)
        _check_revocation(claims, did, local, seen)
    except Failed as failed:
        found.reason = failed.reason
        return found
    found.verified = True
    return found


# The public page and the API ---------------------------------------------------------------

VERIFY_RATE = "30/h"  # verifications one person (or address) asks for, page and API together


def requester_key(request) -> str:
    """Who asks, for the rate limit: the account when signed in, else the address."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return f"user:{user.pk}"
    return "ip:" + str(request.META.get("REMOTE_ADDR", ""))[:64]


def over_verify_limit(request) -> bool:
    return over_limit(group="records.verify", key=requester_key(request), rate=VERIFY_RATE)
