"""Rows of the records app in the URL × actor matrix."""

from channels.models import Capability

from . import LOGIN, NOT_FOUND, OK, everyone, private, signed_in

MATRIX = {
    "records:mine": signed_in(OK),
    "records:endorsements": signed_in(OK),
    "records:credentials": signed_in(OK),
    # One person's credential: theirs to download, a 404 for everyone else.
    "records:credential_download": {
        **signed_in(NOT_FOUND),
        "anonymous": LOGIN,
        "owner": OK,
    },
    "records:endorse": private(Capability.MANAGE_TEAM),
    "records:team_history": private(Capability.MANAGE_TEAM),
    "records:did": everyone(OK),
    "records:jwks": everyone(OK),
    "records:status_list": everyone(OK),
    "records:verify": everyone(OK),  # the public verification page
}

NOT_HTML = {"records:credential_download", "records:did", "records:jwks", "records:status_list"}


def _owner_credential(team):
    from records import credentials
    from records.models import IssuedCredential, ServiceRecord

    found = IssuedCredential.objects.filter(user=team.owner).first()
    if found is None:
        record = ServiceRecord.objects.filter(user=team.owner).first()
        key = "tenure:matrix"
        found = IssuedCredential.objects.create(
            user=team.owner,
            channel=team.channel,
            kind="tenure",
            achievement_key=key,
            name="Matrix milestone",
            status_index=9000 + (record.pk if record else 0),
            kid=credentials.current_key().kid,
        )
    return found


def url(name, team):
    slug = team.channel.slug
    simple = {
        "records:mine": "/me/record/",
        "records:endorsements": "/me/record/endorsements/",
        "records:credentials": "/me/record/credentials/",
        "records:endorse": f"/c/{slug}/team/endorse/",
        "records:team_history": f"/c/{slug}/team/history/",
        "records:did": "/.well-known/did.json",
        "records:jwks": "/.well-known/jwks.json",
        "records:status_list": "/credentials/status/1",
        "records:verify": "/credentials/verify/",
    }
    if name in simple:
        return simple[name]
    if name == "records:credential_download":
        return f"/me/record/credentials/{_owner_credential(team).pk}.jwt"
    return None


def write_requests(team):
    from records.models import ServiceRecord

    record = ServiceRecord.objects.filter(channel=team.channel, user=team.trainee).first()
    if record is None:
        return []
    return [
        (
            Capability.MANAGE_TEAM,
            f"/c/{team.channel.slug}/team/endorse/",
            {"record": str(record.pk), "body": "Calm and kind."},
        )
    ]
