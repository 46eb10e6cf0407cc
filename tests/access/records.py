"""Rows of the records app in the URL × actor matrix."""

from . import OK, signed_in

MATRIX = {"records:mine": signed_in(OK)}


def url(name, team):
    if name == "records:mine":
        return "/me/record/"
    return None
