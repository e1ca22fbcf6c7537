#!/usr/bin/env bash
# Quick start, step 1: install, generate, migrate, seed the demo course, build, and serve on :3000.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci
fi
npm run db:generate
npm run db:migrate
npm run db:seed
npm run build
echo
echo "Coursework is starting at http://localhost:3000 (Ctrl+C to stop)."
HOST="${HOST:-127.0.0.1}" PORT="${PORT:-3000}" NODE_ENV=production APP_URL="${APP_URL:-http://localhost:3000}" \
  SESSION_SECRET="${SESSION_SECRET:-local-demo-secret-please-change-me-0123456789}" \
  exec node server.mjs
