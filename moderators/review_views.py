"""The review pipeline's pages: thin views over moderators.selectors and moderators.services."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from channels.models import Capability
from channels.permissions import channel_view
from portal import personalpages
from portal.forms import add_service_error

from . import extensions, selectors, services
from .models import Application, ApplicationState, VoteChoice
from .review_forms import MoveForm, NoteForm, VoteForm


def _filters(data) -> dict:
    """The list's filters from the query string (or the card's hidden fields); an odd value
    is dropped, not an error."""
    state = data.get("state", "")
    if state not in ApplicationState.values:
        state = ""
    sort = data.get("sort", "newest")
    if sort not in selectors.REVIEW_SORTS:
        sort = "newest"
    opening = data.get("opening", "")
    opening_id = int(opening) if opening.isdigit() and len(opening) < 12 else None
    return {"state": state, "opening_id": opening_id, "sort": sort}


def _states_context(channel, filters: dict) -> dict:
    return {
        "filters": filters,
        "states": ApplicationState.choices,
        "counts": selectors.review_counts(channel=channel, opening_id=filters["opening_id"]),
    }


@require_GET
@channel_view(Capability.REVIEW_APPLICATIONS)
@personalpages.personal_page("moderators.review")
def review(request):
    filters = _filters(request.GET)
    page = selectors.review_page(channel=request.channel, page=request.GET.get("page"), **filters)
    context = {
        "channel": request.channel,
        "page": page,
        **_states_context(request.channel, filters),
        "openings": selectors.channel_openings_for_filter(channel=request.channel),
        "sorts": [
            ("newest", _("Newest first")),
            ("oldest", _("Oldest first")),
            ("votes", _("Most votes for")),
        ],
    }
    return render(request, "moderators/review.html", context)


def _team_application(request, pk) -> Application:
    try:
        return selectors.application_for_team(channel=request.channel, pk=pk)
    except Application.DoesNotExist:
        raise Http404 from None


def _detail_page(
    request, application, *, note_form=None, vote_form=None, move_form=None, status=200
):
    own_vote = next((v for v in application.votes.all() if v.voter_id == request.user.pk), None)
    context = {
        "channel": request.channel,
        "application": application,
        "note_form": note_form or NoteForm(),
        "vote_form": vote_form
        or VoteForm(initial={"choice": own_vote.choice if own_vote else None}),
        "move_form": move_form or MoveForm(application=application),
        "own_vote": own_vote,
        "vote_choices": VoteChoice.choices,
        "is_own": application.applicant_id == request.user.pk,
        "sections": extensions.review_sections(request, application),
    }
    return render(request, "moderators/review_detail.html", context, status=status)


@require_GET
@channel_view(Capability.REVIEW_APPLICATIONS)
def review_detail(request, pk):
    return _detail_page(request, _team_application(request, pk))


@require_POST
@channel_view(Capability.REVIEW_APPLICATIONS, write=True)
def review_move(request, pk):
    application = _team_application(request, pk)
    form = MoveForm(request.POST, application=application)
    error = ""
    if form.is_valid():
        try:
            services.application_move(
                application=application,
                actor=request.user,
                to_state=form.cleaned_data["to_state"],
                message=form.cleaned_data["message"],
                trial_ends_on=form.cleaned_data["trial_ends_on"],
            )
        except ValidationError as refused:
            error = " ".join(refused.messages)
    else:
        error = " ".join(message for errors in form.errors.values() for message in errors)
    if request.htmx:
        row = selectors.review_row(channel=request.channel, pk=application.pk)
        # The card in place, and the state tabs' counts out of band.
        context = {
            "channel": request.channel,
            "application": row,
            "move_error": error,
            "moved": not error,
            "oob": True,
            **_states_context(request.channel, _filters(request.POST)),
        }
        return render(request, "partials/moderators/review_card.html", context)
    if error:
        messages.error(request, error)
    else:
        messages.success(request, _("Application moved."))
    if request.POST.get("next") == "list":
        return redirect("moderators:review", slug=request.channel.slug)
    return redirect("moderators:review_detail", slug=request.channel.slug, pk=application.pk)


@require_POST
@channel_view(Capability.REVIEW_APPLICATIONS, write=True)
def review_note(request, pk):
    application = _team_application(request, pk)
    form = NoteForm(request.POST)
    if form.is_valid():
        try:
            services.application_note_add(
                application=application, actor=request.user, body=form.cleaned_data["body"]
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Note added."))
            return redirect("moderators:review_detail", slug=request.channel.slug, pk=pk)
    return _detail_page(request, application, note_form=form, status=400)


@require_POST
@channel_view(Capability.REVIEW_APPLICATIONS, write=True)
def review_vote(request, pk):
    application = _team_application(request, pk)
    form = VoteForm(request.POST)
    if form.is_valid():
        try:
            services.application_vote(
                application=application, actor=request.user, choice=form.cleaned_data["choice"]
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Vote saved."))
            return redirect("moderators:review_detail", slug=request.channel.slug, pk=pk)
    return _detail_page(request, application, vote_form=form, status=400)
