#!/usr/bin/env bash
# The registry tests run a real OCI registry (Debian's docker-registry) and make a
# token-signing certificate with openssl; the scaled App's tests run a redis-server.
# Install them when missing, so `npm test` works on a fresh Debian/Ubuntu machine;
# elsewhere, say exactly what is needed.
set -euo pipefail
missing=()
command -v docker-registry >/dev/null 2>&1 || missing+=(docker-registry)
command -v openssl >/dev/null 2>&1 || missing+=(openssl)
# The scaled App's tests (issue 13) run a real Redis.
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
[ ${#missing[@]} -eq 0 ] && exit 0

if command -v apt-get >/dev/null 2>&1; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "Installing test dependencies: ${missing[*]}" >&2
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
  exit 0
fi
echo "The test suite needs: ${missing[*]} (Debian packages docker-registry, openssl and redis-server)." >&2
exit 1
