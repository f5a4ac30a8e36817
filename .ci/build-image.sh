#!/usr/bin/env bash
# Builds the project's Dockerfile on a machine with no Docker engine and no access to image registries,
# then smoke-tests the image. Called by .ci/run, so the Dockerfile cannot rot unnoticed.
#
# Copied from the development machines' shared tool (/work/shared/tools/build-image.sh), which a fresh
# CI clone does not have. Changed here: the uv stand-in is the real uv binary (not a pyenv/asdf shim);
# grep no longer closes buildah's pipe early; the smoke test also starts the image's own CMD without a
# token (it must refuse, with one line and a non-zero exit); --rm removes the image afterwards.
#
# It uses buildah (a Debian package) with chroot isolation and stands in for the two images the
# Dockerfile pulls:
#   python:3.11-slim          <- Debian bookworm (Python 3.11) made with debootstrap from the Debian mirror
#   ghcr.io/astral-sh/uv:TAG  <- the uv binary of this machine (installed from PyPI if missing)
# The stand-ins are kept in buildah's storage, so later runs take about a minute.
#
# Usage, from the project root, as root:  .ci/build-image.sh [--rm] [IMAGE_TAG]
# Exit 0 when the image builds, runs as a non-root user, passes `allybot check`, answers a question and
# refuses to start the bot without TELEGRAM_BOT_TOKEN.
set -euo pipefail
REMOVE=0
if [ "${1:-}" = --rm ]; then REMOVE=1; shift; fi
TAG="${1:-allybot:local}"
B=(buildah --storage-driver vfs)
[ -f Dockerfile ] || { echo "build-image: run me from the project root (no Dockerfile here)"; exit 2; }
log() { printf 'build-image: %s\n' "$*"; }
[ "$(id -u)" = 0 ] || { log "run me as root (buildah's chroot isolation and apt-get need it)"; exit 2; }

if ! command -v buildah >/dev/null || ! command -v debootstrap >/dev/null; then
  log "installing buildah and debootstrap"
  apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq buildah debootstrap >/dev/null
fi
have() { "${B[@]}" inspect --type image "$1" >/dev/null 2>&1; }

BASE=$(grep -m1 -oE '^FROM[[:space:]]+[^[:space:]]+' Dockerfile | awk '{print $2}')
case "$BASE" in */*) ;; *) BASE="docker.io/library/$BASE" ;; esac
if ! have "$BASE"; then
  log "making a stand-in for $BASE (debootstrap, a few minutes)"
  ROOT=$(mktemp -d)
  # the machine's own Debian mirror (a URIs: or deb line, not a comment); debootstrap's default otherwise
  MIRROR=$(grep -rhE '^(URIs:|deb )' /etc/apt/sources.list /etc/apt/sources.list.d/*.sources 2>/dev/null \
    | grep -oE 'https?://[^ ]+/debian/?$' | head -1 || true)
  debootstrap --variant=minbase --include=python3,python3-venv,ca-certificates bookworm "$ROOT" ${MIRROR:+"$MIRROR"} >/dev/null
  cp /etc/ssl/certs/ca-certificates.crt "$ROOT/etc/ssl/certs/ca-certificates.crt"  # this machine's trust store
  c=$("${B[@]}" from scratch)
  "${B[@]}" copy "$c" "$ROOT" / >/dev/null
  "${B[@]}" config --env SSL_CERT_FILE=/etc/ssl/certs/ca-certificates.crt --env UV_NATIVE_TLS=1 \
    --env PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin "$c"
  "${B[@]}" commit -q "$c" "$BASE" >/dev/null; "${B[@]}" rm "$c" >/dev/null; rm -rf "$ROOT"
fi

# The uv executable itself: `command -v uv` may find a version manager's shim (a shell script that
# cannot run inside the image), so ask the uv Python package first and accept only an ELF binary.
uv_binary() {
  local candidate
  for candidate in "$(python3 -c 'import uv; print(uv.find_uv_bin())' 2>/dev/null || true)" \
                   "$(command -v uv 2>/dev/null || true)"; do
    [ -n "$candidate" ] && [ "$(head -c 4 "$candidate" 2>/dev/null | tr -d '\177')" = ELF ] \
      && { printf '%s\n' "$candidate"; return; }
  done
  python3 -m pip install -q uv >/dev/null
  python3 -c 'import uv; print(uv.find_uv_bin())'
}
for UVIMG in $(grep -oE -- '--from=[^[:space:]]*uv[^[:space:]]*' Dockerfile | cut -d= -f2 | sort -u); do
  have "$UVIMG" && continue
  UVBIN=$(uv_binary)
  log "making a stand-in for $UVIMG from $("$UVBIN" --version)"
  c=$("${B[@]}" from scratch); "${B[@]}" copy "$c" "$UVBIN" /uv >/dev/null
  "${B[@]}" commit -q "$c" "$UVIMG" >/dev/null; "${B[@]}" rm "$c" >/dev/null
done

log "building $TAG"
t0=$(date +%s)
"${B[@]}" build --format docker --isolation chroot --pull=never -q -t "$TAG" . >/dev/null
t1=$(date +%s)
c=$("${B[@]}" from --pull=never "$TAG")
cleanup() {
  "${B[@]}" rm "$c" >/dev/null 2>&1 || true
  if [ "$REMOVE" = 1 ]; then "${B[@]}" rmi "$TAG" >/dev/null 2>&1 || true; fi
}
trap cleanup EXIT
run() { "${B[@]}" run --isolation chroot "$c" -- "$@"; }
uid=$(run id -u)
[ "$uid" != 0 ] || { log "FAIL: the image runs as root"; exit 1; }
run allybot check >/dev/null || { log "FAIL: allybot check fails inside the image"; exit 1; }
# grep reads all of it (not -q): buildah would report the broken pipe of an early exit
run allybot ask "Liefert der Iran Drohnen an Russland?" | grep -i drohne >/dev/null || { log "FAIL: the image does not answer"; exit 1; }

# The image's own CMD, started as `docker run IMAGE` would without -e TELEGRAM_BOT_TOKEN=...
mapfile -t CMD < <("${B[@]}" inspect --type image --format '{{range .Docker.Config.Cmd}}{{println .}}{{end}}' "$TAG")
[ "${#CMD[@]}" -gt 0 ] || { log "FAIL: the image has no CMD"; exit 1; }
status=0
out=$(run "${CMD[@]}" 2>&1 </dev/null) || status=$?
# buildah adds its own report of a non-zero exit on stderr; what is left is the container's output
out=$(printf '%s\n' "$out" | grep -vE '^(subprocess exited with status [0-9]+|Error: exit status [0-9]+)$' || true)
lines=$(printf '%s\n' "$out" | grep -c . || true)
if [ "$status" = 0 ] || [ "$lines" != 1 ] || ! grep -q TELEGRAM_BOT_TOKEN <<<"$out"; then
  log "FAIL: without a token '${CMD[*]}' must exit non-zero with one line naming TELEGRAM_BOT_TOKEN;"
  log "it exited with status $status and printed:"; printf '%s\n' "$out"
  exit 1
fi

size=$("${B[@]}" images --format '{{.Size}}' "$TAG" | head -1)
log "ok: $TAG built in $((t1 - t0)) s, $size, runs as uid $uid, check passes, answers a question,"
log "    '${CMD[*]}' without a token exits $status: $out"
