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
exec npx remix-serve ./build/server/index.js
