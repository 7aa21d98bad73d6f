#!/usr/bin/env bash
# Follows the README's quick start on a fresh clone, as a new user would: the two commands of
# its first shell block, run as written.
#
# The first (`npm ci && npx pinbot check .`) installs and checks real images against their
# registries; where the machine has no network (CI here), registry lookups fail, so a failing
# exit is accepted only when every error is a network error: the command itself must have worked.
#
# The second must be exactly `npm test`. It runs as written, with PINBOT_TEST_SCOPE=smoke in the
# environment, which jest.config.js honours by running a few end-to-end files instead of the
# whole suite: .ci/run has already run the whole suite on both Node versions from this same
# commit, and a third full run would prove nothing new. What this run does prove is what a
# fresh clone needs: `npm test`'s pretest step installs the Debian test dependencies when
# missing, Jest starts in ESM mode, and the CLI, the App and the server pass their end-to-end
# tests against a real local registry from the clone's own `npm ci`.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

git clone --quiet "$repo" "$work/pinbot"
cd "$work/pinbot"
mapfile -t commands < <(awk '/^## Quick start/{s=1} s&&/^```sh/{b=1;next} b&&/^```/{exit} b&&NF&&!/^#/' README.md)
if [ "${#commands[@]}" -ne 2 ]; then
  echo "quick start: expected exactly two commands in the README, found ${#commands[@]}" >&2
  exit 1
fi
if [ "${commands[1]}" != "npm test" ]; then
  echo "quick start: the second command must be exactly 'npm test' (this check runs it as a smoke run), found '${commands[1]}'" >&2
  exit 1
fi

echo "quick start 1/2: ${commands[0]}"
set +e
bash -c "${commands[0]}" >"$work/main.out" 2>"$work/main.err"
code=$?
set -e
cat "$work/main.out"
if [ "$code" -eq 2 ]; then
  # Exit 2 is acceptable only for unreachable registries, never for a crash or usage error.
  errors=$(sed -n '/^Errors (/,/^$/p' "$work/main.out" | tail -n +2 | sed '/^$/d')
  if [ -z "$errors" ] || echo "$errors" | grep -vqE 'network error|ENOTFOUND|EAI_AGAIN|ECONNREFUSED|timed out'; then
    echo "quick start: the main job failed (exit $code):" >&2
    cat "$work/main.err" >&2
    exit 1
  fi
  echo "quick start: registries unreachable from this machine; the scan itself worked"
elif [ "$code" -gt 2 ] || [ "$code" -lt 0 ]; then
  cat "$work/main.err" >&2
  exit 1
fi
grep -q 'Dockerfile:' "$work/main.out" || { echo "quick start: the main job reported no reference" >&2; exit 1; }

echo "quick start 2/2: ${commands[1]} (PINBOT_TEST_SCOPE=smoke: .ci/run runs the whole suite on both Node versions)"
PINBOT_TEST_SCOPE=smoke bash -c "${commands[1]}"
