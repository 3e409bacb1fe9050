"""The WSGI application gunicorn serves (and runserver).

Once the application is loaded, every URLconf and view is imported too, and what the
imports made (~190,000 objects: modules, classes, the URL resolver, translations) is
moved out of the garbage collector's way with `gc.freeze()`. Those objects live as long
as the process; without it every full collection walks them all again, about 140 ms
each on a large organisation's page, a few times a minute under load. The youngest
generation is collected less often for the same reason: a page builds and drops
thousands of model instances. `bench/RESULTS-journey.md` has the effect.
"""

import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")

application = get_wsgi_application()

# Objects made by allocations above this many since the last collection are looked at.
YOUNGEST_GENERATION_THRESHOLD = 5_000


def settle() -> None:
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018 (imports every view)
    gc.collect()
    gc.freeze()
    _youngest, *older = gc.get_threshold()
    gc.set_threshold(YOUNGEST_GENERATION_THRESHOLD, *older)


settle()
