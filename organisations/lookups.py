"""Lookups of an integer column, or of a relation to one, match no row for a value the
column cannot hold, on every database, as Django's `exact` on an integer column already does.

An id typed or sent beyond a 64-bit integer reached the database: PostgreSQL answers that
no row has it, SQLite's driver refused to send it at all, an error of the server where a
page should have found nothing (a form's choice of several rows looks them up with
`pk__in`; the admin's lists filter by a relation's id from the address)."""

from __future__ import annotations

from django.core.exceptions import EmptyResultSet
from django.db.models import ForeignObject, IntegerField
from django.db.models.fields.related_lookups import RelatedExact, RelatedIn
from django.db.models.lookups import In


def _held(lookup, connection):
    """A test of whether a value fits the integer column `lookup` reads (a relation's: its
    target's), or None when the column is not an integer."""
    field = lookup.lhs.output_field
    if getattr(field, "path_infos", None):
        field = field.path_infos[-1].target_fields[-1]
    if not isinstance(field, IntegerField):
        return None
    low, high = connection.ops.integer_field_range(field.get_internal_type())
    return lambda value: (
        not isinstance(value, int)
        or ((low is None or value >= low) and (high is None or value <= high))
    )


class _WithinRange:
    """`in` without the values the column cannot hold: none of them can be a row's (a list
    of only such values matches no row)."""

    def process_rhs(self, compiler, connection):
        if self.rhs_is_direct_value() and (held := _held(self, connection)) is not None:
            self.rhs = [value for value in self.rhs if held(value)]
        return super().process_rhs(compiler, connection)


@IntegerField.register_lookup
class IntegerFieldIn(_WithinRange, In):
    pass


@ForeignObject.register_lookup
class RelatedInWithinRange(_WithinRange, RelatedIn):
    lookup_name = "in"


@ForeignObject.register_lookup
class RelatedExactWithinRange(RelatedExact):
    """`exact` on a relation, matching no row for an id its column cannot hold."""

    lookup_name = "exact"

    def process_rhs(self, compiler, connection):
        held = _held(self, connection) if isinstance(self.rhs, int) else None
        if held is not None and not held(self.rhs):
            raise EmptyResultSet
        return super().process_rhs(compiler, connection)
