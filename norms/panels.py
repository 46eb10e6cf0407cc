"""The dashboard panel: current norms of the user's channels they have not acknowledged."""

from portal.panels import register_panel

from .selectors import norms_to_acknowledge


def your_norms(request) -> dict:
    return {"norm_sets": norms_to_acknowledge(user=request.user)}


def register_dashboard_panels() -> None:
    register_panel(
        name="norms.to_acknowledge",
        template="partials/norms/dashboard_panel.html",
        context=your_norms,
        order=12,
    )
