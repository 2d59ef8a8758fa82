#!/usr/bin/env bash
# Installs what test/integration/ drives, from Debian's packages, when it is missing:
# Neovim (its built-in LSP client talks to `model-doctor lsp --stdio`) and pre-commit
# (it installs this repository as a hook). Usage: scripts/install-integration-tools.sh [nvim] [pre-commit]
set -euo pipefail

declare -A PACKAGE=([nvim]=neovim [pre-commit]=pre-commit [git]=git)
wanted=("$@")
[ ${#wanted[@]} -eq 0 ] && wanted=(nvim pre-commit)

missing=()
for tool in "${wanted[@]}"; do
  package=${PACKAGE[$tool]:-}
  if [ -z "$package" ]; then
    echo "install-integration-tools: unknown tool '$tool' (known: ${!PACKAGE[*]})" >&2
    exit 2
  fi
  command -v "$tool" >/dev/null 2>&1 || missing+=("$package")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if ! command -v apt-get >/dev/null 2>&1; then
  echo "install-integration-tools: ${missing[*]} missing and no apt-get here; install them with your package manager" >&2
  exit 1
fi
sudo=()
if [ "$(id -u)" -ne 0 ]; then
  if ! command -v sudo >/dev/null 2>&1; then
    echo "install-integration-tools: ${missing[*]} missing; run as root or install them: apt-get install ${missing[*]}" >&2
    exit 1
  fi
  sudo=(sudo)
fi
echo "install-integration-tools: installing ${missing[*]} from Debian's packages" >&2
"${sudo[@]}" apt-get update -qq
DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
