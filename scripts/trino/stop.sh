#!/usr/bin/env bash
# Stops the local Trino and moto servers that start.sh started (by the pid
# files in .trino/), Trino first; does nothing for a server that is not running.
# --clean also deletes .trino/ (config, Trino data, logs); moto keeps its state
# in memory only, so it is gone once moto stops.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
STATE="$ROOT/.trino"

# Stops the process of pid file $2 if it is alive and was started from this
# checkout: SIGTERM, then SIGKILL after 30 s.
stop_pid() {
  local name="$1" file="$2" pid
  [ -f "$file" ] || return 0
  pid="$(cat "$file")"
  if tr '\0' ' ' 2>/dev/null < "/proc/$pid/cmdline" | grep -qF "$ROOT/"; then
    kill -TERM "$pid"
    for _ in $(seq 300); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    if kill -0 "$pid" 2>/dev/null; then kill -KILL "$pid"; fi
    echo "Stopped $name (pid $pid)"
  fi
  rm -f "$file"
}

stop_pid Trino "$STATE/trino.pid"
stop_pid moto "$STATE/moto.pid"
if [ "${1:-}" = "--clean" ]; then
  rm -rf "$STATE"
  echo "Removed $STATE"
fi
