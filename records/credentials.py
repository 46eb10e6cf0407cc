"""Verifiable credentials: Open Badges 3.0 achievements (completed training, tenure milestones)
as W3C VC data model 2.0 credentials, signed as VC-JWT (JOSE, Ed25519) by the instance's key.

The issuer is did:web of SITE_URL (/.well-known/did.json), with the same public keys as a JWKS
(/.well-known/jwks.json). Keys rotate: the newest unretired key signs, retired public keys stay
published. Revocation sets the credential's bit in a W3C Bitstring Status List, itself a signed
credential at /credentials/status/1. The JSON-LD contexts ship in records/contexts/ (copied
from the npm packages with their licences); nothing is fetched at run time."""

import base64
import gzip
import json
import secrets
from datetime import timedelta
from functools import cache
from pathlib import Path
from urllib.parse import quote, urlsplit

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from joserfc import jwt
from joserfc.jwk import KeySet, OKPKey

from channels.services.guards import require_platform_permission, require_signed_in
from resources.kinds import results_of
from resources.models import Completion

from .models import AchievementKind, IssuedCredential, ServiceRecord, SigningKey

ALG = "Ed25519"  # the fully specified JOSE name of EdDSA over Ed25519 (RFC 9864)
VC_CONTEXT = "https://www.w3.org/ns/credentials/v2"
OB_CONTEXT = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
STATUS_LIST_ID = 1
STATUS_LIST_SIZE = 131072  # bits: the spec's minimum, so one credential's bit says little
TENURE_MILESTONES = (90, 365, 730)  # days of service in one channel
# Staff revoke someone's credential only with the permission of its own (not just is_staff).
REVOKE_PERMISSION = "records.change_issuedcredential"
CONTEXTS_DIR = Path(__file__).resolve().parent / "contexts"


@cache
def contexts() -> dict[str, dict]:
    """The JSON-LD contexts the credentials use, from the copies shipped in the repository."""
    return {
        VC_CONTEXT: json.loads((CONTEXTS_DIR / "credentials-v2.jsonld").read_text()),
        OB_CONTEXT: json.loads((CONTEXTS_DIR / "ob-v3p0-context-3.0.3.json").read_text()),
    }


def issuer_did() -> str:
    parts = urlsplit(settings.SITE_URL)
    return "did:web:" + quote(parts.netloc, safe="")


def _absolute(path: str) -> str:
    return settings.SITE_URL + path


# Keys ----------------------------------------------------------------------------------


def _new_key() -> SigningKey:
    kid = secrets.token_urlsafe(12)
    key = OKPKey.generate_key("Ed25519", private=True, parameters={"kid": kid})
    return SigningKey.objects.create(
        kid=kid, private_jwk=key.as_dict(private=True), public_jwk=key.as_dict(private=False)
    )


@transaction.atomic
def current_key() -> SigningKey:
    key = SigningKey.objects.select_for_update().filter(retired_at__isnull=True).last()
    return key or _new_key()


@transaction.atomic
def rotate_key() -> SigningKey:
    """Retire the signing key and make a new one; the retired public key stays published."""
    SigningKey.objects.filter(retired_at__isnull=True).update(retired_at=timezone.now())
    return _new_key()


def public_keys() -> list[dict]:
    current_key()
    return [
        {**key.public_jwk, "kid": key.kid, "alg": ALG, "use": "sig"}
        for key in SigningKey.objects.all()
    ]


def jwks() -> dict:
    return {"keys": public_keys()}


def did_document() -> dict:
    did = issuer_did()
    methods = [
        {"id": f"{did}#{jwk['kid']}", "type": "JsonWebKey", "controller": did, "publicKeyJwk": jwk}
        for jwk in public_keys()
    ]
    ids = [method["id"] for method in methods]
    return {
        "@context": ["https://www.w3.org/ns/did/v1", "https://w3id.org/security/jwk/v1"],
        "id": did,
        "verificationMethod": methods,
        "assertionMethod": ids,
        "authentication": ids,
    }


def _sign(claims: dict) -> str:
    key = current_key()
    header = {"alg": ALG, "typ": "vc+jwt", "cty": "vc", "kid": f"{issuer_did()}#{key.kid}"}
    return jwt.encode(header, claims, OKPKey.import_key(key.private_jwk), algorithms=[ALG])


# Achievements ---------------------------------------------------------------------------


def achievements_for(user) -> list[dict]:
    """What the person has earned and may take away as a credential: completed training, each
    stint on a team (the role last held, with its dates) and the tenure milestones of each
    stint. A fixed number of queries, however much they did."""
    earned = []
    completions = list(
        Completion.objects.filter(user=user).select_related("resource", "channel").order_by("id")
    )
    results = results_of(user, completions)
    for completion in completions:
        names = {"title": completion.resource.title, "channel": completion.channel.name}
        result = results.get(completion.resource_id)
        if result is None:
            description = _("Completed the training “%(title)s” in %(channel)s.") % names
        else:
            description = _(
                "Passed the scenario exercise “%(title)s” in %(channel)s: %(right)s of "
                "%(total)s situations handled as the team does (pass mark %(mark)s%%)."
            ) % {**names, "right": result.right, "total": result.total, "mark": result.pass_mark}
        earned.append(
            {
                "kind": AchievementKind.TRAINING,
                "key": f"training:{completion.resource_id}",
                "name": completion.resource.title[:200],
                "description": description,
                "channel": completion.channel,
                "at": completion.completed_at,
            }
        )
    now = timezone.now()
    records = ServiceRecord.objects.filter(user=user).select_related("channel")
    for record in records.prefetch_related("periods"):
        periods = list(record.periods.all())
        role = periods[-1].role_name if periods else ""
        earned.append(
            {
                "kind": AchievementKind.SERVICE,
                "key": f"service:{record.pk}",
                "name": (
                    _("%(role)s at %(channel)s") % {"role": role, "channel": record.channel.name}
                    if role
                    else _("Team member at %(channel)s") % {"channel": record.channel.name}
                )[:200],
                "description": _("Served on the moderator team of %(channel)s.")
                % {"channel": record.channel.name},
                "channel": record.channel,
                "at": record.started_at,
                "role": role,
                "activity_start": record.started_at,
                "activity_end": record.ended_at,
            }
        )
        served = (record.ended_at or now) - record.started_at
        for days in TENURE_MILESTONES:
            if served >= timedelta(days=days):
                earned.append(
                    {
                        "kind": AchievementKind.TENURE,
                        "key": f"tenure:{record.pk}:{days}",
                        "name": _("%(days)s days on the %(channel)s team")
                        % {"days": days, "channel": record.channel.name},
                        "description": _(
                            "Served %(days)s days on the moderator team of %(channel)s."
                        )
                        % {"days": days, "channel": record.channel.name},
                        "channel": record.channel,
                        "at": record.started_at + timedelta(days=days),
                    }
                )
    return earned


@transaction.atomic
def credential_issue(*, user, achievement_key: str, actor) -> IssuedCredential:
    require_signed_in(actor)
    if actor.pk != user.pk:
        raise PermissionDenied(_("Only the person takes their credentials away."))
    found = next((a for a in achievements_for(user) if a["key"] == achievement_key), None)
    if found is None:
        raise ValidationError(_("Choose one of the achievements offered."))
    existing = IssuedCredential.objects.filter(
        user=user, achievement_key=achievement_key, revoked_at__isnull=True
    ).first()
    if existing is not None:
        return existing
    IssuedCredential.objects.filter(user=user, achievement_key=achievement_key).delete()
    # Serialise the choice of index through the signing key's row lock.
    key = current_key()
    SigningKey.objects.select_for_update().get(pk=key.pk)
    highest = IssuedCredential.objects.aggregate(top=Max("status_index"))["top"]
    index = 0 if highest is None else highest + 1
    if index >= STATUS_LIST_SIZE:
        raise ValidationError(_("The instance can't issue more credentials."))
    return IssuedCredential.objects.create(
        user=user,
        channel=found["channel"],
        kind=found["kind"],
        achievement_key=achievement_key,
        name=found["name"],
        description=found["description"][:500],
        status_index=index,
        kid=key.kid,
        role=found.get("role", ""),
        activity_start=found.get("activity_start"),
        activity_end=found.get("activity_end"),
    )


@transaction.atomic
def credential_revoke(*, credential: IssuedCredential, actor) -> IssuedCredential:
    """The holder (or platform staff with the permission to change credentials) revokes: the
    status list says so from now on."""
    require_signed_in(actor)
    if actor.pk != credential.user_id:
        require_platform_permission(actor, REVOKE_PERMISSION)
    if credential.revoked_at is None:
        credential.revoked_at = timezone.now()
        credential.save(update_fields=["revoked_at"])
    return credential


def status_list_url(list_id: int = STATUS_LIST_ID) -> str:
    return _absolute(reverse("records:status_list", args=[list_id]))


def credential_document(credential: IssuedCredential) -> dict:
    """The OpenBadgeCredential (VC data model 2.0) of one issued credential."""
    did = issuer_did()
    status_url = status_list_url()
    subject = credential.user
    achievement_type = {
        AchievementKind.TRAINING: "Competency",
        AchievementKind.SERVICE: "Membership",
    }.get(credential.kind, "Membership")
    served = {}
    if credential.role:
        served["role"] = credential.role
    if credential.activity_start:
        served["activityStartDate"] = credential.activity_start.isoformat()
    if credential.activity_end:
        served["activityEndDate"] = credential.activity_end.isoformat()
    return {
        "@context": [VC_CONTEXT, OB_CONTEXT],
        "id": _absolute(f"/credentials/{credential.pk}"),
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": {"id": did, "type": ["Profile"], "name": "Modportal", "url": settings.SITE_URL},
        "validFrom": credential.issued_at.isoformat(),
        "name": credential.name,
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "name": subject.username,
            **served,
            "achievement": {
                "id": _absolute(f"/credentials/achievements/{credential.achievement_key}"),
                "type": ["Achievement"],
                "achievementType": achievement_type,
                "name": credential.name,
                "description": credential.description or credential.name,
                "criteria": {"narrative": credential.description or credential.name},
            },
        },
        "credentialStatus": {
            "id": f"{status_url}#{credential.status_index}",
            "type": "BitstringStatusListEntry",
            "statusPurpose": "revocation",
            "statusListIndex": str(credential.status_index),
            "statusListCredential": status_url,
        },
    }


def credential_jwt(credential: IssuedCredential) -> str:
    document = credential_document(credential)
    claims = {
        **document,
        "iss": document["issuer"]["id"],
        "jti": document["id"],
        "iat": int(credential.issued_at.timestamp()),
        "nbf": int(credential.issued_at.timestamp()),
    }
    return _sign(claims)


def encoded_status_list() -> str:
    """The revocation bits, GZIP-compressed and multibase base64url ('u'), per the spec."""
    bits = bytearray(STATUS_LIST_SIZE // 8)
    for index in IssuedCredential.objects.filter(revoked_at__isnull=False).values_list(
        "status_index", flat=True
    ):
        bits[index // 8] |= 0x80 >> (index % 8)  # the first index is the leftmost bit
    packed = gzip.compress(bytes(bits), mtime=0)
    return "u" + base64.urlsafe_b64encode(packed).decode().rstrip("=")


def status_list_jwt(list_id: int = STATUS_LIST_ID) -> str:
    url = status_list_url(list_id)
    now = int(timezone.now().timestamp())
    return _sign(
        {
            "@context": [VC_CONTEXT],
            "id": url,
            "type": ["VerifiableCredential", "BitstringStatusListCredential"],
            "issuer": issuer_did(),
            "validFrom": timezone.now().isoformat(),
            "credentialSubject": {
                "id": f"{url}#list",
                "type": "BitstringStatusList",
                "statusPurpose": "revocation",
                "encodedList": encoded_status_list(),
            },
            "iss": issuer_did(),
            "iat": now,
        }
    )


def bit_at(encoded: str, index: int) -> bool:
    """Read one bit of an encoded status list (what a verifier does)."""
    raw = gzip.decompress(base64.urlsafe_b64decode(encoded[1:] + "=" * (-len(encoded[1:]) % 4)))
    return bool(raw[index // 8] & (0x80 >> (index % 8)))


def verify(token: str, keys: dict) -> dict:
    """Check a VC-JWT against a published key set (a JWKS); returns its claims."""
    header = json.loads(base64.urlsafe_b64decode(token.split(".")[0] + "=="))
    kid = str(header.get("kid", "")).rsplit("#", 1)[-1]
    key_set = KeySet.import_key_set(
        {"keys": [key for key in keys.get("keys", []) if key.get("kid") == kid]}
    )
    return jwt.decode(token, key_set.keys[0], algorithms=[ALG]).claims
