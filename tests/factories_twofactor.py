"""Second factors for tests: an authenticator app whose key the test knows, the code it
shows now, and a session that passed the second step as django_otp.login leaves it."""

import factory
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from twofactor.middleware import OPTIONAL_SESSION_KEY
from twofactor.models import required_or_chosen, second_factor_required

# A fixed key: a test (or a browser test's person) computes the app's code from it.
KEY = "3132333435363738393031323334353637383930"


class TOTPDeviceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TOTPDevice

    name = "authenticator-app"
    key = KEY
    confirmed = True


def code_now(device: TOTPDevice, *, steps_ahead: int = 0) -> str:
    """The six digits the app shows now (or `steps_ahead` periods of 30 seconds on)."""
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, steps_ahead):06d}"


def pass_second_factor(session, user) -> None:
    """Mark `session` as having passed the second factor, for a user who needs one: their
    app (made if they have none yet) verified it. For the others, what the login noted
    (twofactor.middleware.note_at_login)."""
    session[OPTIONAL_SESSION_KEY] = not required_or_chosen(user)
    if not second_factor_required(user, list(user.memberships.all())):
        return
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDeviceFactory(user=user)
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
