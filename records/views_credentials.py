"""The issuer's public documents (did.json, JWKS, status list) and the person's own
endorsements and credentials pages."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from channels.models import Capability
from channels.permissions import channel_view

from . import credentials, endorsements, verification
from .models import Endorsement, IssuedCredential, ServiceRecord


def _error(request, error):
    messages.error(request, " ".join(getattr(error, "messages", [str(error)])))


@require_GET
def did_json(request):
    response = JsonResponse(credentials.did_document())
    response["Content-Type"] = "application/did+json"
    response["Access-Control-Allow-Origin"] = "*"
    return response


@require_GET
def jwks_json(request):
    response = JsonResponse(credentials.jwks())
    response["Content-Type"] = "application/jwk-set+json"
    response["Access-Control-Allow-Origin"] = "*"
    return response


@require_GET
def status_list(request, list_id):
    if list_id != credentials.STATUS_LIST_ID:
        raise Http404
    response = HttpResponse(credentials.status_list_jwt(list_id), content_type="application/vc+jwt")
    response["Access-Control-Allow-Origin"] = "*"
    response["Cache-Control"] = "max-age=300"
    return response


def _action(request, *choices: str) -> str:
    """The button pressed: `action=<choice>`, or a button named after its choice (a button's
    value is never shown, but the templates keep words out of it, as everywhere)."""
    action = request.POST.get("action", "")
    if action in choices:
        return action
    return next((choice for choice in choices if choice in request.POST), "")


@login_required
@require_http_methods(["GET", "POST"])
def my_credentials(request):
    if request.method == "POST":
        action = _action(request, "issue", "revoke")
        try:
            if action == "issue":
                key = request.POST.get("achievement", "")[:120]
                credentials.credential_issue(
                    user=request.user, achievement_key=key, actor=request.user
                )
                messages.success(request, _("Your credential is ready to download."))
            elif action == "revoke":
                entry = request.POST.get("credential", "")
                if not entry.isdigit() or len(entry) > 18:
                    raise Http404
                found = get_object_or_404(IssuedCredential, pk=int(entry), user=request.user)
                credentials.credential_revoke(credential=found, actor=request.user)
                messages.success(request, _("The credential is revoked; verifiers now see it so."))
            else:
                messages.error(request, _("Choose an achievement or a credential first."))
        except (ValidationError, PermissionDenied) as error:
            _error(request, error)
        return redirect("records:credentials")
    issued = list(IssuedCredential.objects.filter(user=request.user))
    taken = {c.achievement_key for c in issued if c.revoked_at is None}
    achievements = [a for a in credentials.achievements_for(request.user) if a["key"] not in taken]
    return render(
        request,
        "records/credentials.html",
        {"issued": issued, "achievements": achievements, "did": credentials.issuer_did()},
    )


@login_required
@require_GET
def credential_download(request, pk):
    found = get_object_or_404(IssuedCredential, pk=pk, user=request.user)
    response = HttpResponse(credentials.credential_jwt(found), content_type="application/vc+jwt")
    response["Content-Disposition"] = f'attachment; filename="credential-{found.pk}.jwt"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def my_endorsements(request):
    if request.method == "POST":
        entry, action = request.POST.get("endorsement", ""), _action(request, "accept", "remove")
        if not entry.isdigit() or len(entry) > 18 or action not in ("accept", "remove"):
            messages.error(request, _("Choose an endorsement and what to do with it."))
            return redirect("records:endorsements")
        found = get_object_or_404(Endorsement, pk=int(entry), subject=request.user)
        if action == "accept":
            endorsements.endorsement_accept(endorsement=found, actor=request.user)
            messages.success(request, _("The endorsement now shows on your profile."))
        else:
            endorsements.endorsement_remove(endorsement=found, actor=request.user)
            messages.success(request, _("The endorsement is removed."))
        return redirect("records:endorsements")
    received = Endorsement.objects.filter(subject=request.user).select_related("channel")
    return render(request, "records/endorsements.html", {"endorsements": received})


@channel_view(Capability.MANAGE_TEAM, write=True)
@require_http_methods(["GET", "POST"])
def endorse(request):
    """The owner or a team manager endorses someone who serves or served on the team."""
    channel = request.channel
    records = (
        ServiceRecord.objects.for_channel(channel)
        .exclude(user=request.user)
        .select_related("user")
        .order_by("user__username", "-started_at")
    )
    written = Endorsement.objects.for_channel(channel).select_related("subject")
    if request.method == "POST":
        entry, body = request.POST.get("record", ""), request.POST.get("body", "")
        if _action(request, "remove") == "remove":
            removed = request.POST.get("endorsement", "")
            if not removed.isdigit() or len(removed) > 18:
                raise Http404
            found = get_object_or_404(written, pk=int(removed))
            endorsements.endorsement_remove(endorsement=found, actor=request.user)
            messages.success(request, _("The endorsement is removed."))
            return redirect("records:endorse", channel.slug)
        if not entry.isdigit() or len(entry) > 18:
            messages.error(request, _("Choose who you endorse."))
            return redirect("records:endorse", channel.slug)
        record = get_object_or_404(records, pk=int(entry))
        try:
            endorsements.endorsement_write(record=record, actor=request.user, body=body)
        except ValidationError as error:
            _error(request, error)
        else:
            messages.success(
                request, _("Endorsement sent. It shows on their profile once they accept it.")
            )
        return redirect("records:endorse", channel.slug)
    seen, people = set(), []
    for record in records:
        if record.user_id not in seen:
            seen.add(record.user_id)
            people.append(record)
    return render(
        request,
        "records/endorse.html",
        {"channel": channel, "people": people, "written": written, "limit": endorsements.BODY_MAX},
    )


@require_http_methods(["GET", "POST"])
def verify_page(request):
    """Anyone pastes or uploads a credential and sees what it proves, or why it doesn't."""
    result, pasted, error, limited = None, "", "", False
    if request.method == "POST":
        pasted = request.POST.get("credential", "")[: verification.MAX_TOKEN + 1]
        upload = request.FILES.get("file")
        token = pasted.strip()
        if upload is not None and not token:
            token = verification.token_from_upload(upload)
            if not token:
                error = _("Upload a text file (.jwt or .txt) of at most 32 KB.")
        if not token and not error:
            error = _("Paste a credential or upload its file.")
        limited = bool(token) and verification.over_verify_limit(request)
        if limited:
            error = _("You've verified many credentials in the last hour. Please try again later.")
        if error:
            messages.error(request, error)
        else:
            result = verification.verify_token(token)
    context = {"result": result, "pasted": pasted[: verification.MAX_TOKEN]}
    return render(request, "records/verify.html", context, status=429 if limited else 200)
