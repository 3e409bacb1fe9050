"""What the tests without a browser share. The browser tests have tests/browser/helpers.py;
the role matrix's vocabulary is tests/role_matrix.py."""

from django.urls import reverse

from tests.factories import PASSWORD

# The header htmx sends with each of its requests: `client.get(url, headers=HTMX)`.
HTMX = {"HX-Request": "true"}


def log_in_with_the_form(client, username, password=PASSWORD, **meta):
    """Post the login form as a person does, from 10.0.0.1 unless `meta` says otherwise.

    For tests about logging in (lockouts, addresses behind a proxy, login records);
    every other test starts logged in through the `login` fixture.
    """
    return client.post(
        reverse("login"),
        {"username": username, "password": password},
        **{"REMOTE_ADDR": "10.0.0.1", **meta},
    )
