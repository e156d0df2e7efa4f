# Sourced, not run: makes sure `redis-server` (which @cancel/bullmq's tests start on a loopback port) is on
# PATH, installing Debian's package when it is missing and this shell may (root with apt-get, as in CI).
if ! command -v redis-server >/dev/null; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "redis-server: installing Debian's package for the queue tests" >&2
    apt-get update >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y redis-server >&2
  else
    echo "redis-server: not found; the queue tests need it (Debian: sudo apt-get install -y redis-server)" >&2
  fi
fi
