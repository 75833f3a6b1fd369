#!/usr/bin/env bash
# A real Docker engine for fabkit's docker runtime and its tests, without touching an existing one.
#
#   scripts/docker-engine.sh up            print the DOCKER_HOST to use (the only line on stdout)
#   scripts/docker-engine.sh down [--purge] stop the private dockerd this script started (--purge: and delete its data)
#   scripts/docker-engine.sh status        say which engine answers; exit 0 when one does
#
#   export DOCKER_HOST="$(scripts/docker-engine.sh up)"
#
# `up` uses, in this order: the engine DOCKER_HOST names; /var/run/docker.sock; the private dockerd
# this script started before. Otherwise, as root with apt, it installs Debian's docker.io package
# (the engine, containerd and runc; nothing starts by itself) and starts a private dockerd whose
# data root, exec root, pid file, socket and log all live in one directory it owns:
# $FABKIT_DOCKER_DIR (default ~/.cache/fabkit/docker-engine). That dockerd uses the vfs storage
# driver, makes no iptables rules and no docker0 bridge: containers get only the `host` and `none`
# networks. Where no engine can be had, `up` says why and exits 1. Progress goes to stderr.
# Waits poll a real condition with a bound; there is no fixed sleep.
set -euo pipefail

DIR="${FABKIT_DOCKER_DIR:-${XDG_CACHE_HOME:-${HOME}/.cache}/fabkit/docker-engine}"
SOCK="${DIR}/docker.sock"
PIDFILE="${DIR}/dockerd.pid"
LOG="${DIR}/dockerd.log"
PRIVATE_HOST="unix://${SOCK}"
SYSTEM_SOCK=/var/run/docker.sock
START_TIMEOUT_S="${FABKIT_DOCKER_START_TIMEOUT:-60}"
STOP_TIMEOUT_S="${FABKIT_DOCKER_STOP_TIMEOUT:-30}"

say() { echo "docker-engine: $*" >&2; }
die() { say "$*"; exit 1; }

# ------------------------------------------------------------------ probes

# True when the engine at a DOCKER_HOST value answers /_ping (curl for unix:// and plain tcp://,
# the docker client for anything else, e.g. TLS or ssh://).
answers() {
  local host="$1"
  if [[ "${host}" == unix://* ]] && command -v curl >/dev/null 2>&1; then
    [[ -S "${host#unix://}" ]] || return 1
    [[ "$(curl --silent --max-time 3 --unix-socket "${host#unix://}" http://localhost/_ping 2>/dev/null)" == OK ]]
  elif [[ "${host}" == tcp://* && -z "${DOCKER_TLS_VERIFY:-}" ]] && command -v curl >/dev/null 2>&1; then
    [[ "$(curl --silent --max-time 3 "http://${host#tcp://}/_ping" 2>/dev/null)" == OK ]]
  else
    command -v docker >/dev/null 2>&1 || return 1
    DOCKER_HOST="${host}" docker version --format '{{.Server.Version}}' >/dev/null 2>&1
  fi
}

# The engine's version and API version, e.g. "20.10.24 (API 1.41)", from /version.
engine_version() {
  local host="$1" json=""
  if [[ "${host}" == unix://* ]] && command -v curl >/dev/null 2>&1; then
    json="$(curl --silent --max-time 3 --unix-socket "${host#unix://}" http://localhost/version 2>/dev/null || true)"
  elif [[ "${host}" == tcp://* && -z "${DOCKER_TLS_VERIFY:-}" ]] && command -v curl >/dev/null 2>&1; then
    json="$(curl --silent --max-time 3 "http://${host#tcp://}/version" 2>/dev/null || true)"
  fi
  local version api
  version="$(sed -n 's/.*"Version":"\([^"]*\)".*"ApiVersion".*/\1/p' <<<"${json}" | head -n 1)"
  api="$(sed -n 's/.*"ApiVersion":"\([^"]*\)".*/\1/p' <<<"${json}" | head -n 1)"
  [[ -n "${version}" ]] && echo "${version} (API ${api:-?})" || echo "unknown version"
}

# Checks that the docker client on PATH (if any) talks to the engine: a newer client negotiates the
# API version down, but DOCKER_API_VERSION pins it, and a pin newer than the engine is refused.
check_client() {
  local host="$1"
  command -v docker >/dev/null 2>&1 || { say "note: no docker client on PATH (fabkit needs none; it talks to the API)"; return 0; }
  local out
  if out="$(DOCKER_HOST="${host}" docker version --format '{{.Client.Version}} -> {{.Server.Version}} (API {{.Server.APIVersion}})' 2>&1)"; then
    say "docker client on PATH: ${out}"
  else
    say "warning: the docker client on PATH ($(command -v docker)) cannot talk to the engine: ${out//$'\n'/ }"
    [[ -n "${DOCKER_API_VERSION:-}" ]] && say "hint: DOCKER_API_VERSION=${DOCKER_API_VERSION} pins the client's API version; unset it, or set it to the engine's (see: status)"
  fi
  return 0
}

# The pid in our pid file, if that process is the dockerd this script started (its command line
# names our pid file); empty otherwise.
our_pid() {
  [[ -f "${PIDFILE}" ]] || return 0
  local pid
  pid="$(tr -dc '0-9' <"${PIDFILE}")"
  [[ -n "${pid}" && -r "/proc/${pid}/cmdline" ]] || return 0
  local exe cmdline
  exe="$(readlink "/proc/${pid}/exe" 2>/dev/null || true)"
  cmdline="$(tr '\0' ' ' <"/proc/${pid}/cmdline" 2>/dev/null || true)"
  [[ "$(basename "${exe% (deleted)}")" == dockerd && " ${cmdline} " == *" --pidfile ${PIDFILE} "* ]] || return 0
  echo "${pid}"
}

# ------------------------------------------------------------------ install and start

install_engine() {
  command -v dockerd >/dev/null 2>&1 && return 0
  [[ -x /usr/sbin/dockerd ]] && { PATH="${PATH}:/usr/sbin"; return 0; }
  [[ "$(id -u)" == 0 ]] || die "no Docker engine answers and dockerd is not installed; as a non-root user this script cannot install one. Install Docker (e.g. sudo apt-get install docker.io) and start it, or set DOCKER_HOST to a running engine."
  command -v apt-get >/dev/null 2>&1 || die "no Docker engine answers, dockerd is not installed, and there is no apt-get to install Debian's docker.io here. Install Docker and start it, or set DOCKER_HOST to a running engine."
  export DEBIAN_FRONTEND=noninteractive
  local apt=(apt-get -o DPkg::Lock::Timeout=300 -q)
  # (grep reads all of a captured text: a pipe into grep -q could fail on SIGPIPE under pipefail)
  if ! grep -q 'Candidate: [0-9]' <<<"$(apt-cache policy docker.io 2>/dev/null)"; then
    say "apt has no docker.io candidate yet: running apt-get update"
    "${apt[@]}" update >&2 || die "apt-get update failed (see above)"
  fi
  grep -q 'Candidate: [0-9]' <<<"$(apt-cache policy docker.io 2>/dev/null)" || die "apt offers no docker.io package here (is this Debian or Ubuntu?); install Docker by hand"
  say "installing Debian's docker.io package (dockerd, containerd, runc; no service is started)"
  local started=${SECONDS}
  "${apt[@]}" install -y --no-install-recommends docker.io >&2 || die "apt-get install docker.io failed (see above)"
  say "docker.io installed in $((SECONDS - started))s"
  command -v dockerd >/dev/null 2>&1 || PATH="${PATH}:/usr/sbin"
  command -v dockerd >/dev/null 2>&1 || die "docker.io is installed but dockerd is not on PATH"
}

start_private() {
  [[ "$(id -u)" == 0 ]] || die "no Docker engine answers; starting a private dockerd needs root (this script does not set up rootless Docker). Start Docker, or set DOCKER_HOST to a running engine."
  install_engine
  mkdir -p "${DIR}/data" "${DIR}/exec"
  chmod 700 "${DIR}"
  # Unix socket paths are limited to 107 bytes; containerd's lives deepest, under the exec root.
  (( ${#DIR} <= 60 )) || die "FABKIT_DOCKER_DIR=${DIR} is too long for the engine's unix sockets (at most 60 characters)"
  [[ -f "${DIR}/daemon.json" ]] || echo '{}' >"${DIR}/daemon.json"
  rm -f "${SOCK}" "${PIDFILE}"
  say "starting a private dockerd ($(dockerd --version 2>/dev/null || echo dockerd)) in ${DIR}"
  local started_ms
  started_ms="$(date +%s%3N)"
  # Our own config file, so that an /etc/docker/daemon.json written for another engine does not apply.
  setsid dockerd \
    --config-file "${DIR}/daemon.json" \
    --data-root "${DIR}/data" \
    --exec-root "${DIR}/exec" \
    --pidfile "${PIDFILE}" \
    --host "${PRIVATE_HOST}" \
    --storage-driver vfs \
    --iptables=false --ip6tables=false --bridge=none \
    >"${LOG}" 2>&1 </dev/null &
  local pid=$!
  local deadline=$((SECONDS + START_TIMEOUT_S))
  until answers "${PRIVATE_HOST}"; do
    if ! kill -0 "${pid}" 2>/dev/null; then
      say "dockerd exited before answering; the end of its log (${LOG}):"
      tail -n 20 "${LOG}" >&2 || true
      rm -f "${PIDFILE}" "${SOCK}"
      exit 1
    fi
    if (( SECONDS >= deadline )); then
      kill "${pid}" 2>/dev/null || true
      die "dockerd did not answer on ${PRIVATE_HOST} within ${START_TIMEOUT_S}s (log: ${LOG})"
    fi
    # waits on the process (returns at once if it exits), bounded: the loop's pace
    timeout 0.1 tail --pid="${pid}" -f /dev/null 2>/dev/null || true
  done
  say "private dockerd answers after $(( $(date +%s%3N) - started_ms )) ms: $(engine_version "${PRIVATE_HOST}"), pid ${pid}, log ${LOG}"
}

# ------------------------------------------------------------------ commands

cmd_up() {
  if [[ -n "${DOCKER_HOST:-}" && "${DOCKER_HOST}" != "${PRIVATE_HOST}" ]]; then
    answers "${DOCKER_HOST}" || die "DOCKER_HOST=${DOCKER_HOST} does not answer. Start that engine, or unset DOCKER_HOST to let this script use ${SYSTEM_SOCK} or a private dockerd."
    say "using the engine at DOCKER_HOST=${DOCKER_HOST}: $(engine_version "${DOCKER_HOST}")"
    check_client "${DOCKER_HOST}"
    echo "${DOCKER_HOST}"
    return 0
  fi
  if [[ -z "${DOCKER_HOST:-}" ]] && answers "unix://${SYSTEM_SOCK}"; then
    say "using the engine at ${SYSTEM_SOCK}: $(engine_version "unix://${SYSTEM_SOCK}")"
    check_client "unix://${SYSTEM_SOCK}"
    echo "unix://${SYSTEM_SOCK}"
    return 0
  fi
  if [[ -z "${DOCKER_HOST:-}" && -S "${SYSTEM_SOCK}" && ! -w "${SYSTEM_SOCK}" ]]; then
    die "${SYSTEM_SOCK} exists but this user may not use it: add the user to the docker group (sudo usermod -aG docker \$USER, then log in again)"
  fi
  local pid
  pid="$(our_pid)"
  if [[ -n "${pid}" ]] && answers "${PRIVATE_HOST}"; then
    say "the private dockerd started earlier answers (pid ${pid}): $(engine_version "${PRIVATE_HOST}")"
  else
    [[ -n "${pid}" ]] && die "the private dockerd (pid ${pid}) runs but does not answer on ${SOCK}; stop it with: $0 down"
    start_private
  fi
  check_client "${PRIVATE_HOST}"
  echo "${PRIVATE_HOST}"
}

# dockerd leaves its default network namespace mounted at <exec root>/netns/default when it stops;
# that mount keeps the namespace alive and makes the directory undeletable. Only mounts under our
# own directory are touched, deepest first, and only once our dockerd is gone.
unmount_leftovers() {
  [[ -r /proc/mounts ]] || return 0
  local mounts m
  mounts="$(awk -v d="${DIR}/" 'index($2, d) == 1 { print $2 }' /proc/mounts | sort -r)"
  for m in ${mounts}; do
    umount "${m}" 2>/dev/null || umount -l "${m}" 2>/dev/null || say "could not unmount ${m}"
  done
}

cmd_down() {
  local purge=false
  [[ "${1:-}" == --purge ]] && purge=true
  [[ -z "${1:-}" || "${1}" == --purge ]] || die "usage: docker-engine.sh down [--purge]"
  local pid
  pid="$(our_pid)"
  if [[ -z "${pid}" ]]; then
    if [[ -f "${PIDFILE}" ]]; then
      say "the pid file ${PIDFILE} names no running dockerd of ours; removing it"
      rm -f "${PIDFILE}" "${SOCK}"
    else
      say "no private dockerd started by this script in ${DIR}; nothing to stop"
    fi
  else
    say "stopping the private dockerd (pid ${pid})"
    kill -TERM "${pid}"
    # dockerd stops its containers and its containerd first; wait for it, bounded
    if ! timeout "${STOP_TIMEOUT_S}" tail --pid="${pid}" -f /dev/null 2>/dev/null; then
      say "dockerd (pid ${pid}) did not stop within ${STOP_TIMEOUT_S}s; killing it"
      kill -KILL "${pid}" 2>/dev/null || true
      timeout 5 tail --pid="${pid}" -f /dev/null 2>/dev/null || true
    fi
    rm -f "${PIDFILE}" "${SOCK}"
    say "stopped"
  fi
  [[ -z "$(our_pid)" ]] && unmount_leftovers
  if ${purge} && [[ -d "${DIR}" ]]; then
    say "deleting ${DIR} (its images and containers)"
    rm -rf "${DIR}"
  fi
}

cmd_status() {
  local any=1 pid
  if [[ -n "${DOCKER_HOST:-}" ]]; then
    if answers "${DOCKER_HOST}"; then
      echo "DOCKER_HOST=${DOCKER_HOST}: answers, $(engine_version "${DOCKER_HOST}")"
      any=0
    else echo "DOCKER_HOST=${DOCKER_HOST}: does not answer"; fi
  fi
  if answers "unix://${SYSTEM_SOCK}"; then
    echo "${SYSTEM_SOCK}: answers, $(engine_version "unix://${SYSTEM_SOCK}")"
    any=0
  else echo "${SYSTEM_SOCK}: no engine"; fi
  pid="$(our_pid)"
  if [[ -n "${pid}" ]]; then
    if answers "${PRIVATE_HOST}"; then
      echo "private dockerd: running (pid ${pid}), answers on ${PRIVATE_HOST}, $(engine_version "${PRIVATE_HOST}")"
      any=0
    else echo "private dockerd: running (pid ${pid}) but not answering on ${PRIVATE_HOST}"; fi
  else
    echo "private dockerd: not running (directory ${DIR})"
  fi
  echo "dockerd installed: $(command -v dockerd || { [[ -x /usr/sbin/dockerd ]] && echo /usr/sbin/dockerd; } || echo no)"
  return "${any}"
}

case "${1:-}" in
  up) cmd_up ;;
  down) shift; cmd_down "$@" ;;
  status) cmd_status ;;
  *) die "usage: docker-engine.sh up | down [--purge] | status" ;;
esac
