"""Django's makemessages, never guessing translations.

A fuzzy guess is a wrong Dutch text waiting to be shipped: with
`--no-fuzzy-matching` for msgmerge, a changed message is simply untranslated,
and the test that every Dutch message is translated says so.
"""

from django.core.management.commands import makemessages


class Command(makemessages.Command):
    msgmerge_options = [*makemessages.Command.msgmerge_options, "--no-fuzzy-matching"]
