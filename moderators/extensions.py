"""Parts other apps add to an application, registered from their plug-in modules (moderators
imports none of them):

- on the apply form, `apply_template` rendered inside the form with `apply_context(request,
  opening)` bound as `section` (an empty dict: the part is left out);
- once the application is saved, `submitted(request, application)`, in the same transaction:
  a ValidationError it raises undoes the application and shows on the form;
- on the review page, beside the answers, `review_template` with `review_context(request,
  application)` bound as `section` (an empty dict: left out).
"""

from collections.abc import Callable
from dataclasses import dataclass

from portal.registry import Registry


@dataclass(frozen=True)
class ApplicationSection:
    name: str
    apply_template: str
    apply_context: Callable
    submitted: Callable
    review_template: str
    review_context: Callable
    order: int = 100


@dataclass(frozen=True)
class BoundSection:
    name: str
    template: str
    context: dict


application_sections: Registry[ApplicationSection] = Registry(
    "application section", order=lambda section: section.order
)


def register_application_section(section: ApplicationSection) -> ApplicationSection:
    return application_sections.register(section)


def apply_sections(request, opening) -> list[BoundSection]:
    bound = [
        BoundSection(s.name, s.apply_template, s.apply_context(request, opening))
        for s in application_sections
    ]
    return [b for b in bound if b.context]


def after_submit(request, application) -> None:
    for section in application_sections:
        section.submitted(request, application)


def review_sections(request, application) -> list[BoundSection]:
    bound = [
        BoundSection(s.name, s.review_template, s.review_context(request, application))
        for s in application_sections
    ]
    return [b for b in bound if b.context]
