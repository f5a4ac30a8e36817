# allybot: the Telegram bot in a small image.
#
#   docker build -t allybot .
#   docker run -d --name allybot -e TELEGRAM_BOT_TOKEN=... -e MODERATOR_IDS=... \
#       -v allybot-data:/data allybot
#
# CI builds and smoke-tests this file without a Docker engine: .ci/build-image.sh (buildah).
#
# DATA_DIR (/data) is a volume: the question log, votes, language choices and the audit trail live there.
# The fact base is baked in at /app/knowledge; to keep moderators' uploads and edits across container
# re-creation, mount a volume over it (`-v allybot-knowledge:/app/knowledge`: Docker fills a new named
# volume from the image) or a git checkout (`-v /srv/allybot-knowledge:/app/knowledge`).
# `docker stop` sends SIGTERM: the bot finishes the updates in hand, flushes the log and exits.

# ---- build: resolve the locked dependencies into a virtual environment
FROM python:3.11-slim AS build

COPY --from=ghcr.io/astral-sh/uv:0.13 /uv /bin/uv
ENV UV_COMPILE_BYTECODE=1 \
    UV_LINK_MODE=copy \
    UV_PYTHON_DOWNLOADS=never \
    UV_PROJECT_ENVIRONMENT=/app/.venv

WORKDIR /src
# Dependencies first: this layer is reused until pyproject.toml or uv.lock change.
COPY pyproject.toml uv.lock ./
RUN uv sync --frozen --no-dev --no-install-project
COPY README.md ./
COPY bot ./bot
RUN uv sync --frozen --no-dev --no-editable

# ---- run: the environment, the fact base, an unprivileged user
FROM python:3.11-slim

RUN groupadd --system --gid 10001 allybot \
    && useradd --system --uid 10001 --gid allybot --home-dir /app --no-create-home allybot \
    && mkdir -p /data \
    && chown allybot:allybot /data

WORKDIR /app
COPY --from=build /app/.venv /app/.venv
# Writable by the bot: uploads replace fact files and keep the old ones in knowledge/.history.
COPY --chown=allybot:allybot knowledge /app/knowledge

ENV PATH=/app/.venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    KNOWLEDGE_DIR=/app/knowledge \
    DATA_DIR=/data

VOLUME ["/data"]
USER allybot

# The bot touches $DATA_DIR/heartbeat every 30 s while Telegram answers its polls (or, with a
# webhook, while it runs); older than 90 s means it is stuck or cut off.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import os, sys, time; p = os.path.join(os.environ.get('DATA_DIR', '/data'), 'heartbeat'); sys.exit(0 if os.path.exists(p) and time.time() - os.path.getmtime(p) < 90 else 1)"]

# Exec form: the bot is PID 1 and receives SIGTERM itself (python-telegram-bot stops on it).
# Without TELEGRAM_BOT_TOKEN `allybot run` exits 1 with one line saying so (.ci/build-image.sh checks it).
STOPSIGNAL SIGTERM
CMD ["allybot", "run"]
