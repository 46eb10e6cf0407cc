"""Reads of the data page and the deletion page."""

from .erasure import owned_channels
from .models import DataExport, ExportKind


def data_page(*, user) -> dict:
    """The person's recent exports: one query."""
    exports = list(DataExport.objects.filter(user=user)[:5])
    running = next((e for e in exports if e.is_active and e.kind == ExportKind.PERSON), None)
    return {"exports": exports, "running": running}


def deletion_page(*, user) -> dict:
    return {"owned": owned_channels(user)}
