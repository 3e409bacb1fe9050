"""The demo itself is tested in test_demo.py, seeded once; this needs an empty database."""

import pytest
from django.core.management import CommandError, call_command

from organisations.models import Organisation

pytestmark = pytest.mark.django_db


def test_a_weak_password_is_refused_before_anything_is_created():
    with pytest.raises(CommandError):
        call_command("seed_demo", password="123")
    assert not Organisation.objects.exists()
