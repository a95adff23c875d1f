#!/usr/bin/env bash
# Moves the fork onto another @confluentinc/kafka-javascript release, e.g.
#   packages/kafka-native/rebase-upstream.sh 1.11.0
#
# 1. Takes the fork's changes: the diff from the last "unchanged" import commit of upstream to HEAD.
# 2. Replaces packages/kafka-native with the new release as npm publishes it (the same files as every import:
#    no deps/librdkafka/tests, no upstream tooling) and commits that alone, unchanged.
# 3. Applies the fork's changes on top (git apply --3way): the fork's own files come back as they were, the
#    marked lines in upstream's files (grep -rn "karafka-ts fork") are merged. Conflicts are left to resolve.
# Then: the version (<upstream>-karafka.1) in packages/kafka-native/package.json and in the root dependency,
# npm install, the tests with the packed path on and off, npm run bench (docs/kafka-client.md).
set -euo pipefail
if [ $# -ne 1 ]; then
  echo "usage: $0 <@confluentinc/kafka-javascript version, e.g. 1.11.0>" >&2
  exit 64
fi
version=$1
root=$(cd "$(dirname "$0")/../.." && pwd)
fork=packages/kafka-native
cd "$root"

if [ -n "$(git status --porcelain -- "$fork")" ]; then
  echo "$fork has uncommitted changes: commit them first." >&2
  exit 1
fi
import_pattern="^$fork: @confluentinc/kafka-javascript [^ ]* as published on npm, unchanged"
base=$(git log --format=%H -1 --grep="$import_pattern" -- "$fork")
if [ -z "$base" ]; then
  echo "No commit matching \"$import_pattern\": cannot tell the fork's changes from upstream's." >&2
  exit 1
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
echo "==> @confluentinc/kafka-javascript@$version from the npm registry"
(cd "$work" && npm pack "@confluentinc/kafka-javascript@$version" --silent >/dev/null && tar -xzf ./*.tgz)
upstream=$work/package

echo "==> The fork's changes since $(git log --format='%h (%s)' -1 "$base" | cut -c1-100)"
git diff --binary "$base" HEAD -- "$fork" >"$work/fork.patch"

echo "==> Importing $version unchanged"
git rm -rq --cached -- "$fork"
find "$fork" -mindepth 1 -maxdepth 1 ! -name build -exec rm -rf {} +
mkdir -p "$fork/util"
(cd "$upstream" && cp -r binding.gyp configure deps index.d.ts lib librdkafka.js src types LICENSE.txt \
  LICENSE.node-rdkafka LICENSE.kafkajs README.md package.json "$root/$fork/")
cp "$upstream/util/configure.js" "$upstream/util/get-env.js" "$fork/util/"
rm -rf "$fork/deps/librdkafka/tests"
git show "$base:$fork/.gitignore" >"$fork/.gitignore"
git add -- "$fork"
git commit -q -m "$fork: @confluentinc/kafka-javascript $version as published on npm, unchanged (without deps/librdkafka/tests), as the base of the project's fork" -- "$fork"

echo "==> Applying the fork's changes"
if git apply --3way "$work/fork.patch"; then
  echo "Applied cleanly. Next: set the version to $version-karafka.1 (packages/kafka-native/package.json and the"
  echo "root dependency), npm install, the tests with KARAFKA_PACKED_CONSUME on and off, npm run bench."
else
  echo "Conflicts: resolve them (git status), then continue as above." >&2
  exit 1
fi
