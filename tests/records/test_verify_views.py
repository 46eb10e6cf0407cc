"""The public verification page and the API's verify endpoint."""

import pytest

from records import credentials, verification
from records.models import ServiceRecord

pytestmark = pytest.mark.django_db


@pytest.fixture
def token(team):
    record = ServiceRecord.objects.get(user=team.lead, channel=team.channel)
    issued = credentials.credential_issue(
        user=team.lead, achievement_key=f"service:{record.pk}", actor=team.lead
    )
    return credentials.credential_jwt(issued)


def test_the_page_verifies_a_pasted_or_uploaded_credential(client, token, team):
    page = client.get("/credentials/verify/")
    assert page.status_code == 200 and "Verify a credential" in page.content.decode()
    text = client.post("/credentials/verify/", {"credential": token}).content.decode()
    assert "verified" in text and "Lead Moderator at Nova Streams" in text
    assert team.lead.username in text
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("credential.jwt", token.encode(), content_type="application/vc+jwt")
    text = client.post("/credentials/verify/", {"file": upload}).content.decode()
    assert "Lead Moderator at Nova Streams" in text and "not verified" not in text


def test_the_page_says_why_not_and_never_errs(client, token):
    changed = token[:-6] + ("A" if token[-6] != "A" else "B") + token[-5:]
    text = client.post("/credentials/verify/", {"credential": changed}).content.decode()
    assert "not verified" in text and "the credential was changed" in text
    assert "Lead Moderator" not in text
    for junk in ("", "x" * 40000, "nul\x00.a.b", "a.b.c"):
        assert client.post("/credentials/verify/", {"credential": junk}).status_code == 200
    from django.core.files.uploadedfile import SimpleUploadedFile

    big = SimpleUploadedFile("c.jwt", b"a" * (verification.MAX_UPLOAD + 10))
    text = client.post("/credentials/verify/", {"file": big}).content.decode()
    assert "at most 32 KB" in text


def test_the_page_is_rate_limited(client, token, monkeypatch):
    monkeypatch.setattr(verification, "VERIFY_RATE", "2/h")
    for _ in range(2):
        assert client.post("/credentials/verify/", {"credential": token}).status_code == 200
    assert client.post("/credentials/verify/", {"credential": token}).status_code == 429


def test_the_api_answers_the_same_without_a_token(client, token):
    answer = client.post(
        "/api/v1/credentials/verify/", {"credential": token}, content_type="application/json"
    )
    assert answer.status_code == 200, answer.content
    body = answer.json()
    assert body["verified"] is True and body["reason"] is None and body["issued_here"]
    assert body["achievements"][0].startswith("Lead Moderator at Nova Streams")
    bad = client.post(
        "/api/v1/credentials/verify/",
        {"credential": token + "x"},
        content_type="application/json",
    ).json()
    assert bad["verified"] is False and bad["reason"] == "bad_signature"
    too_long = client.post(
        "/api/v1/credentials/verify/", {"credential": "a" * 20000}, content_type="application/json"
    )
    assert too_long.status_code == 422
    schema = client.get("/api/v1/openapi.json").json()
    operation = schema["paths"]["/api/v1/credentials/verify/"]["post"]
    assert "security" not in operation or operation["security"] == [{}] or not operation["security"]


def test_the_api_is_rate_limited(client, token, monkeypatch):
    monkeypatch.setattr(verification, "VERIFY_RATE", "1/h")
    url = "/api/v1/credentials/verify/"
    first = client.post(url, {"credential": token}, content_type="application/json")
    assert first.status_code == 200
    answer = client.post(url, {"credential": token}, content_type="application/json")
    assert answer.status_code == 429 and answer["Retry-After"] == "3600"
