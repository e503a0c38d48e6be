#!/usr/bin/env bash
# The container image, built and run here: Debian's docker.io (dockerd started when none runs)
# and debootstrap, a bookworm base made with `debootstrap --variant=minbase` and `docker import`
# (no image registry is reachable), the Dockerfile's stages on it with a pomod linked with its
# Swift runtime inside (`--static-swift-stdlib`), and the container started with --network host
# on a loopback port: healthy, serving, its process not root, its data a volume that outlives
# it, and SIGTERM ending it cleanly. Also checks that the binary runs where no Swift is.
set -euo pipefail
cd "$(dirname "$0")/.."

sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
source scripts/debian-packages.sh
if ! command -v dockerd >/dev/null 2>&1 || ! command -v debootstrap >/dev/null 2>&1; then
  debian_install "the container test" docker.io debootstrap
fi
started_dockerd=""
if ! docker info >/dev/null 2>&1; then
  echo "container-test.sh: starting dockerd (no bridge, no iptables: containers use the host's network)" >&2
  $sudo sh -c 'dockerd --iptables=false --ip6tables=false --bridge=none >/tmp/pomo-dockerd.log 2>&1 &'
  started_dockerd=1
  for _ in $(seq 1 60); do docker info >/dev/null 2>&1 && break; sleep 0.5; done
  if ! docker info >/dev/null 2>&1; then
    echo "container-test.sh: FAILED: dockerd did not start; its log:" >&2
    tail -n 30 /tmp/pomo-dockerd.log >&2
    exit 1
  fi
fi

base=pomo-test-base:bookworm
if ! docker image inspect "$base" >/dev/null 2>&1; then
  rootfs=.build/rootfs-bookworm
  if [ ! -x "$rootfs/bin/bash" ]; then
    rm -rf "$rootfs"
    $sudo debootstrap --variant=minbase bookworm "$rootfs" http://deb.debian.org/debian >.build/debootstrap.log 2>&1 \
      || { tail -n 20 .build/debootstrap.log >&2; exit 1; }
  fi
  $sudo tar -C "$rootfs" -c . | docker import - "$base" >/dev/null
fi

# pomod with its Swift runtime linked in, built apart (.build-static) so that the other tests'
# build is untouched: switching one build folder between the two link modes leaves objects of
# the other mode behind.
# shellcheck disable=SC2046 # the flags are words
swift build --scratch-path .build-static --product pomod --static-swift-stdlib $(scripts/static-link-flags.sh) \
  >.build/static-build.log 2>&1 || { grep -E "error" .build/static-build.log | head -n 20 >&2; exit 1; }
static_bin=$(swift build --scratch-path .build-static --show-bin-path)
rm -rf .build/docker && mkdir -p .build/docker
cp "$static_bin/pomod" .build/docker/pomod
cp -R "$static_bin"/*.resources .build/docker/
strip .build/docker/pomod

work=$(mktemp -d /tmp/pomo-container.XXXXXX)
name="pomo-test-$$"
cleanup() {
  docker rm -f "$name" >/dev/null 2>&1 || true
  docker image rm -f pomo-test:local >/dev/null 2>&1 || true
  $sudo rm -rf "$work"
  # A dockerd this script started stops with it.
  if [ -n "$started_dockerd" ] && [ -f /var/run/docker.pid ]; then
    $sudo kill "$(cat /var/run/docker.pid)" 2>/dev/null || true
    for _ in $(seq 1 40); do [ -f /var/run/docker.pid ] || break; sleep 0.25; done
  fi
}
trap cleanup EXIT INT TERM

# The base holds no Swift: the binary runs there on its own.
if docker run --rm --network host "$base" sh -c 'ls /usr/lib/swift /opt/swift 2>/dev/null; find / -xdev -name "libswiftCore*" 2>/dev/null' | grep -q .; then
  echo "container-test.sh: FAILED: the base image has a Swift runtime" >&2; exit 1
fi
echo "container-test.sh: pomod $(docker run --rm --network host -v "$PWD/.build/docker/pomod:/pomod:ro" "$base" /pomod --version) runs on bare Debian"

docker build --network host -q -t pomo-test:local --build-arg SWIFT_IMAGE="$base" --build-arg RUNTIME_IMAGE="$base" . >/dev/null
size=$(docker image inspect -f '{{.Size}}' pomo-test:local)
echo "container-test.sh: image size $((size / 1024 / 1024)) MiB (base $(( $(docker image inspect -f '{{.Size}}' "$base") / 1024 / 1024 )) MiB)"

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
mkdir -p "$work/data"
$sudo chown 10001:10001 "$work/data"
run() {
  docker run -d --name "$name" --network host --health-interval=1s --health-start-period=1s \
    -e POMO_HOST=127.0.0.1 -e POMO_PORT="$port" -e POMO_BCRYPT_COST=4 -v "$work/data:/var/lib/pomo" pomo-test:local >/dev/null
}
run
set +e
python3 Tests/Container/container_test.py --base "http://127.0.0.1:$port" --container "$name" --data "$work/data"
status=$?
set -e
if [ "$status" -ne 0 ]; then docker logs "$name" 2>&1 | tail -n 30 >&2; fi
exit "$status"
