"""gunicorn's settings for Unheard (`make serve`, deploy/unheard.service).

Environment:
  UNHEARD_BIND        where to listen (default 127.0.0.1:8000: nginx in front, on the same host)
  UNHEARD_WORKERS     worker processes (default 2 × cores + 1)
  UNHEARD_ACCESS_LOG  where the access log goes ("-": stderr, the default; a path; "" for none)
  DJANGO_SETTINGS_MODULE defaults to unheard.config.settings.prod (config/wsgi.py)
"""

import multiprocessing
import os

wsgi_app = "unheard.config.wsgi:application"
bind = os.environ.get("UNHEARD_BIND", "127.0.0.1:8000").split(",")
workers = int(os.environ.get("UNHEARD_WORKERS") or 2 * multiprocessing.cpu_count() + 1)
# Sync workers: nginx buffers slow clients, so a worker is busy only while Django works.
worker_class = "sync"
timeout = 30
graceful_timeout = 30
# A worker is replaced after this many requests (with jitter, not all at once): memory taken by
# a large image or PDF goes back to the system.
max_requests = 2000
max_requests_jitter = 200
# Only nginx on this host may set X-Forwarded-Proto (Django trusts it for HTTPS).
forwarded_allow_ips = "127.0.0.1,::1"

accesslog = os.environ.get("UNHEARD_ACCESS_LOG", "-") or None
errorlog = "-"
# The request id (core/logs.py) ends each line, so a line leads to the error's traceback.
access_log_format = '%(h)s "%(r)s" %(s)s %(B)s %(M)sms "%(a)s" %({x-request-id}o)s'
