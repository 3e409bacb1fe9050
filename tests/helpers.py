"""What the tests without a browser share. The browser tests have tests/browser/helpers.py;
the role matrix's vocabulary is tests/role_matrix.py."""

from django.urls import reverse

from tests.factories import PASSWORD

# The header htmx sends with each of its requests: `client.get(url, headers=HTMX)`.
HTMX = {"HX-Request": "true"}


def urls_of(app: str):
    """The addresses of one app's pages, for the tests of that app:
    `url = urls_of("inclusion")`, then `url("employee_detail", employee.pk)`."""

    def url(name, *args) -> str:
        return reverse(f"{app}:{name}", args=args)

    return url


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


# --- Files of the HR import ---------------------------------------------------------------------

HEADER = "Personeelsnummer;Naam;E-mail;Afdeling;Functie;Leidinggevende"
# The manager, 1003, comes after the employees who report to her.
GOOD = [
    HEADER,
    "1001;Jan de Vries;jan@Voorbeeldstad.NL;{unit};Beleidsmedewerker;1003",
    "1002;Zoë Daniëls;zoe@voorbeeldstad.nl;Burgerzaken;Klantadviseur;1003",
    "1003;Fatima el Amrani;fatima@voorbeeldstad.nl;burgerzaken;Teamleider;",
]


def csv_bytes(lines: list[str], encoding: str = "utf-8-sig") -> bytes:
    return ("\r\n".join(lines) + "\r\n").encode(encoding)


def good_file(units, encoding: str = "utf-8-sig") -> bytes:
    # The existing unit, written in other capitals than in the application.
    return csv_bytes([line.format(unit=units[0].name.upper()) for line in GOOD], encoding)
