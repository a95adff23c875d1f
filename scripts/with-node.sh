#!/usr/bin/env bash
# Runs a command in this checkout on another Node.js major line, e.g.
#   ./scripts/with-node.sh 24 npm test
#   ./scripts/with-node.sh 26 npx vitest run test/unit
#
# 1. Node.js: the `node-linux-<arch>` package of that major from the npm registry (it ships bin/node and the
#    headers in include/node), unpacked into node_modules/.cache/karafka-node/<major>/node.
# 2. The Kafka client is a native addon built for one Node ABI. It is compiled once per major against those
#    headers (node-gyp --nodedir, so nothing is downloaded) and linked to the librdkafka that `npm ci` built
#    in node_modules/@karafka-ts/kafka-native/build/deps: only the binding's own C++ is compiled (about
#    a minute on 2 cores), and the build is kept in the same cache folder.
# 3. While the command runs, that addon replaces the checkout's (the default Node's) in build/Release; the
#    original comes back when the command ends, or at the start of the next run if this one was killed.
#    Meanwhile the default Node cannot load the Kafka client in this checkout: run nothing else here then.
# The cache lives under node_modules/, so `npm ci` (a new Kafka client build) clears it too.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ $# -lt 2 ] || ! [[ $1 =~ ^[0-9]+$ ]]; then
  echo "usage: $0 <node major, e.g. 24> <command> [args...]" >&2
  exit 64
fi
major=$1
shift

say() { printf '\n==> %s\n' "$*"; }

package_dir=node_modules/@karafka-ts/kafka-native
addon=$package_dir/build/Release/confluent-kafka-javascript.node
saved=$addon.default
restore() { if [ -f "$saved" ]; then mv -f "$saved" "$addon"; fi; }
restore # a previous run that was killed left the default Node's addon aside
if [ ! -f "$addon" ] || [ ! -d "$package_dir/build/deps/include/librdkafka" ]; then
  echo "The Kafka client is not built in this checkout: run ./scripts/setup.sh first." >&2
  exit 1
fi

case "$(uname -m)" in
  x86_64) arch=x64 ;;
  aarch64) arch=arm64 ;;
  *)
    echo "No node-linux-* package is known for the architecture $(uname -m)." >&2
    exit 1
    ;;
esac
cache=$PWD/node_modules/.cache/karafka-node/$major
node_home=$cache/node
node_bin=$node_home/bin/node

if [ ! -x "$node_bin" ]; then
  say "Fetching Node.js $major (node-linux-$arch@$major from the npm registry)"
  rm -rf "$cache"
  mkdir -p "$cache"
  tarball=$(npm pack "node-linux-$arch@$major" --pack-destination "$cache" --silent 2>/dev/null | tail -n 1) || true
  if [ -z "$tarball" ] || [ ! -f "$cache/$tarball" ]; then
    echo "npm could not fetch node-linux-$arch@$major: no such version on the registry, or it is unreachable." >&2
    exit 1
  fi
  mkdir -p "$node_home"
  tar -xzf "$cache/$tarball" -C "$node_home" --strip-components=1
  rm -f "$cache/$tarball"
fi
if [ ! -f "$node_home/include/node/node.h" ]; then
  echo "$node_home has no include/node: cannot build the Kafka client for it." >&2
  exit 1
fi
node_version=$("$node_bin" --version)
client_version=$(node -p "require('./$package_dir/package.json').version")
# The fork's sources (its own, and upstream's as its install script assembled them): a change rebuilds the addon.
sources_sum=$(cd "$package_dir" && find binding.gyp src -type f | sort | xargs sha1sum | sha1sum | cut -c1-12)
stamp="$node_version kafka-native $client_version $sources_sum"
built=$cache/confluent-kafka-javascript.node

if [ ! -f "$built" ] || [ "$(cat "$cache/addon.stamp" 2>/dev/null)" != "$stamp" ]; then
  say "Building the Kafka client for Node.js $node_version (ABI $("$node_bin" -p process.versions.modules))"
  work=$cache/addon-build
  rm -rf "$work"
  mkdir -p "$work"
  cp -r "$package_dir/binding.gyp" "$package_dir/package.json" "$package_dir/src" "$package_dir/util" "$work/"
  node_gyp=$(npm root -g)/npm/node_modules/node-gyp/bin/node-gyp.js
  deps=$PWD/$package_dir/build/deps
  # BUILD_LIBRDKAFKA=0: link the librdkafka already built (headers and .so from build/deps) instead of
  # building it again; the runpath finds it from build/Release, where the addon is used.
  if ! (cd "$work" && PATH="$node_home/bin:$PATH" BUILD_LIBRDKAFKA=0 CKJS_LINKING=dynamic \
    CXXFLAGS="-isystem $deps/include/librdkafka" LDFLAGS="-L$deps -Wl,-rpath,'\$\$ORIGIN/../deps'" \
    "$node_bin" "$node_gyp" rebuild --nodedir="$node_home" -j 2 >"$cache/addon-build.log" 2>&1); then
    tail -n 30 "$cache/addon-build.log" >&2
    echo "Building the Kafka client for Node.js $node_version failed (log: $cache/addon-build.log)." >&2
    exit 1
  fi
  cp "$work/build/Release/confluent-kafka-javascript.node" "$built"
  echo "$stamp" >"$cache/addon.stamp"
  rm -rf "$work"
fi

trap restore EXIT
trap 'restore; exit 130' INT
trap 'restore; exit 143' TERM
cp "$addon" "$saved"
cp "$built" "$addon.next"
mv -f "$addon.next" "$addon"
say "Running on Node.js $node_version: $*"
status=0
# npm_config_nodedir: what npm compiles while the command runs (node-gyp) uses this Node's headers, not the
# ones a user's npm config names (this machine's ~/.npmrc names Debian's Node 20 in /usr).
PATH="$node_home/bin:$PATH" npm_config_nodedir="$node_home" "$@" || status=$?
exit "$status"
