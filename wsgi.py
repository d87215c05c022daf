"""Entry point: `flask --app wsgi …` and `gunicorn wsgi:app` both use it."""
import sys

from portal import create_app
from portal.config import ConfigError
from portal.db import DatabaseUrlError

try:
    app = create_app()
except (ConfigError, DatabaseUrlError) as exc:
    # One clear line naming the setting, no traceback.
    print(f"portal: {exc}", file=sys.stderr)
    sys.exit(2)
