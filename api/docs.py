"""Swagger UI and Redoc, served from drf-spectacular-sidecar's static files (no CDN),
under the site's Content-Security-Policy: no inline script or style of ours."""

from csp.constants import UNSAFE_INLINE
from csp.decorators import csp_update
from drf_spectacular.views import SpectacularRedocView, SpectacularSwaggerSplitView


class SwaggerView(SpectacularSwaggerSplitView):
    """Its start script is a file of its own (`?script`), so script-src 'self' holds."""

    template_name = "api/swagger_ui.html"


class RedocView(SpectacularRedocView):
    template_name = "api/redoc.html"


# Redoc styles itself with styled-components, which writes <style> elements, and
# searches in a worker it starts from a blob: only this page allows both.
redoc = csp_update({"style-src": [UNSAFE_INLINE], "worker-src": ["blob:"]})(
    RedocView.as_view(url_name="api:schema")
)
swagger = SwaggerView.as_view(url_name="api:schema")
