"""gunicorn's settings for Unheard (`make serve`, deploy/unheard.service).

Environment:
  UNHEARD_BIND        where to listen (default 127.0.0.1:8000: nginx in front, on the same host)
  UNHEARD_WORKERS     worker processes (default 2 × cores + 1)
  UNHEARD_THREADS     threads in each worker (default 1: sync workers; more: gthread workers)
  UNHEARD_ACCESS_LOG  where the access log goes ("-": stderr, the default; a path; "" for none)
  DJANGO_SETTINGS_MODULE defaults to unheard.config.settings.prod (config/wsgi.py)
"""

import gc
import multiprocessing
import os

wsgi_app = "unheard.config.wsgi:application"
bind = os.environ.get("UNHEARD_BIND", "127.0.0.1:8000").split(",")
workers = int(os.environ.get("UNHEARD_WORKERS") or 2 * multiprocessing.cpu_count() + 1)
# Sync workers by default: nginx buffers slow clients, so a worker is busy only while Django
# works. UNHEARD_THREADS > 1 gives each worker threads (gthread): while a sign-up waits for
# SQLite's write lock, the worker's other threads answer pages (compare with
# `UNHEARD_THREADS=4 bench/marathon_bench.py`).
threads = int(os.environ.get("UNHEARD_THREADS") or 1)
worker_class = "gthread" if threads > 1 else "sync"
timeout = 30
graceful_timeout = 30
# A worker is replaced after this many requests (with jitter, not all at once): memory taken by
# a large image or PDF goes back to the system. Not more often: a new worker imports the project
# again (2 s of CPU) and starts with an empty page cache, so on marathon day, at a few thousand
# requests a second, 2,000 requests made the workers spend a third of their time starting.
max_requests = 25_000
max_requests_jitter = 2_500
# Only nginx on this host may set X-Forwarded-Proto (Django trusts it for HTTPS).
forwarded_allow_ips = "127.0.0.1,::1"

accesslog = os.environ.get("UNHEARD_ACCESS_LOG", "-") or None
errorlog = "-"
# The request id (core/logs.py) ends each line, so a line leads to the error's traceback.
access_log_format = '%(h)s "%(r)s" %(s)s %(B)s %(M)sms "%(a)s" %({x-request-id}o)s'

# What a worker has loaded once it has served its first pages (the project's modules, the URL
# patterns, compiled templates, translations) stays for its whole life: frozen, Python's garbage
# collector no longer walks its 200,000 objects, which cost 0.3 s every few hundred requests
# (a fifth of the time of the pages the page cache answers, measured in one worker).
FREEZE_AFTER_REQUESTS = 500


def post_worker_init(worker):
    gc.freeze()


def post_request(worker, req, environ, resp):
    worker.requests_served = getattr(worker, "requests_served", 0) + 1
    if worker.requests_served == FREEZE_AFTER_REQUESTS:
        gc.collect()
        gc.freeze()
