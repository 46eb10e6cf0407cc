"""The export is built and delivered by a real Celery worker through Redis: the archive lands
in the private storage and the person's notification (with its email) is written."""

import io
import time
import zipfile

import pytest

from portal.notifications.models import Notification
from privacy import services
from privacy.models import DataExport, ExportState
from tests.factories import UserFactory
from tests.processes import Worker

pytestmark = pytest.mark.worker


@pytest.fixture
def worker(redis_broker, transactional_db, settings):
    # The worker must write where this process reads: the test's private storage.
    worker = Worker(
        broker=redis_broker,
        concurrency=1,
        extra_env={"PRIVATE_MEDIA_ROOT": str(settings.PRIVATE_MEDIA_ROOT)},
    ).start()
    yield worker
    worker.stop()


def test_a_real_worker_builds_and_announces_the_export(worker):
    person = UserFactory(username="quill")
    export = services.export_request(user=person, actor=person)  # enqueued on commit
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        export.refresh_from_db()
        if export.state not in (ExportState.PENDING, ExportState.BUILDING):
            break
        time.sleep(0.5)
    assert export.state == ExportState.READY, worker
    with export.file.open("rb") as handle:
        names = zipfile.ZipFile(io.BytesIO(handle.read())).namelist()
    assert "README.md" in names and "account.json" in names
    assert Notification.objects.filter(recipient=person, event="privacy.export_ready").exists()
    assert DataExport.objects.filter(user=person).count() == 1
