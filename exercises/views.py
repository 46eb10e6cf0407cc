"""Thin views: resolve, check, call one service or selector, render."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from channels.models import Capability
from channels.permissions import channel_view
from debriefs.selectors import debrief_get
from norms.selectors import current_version
from portal.forms import add_service_error

from . import selectors, services
from .forms import QuestionForm, SettingsForm


def _exercise(request, pk):
    exercise = selectors.exercise_get(channel=request.channel, pk=pk)
    if exercise is None:
        raise Http404
    return exercise


def _to_take(exercise):
    return redirect("exercises:take", slug=exercise.channel.slug, pk=exercise.resource_id)


def _to_edit(exercise):
    return redirect("exercises:edit", slug=exercise.channel.slug, pk=exercise.resource_id)


def _norm_choices(channel) -> list[tuple[int, str]]:
    version = current_version(channel=channel)
    if version is None or len(version.norm_ids) != len(version.norms):
        return []
    pairs = zip(version.norm_ids, version.norms, strict=True)
    return [(norm_id, f"{i}. {norm['title']}") for i, (norm_id, norm) in enumerate(pairs, start=1)]


@require_GET
@channel_view(Capability.MANAGE_RESOURCES)
def grid(request):
    context = {"channel": request.channel, **selectors.results_grid(request.channel)}
    return render(request, "exercises/grid.html", context)


@require_GET
@channel_view()
def take(request, pk):
    exercise = _exercise(request, pk)
    state = services.attempt_state(exercise, request.user)
    questions = list(services.questions_asked(exercise, state["retake"]))
    ticked = selectors.my_answers(state["last"])
    for q in questions:
        for choice in q.choices.all():
            choice.chosen = choice.pk in ticked[q.pk]
    context = {
        "channel": request.channel,
        "exercise": exercise,
        "resource": exercise.resource,
        "state": state,
        "questions": questions,
        "manage": request.access.can(Capability.MANAGE_RESOURCES),
    }
    return render(request, "exercises/take.html", context)


def _answers_from(post) -> dict:
    answers = {}
    for key in post:
        if not key.startswith("q-"):
            continue
        try:
            question_id = int(key[2:])
            answers[question_id] = [int(v) for v in post.getlist(key)]
        except (TypeError, ValueError):
            raise ValidationError(_("Choose among the choices offered.")) from None
    return answers


@require_POST
@channel_view(write=True)
def submit(request, pk):
    exercise = _exercise(request, pk)
    try:
        attempt = services.attempt_submit(
            exercise=exercise, actor=request.user, answers=_answers_from(request.POST)
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if attempt.passed:
            messages.success(
                request,
                _("Passed: %(right)s of %(total)s right. Your training shows it done.")
                % {"right": attempt.right, "total": attempt.total},
            )
        else:
            messages.warning(
                request,
                _("Not passed this time: %(right)s of %(total)s right. Read the reasons below.")
                % {"right": attempt.right, "total": attempt.total},
            )
    return _to_take(exercise)


@require_http_methods(["GET", "POST"])
@channel_view(Capability.MANAGE_RESOURCES, write=True)
def edit(request, pk):
    exercise = _exercise(request, pk)
    initial = {
        "pass_mark": exercise.pass_mark,
        "attempts_allowed": exercise.attempts_allowed,
        "cooldown_minutes": exercise.cooldown_minutes,
    }
    form = SettingsForm(request.POST if request.method == "POST" else None, initial=initial)
    if form.is_valid():
        try:
            services.exercise_update(exercise=exercise, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Settings saved."))
            return _to_edit(exercise)
    context = {
        "channel": request.channel,
        "exercise": exercise,
        "resource": exercise.resource,
        "form": form,
        "norms": _norm_choices(request.channel),
        "debriefs": selectors.debriefs_to_draft_from(request.channel),
    }
    return render(request, "exercises/edit.html", context)


@require_POST
@channel_view(Capability.MANAGE_RESOURCES, write=True)
def generate(request, pk):
    exercise = _exercise(request, pk)
    kwargs = {}
    if request.POST.get("norm"):
        kwargs["norm"] = request.POST["norm"]
    elif request.POST.get("debrief"):
        debrief = debrief_get(channel=request.channel, pk=selectors.int_id(request.POST["debrief"]))
        kwargs["debrief"] = debrief if debrief is not None else False
    try:
        questions = services.exercise_generate(exercise=exercise, actor=request.user, **kwargs)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("Draft questions added: %(n)s. Reword them for your team.") % {"n": len(questions)},
        )
    return _to_edit(exercise)


@require_POST
@channel_view(Capability.MANAGE_RESOURCES, write=True)
def review(request, pk):
    exercise = _exercise(request, pk)
    try:
        retakes = services.exercise_review_done(exercise=exercise, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("Reviewed. Members asked to answer the changed questions again: %(n)s.")
            % {"n": len(retakes)},
        )
    return _to_edit(exercise)


@require_GET
@channel_view(Capability.MANAGE_RESOURCES)
def results(request, pk):
    exercise = _exercise(request, pk)
    context = {
        "channel": request.channel,
        "exercise": exercise,
        "resource": exercise.resource,
        "results": selectors.question_results(exercise),
    }
    return render(request, "exercises/results.html", context)


@require_http_methods(["GET", "POST"])
@channel_view(Capability.MANAGE_RESOURCES, write=True)
def question(request, pk, qpk=None):
    exercise = _exercise(request, pk)
    existing = None
    if qpk is not None:
        existing = selectors.question_get(exercise=exercise, pk=qpk)
        if existing is None:
            raise Http404
    initial = QuestionForm.initial_for(existing) if existing else None
    data = request.POST if request.method == "POST" else None
    form = QuestionForm(data, initial=initial, norms=_norm_choices(request.channel))
    if form.is_valid():
        try:
            services.question_save(
                exercise=exercise, actor=request.user, question=existing, **form.service_kwargs()
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Question saved."))
            return _to_edit(exercise)
    context = {
        "channel": request.channel,
        "exercise": exercise,
        "resource": exercise.resource,
        "form": form,
        "question": existing,
    }
    return render(request, "exercises/question.html", context)


@require_http_methods(["GET", "POST"])
@channel_view(Capability.MANAGE_RESOURCES, write=True)
def question_delete(request, pk, qpk):
    exercise = _exercise(request, pk)
    existing = selectors.question_get(exercise=exercise, pk=qpk)
    if existing is None:
        raise Http404
    if request.method == "POST":
        services.question_delete(question=existing, actor=request.user)
        messages.success(request, _("Question deleted."))
        return _to_edit(exercise)
    context = {"channel": request.channel, "exercise": exercise, "question": existing}
    return render(request, "exercises/question_delete.html", context)
