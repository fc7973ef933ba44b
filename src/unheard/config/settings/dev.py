"""Local development and `make run`: debug on unless DEBUG says otherwise, a throwaway key."""

import os

from .base import *  # noqa: F403
from .base import DATA_DIR, env_bool

DEBUG = env_bool("DEBUG", True)
SECRET_KEY = os.environ.get("SECRET_KEY") or "dev-only-insecure-key-change-me"
DATA_DIR.mkdir(parents=True, exist_ok=True)
