#!/usr/bin/env bash
# Installs what Berth and its tests need on a fresh Debian 12 machine, and starts the Docker
# Engine where none answers. Safe to run again: it skips what is already there.
#   - docker.io      the Docker Engine that runs tasks (started with dockerd)
#   - awscli         Debian's aws CLI v2 (/usr/bin/aws), which the conformance tests drive
#   - busybox-static the root file system of the small images tests build (no registry here)
set -euo pipefail

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

need=()
[ -x /usr/sbin/dockerd ] || need+=(docker.io)
[ -x /usr/bin/aws ] || need+=(awscli)
[ -x /bin/busybox ] || need+=(busybox-static)
if [ ${#need[@]} -gt 0 ]; then
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "${need[@]}" >/dev/null
fi

if ! docker version >/dev/null 2>&1; then
  echo "setup-host: starting dockerd"
  as_root sh -c 'nohup dockerd >/var/log/dockerd.log 2>&1 &'
  for _ in $(seq 1 60); do docker version >/dev/null 2>&1 && break; sleep 1; done
  docker version >/dev/null 2>&1 || { echo "setup-host: dockerd did not start; see /var/log/dockerd.log" >&2; exit 1; }
fi
echo "setup-host: docker $(docker version --format '{{.Server.Version}}'), $(/usr/bin/aws --version 2>&1 | cut -d' ' -f1)"
