"""PostgreSQL for the tests, emptied with DELETE instead of TRUNCATE.

Tests that need committed data (the browser tests' live server, the Celery
workers) empty every table afterwards. TRUNCATE of sixty tables takes PostgreSQL
about 0.7 s, each time; deleting their few rows takes 0.01 s. Django creates
foreign keys on PostgreSQL as DEFERRABLE INITIALLY DEFERRED, so the order of the
deletes does not matter within the flush's transaction.

At the end of a run the test database is dropped WITH (FORCE): a connection of a
process the tests started (a Celery worker's pool, a live server's thread) can
outlive the test by a moment, and a plain DROP then fails and leaves the database
behind for the next run.
"""

from django.db.backends.postgresql import base, creation, operations


class DatabaseOperations(operations.DatabaseOperations):
    def sql_flush(self, style, tables, *, reset_sequences=False, allow_cascade=False):
        if not tables or reset_sequences or allow_cascade:
            return super().sql_flush(
                style, tables, reset_sequences=reset_sequences, allow_cascade=allow_cascade
            )
        return [f"{style.SQL_KEYWORD('DELETE FROM')} {self.quote_name(table)};" for table in tables]


class DatabaseCreation(creation.DatabaseCreation):
    def _destroy_test_db(self, test_database_name, verbosity):
        self.connection.close_pool()
        name = self.connection.ops.quote_name(test_database_name)
        with self._nodb_cursor() as cursor:
            cursor.execute(f"DROP DATABASE {name} WITH (FORCE)")


class DatabaseWrapper(base.DatabaseWrapper):
    ops_class = DatabaseOperations
    creation_class = DatabaseCreation
