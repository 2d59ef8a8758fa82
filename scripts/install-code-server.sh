#!/usr/bin/env bash
# Sets up what the end-to-end tests run in: a real VS Code (code-server, from the npm registry) and
# Debian's Chromium. Needs only the npm registry and Debian's packages: nothing is downloaded from
# GitHub or from a CDN, so it works on machines that can reach nothing else. A second run finds
# everything in place and takes about a second. `npm run test:e2e` calls it (test/e2e/harness/tools.mjs).
#
# Usage: scripts/install-code-server.sh [--env]
#   --env   print only `export NAME=value` lines on stdout (CODE_SERVER_BIN, CHROMIUM_BIN)
# Environment (optional):
#   CODE_SERVER_VERSION   default 4.100.3, the last release whose engines accept Node 20
#   CODE_SERVER_PREFIX    default /opt/model-doctor/code-server-<version> as root,
#                         else ~/.cache/model-doctor/code-server-<version>
#   SKIP_APT=1            never call apt-get; fail when a Debian package is missing
set -euo pipefail

version=${CODE_SERVER_VERSION:-4.100.3}
if ((EUID == 0)); then base=/opt; else base=${XDG_CACHE_HOME:-$HOME/.cache}; fi
prefix=${CODE_SERVER_PREFIX:-$base/model-doctor/code-server-$version}
chromium=/usr/bin/chromium
print_env=0
case ${1:-} in
  --env) print_env=1 ;;
  '') ;;
  -h | --help) sed -n '2,14p' "$0" && exit 0 ;;
  *) echo "install-code-server: unknown argument $1" >&2 && exit 2 ;;
esac

say() { echo "[install-code-server] $*" >&2; }
fail() { say "error: $*" && exit 1; }

# Parallel test runs share one install: the second waits for the first.
exec 9>"${TMPDIR:-/tmp}/model-doctor-install-code-server.$EUID.lock"
flock 9

command -v node >/dev/null && command -v npm >/dev/null || fail "node and npm must be on PATH"
node_major=$(node -p 'process.versions.node.split(".")[0]')
# Native modules are built by node-gyp against the headers installed beside this node, never
# downloaded from nodejs.org.
node_dir=$(dirname "$(dirname "$(readlink -f "$(command -v node)")")")
[[ -f $node_dir/include/node/node_version.h ]] || fail "Node's headers are not under $node_dir/include/node"

# Debian packages: compilers for the native modules, Kerberos headers (VS Code's `kerberos`
# module), ripgrep (stands in for the binary @vscode/ripgrep would fetch from GitHub), Chromium.
packages=(build-essential python3 pkg-config libkrb5-dev ripgrep chromium fonts-dejavu-core ca-certificates)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if ((${#missing[@]})); then
  [[ ${SKIP_APT:-0} == 1 ]] && fail "missing Debian packages: ${missing[*]}"
  sudo=
  ((EUID == 0)) || sudo=sudo
  say "apt-get install ${missing[*]}"
  $sudo apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
fi

package_dir=$prefix/node_modules/code-server
bin=$prefix/bin/code-server
stamp="code-server $version on node $node_major"

# The JSON value at a path like a|b|c of the document on stdin.
json_get() {
  node -e 'let s = ""; process.stdin.on("data", (d) => (s += d)).on("end", () =>
    console.log(process.argv[1].split("|").reduce((o, k) => o[k], JSON.parse(s))))' "$1"
}

# Every native module loads and the binary answers: a broken build fails here, not in a test.
works() {
  local scratch
  scratch=$(mktemp -d)
  node -e '
    const { createRequire } = require("module");
    const pkg = process.argv[1];
    createRequire(pkg + "/package.json")("argon2");
    const vscode = createRequire(pkg + "/lib/vscode/package.json");
    for (const m of ["kerberos", "node-pty", "@vscode/spdlog", "native-watchdog", "@vscode/deviceid", "@parcel/watcher"]) vscode(m);
  ' "$package_dir" &&
    "$package_dir/lib/vscode/node_modules/@vscode/ripgrep/bin/rg" --version >/dev/null &&
    XDG_CONFIG_HOME=$scratch XDG_DATA_HOME=$scratch "$bin" --version >/dev/null 2>&1
  local status=$?
  rm -rf "$scratch"
  return $status
}

install() {
  local work tarball want_node rg_version rg_tag target
  work=$(mktemp -d)
  trap 'rm -rf "$work"' RETURN
  (cd "$work" && npm pack --silent "code-server@$version" >/dev/null)
  tarball=$work/code-server-$version.tgz
  want_node=$(tar -xzOf "$tarball" package/package.json | json_get 'engines|node')
  [[ $want_node == "$node_major" ]] || fail "code-server $version needs Node $want_node; this is $(node -v)"

  # @vscode/ripgrep's install step takes ripgrep from
  # $TMPDIR/vscode-ripgrep-cache-<package version>/ripgrep-<tag>-<target>.tar.gz when that file
  # exists, and downloads it from GitHub otherwise: put Debian's rg there under that name.
  rg_version=$(tar -xzOf "$tarball" package/lib/vscode/npm-shrinkwrap.json |
    json_get 'packages|node_modules/@vscode/ripgrep|version')
  (cd "$work" && npm pack --silent "@vscode/ripgrep@$rg_version" >/dev/null)
  rg_tag=$(tar -xzOf "$work/vscode-ripgrep-$rg_version.tgz" package/lib/postinstall.js |
    sed -n "s/^const VERSION = '\([^']*\)'.*/\1/p")
  [[ -n $rg_tag ]] || fail "cannot read the ripgrep release @vscode/ripgrep@$rg_version expects"
  case $(uname -m) in
    x86_64) target=x86_64-unknown-linux-musl ;;
    aarch64) target=aarch64-unknown-linux-musl ;;
    *) fail "no ripgrep target for $(uname -m)" ;;
  esac
  mkdir -p "$work/rg" "$work/vscode-ripgrep-cache-$rg_version"
  cp "$(command -v rg)" "$work/rg/rg"
  tar -czf "$work/vscode-ripgrep-cache-$rg_version/ripgrep-$rg_tag-$target.tar.gz" -C "$work/rg" rg

  # Only a folder this script made is replaced.
  if [[ -e $prefix ]]; then
    grep -qs '"model-doctor-code-server"' "$prefix/package.json" || [[ -z $(ls -A "$prefix") ]] ||
      fail "$prefix exists and was not made by this script; remove it or set CODE_SERVER_PREFIX"
    rm -rf "$prefix"
  fi
  mkdir -p "$prefix/bin"
  echo '{ "name": "model-doctor-code-server", "private": true }' >"$prefix/package.json"
  say "npm install code-server@$version into $prefix (builds native modules: a few minutes)"
  # unsafe_perm: code-server's install script refuses root without it. nodedir: node-gyp uses the
  # local headers. yes: node-pty's install step runs `npx node-gyp`. ignore_scripts=false: the
  # install scripts build the native modules. argon2 and kerberos try a GitHub download first, fail
  # at once without a network, and build from source.
  if ! (cd "$prefix" && TMPDIR=$work npm_config_unsafe_perm=true npm_config_nodedir=$node_dir \
    npm_config_yes=true npm_config_ignore_scripts=false \
    npm install --save-exact --no-audit --no-fund --foreground-scripts "code-server@$version") \
    >"$prefix/install.log" 2>&1; then
    tail -n 40 "$prefix/install.log" >&2
    fail "npm install failed; the whole log is $prefix/install.log"
  fi
  ln -sfn ../node_modules/code-server/out/node/entry.js "$bin"
  works || fail "code-server installed but does not start; see $prefix/install.log"
  echo "$stamp" >"$prefix/.installed"
}

if [[ -x $bin && $(cat "$prefix/.installed" 2>/dev/null) == "$stamp" ]]; then
  say "code-server $version is installed in $prefix"
else
  started=$SECONDS
  install
  say "code-server $version installed in $((SECONDS - started)) s"
fi

if ((print_env)); then
  printf 'export CODE_SERVER_BIN=%q\nexport CHROMIUM_BIN=%q\n' "$bin" "$chromium"
else
  echo "code-server: $bin"
  echo "chromium:    $chromium ($("$chromium" --version 2>/dev/null || echo 'not working'))"
fi
