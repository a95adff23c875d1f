#!/usr/bin/env bash
# Quick start: sets everything up (see scripts/setup.sh), starts a local Kafka and runs the example app.
# Kafka keeps running afterwards (`npm test` uses it); stop it with `npm run kafka:stop`.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
printf '\n==> Starting Kafka\n'
npm run --silent kafka:start
printf '\n==> Running the example (examples/hello)\n'
npm run --silent example
printf '\nKafka is still running on 127.0.0.1:%s: run the tests with `npm test`, stop it with `npm run kafka:stop`.\n' "${KAFKA_PORT:-9092}"
