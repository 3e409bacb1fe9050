# syntax=docker/dockerfile:1
# Front-end build stage: the NL Design System CSS from the npm registry, as locked.
FROM node:20-bookworm-slim AS frontend
WORKDIR /app
COPY package.json package-lock.json ./
# Without the development tools (Lighthouse, for bench/lighthouse.py).
RUN npm ci --omit=dev --no-audit --no-fund --loglevel=error

# Application: Python 3.11 with the locked dependencies, no development tools.
FROM python:3.11-slim-bookworm AS app
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    UV_PYTHON_DOWNLOADS=never \
    UV_PROJECT_ENVIRONMENT=/venv \
    PATH=/venv/bin:$PATH \
    DJANGO_SETTINGS_MODULE=config.settings.production
# WeasyPrint (the PDF reports) needs Pango; fonts for Dutch text.
RUN apt-get update \
    && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core fonts-noto-core \
    && rm -rf /var/lib/apt/lists/*
RUN pip install --no-cache-dir uv==0.13.9
WORKDIR /app
COPY pyproject.toml uv.lock ./
RUN uv sync --frozen --no-dev --no-install-project
COPY . .
# The design tokens, a package per NL Design System component (collectstatic joins the
# ones the pages use: NLDS_COMPONENTS) and the fonts.
COPY --from=frontend /app/node_modules/@utrecht node_modules/@utrecht
COPY --from=frontend /app/node_modules/@fontsource/noto-sans/files node_modules/@fontsource/noto-sans/files
# Build-time placeholders: collectstatic reads settings but touches no service.
RUN pybabel compile --domain django --directory locale \
    && DJANGO_SECRET_KEY=build DATABASE_URL=sqlite:////tmp/build.sqlite3 REDIS_URL=redis://localhost:6379/0 \
       python manage.py collectstatic --noinput
RUN useradd --system --home /app mensenwerk && mkdir -p /app/media && chown mensenwerk /app/media
USER mensenwerk
EXPOSE 8000
CMD ["gunicorn", "config.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
