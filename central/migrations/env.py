"""Alembic environment of central's database: the target is :data:`central.models.metadata`.

Two ways in:

* :func:`central.db.migrate` (``doorstep-central migrate`` and every PostgreSQL start) passes an open
  connection in ``config.attributes["connection"]``, already inside a transaction that holds the
  migration advisory lock; nothing here opens another.
* The ``alembic`` command line (``-c central/alembic.ini -x db=URL``) builds an engine from ``-x db``
  or ``DOORSTEP_CENTRAL_DB``.
"""

from __future__ import annotations

import os
from logging.config import fileConfig

from alembic import context
from sqlalchemy import Connection

from central.models import metadata

config = context.config
if config.config_file_name is not None and config.attributes.get("configure_logger", True):
    fileConfig(config.config_file_name, disable_existing_loggers=False)


def _run(connection: Connection) -> None:
    context.configure(connection=connection, target_metadata=metadata, compare_type=True,
                      compare_server_default=True)
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_offline() -> None:
    """Write the SQL instead of running it (``alembic upgrade head --sql``)."""
    url = context.get_x_argument(as_dictionary=True).get("db") or os.environ.get("DOORSTEP_CENTRAL_DB")
    context.configure(url=url, target_metadata=metadata, literal_binds=True,
                      dialect_opts={"paramstyle": "named"})
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    """Run the migrations on the connection given by the caller, or on a new engine."""
    given = config.attributes.get("connection")
    if given is not None:
        _run(given)
        return
    from central.db import make_engine

    url = context.get_x_argument(as_dictionary=True).get("db") or os.environ.get("DOORSTEP_CENTRAL_DB")
    if not url:
        raise SystemExit("give the database: -x db=URL or DOORSTEP_CENTRAL_DB")
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            _run(connection)
    finally:
        engine.dispose()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
