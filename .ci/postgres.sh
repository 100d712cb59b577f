#!/usr/bin/env bash
# Start a throw-away PostgreSQL server for the SQL tests and print its SQLAlchemy URL on stdout.
#
# Installs Debian's `postgresql` package when no server binaries are found (needs root), creates
# a cluster in $SINGER_SDK_PG_DIR (default /tmp/singer-sdk-pg) listening only on 127.0.0.1:
# $SINGER_SDK_PG_PORT (default 55432), and a user and database for the tests. When run as root
# the server runs as the `postgres` OS user (PostgreSQL refuses to run as root).
# Idempotent: when the server already answers, it only prints the URL. Logs go to stderr.
set -euo pipefail

PORT="${SINGER_SDK_PG_PORT:-55432}"
DATA="${SINGER_SDK_PG_DIR:-/tmp/singer-sdk-pg}"
PG_USER="${SINGER_SDK_PG_USER:-singer}"
PG_PASSWORD="${SINGER_SDK_PG_PASSWORD:-singer}"
PG_DB="${SINGER_SDK_PG_DB:-singer_sdk_test}"
URL="postgresql+psycopg://${PG_USER}:${PG_PASSWORD}@127.0.0.1:${PORT}/${PG_DB}"

log() { echo "postgres.sh: $*" >&2; }

find_bindir() {
    local dir
    dir="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"
    if [[ -n "$dir" && -x "$dir/postgres" ]]; then
        echo "$dir"
    fi
}

BINDIR="$(find_bindir)"
if [[ -z "$BINDIR" ]]; then
    if [[ "$(id -u)" != "0" ]]; then
        log "PostgreSQL is not installed and installing it needs root."
        exit 1
    fi
    log "installing postgresql from the Debian packages"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >&2
    apt-get install -y -qq postgresql >&2
    BINDIR="$(find_bindir)"
    if [[ -z "$BINDIR" ]]; then
        log "postgresql was installed but no server binaries were found under /usr/lib/postgresql"
        exit 1
    fi
fi

# Run a command as the server's OS user: `postgres` when we are root, else ourselves.
as_owner() {
    if [[ "$(id -u)" == "0" ]]; then
        if command -v runuser >/dev/null 2>&1; then
            runuser -u postgres -- "$@"
        else
            su postgres -s /bin/sh -c "$(printf '%q ' "$@")"
        fi
    else
        "$@"
    fi
}

if "$BINDIR/pg_isready" -q -h 127.0.0.1 -p "$PORT"; then
    log "a server already answers on 127.0.0.1:$PORT"
    echo "$URL"
    exit 0
fi

if [[ ! -f "$DATA/PG_VERSION" ]]; then
    log "creating a cluster in $DATA"
    mkdir -p "$DATA"
    if [[ "$(id -u)" == "0" ]]; then
        chown postgres: "$DATA"
    fi
    chmod 700 "$DATA"
    as_owner "$BINDIR/initdb" -D "$DATA" -U postgres --auth-local=trust \
        --auth-host=scram-sha-256 --encoding=UTF8 --locale=C.UTF-8 >&2
fi

log "starting the server on 127.0.0.1:$PORT"
as_owner "$BINDIR/pg_ctl" -D "$DATA" -l "$DATA/server.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $PORT -k $DATA -c fsync=off -c full_page_writes=off" \
    start >&2

psql_admin() {
    as_owner "$BINDIR/psql" -h "$DATA" -p "$PORT" -U postgres -d postgres -v ON_ERROR_STOP=1 \
        -qtA "$@"
}

if [[ "$(psql_admin -c "SELECT 1 FROM pg_roles WHERE rolname = '${PG_USER}'")" != "1" ]]; then
    psql_admin -c "CREATE ROLE \"${PG_USER}\" LOGIN PASSWORD '${PG_PASSWORD}'" >&2
fi
if [[ "$(psql_admin -c "SELECT 1 FROM pg_database WHERE datname = '${PG_DB}'")" != "1" ]]; then
    psql_admin -c "CREATE DATABASE \"${PG_DB}\" OWNER \"${PG_USER}\"" >&2
fi

echo "$URL"
