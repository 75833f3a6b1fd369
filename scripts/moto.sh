#!/usr/bin/env bash
# moto's server mode: a third-party implementation of the Amazon Managed Blockchain (and S3)
# API that the AMB integration tests run against.
#
#   scripts/moto.sh install                  create the venv and pip install the pinned moto[server]
#   scripts/moto.sh start <port> <pidfile>   start moto_server on 127.0.0.1:<port>, wait until it answers
#   scripts/moto.sh stop <pidfile>           stop the server started with that pidfile
#
# The venv lives in $FABKIT_MOTO_VENV (default ~/.cache/fabkit/moto-venv). Waits poll a real
# condition with a bound; there is no fixed sleep.
set -euo pipefail

MOTO_VERSION="5.2.5"
VENV="${FABKIT_MOTO_VENV:-${HOME}/.cache/fabkit/moto-venv}"
START_TIMEOUT_S="${FABKIT_MOTO_START_TIMEOUT:-60}"

die() { echo "moto.sh: $*" >&2; exit 1; }

need_python() {
  command -v python3 >/dev/null 2>&1 || die "python3 is not installed; it is needed to run moto (install it, e.g. apt-get install python3 python3-venv)"
  python3 -c 'import venv, ensurepip' 2>/dev/null || die "python3 has no working venv/ensurepip module (on Debian: apt-get install python3-venv)"
}

installed_version() {
  [[ -x "${VENV}/bin/python" ]] || return 0
  "${VENV}/bin/python" - <<'EOF' 2>/dev/null || true
import importlib.metadata as m
try:
    import flask, flask_cors  # the [server] extra
    print(m.version("moto"))
except Exception:
    pass
EOF
}

cmd_install() {
  need_python
  local have
  have="$(installed_version)"
  if [[ "${have}" == "${MOTO_VERSION}" && -x "${VENV}/bin/moto_server" ]]; then
    echo "moto.sh: moto[server]==${MOTO_VERSION} already installed in ${VENV}" >&2
    return 0
  fi
  echo "moto.sh: installing moto[server]==${MOTO_VERSION} into ${VENV}" >&2
  mkdir -p "$(dirname "${VENV}")"
  [[ -x "${VENV}/bin/python" ]] || python3 -m venv "${VENV}" || die "python3 -m venv ${VENV} failed"
  "${VENV}/bin/python" -m pip install --quiet --disable-pip-version-check "moto[server]==${MOTO_VERSION}" \
    || die "pip install moto[server]==${MOTO_VERSION} failed (see the pip output above)"
  [[ -x "${VENV}/bin/moto_server" ]] || die "moto_server is missing from ${VENV}/bin after the install"
}

answers() {
  curl --silent --output /dev/null --max-time 2 "http://127.0.0.1:$1/moto-api/" 2>/dev/null
}

cmd_start() {
  local port="${1:-}" pidfile="${2:-}"
  [[ "${port}" =~ ^[0-9]+$ && -n "${pidfile}" ]] || die "usage: moto.sh start <port> <pidfile>"
  [[ -x "${VENV}/bin/moto_server" ]] || die "moto is not installed in ${VENV}: run scripts/moto.sh install"
  command -v curl >/dev/null 2>&1 || die "curl is needed to check that moto_server answers"
  if answers "${port}"; then die "something already answers on 127.0.0.1:${port}; choose another port"; fi
  local log="${pidfile%.pid}.log"
  [[ "${log}" != "${pidfile}" ]] || log="${pidfile}.log"
  setsid "${VENV}/bin/moto_server" -H 127.0.0.1 -p "${port}" >"${log}" 2>&1 < /dev/null &
  local pid=$!
  echo "${pid}" >"${pidfile}"
  local deadline=$((SECONDS + START_TIMEOUT_S))
  until answers "${port}"; do
    if ! kill -0 "${pid}" 2>/dev/null; then
      echo "moto.sh: moto_server exited before answering; its log (${log}):" >&2
      tail -n 20 "${log}" >&2 || true
      rm -f "${pidfile}"
      exit 1
    fi
    if (( SECONDS >= deadline )); then
      kill "${pid}" 2>/dev/null || true
      rm -f "${pidfile}"
      die "moto_server did not answer on 127.0.0.1:${port} within ${START_TIMEOUT_S}s (log: ${log})"
    fi
    # curl's own connect attempt paces the loop; wait on the process briefly instead of sleeping blind
    timeout 0.2 tail --pid="${pid}" -f /dev/null 2>/dev/null || true
  done
  echo "moto.sh: moto_server ${MOTO_VERSION} answering on http://127.0.0.1:${port} (pid ${pid}, log ${log})" >&2
}

cmd_stop() {
  local pidfile="${1:-}"
  [[ -n "${pidfile}" ]] || die "usage: moto.sh stop <pidfile>"
  [[ -f "${pidfile}" ]] || { echo "moto.sh: no pidfile ${pidfile}; nothing to stop" >&2; return 0; }
  local pid
  pid="$(cat "${pidfile}")"
  [[ "${pid}" =~ ^[0-9]+$ ]] || die "pidfile ${pidfile} does not hold a process ID"
  if kill -0 "${pid}" 2>/dev/null; then
    kill "${pid}" 2>/dev/null || true
    # wait (bounded) for the process to go away
    timeout 10 tail --pid="${pid}" -f /dev/null 2>/dev/null || kill -9 "${pid}" 2>/dev/null || true
  fi
  rm -f "${pidfile}"
  echo "moto.sh: stopped moto_server (pid ${pid})" >&2
}

case "${1:-}" in
  install) cmd_install ;;
  start) shift; cmd_start "$@" ;;
  stop) shift; cmd_stop "$@" ;;
  version) echo "${MOTO_VERSION}" ;;
  *) die "usage: moto.sh install | start <port> <pidfile> | stop <pidfile> | version" ;;
esac
