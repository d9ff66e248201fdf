#!/usr/bin/env bash
# Pack the package exactly as it would be published, then lint the tarball:
#   - publint: package.json / exports / files sanity
#   - attw (Are The Types Wrong): types resolve correctly for every TypeScript resolution:
#     node10 (the legacy "moduleResolution": "node", through "typesVersions"), node16/nodenext
#     from CommonJS and from ES modules, and bundler
# Requires a prior `npm run build` (dist/ must exist). Fails on any problem.
set -euo pipefail

cd "$(dirname "$0")/.."

if [ ! -f dist/index.js ]; then
  echo "check-package: dist/ not built; run 'npm run build' first" >&2
  exit 1
fi

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

tarball_name="$(npm pack --silent --ignore-scripts --pack-destination "$tmp" | tail -n 1)"
tarball="$tmp/$tarball_name"
echo "check-package: packed $tarball_name"
tar -tzf "$tarball" | sed 's/^/  /'

echo "check-package: publint"
npx --no-install publint run --strict "$tarball"

echo "check-package: attw"
npx --no-install attw --profile strict --format table-flipped "$tarball"

echo "check-package: OK"
