"""The two bodies an endpoint receives: Discord's "Execute Webhook" message, or the signed
JSON envelope of the Standard Webhooks specification (https://www.standardwebhooks.com/)."""

import base64
import hashlib
import hmac
import json

# Discord's documented limits (https://discord.com/developers/docs/resources/message#embed-object-embed-limits)
DISCORD = {
    "content": 2000,
    "username": 80,
    "title": 256,
    "description": 4096,
    "fields": 25,
    "field_name": 256,
    "field_value": 1024,
    "footer": 2048,
    "embed_total": 6000,
}


def _cut(text, limit):
    text = str(text or "")
    return text if len(text) <= limit else text[: limit - 1] + "…"


def discord_body(envelope: dict, mention_role: str = "") -> dict:
    """No mentions unless the team named a role to ping: then that role and nothing else
    (`allowed_mentions` lists it; @everyone, @here and user mentions in any text stay inert)."""
    data = envelope.get("data") or {}
    subject = envelope.get("subject") or {}
    title = _cut(f"{envelope['channel']['name']}: {envelope.get('label') or envelope['type']}", 256)
    description = _cut(subject.get("label") or "", 1000)
    footer = _cut(f"Modportal · {envelope['type']}", 2048)
    budget = DISCORD["embed_total"] - 200 - len(title) - len(description) - len(footer)
    fields = []
    items = [("By", envelope["actor"])] if envelope.get("actor") else []
    for key, value in [*items, *list(data.items())[:20]]:
        if value in (None, "", [], {}):
            continue
        text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
        field = {"name": _cut(key, 64), "value": _cut(text, 200), "inline": True}
        budget -= len(field["name"]) + len(field["value"])
        if budget < 0:
            break
        fields.append(field)
    embed = {
        "title": title,
        "description": description,
        "fields": fields[: DISCORD["fields"]],
        "footer": {"text": footer},
    }
    if envelope.get("occurred_at"):
        embed["timestamp"] = envelope["occurred_at"]
    body = {
        "username": "Modportal",
        "content": "",
        "embeds": [embed],
        "allowed_mentions": {"parse": []},
    }
    if mention_role:
        body["content"] = f"<@&{mention_role}>"
        body["allowed_mentions"] = {"parse": [], "roles": [mention_role]}
    return body


def sign(secret: str, msg_id: str, timestamp: int, body: bytes) -> str:
    key = base64.b64decode(secret.removeprefix("whsec_"))
    signed = f"{msg_id}.{timestamp}.".encode() + body
    digest = hmac.new(key, signed, hashlib.sha256).digest()
    return "v1," + base64.b64encode(digest).decode()


def signed_headers(secrets: list[str], msg_id: str, timestamp: int, body: bytes) -> dict:
    """`webhook-signature` carries one signature per live secret (both during a rotation)."""
    return {
        "webhook-id": msg_id,
        "webhook-timestamp": str(timestamp),
        "webhook-signature": " ".join(sign(s, msg_id, timestamp, body) for s in secrets if s),
    }
