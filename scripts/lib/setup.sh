# Sourced by every project script: idempotent set-up, then Node 24 first on PATH.
#
# - npm dependencies from the lockfile (npm ci), re-run only when package.json or the lockfile
#   change. Node 24 itself comes from the npm registry as the `node` devDependency, so the
#   machine's own (older) node is used only to run npm.
# - moto_server, the local AWS API for the demo and the tests (pip's moto[server]).
set -euo pipefail
TPM_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$TPM_ROOT"

tpm_say() { printf '%s\n' "$*" >&2; }

command -v npm >/dev/null 2>&1 || { tpm_say "setup: npm is required (install Node.js with npm, any version >= 20)"; exit 6; }

stamp="node_modules/.tpm-setup-stamp"
want="$(cat package.json package-lock.json | sha256sum | cut -c1-64)"
if [[ ! -f "$stamp" || "$(cat "$stamp")" != "$want" ]]; then
  tpm_say "setup: installing npm dependencies (Node 24 arrives from the npm registry as the 'node' package)…"
  npm ci --no-audit --no-fund --loglevel=error
  printf '%s\n' "$want" > "$stamp"
fi

export PATH="$TPM_ROOT/node_modules/.bin:$PATH"
node_version="$(node -p 'process.versions.node')"
if [[ "${node_version%%.*}" != "24" ]]; then
  tpm_say "setup: expected Node 24 from node_modules/.bin, found $node_version; delete node_modules and run again"
  exit 6
fi

if ! command -v moto_server >/dev/null 2>&1; then
  tpm_say "setup: moto_server not found; installing moto[server] with pip…"
  python3 -m pip install --quiet 'moto[server]' ||
    { tpm_say 'setup: could not install moto; install it with  pip install "moto[server]"  and run again'; exit 6; }
fi

# The bundled CLI (.build/cli/): `tpm` starts from it in about 0.1 s instead of loading every
# TypeScript source. Rebuilt only when a source is newer; bin/tpm.js falls back to the sources
# whenever the bundle is stale, so this is a speed-up, never a second truth.
node scripts/build-cli.ts --if-stale >/dev/null ||
  tpm_say "setup: could not bundle the CLI; tpm runs from the sources (slower start)"

# Debian packages some commands need (sslscan for the TLS agreement test; the benchmarks add
# testssl.sh). Installed once, from Debian's archive, only when missing.
tpm_ensure_packages() {
  local missing=()
  for spec in "$@"; do
    local command="${spec%%:*}" package="${spec#*:}"
    command -v "$command" >/dev/null 2>&1 || missing+=("$package")
  done
  [[ ${#missing[@]} -eq 0 ]] && return 0
  local sudo=""
  [[ $(id -u) -ne 0 ]] && sudo="sudo"
  tpm_say "setup: installing Debian packages: ${missing[*]}"
  $sudo apt-get install -y -q "${missing[@]}" >/dev/null 2>&1 ||
    { $sudo apt-get update -q >/dev/null 2>&1 && $sudo apt-get install -y -q "${missing[@]}" >/dev/null 2>&1; } ||
    { tpm_say "setup: could not install ${missing[*]}; install them with apt-get and run again"; exit 6; }
}
