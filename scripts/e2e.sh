#!/usr/bin/env bash
# Builds the app and runs the Playwright suite in Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -z "${CHROMIUM_PATH:-}" ]; then
  for candidate in /usr/bin/chromium /usr/bin/chromium-browser /usr/bin/google-chrome; do
    if [ -x "$candidate" ]; then export CHROMIUM_PATH="$candidate"; break; fi
  done
fi
if [ -z "${CHROMIUM_PATH:-}" ]; then
  if ! ls "${PLAYWRIGHT_BROWSERS_PATH:-$HOME/.cache/ms-playwright}"/chromium-* >/dev/null 2>&1; then
    echo "No Chromium found; trying 'npx playwright install chromium'…"
    if ! npx playwright install chromium; then
      echo >&2 "No browser for the end-to-end tests. Install one, then run the tests again:"
      echo >&2 "  Debian/Ubuntu: sudo apt-get install chromium     (or set CHROMIUM_PATH=/path/to/chrome)"
      echo >&2 "  Elsewhere:     npx playwright install chromium"
      exit 1
    fi
  fi
fi
npm run --silent build >/dev/null
npx playwright test "$@"
