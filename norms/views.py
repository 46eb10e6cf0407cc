"""Thin views: resolve, check, call one service or selector, render."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from channels.models import Capability
from channels.permissions import channel_view
from portal import pagecache, personalpages
from portal.forms import add_service_error
from portal.replicas import replica_reads

from . import hooks, selectors, services
from .diff import compare, ladder_text
from .forms import AcknowledgeForm, CommentForm, CompareForm, MoveForm, NormForm, PublishForm
from .models import BREACHES, Category, DraftNorm, NormTemplate


def _editor_context(request, **extra) -> dict:
    channel = request.channel
    return {
        "channel": channel,
        "norms": selectors.draft_norms(channel=channel),
        "current": selectors.current_version(channel=channel),
        "templates": selectors.templates_offered(language=channel.language),
        "comment_form": CommentForm(),
        **extra,
    }


def shown_norms(version) -> list[dict]:
    """A version's norms as the pages show them: numbered, with the ladder's labels."""
    if version is None:
        return []
    ids = version.norm_ids if len(version.norm_ids) == len(version.norms) else []
    return [
        {
            **norm,
            "number": number,
            "draft_id": ids[number - 1] if ids else None,
            "category_label": Category(norm["category"]).label
            if norm["category"] in Category.values
            else norm["category"],
            "ladder": [(label, ladder_text(norm["enforcement"][key])) for key, label in BREACHES],
        }
        for number, norm in enumerate(version.norms, start=1)
    ]


def _norm(request, pk) -> DraftNorm:
    return get_object_or_404(DraftNorm.objects.for_channel(request.channel), pk=pk)


# The editor


def bot_commands(request) -> list[tuple[str, str]]:
    """How to add `!rule <n>` to the two bots most channels use: both fetch a URL as text."""
    rule_url = request.build_absolute_uri(
        reverse("norms:rules", kwargs={"slug": request.channel.slug})
    )
    return [
        ("Nightbot", f"!addcom !rule $(urlfetch {rule_url}$(1).txt)"),
        ("StreamElements", f"!cmd add !rule ${{customapi.{rule_url}${{1}}.txt}}"),
    ]


@require_GET
@channel_view(Capability.MANAGE_NORMS)
@personalpages.personal_page("norms.editor")
def editor(request):
    context = _editor_context(request, bot_commands=bot_commands(request))
    return render(request, "norms/editor.html", context)


@require_http_methods(["GET", "POST"])
@channel_view(Capability.MANAGE_NORMS, write=True)
def norm_create(request):
    form = NormForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        try:
            services.norm_create(channel=request.channel, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Norm added to the draft."))
            return redirect("norms:editor", slug=request.channel.slug)
    context = {"channel": request.channel, "form": form, "norm": None}
    return render(request, "norms/norm_form.html", context)


@require_http_methods(["GET", "POST"])
@channel_view(Capability.MANAGE_NORMS, write=True)
def norm_edit(request, pk):
    norm = _norm(request, pk)
    initial = {name: getattr(norm, name) for name in (*services.NORM_FIELDS, "key")}
    form = NormForm(request.POST if request.method == "POST" else None, initial=initial)
    if form.is_valid():
        try:
            services.norm_update(norm=norm, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Draft norm saved."))
            return redirect("norms:editor", slug=request.channel.slug)
    context = {"channel": request.channel, "form": form, "norm": norm}
    return render(request, "norms/norm_form.html", context)


@require_http_methods(["GET", "POST"])
@channel_view(Capability.MANAGE_NORMS, write=True)
def norm_delete(request, pk):
    norm = _norm(request, pk)
    if request.method == "POST":
        services.norm_delete(norm=norm, actor=request.user)
        messages.success(request, _("Norm removed from the draft. Published versions keep it."))
        return redirect("norms:editor", slug=request.channel.slug)
    return render(request, "norms/norm_delete.html", {"channel": request.channel, "norm": norm})


@require_POST
@channel_view(Capability.MANAGE_NORMS, write=True)
def norm_move(request, pk):
    norm = _norm(request, pk)
    form = MoveForm(request.POST)
    if form.is_valid():
        services.norm_move(norm=norm, actor=request.user, direction=form.cleaned_data["direction"])
    elif not request.htmx:
        messages.error(request, _("Move a norm up or down."))
    if request.htmx:
        return render(request, "partials/norms/draft_list.html", _editor_context(request))
    return redirect("norms:editor", slug=request.channel.slug)


@require_POST
@channel_view(Capability.MANAGE_NORMS, write=True)
def comment_add(request, pk):
    norm = _norm(request, pk)
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            services.norm_comment(norm=norm, actor=request.user, body=form.cleaned_data["body"])
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Comment added."))
    else:
        messages.error(request, _("Write a comment of up to 2000 characters."))
    editor_url = reverse("norms:editor", kwargs={"slug": request.channel.slug})
    return redirect(f"{editor_url}#norm-{norm.pk}")


@require_POST
@channel_view(Capability.MANAGE_NORMS, write=True)
def template_copy(request, pk):
    template = get_object_or_404(NormTemplate.objects.filter(is_active=True), pk=pk)
    try:
        created = services.norms_copy_template(
            channel=request.channel, actor=request.user, template=template
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("%(count)s norms copied from “%(name)s” into your draft: edit them to fit.")
            % {"count": len(created), "name": template.name},
        )
    return redirect("norms:editor", slug=request.channel.slug)


@require_http_methods(["GET", "POST"])
@channel_view(Capability.MANAGE_NORMS, write=True)
def publish(request):
    channel = request.channel
    form = PublishForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        try:
            version = services.norms_publish(
                channel=channel,
                actor=request.user,
                summary=form.cleaned_data["summary"],
                is_material=form.cleaned_data["change"] == "material",
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(
                request, _("Version %(number)s published.") % {"number": version.number}
            )
            return redirect("norms:version", slug=channel.slug, number=version.number)
    current = selectors.current_version(channel=channel)
    draft = [norm.snapshot() for norm in selectors.draft_norms(channel=channel)]
    rows, added, removed = compare(current.norms if current else [], draft)
    context = {
        "channel": channel,
        "form": form,
        "current": current,
        "rows": rows,
        "added": added,
        "removed": removed,
        "links": hooks.version_links(channel=channel, version=None),
    }
    return render(request, "norms/publish.html", context)


# What every member sees


@require_GET
@channel_view()
def current(request):
    channel = request.channel
    version = selectors.current_version(channel=channel)
    context = {
        "channel": channel,
        "version": version,
        "norms": shown_norms(version),
        "ack": selectors.acknowledgement_of(version=version, user=request.user),
        "counts": selectors.ack_counts(channel=channel, version=version),
        "form": AcknowledgeForm(initial={"number": version.number}) if version else None,
        "norm_links": hooks.norm_links(),
    }
    return render(request, "norms/current.html", context)


@require_POST
@channel_view()
def acknowledge(request):
    form = AcknowledgeForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Acknowledge the version shown on the page."))
        return redirect("norms:current", slug=request.channel.slug)
    try:
        services.norms_acknowledge(
            channel=request.channel, actor=request.user, number=form.cleaned_data["number"]
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Thank you: you acknowledged the channel's norms."))
    return redirect("norms:current", slug=request.channel.slug)


@require_GET
@channel_view()
def history(request):
    channel = request.channel
    versions = selectors.version_list(channel=channel)
    context = {"channel": channel, "versions": versions, "form": CompareForm(), "pairs": []}
    if len(versions) >= 2:
        context["form"] = CompareForm(
            initial={"old": versions[1].number, "new": versions[0].number}
        )
    return render(request, "norms/history.html", context)


@require_GET
@channel_view()
def version(request, number):
    channel = request.channel
    found = selectors.version_get(channel=channel, number=number)
    if found is None:
        raise Http404
    context = {
        "channel": channel,
        "version": found,
        "norms": shown_norms(found),
        "comments": selectors.version_comments(version=found),
        "links": hooks.version_links(channel=channel, version=found),
    }
    return render(request, "norms/version.html", context)


@require_GET
@channel_view()
def compare_versions(request):
    channel = request.channel
    form = CompareForm(request.GET or None)
    context = {"channel": channel, "form": form, "rows": None}
    if form.is_valid():
        old = selectors.version_get(channel=channel, number=form.cleaned_data["old"])
        new = selectors.version_get(channel=channel, number=form.cleaned_data["new"])
        if old is None or new is None:
            form.add_error(None, _("Choose two published versions of this channel."))
        else:
            rows, added, removed = compare(old.norms, new.norms)
            context.update(old=old, new=new, rows=rows, added=added, removed=removed)
    return render(request, "norms/compare.html", context)


# The public page


@pagecache.public_page("norms.rules")
@replica_reads
@require_GET
@channel_view(public=True)
def rules(request):
    channel = request.channel
    version = selectors.current_version(channel=channel)
    context = {"channel": channel, "version": version, "norms": shown_norms(version)}
    return render(request, "norms/rules.html", context)
