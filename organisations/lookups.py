"""`in` on an integer column matches no row for a value the column cannot hold, on every
database, as `exact` already does in Django.

A form's choice of several rows (ModelMultipleChoiceField) looks them up with `pk__in`,
and an id typed or sent beyond a 64-bit integer reached the database: PostgreSQL answers
that no row has it, SQLite's driver refused to send it at all (an error of the server
where the form should say that the choice is not one of those offered)."""

from __future__ import annotations

from django.db.models import IntegerField
from django.db.models.lookups import In


@IntegerField.register_lookup
class IntegerFieldIn(In):
    """`in` without the values outside the column's range: none of them can be a row's."""

    def process_rhs(self, compiler, connection):
        if self.rhs_is_direct_value():
            low, high = connection.ops.integer_field_range(
                self.lhs.output_field.get_internal_type()
            )
            self.rhs = [
                value
                for value in self.rhs
                if not isinstance(value, int)
                or ((low is None or value >= low) and (high is None or value <= high))
            ]
        return super().process_rhs(compiler, connection)
