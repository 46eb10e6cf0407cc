"""The dashboard panel: current norms of the user's channels they have not acknowledged."""

from .selectors import norms_to_acknowledge


def your_norms(request) -> dict:
    return {"norm_sets": norms_to_acknowledge(user=request.user)}
