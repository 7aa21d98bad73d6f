#!/usr/bin/env bash
# Packs pinbot as the README tells users to (npm pack, then a global install of the tarball),
# installs it into a throwaway prefix, and runs the installed `pinbot` from a directory outside
# the clone on a small fixture tree. Fails when the tarball holds anything bin/ does not need at
# run time (sources, tests, type declarations, source maps, stale builds) or misses something
# it does.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "== npm pack (prepack builds dist/ from a clean slate)"
# A stale file in dist/ (a module since deleted) must not reach the tarball: plant one.
mkdir -p "$repo/dist/stale" && echo 'export {};' >"$repo/dist/stale/left-over.js"
(cd "$repo" && npm pack --silent --pack-destination "$work" >"$work/pack.out")
tarball="$work/$(tail -n 1 "$work/pack.out")"
[ -f "$tarball" ] || { echo "check-pack: npm pack made no tarball" >&2; exit 1; }

# Everything in the tarball: the manifest, the README, bin/ and compiled JavaScript; nothing else.
tar -tzf "$tarball" | sort >"$work/contents"
unexpected=$(grep -vE '^package/(package\.json|README\.md|bin/[a-z-]+\.js|dist/.+\.js)$' "$work/contents" || true)
if [ -n "$unexpected" ]; then
  echo "check-pack: unexpected files in the tarball:" >&2
  echo "$unexpected" >&2
  exit 1
fi
if grep -q '^package/dist/stale/' "$work/contents"; then
  echo "check-pack: a stale build output reached the tarball (prepack must clean dist/)" >&2
  exit 1
fi
for needed in package/bin/pinbot.js package/bin/pinbot-app.js package/dist/cli/main.js package/dist/app/main.js package/dist/scan/pool/scan-worker.js; do
  grep -qx "$needed" "$work/contents" || { echo "check-pack: $needed is missing from the tarball" >&2; exit 1; }
done
echo "tarball: $(wc -l <"$work/contents") files, $(du -k "$tarball" | cut -f1) KiB"

echo "== npm install --global into a temporary prefix"
prefix="$work/prefix"
npm install --global --prefix "$prefix" --no-audit --no-fund --loglevel=error "$tarball" >/dev/null
pinbot="$prefix/bin/pinbot"
[ -x "$pinbot" ] || { echo "check-pack: the install made no $pinbot" >&2; exit 1; }

# A fixture tree outside the clone: one pin in each of two file kinds, and one unpinned image.
fixture="$work/elsewhere"
mkdir -p "$fixture/deploy"
digest="sha256:$(printf '1%.0s' {1..64})"
printf 'FROM node:22-slim@%s AS build\nFROM alpine:3.20\n' "$digest" >"$fixture/Dockerfile"
printf 'services:\n  db:\n    image: postgres:16@%s\n' "$digest" >"$fixture/deploy/compose.yaml"

echo "== pinbot refs from $fixture"
cd "$fixture"
expected=$(
  cat <<EOF
FILE                   IMAGE     TAG      DIGEST               KIND
deploy/compose.yaml:3  postgres  16       sha256:111111111111  compose
Dockerfile:1           node      22-slim  sha256:111111111111  dockerfile

Skipped (1):
  Dockerfile:2  no-digest  FROM alpine:3.20

2 pinned references
EOF
)
actual=$(PATH="$prefix/bin:$PATH" pinbot refs)
if [ "$actual" != "$expected" ]; then
  echo "check-pack: unexpected output from the installed pinbot refs:" >&2
  diff <(echo "$expected") <(echo "$actual") >&2 || true
  exit 1
fi
echo "$actual"

version=$(node -p "require('$repo/package.json').version")
[ "$("$pinbot" --version)" = "$version" ] || { echo "check-pack: pinbot --version is not $version" >&2; exit 1; }

# The App's entry point loads from the installed package too: without its settings it must stop
# with its own message naming them, not with a missing module.
set +e
app_out=$(env -i PATH="$PATH" HOME="$work" node "$prefix/lib/node_modules/pinbot/bin/pinbot-app.js" 2>&1)
app_code=$?
set -e
if [ "$app_code" -eq 0 ] || ! grep -q 'APP_ID' <<<"$app_out"; then
  echo "check-pack: the installed App did not stop on missing settings as expected (exit $app_code):" >&2
  echo "$app_out" >&2
  exit 1
fi
echo "check-pack: the packed package installs and runs"
