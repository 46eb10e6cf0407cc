"""Thin views: resolve, check, call one service or selector, render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from channels.models import Capability
from channels.permissions import access_for, channel_view
from portal import pagecache
from portal.forms import add_service_error
from portal.replicas import replica_reads

from . import extensions, selectors, services
from .forms import ApplicationForm, BoardFilterForm, OpeningForm, QuestionForm, QuestionMoveForm
from .models import Application, Opening, OpeningQuestion, OpeningState


def _error_text(error: ValidationError) -> str:
    return " ".join(error.messages)


# The public board, an opening, applying


@pagecache.public_page("moderators.board")
@replica_reads
@require_GET
def board(request):
    facets = selectors.board_facets()
    choices = {"roles": facets["roles"], "time_zones": facets["time_zones"]}
    filters = BoardFilterForm(request.GET, **choices).filters()
    # Shown unbound with the filters that applied: an odd value in a shared link is dropped
    # quietly instead of greeting the reader with an error.
    form = BoardFilterForm(initial={**filters, "q": filters["query"]}, **choices)
    page = selectors.board_page(
        filters=selectors.BoardFilters(**filters), page=request.GET.get("page")
    )
    context = {"form": form, "page": page, "filtered": any(filters.values())}
    return render(request, "moderators/board.html", context)


def _readable_opening(request, pk: int) -> Opening:
    """An opening anyone may read; a draft is a 404 to everyone outside its channel's team."""
    try:
        opening = selectors.opening_public(pk=pk)
    except Opening.DoesNotExist:
        raise Http404 from None
    request.access = access_for(channel=opening.channel, user=request.user)
    if opening.state == OpeningState.DRAFT and not request.access.is_member:
        raise Http404
    return opening


@pagecache.public_page("moderators.opening")
@replica_reads
@require_GET
def opening_detail(request, pk):
    opening = _readable_opening(request, pk)
    context = {
        "opening": opening,
        "channel": opening.channel,
        "refusal": services.refusal_reason(opening=opening, user=request.user),
    }
    return render(request, "moderators/opening_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def apply(request, pk):
    opening = _readable_opening(request, pk)
    refusal = services.refusal_reason(opening=opening, user=request.user)
    questions = list(opening.questions.all())
    form = ApplicationForm(request.POST if request.method == "POST" else None, questions=questions)
    if request.method == "POST" and not refusal and form.is_valid():
        try:
            with transaction.atomic():
                application = services.application_submit(
                    opening=opening,
                    applicant=request.user,
                    answers=form.answers(),
                    message=form.cleaned_data["message"],
                )
                extensions.after_submit(request, application)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(
                request,
                _("Your application to %(channel)s is sent. The team will get back to you.")
                % {"channel": opening.channel.name},
            )
            return redirect("moderators:my_applications")
    context = {
        "opening": opening,
        "channel": opening.channel,
        "form": form,
        "refusal": refusal,
        "sections": [] if refusal else extensions.apply_sections(request, opening),
    }
    return render(request, "moderators/apply.html", context)


# The applicant's own applications


@login_required
@require_GET
def my_applications(request):
    page = selectors.applications_for_applicant_page(
        user=request.user, page=request.GET.get("page")
    )
    return render(request, "moderators/my_applications.html", {"page": page})


@login_required
@require_http_methods(["GET", "POST"])
def application_withdraw(request, pk):
    # Someone else's application is a 404: its existence is not theirs to learn.
    application = get_object_or_404(
        Application.objects.select_related("opening", "channel"), pk=pk, applicant=request.user
    )
    if request.method == "POST":
        try:
            services.application_withdraw(application=application, actor=request.user)
        except ValidationError as error:
            messages.error(request, _error_text(error))
        else:
            messages.success(request, _("Your application is withdrawn."))
        return redirect("moderators:my_applications")
    return render(request, "moderators/withdraw.html", {"application": application})


# The team's openings


@require_GET
@channel_view()
def team_openings(request):
    state = request.GET.get("state", "")
    if state not in OpeningState.values:
        state = ""
    page = selectors.team_openings_page(
        channel=request.channel, state=state, page=request.GET.get("page")
    )
    context = {
        "channel": request.channel,
        "page": page,
        "state": state,
        "states": OpeningState.choices,
    }
    return render(request, "moderators/team_openings.html", context)


def _opening_fields(data: dict) -> dict:
    return {key: data[key] for key in services.OPENING_FIELDS}


def _initial(opening: Opening) -> dict:
    return {
        "title": opening.title,
        "role": opening.role_id,
        "description": opening.description,
        "languages": opening.language_codes(),
        "time_zone": opening.time_zone,
        "hours": opening.hours,
        "experience": opening.experience,
        "closes_on": opening.closes_on,
        "applicant_limit": opening.applicant_limit,
    }


@require_http_methods(["GET", "POST"])
@channel_view(Capability.REVIEW_APPLICATIONS, write=True)
def opening_create(request):
    form = OpeningForm(request.POST or None, channel=request.channel)
    if request.method == "POST" and form.is_valid():
        try:
            opening = services.opening_create(
                channel=request.channel, actor=request.user, **_opening_fields(form.cleaned_data)
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(
                request, _("Draft saved. Add your questions, then open it to applicants.")
            )
            return redirect("moderators:opening_manage", slug=request.channel.slug, pk=opening.pk)
    return render(
        request, "moderators/opening_create.html", {"channel": request.channel, "form": form}
    )


def _team_opening(request, pk) -> Opening:
    try:
        return selectors.opening_for_team(channel=request.channel, pk=pk)
    except Opening.DoesNotExist:
        raise Http404 from None


def _manage_page(request, opening, *, form=None, question_form=None, status=200):
    context = {
        "channel": request.channel,
        "opening": opening,
        "form": form or OpeningForm(channel=request.channel, initial=_initial(opening)),
        "question_form": question_form or QuestionForm(),
        "questions": list(opening.questions.all()),
        "application_count": selectors.application_count(opening=opening),
    }
    return render(request, "moderators/opening_manage.html", context, status=status)


@require_http_methods(["GET", "POST"])
@channel_view(Capability.REVIEW_APPLICATIONS, write=True)
def opening_manage(request, pk):
    opening = _team_opening(request, pk)
    if request.method != "POST":
        return _manage_page(request, opening)
    form = OpeningForm(request.POST, channel=request.channel)
    if form.is_valid():
        try:
            services.opening_update(
                opening=opening, actor=request.user, **_opening_fields(form.cleaned_data)
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Opening saved."))
            return redirect("moderators:opening_manage", slug=request.channel.slug, pk=opening.pk)
    return _manage_page(request, opening, form=form)


def _state_change(request, pk, *, action: str):
    opening = _team_opening(request, pk)
    if request.method == "POST":
        change = services.opening_open if action == "open" else services.opening_close
        try:
            change(opening=opening, actor=request.user)
        except ValidationError as error:
            messages.error(request, _error_text(error))
        else:
            if action == "open":
                messages.success(request, _("The opening is on the board and takes applications."))
            else:
                messages.success(request, _("The opening is closed to new applications."))
        return redirect("moderators:opening_manage", slug=request.channel.slug, pk=opening.pk)
    context = {"channel": request.channel, "opening": opening, "action": action}
    return render(request, "moderators/opening_state.html", context)


@require_http_methods(["GET", "POST"])
@channel_view(Capability.REVIEW_APPLICATIONS, write=True)
def opening_open(request, pk):
    return _state_change(request, pk, action="open")


@require_http_methods(["GET", "POST"])
@channel_view(Capability.REVIEW_APPLICATIONS, write=True)
def opening_close(request, pk):
    return _state_change(request, pk, action="close")


# Questions: plain forms and redirects, so the editor works without JavaScript.


def _question_values(data: dict) -> dict:
    return {key: data[key] for key in services.QUESTION_FIELDS}


@require_POST
@channel_view(Capability.REVIEW_APPLICATIONS, write=True)
def question_add(request, pk):
    opening = _team_opening(request, pk)
    form = QuestionForm(request.POST)
    if form.is_valid():
        try:
            services.question_add(
                opening=opening, actor=request.user, **_question_values(form.cleaned_data)
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Question added."))
            return redirect("moderators:opening_manage", slug=request.channel.slug, pk=opening.pk)
    return _manage_page(request, opening, question_form=form)


def _team_question(request, opening_pk, pk) -> OpeningQuestion:
    return get_object_or_404(
        OpeningQuestion.objects.for_channel(request.channel).select_related("opening"),
        opening_id=opening_pk,
        pk=pk,
    )


@require_http_methods(["GET", "POST"])
@channel_view(Capability.REVIEW_APPLICATIONS, write=True)
def question_edit(request, pk, question_pk):
    question = _team_question(request, pk, question_pk)
    form = QuestionForm(request.POST or None, initial=QuestionForm.initial_for(question))
    if request.method == "POST" and form.is_valid():
        try:
            services.question_update(
                question=question, actor=request.user, **_question_values(form.cleaned_data)
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Question saved."))
            return redirect("moderators:opening_manage", slug=request.channel.slug, pk=pk)
    context = {"channel": request.channel, "question": question, "form": form}
    return render(request, "moderators/question_edit.html", context)


@require_POST
@channel_view(Capability.REVIEW_APPLICATIONS, write=True)
def question_move(request, pk, question_pk):
    question = _team_question(request, pk, question_pk)
    form = QuestionMoveForm(request.POST)
    if form.is_valid():
        services.question_move(
            question=question, actor=request.user, direction=form.cleaned_data["direction"]
        )
    else:
        messages.error(request, _("Move a question up or down."))
    return redirect("moderators:opening_manage", slug=request.channel.slug, pk=pk)


@require_http_methods(["GET", "POST"])
@channel_view(Capability.REVIEW_APPLICATIONS, write=True)
def question_delete(request, pk, question_pk):
    question = _team_question(request, pk, question_pk)
    if request.method == "POST":
        services.question_delete(question=question, actor=request.user)
        messages.success(request, _("Question removed. Answers already sent keep its text."))
        return redirect("moderators:opening_manage", slug=request.channel.slug, pk=pk)
    context = {"channel": request.channel, "question": question}
    return render(request, "moderators/question_delete.html", context)
