"""The notification services under the service × actor harness (tests/service_matrix.py).

None of portal.notifications.services takes an acting person to check: each acts for the user
(or the rows) it is given, and its caller has already decided who that is (the inbox views pass
request.user and look the notification up among that user's own; the admin action is behind
the admin's permission; the rest are called inside other services' transactions or by tasks).
So every public function is in NOT_ACTIONS with the reason, and a new service that takes an
actor fails `test_every_service_has_a_row` until it has a row."""

from portal.notifications import services
from tests.service_matrix import check_rows

ROWS = {}
NOT_ACTIONS = {
    "notify": "the outbox step inside the service that checked its actor; `actor` is the author",
    "safe_local_url": "a pure function",
    "notification_mark_read": "for the recipient's own row, looked up by the view among theirs",
    "notifications_mark_all_read": "for the user it is given: the view passes request.user",
    "preference_set": "for the user it is given: the view passes request.user",
    "preferences_save": "for the user it is given: the view passes request.user",
    "delivery_for": "a read",
    "unsubscribe_apply": "the one-click unsubscribe: the signed token is the authority",
    "notifications_resend": "the admin's re-send action, behind the admin's permission",
    "account_email_queue": "allauth's account emails, sent for the account they concern",
}


def test_every_service_has_a_row():
    check_rows(services, ROWS, NOT_ACTIONS)
