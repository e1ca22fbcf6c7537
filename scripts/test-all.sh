#!/usr/bin/env bash
# Quick start, step 2: the whole suite. Set TEST_POSTGRES_URL (a PostgreSQL
# server URL whose role may CREATE DATABASE) to run the integration tests on
# PostgreSQL as well as SQLite.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -d node_modules ] || npm ci
mkdir -p tests/.tmp
rm -f tests/.tmp/*.json
step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

step "Generate Prisma clients"; npm run --silent db:generate >/dev/null
step "Typecheck"; npm run --silent typecheck
step "Lint"; npm run --silent lint
step "Schema and migrations agree (SQLite${TEST_POSTGRES_URL:+ and PostgreSQL})"; npm run --silent db:check
step "Unit tests"; npx vitest run --project unit --reporter=default --reporter=json --outputFile.json=tests/.tmp/unit.json
step "Integration tests on SQLite"
TEST_DB=sqlite npx vitest run --project integration --reporter=default --reporter=json --outputFile.json=tests/.tmp/integration-sqlite.json
if [ -n "${TEST_POSTGRES_URL:-}" ]; then
  step "Integration tests on PostgreSQL"
  TEST_DB=postgresql npx vitest run --project integration --reporter=default --reporter=json --outputFile.json=tests/.tmp/integration-pg.json
else
  echo "(Set TEST_POSTGRES_URL to also run the integration tests on PostgreSQL.)"
fi
step "End-to-end tests (Playwright + axe)"; bash scripts/e2e.sh
node scripts/test-summary.mjs
