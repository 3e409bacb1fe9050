"""What every part of Inclusie does with personal data."""

from django.views.decorators.cache import never_cache

# Pages with personal data: never stored by the browser or a proxy
# (Cache-Control: no-store); their context sets `personal_data`, which keeps
# them out of htmx's history cache (hx-history="false" on <body>).
personal_data = never_cache
