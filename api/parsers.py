"""The API's request parsers."""

from rest_framework import parsers
from rest_framework.exceptions import ParseError


class JSONParser(parsers.JSONParser):
    """DRF's, with JSON nested deeper than Python can read answered as malformed (400),
    as any other JSON it cannot read, instead of an error of the server."""

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            return super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise ParseError() from None
