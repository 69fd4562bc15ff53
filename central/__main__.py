"""``doorstep-central``: run the central endpoint.

    doorstep-central --db postgresql+psycopg://postgres@127.0.0.1/test --port 8765 --workers 2
    doorstep-central create-user --db URL --username wang --password '…' --role grid_officer [--area 330212]

Defaults come from the ``DOORSTEP_CENTRAL_*`` variables (:mod:`central.config`).
"""

from __future__ import annotations

import argparse
import logging
import os
import sys

import uvicorn

from central.config import Settings
from central.db import init_db, make_engine


def create_user_command(argv: list[str]) -> int:
    """``create-user``: add (or with ``--replace`` reset) a user who may sign in; return the exit status."""
    from central.auth import create_user
    from central.models import ROLES

    env = Settings.from_env()
    parser = argparse.ArgumentParser(prog="doorstep-central create-user")
    parser.add_argument("--db", default=env.db_url, help="database URL (default %(default)s)")
    parser.add_argument("--username", required=True)
    parser.add_argument("--password", required=True)
    parser.add_argument("--role", required=True, choices=ROLES)
    parser.add_argument("--area", default="", help="area code the user works in (scope)")
    parser.add_argument("--replace", action="store_true", help="reset an existing user")
    args = parser.parse_args(argv)
    engine = make_engine(args.db)
    try:
        init_db(engine)
        create_user(engine, args.username, args.password, args.role, args.area, replace=args.replace)
    except ValueError as exc:
        parser.error(str(exc))
    finally:
        engine.dispose()
    return 0


def main(argv: list[str] | None = None) -> int:
    """Parse the command line and serve until interrupted; return the exit status."""
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["create-user"]:
        return create_user_command(argv[1:])
    env = Settings.from_env()
    parser = argparse.ArgumentParser(prog="doorstep-central", description="Doorstep central endpoint")
    parser.add_argument("--db", default=env.db_url, help="database URL (default %(default)s)")
    parser.add_argument("--host", default=env.host, help="interface (default %(default)s)")
    parser.add_argument("--port", type=int, default=env.port, help="TCP port (default %(default)s)")
    parser.add_argument("--workers", type=int, default=env.workers, 
                        help="worker processes (default %(default)s)")
    parser.add_argument("--log-level", default=env.log_level, help="log level (default %(default)s)")
    args = parser.parse_args(argv)
    logging.basicConfig(level=args.log_level.upper(),
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    engine = make_engine(args.db)
    init_db(engine)  # once, before any worker starts
    engine.dispose()
    os.environ["DOORSTEP_CENTRAL_DB"] = args.db
    os.environ["DOORSTEP_CENTRAL_MAX_BODY"] = str(env.max_body_bytes)
    uvicorn.run("central.main:app_from_env", factory=True, host=args.host, port=args.port,
                workers=max(1, args.workers), log_level=args.log_level.lower(), access_log=False)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
