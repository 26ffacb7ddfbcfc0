#!/usr/bin/env bash
# Set-up, then the playground on http://127.0.0.1:8080/ (PORT=... to change),
# rebuilt by Trunk whenever a source file changes (reload the page to see it).
#
#   scripts/serve.sh            debug build, rebuilt on change
#   scripts/serve.sh --release  the release build, as deployed
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$ASSUMABLE_ROOT"

bash scripts/setup.sh
port=${PORT:-8080}

echo
echo "serve: the playground will be at http://127.0.0.1:$port/ once built (Ctrl-C stops it)"
echo
# No autoreload: its script is inline, which the page's CSP refuses.
exec trunk serve --offline --address 127.0.0.1 --port "$port" --no-autoreload --disable-address-lookup "$@"
