#!/usr/bin/env bash
# The whole suite: unit and API tests (embedded database and a real PostgreSQL the suite starts),
# then the web build and the end-to-end tests in Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-chromium.sh
npx vitest run
npm run build -w @hemma/web
npx playwright test
