"""Thin views: resolve, check, call one service or selector, render."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from channels.models import Capability
from channels.permissions import channel_view
from norms.selectors import current_version
from portal.forms import add_service_error

from . import selectors, services
from .forms import CaseStudyForm, CommentForm, DebriefForm, LessonsForm, ProposeForm

PAGE_SIZE = 20


def _debrief(request, pk):
    debrief = selectors.debrief_get(channel=request.channel, pk=pk)
    if debrief is None:
        raise Http404
    return debrief


def _may_agree(request, debrief) -> bool:
    return debrief.author_id == request.user.pk or request.access.can(Capability.MANAGE_DEBRIEFS)


@require_GET
@channel_view()
def debrief_list(request):
    channel = request.channel
    page = Paginator(selectors.debrief_list(channel=channel), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "debriefs/list.html", {"channel": channel, "page": page})


@require_http_methods(["GET", "POST"])
@channel_view(Capability.WRITE_DEBRIEFS, write=True)
def debrief_create(request):
    channel = request.channel
    version = current_version(channel=channel)
    data = request.POST if request.method == "POST" else None
    form = DebriefForm(data, channel=channel, version=version)
    if form.is_valid():
        try:
            debrief = services.debrief_create(
                channel=channel, actor=request.user, **form.service_kwargs()
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Debrief saved. The team can discuss it now."))
            return redirect(debrief)
    return render(
        request, "debriefs/create.html", {"channel": channel, "form": form, "version": version}
    )


@require_GET
@channel_view()
def debrief_detail(request, pk):
    debrief = _debrief(request, pk)
    context = {
        "channel": request.channel,
        "debrief": debrief,
        "comment_form": CommentForm(),
        "may_agree": _may_agree(request, debrief),
        "propose_form": ProposeForm(debrief=debrief),
    }
    return render(request, "debriefs/detail.html", context)


@require_POST
@channel_view(write=True)
def comment_add(request, pk):
    debrief = _debrief(request, pk)
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            services.debrief_comment(
                debrief=debrief, actor=request.user, body=form.cleaned_data["body"]
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Comment added."))
    else:
        messages.error(request, _("Write a comment of up to 2000 characters."))
    return redirect(f"{debrief.get_absolute_url()}#thread")


@require_http_methods(["GET", "POST"])
@channel_view(write=True)
def lessons(request, pk):
    debrief = _debrief(request, pk)
    if not _may_agree(request, debrief):
        raise PermissionDenied
    if debrief.lessons_agreed:
        messages.info(request, _("The lessons of this debrief are already agreed."))
        return redirect(debrief)
    form = LessonsForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        try:
            services.debrief_agree_lessons(
                debrief=debrief, actor=request.user, summary=form.cleaned_data["summary"]
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Lessons agreed. The team has been told."))
            return redirect(debrief)
    context = {"channel": request.channel, "debrief": debrief, "form": form}
    return render(request, "debriefs/lessons.html", context)


@require_POST
@channel_view(Capability.MANAGE_NORMS, write=True)
def propose(request, pk):
    debrief = _debrief(request, pk)
    form = ProposeForm(request.POST, debrief=debrief)
    if not form.is_valid():
        messages.error(request, _("Choose one of the norms this debrief involves."))
        return redirect(debrief)
    norm = selectors.norm_get(channel=request.channel, pk=form.cleaned_data["norm"])
    try:
        if norm is None:
            raise ValidationError(_("Choose one of the norms this debrief involves."))
        services.debrief_propose_norm_change(
            debrief=debrief, actor=request.user, norm=norm, note=form.cleaned_data["note"]
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(debrief)
    messages.success(
        request,
        _(
            "Edit the norm in the draft, then publish: the new version will link this debrief "
            "and its author will be told."
        ),
    )
    return redirect("norms:norm_edit", slug=request.channel.slug, pk=norm.pk)


def case_study_text(debrief) -> str:
    """A first text for the case study, without the moderators' names (the author removes
    any others)."""
    parts = [
        (
            "",
            _("%(context)s, %(minutes)s minutes.")
            % {"context": debrief.context, "minutes": debrief.duration_minutes},
        ),
        (_("What happened"), debrief.what_happened),
        (_("Norms involved"), "\n".join(f"- {link.title}" for link in debrief.norm_links.all())),
        (
            _("What the moderators did"),
            "\n".join(
                f"- {action.get_action_display()}" + (f": {action.detail}" if action.detail else "")
                for action in debrief.actions.all()
            ),
        ),
        (_("What went well"), debrief.went_well),
        (_("What to do differently"), debrief.do_differently),
        (_("Lessons agreed"), debrief.lessons_summary),
    ]
    return (
        "\n\n".join(
            f"## {heading}\n\n{text}" if heading else text for heading, text in parts if text
        )
        + "\n"
    )


@require_http_methods(["GET", "POST"])
@channel_view(Capability.MANAGE_RESOURCES, write=True)
def case_study(request, pk):
    debrief = _debrief(request, pk)
    if not _may_agree(request, debrief):
        raise PermissionDenied
    if not debrief.lessons_agreed or debrief.case_study_id:
        messages.info(
            request,
            _("Agree the lessons first; a debrief becomes a case study once.")
            if not debrief.lessons_agreed
            else _("This debrief is already a case study in the library."),
        )
        return redirect(debrief)
    initial = {"title": _("Case study: %(title)s") % {"title": debrief.title}}
    initial["body"] = case_study_text(debrief)
    form = CaseStudyForm(request.POST if request.method == "POST" else None, initial=initial)
    if form.is_valid():
        try:
            resource = services.debrief_create_case_study(
                debrief=debrief, actor=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The case study is in the channel's library."))
            return redirect(resource)
    context = {"channel": request.channel, "debrief": debrief, "form": form}
    return render(request, "debriefs/case_study.html", context)


@require_GET
@channel_view()
def norm(request, pk):
    channel = request.channel
    found = selectors.norm_get(channel=channel, pk=pk)
    if found is None:
        raise Http404
    page = Paginator(selectors.debriefs_for_norm(channel=channel, norm=found), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    version = current_version(channel=channel)
    published = None
    if version is not None and found.pk in version.norm_ids:
        published = version.norm_ids.index(found.pk) + 1
    context = {
        "channel": channel,
        "norm": found,
        "published_number": published,
        "version": version,
        "page": page,
        "ladder": selectors.ladder_counts(channel=channel, norm=found),
    }
    return render(request, "debriefs/norm.html", context)
