#!/usr/bin/env bash
# Installs everything karafka-ts needs on a fresh Debian machine, and nothing twice:
#   1. Debian packages: the toolchain and the libraries librdkafka is built against, Java and Maven for Kafka,
#      openssl for the local broker's TLS certificates, chromium for the web UI's browser tests
#   2. npm packages (the Kafka client is compiled here, linked to the system libraries), then dist/
#   3. the Apache Kafka jars, from Maven, into .kafka/ (git-ignored)
# A package that cannot be installed is named, before anything tries to compile against it.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf '\n==> %s\n' "$*"; }

# package -> what needs it (a header or a command that proves it is there)
declare -A provides=(
  [build-essential]="command:g++"
  [make]="command:make"
  [python3]="command:python3"
  [libssl-dev]="header:openssl/ssl.h"
  [zlib1g-dev]="header:zlib.h"
  [libzstd-dev]="header:zstd.h"
  [liblz4-dev]="header:lz4.h"
  [libsasl2-dev]="header:sasl/sasl.h"
  [openjdk-17-jdk-headless]="command:java"
  [maven]="command:mvn"
  [openssl]="command:openssl"
  [chromium]="command:chromium"
)

present() {
  local kind=${1%%:*} what=${1#*:}
  if [ "$kind" = command ]; then command -v "$what" >/dev/null 2>&1; else [ -f "/usr/include/$what" ] || [ -f "/usr/include/x86_64-linux-gnu/$what" ] || [ -f "/usr/include/aarch64-linux-gnu/$what" ]; fi
}

missing_packages() {
  local p
  for p in "${!provides[@]}"; do present "${provides[$p]}" || printf '%s\n' "$p"; done | sort
}

say "Checking Debian packages"
mapfile -t missing < <(missing_packages)
if [ "${#missing[@]}" -gt 0 ]; then
  echo "Installing: ${missing[*]}"
  if [ "$(id -u)" -eq 0 ]; then sudo=""; elif command -v sudo >/dev/null 2>&1; then sudo="sudo"; else sudo="none"; fi
  if [ "$sudo" != none ] && command -v apt-get >/dev/null 2>&1; then
    export DEBIAN_FRONTEND=noninteractive
    $sudo apt-get update -qq || true
    $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" || true
  fi
  mapfile -t missing < <(missing_packages)
  if [ "${#missing[@]}" -gt 0 ]; then
    echo >&2
    echo "Missing Debian packages: ${missing[*]}" >&2
    for p in "${missing[@]}"; do echo "  - $p (provides ${provides[$p]#*:})" >&2; done
    echo "Install them (as root: apt-get install -y ${missing[*]}) and run this again." >&2
    exit 1
  fi
fi
echo "All build libraries, Java, Maven and Chromium are present."

node_major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
if [ "$node_major" -lt 20 ]; then
  echo "Node.js 20.19 or newer is needed (found: $(node --version 2>/dev/null || echo none))." >&2
  exit 1
fi

say "Installing npm packages (the Kafka client is compiled against the system libraries)"
binding=node_modules/@karafka-ts/kafka-native/build/Release/confluent-kafka-javascript.node
# The client fork's install script fetches upstream's sources from the npm registry and applies the fork's
# patch (packages/kafka-native/scripts/fork.mjs): a changed patch or upstream release installs again too.
if [ -f "$binding" ] && [ node_modules/.package-lock.json -nt package-lock.json ] &&
  node packages/kafka-native/scripts/fork.mjs check >/dev/null 2>&1; then
  echo "node_modules is up to date."
else
  npm ci --no-audit --no-fund
fi

# The package builds only when packed (prepack), never at install: the checkout builds dist/ here.
say "Building dist/"
npm run --silent build

say "Checking the Kafka client's features"
node --input-type=module -e "
  const { missingFeatures } = await import('./dist/kafka/rdkafka/features.js');
  const missing = missingFeatures();
  if (missing.length > 0) { console.error('librdkafka lacks: ' + missing.join(', ')); process.exit(1); }
  console.log('librdkafka has gzip, snappy, lz4, zstd, ssl and sasl.');
"

say "Fetching the Kafka jars"
npx --no-install tsx tools/kafka/cli.ts jars
