#!/usr/bin/env bash
# The server Playwright starts: a fresh SQLite database with the demo seed.
set -euo pipefail
cd "$(dirname "$0")/.."
export DATABASE_URL="file:./tests/.tmp/e2e.db"
export STORAGE_DIR="./tests/.tmp/e2e-uploads"
rm -rf tests/.tmp/e2e.db tests/.tmp/e2e.db-wal tests/.tmp/e2e.db-shm tests/.tmp/e2e-uploads
npx tsx scripts/db/migrate.ts deploy >/dev/null
npx tsx prisma/seed.ts >/dev/null
export NODE_ENV=production HOST=127.0.0.1 PORT="${PORT:-3100}" APP_URL="http://127.0.0.1:${PORT:-3100}"
export SESSION_SECRET="e2e-secret-e2e-secret-e2e-secret-0123"
# Payments go to the local fake Stripe (tests/fakes/stripe-server.ts); it holds its signed webhooks
# until a test asks for them (POST /__fake/deliver), and exits with this server.
STRIPE_PORT="${E2E_STRIPE_PORT:-12111}"
export STRIPE_SECRET_KEY="sk_test_coursework_fake" STRIPE_WEBHOOK_SECRET="whsec_coursework_e2e_0123456789abcdef"
export STRIPE_API_BASE="http://127.0.0.1:${STRIPE_PORT}"
npx tsx tests/fakes/stripe-server.ts --port "$STRIPE_PORT" --webhook "$APP_URL/webhooks/stripe" \
  --secret "$STRIPE_WEBHOOK_SECRET" --hold --exit-with-pid $$ &
exec node server.mjs
