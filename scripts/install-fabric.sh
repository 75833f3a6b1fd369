#!/usr/bin/env bash
# Builds the devnet's Fabric binaries from source with `go install`, at pinned versions,
# into a cache directory. Skips the work when the right versions are already there.
#
#   scripts/install-fabric.sh            # prints the bin directory on the last line of stdout
#   FABKIT_CACHE=/some/dir scripts/install-fabric.sh
#
# Pins live in scripts/fabric-tools/{fabric,fabric-ca}/go.mod (+ go.sum), one tool module per
# product, so that every dependency is the version that product's own go.mod asks for.
set -euo pipefail

FABRIC_VERSION=2.5.9
FABRIC_COMMIT=7c3876255bf0
CA_VERSION=1.5.21
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cache="${FABKIT_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/fabkit}"
root="$cache/fabric-$FABRIC_VERSION-ca-$CA_VERSION"
bin="$root/bin"
# Fabric's stock core.yaml and orderer.yaml, which the devnet patches per node.
sampleconfig="$root/config"

log() { echo "install-fabric: $*" >&2; }

have_all() {
  [[ -x "$bin/peer" && -x "$bin/orderer" && -x "$bin/configtxgen" && -x "$bin/configtxlator" \
     && -x "$bin/osnadmin" && -x "$bin/cryptogen" && -x "$bin/fabric-ca-server" && -x "$bin/fabric-ca-client" ]] || return 1
  "$bin/peer" version 2>/dev/null | grep -q "Version: $FABRIC_VERSION\$" || return 1
  "$bin/fabric-ca-server" version 2>/dev/null | grep -q "Version: $CA_VERSION\$" || return 1
  [[ -f "$sampleconfig/core.yaml" && -f "$sampleconfig/orderer.yaml" ]] || return 1
}

if have_all; then
  log "Fabric $FABRIC_VERSION and fabric-ca $CA_VERSION already in $bin"
  echo "$bin"
  exit 0
fi

if ! command -v go >/dev/null 2>&1; then
  log "error: Go is not installed, and the devnet's Fabric binaries are built from source."
  log "hint: install Go 1.22 or newer (https://go.dev/doc/install, or Debian's golang-go package), then run this again."
  exit 3
fi
if ! command -v gcc >/dev/null 2>&1; then
  log "error: gcc is missing; fabric-ca-server needs cgo for its sqlite driver."
  log "hint: apt-get install -y gcc libc6-dev"
  exit 3
fi

mkdir -p "$bin"
start=$(date +%s)
M=github.com/hyperledger/fabric
log "building Fabric $FABRIC_VERSION (peer orderer configtxgen configtxlator osnadmin cryptogen); cold builds take minutes"
( cd "$here/fabric-tools/fabric" && GOBIN="$bin" CGO_ENABLED=0 GOFLAGS=-mod=mod go install -trimpath \
    -ldflags "-X $M/common/metadata.Version=$FABRIC_VERSION -X $M/common/metadata.CommitSHA=$FABRIC_COMMIT" tool )
log "building fabric-ca-server $CA_VERSION (cgo, for sqlite)"
( cd "$here/fabric-tools/fabric-ca" && GOBIN="$bin" CGO_ENABLED=1 GOFLAGS=-mod=mod go install -trimpath \
    github.com/hyperledger/fabric-ca/cmd/fabric-ca-server )
log "building fabric-ca-client $CA_VERSION"
( cd "$here/fabric-tools/fabric-ca" && GOBIN="$bin" CGO_ENABLED=0 GOFLAGS=-mod=mod go install -trimpath -tags caclient \
    github.com/hyperledger/fabric-ca/cmd/fabric-ca-client )

src="$(cd "$here/fabric-tools/fabric" && GOFLAGS=-mod=mod go list -m -f '{{.Dir}}' github.com/hyperledger/fabric)"
mkdir -p "$sampleconfig"
cp "$src/sampleconfig/core.yaml" "$src/sampleconfig/orderer.yaml" "$src/sampleconfig/configtx.yaml" "$sampleconfig/"
chmod 0644 "$sampleconfig"/*.yaml

if ! have_all; then
  log "error: the build finished but the binaries in $bin do not report the expected versions"
  exit 1
fi
log "built in $(( $(date +%s) - start ))s into $bin"
echo "$bin"
