#!/usr/bin/env bash
# Starts the sandbox tenant and its GitHub-like upstream, and writes their
# URLs and credentials (the READY object) to a file while they run.
#   tests/sandbox/start.sh [URLS_FILE] [OPTION...]
# URLS_FILE defaults to $TMPDIR/sanctum-sandbox.json; OPTIONs go to
# src/main.mjs (e.g. --demo, --alg ES256). The node packages, a Node 22
# among them, are installed from the lockfile first when they are missing
# or older than it.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
cd "$here"

urls="${TMPDIR:-/tmp}/sanctum-sandbox.json"
if [ $# -gt 0 ] && [ "${1#--}" = "$1" ]; then
  urls="$1"
  shift
fi

stamp=node_modules/.sanctum-installed
if [ ! -x node_modules/.bin/node ] || [ ! -e "$stamp" ] || [ package-lock.json -nt "$stamp" ] || [ package.json -nt "$stamp" ]; then
  echo "start.sh: installing the sandbox's node packages (npm ci)" >&2
  npm ci --no-audit --no-fund >&2
  touch "$stamp"
fi

echo "start.sh: URLs go to $urls" >&2
exec node_modules/.bin/node src/main.mjs --urls-file "$urls" "$@"
