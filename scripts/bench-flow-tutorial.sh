#!/usr/bin/env bash
# The AMB tutorial's steps 4-7 for two members, as a user would script them with the Go binaries
# (fabric-ca-client, configtxgen, peer): run by scripts/bench-flow.js (flow A), which passes every input
# in the environment: WORK (env1.sh/env2.sh from `fabkit devnet env`, configtx.yaml), TLS_CHAIN, ORDERER,
# CA1_URL/CA2_URL (the admin password inside, never in argv), MSP1/MSP2, PEER1/PEER2, CH, CC, CC_NAME, POLICY, INIT.
set -euo pipefail
cd "$WORK"
as1() { ( . "$WORK/env1.sh"; export FABRIC_CA_CLIENT_HOME="$WORK/ca1"; "$@" ); }
as2() { ( . "$WORK/env2.sh"; export FABRIC_CA_CLIENT_HOME="$WORK/ca2"; "$@" ); }
# Retries a command every 0.25 s until it succeeds (at most 240 tries); no fixed wait anywhere.
poll() { local n=0; until "$@" >"$WORK/poll.out" 2>&1; do n=$((n+1)); [ $n -lt 240 ] || { cat "$WORK/poll.out" >&2; return 1; }; sleep 0.25; done; }
TLS=(--tls --cafile "$TLS_CHAIN")
PEERS=(--peerAddresses "$PEER1" --tlsRootCertFiles "$TLS_CHAIN" --peerAddresses "$PEER2" --tlsRootCertFiles "$TLS_CHAIN")
# step 4: enroll both admins (the password rides in FABRIC_CA_CLIENT_URL, not argv), admincerts
FABRIC_CA_CLIENT_URL="$CA1_URL" as1 fabric-ca-client enroll --tls.certfiles "$TLS_CHAIN" -M "$MSP1" >/dev/null 2>&1
FABRIC_CA_CLIENT_URL="$CA2_URL" as2 fabric-ca-client enroll --tls.certfiles "$TLS_CHAIN" -M "$MSP2" >/dev/null 2>&1
mkdir -p "$MSP1/admincerts" "$MSP2/admincerts"
cp "$MSP1/signcerts/cert.pem" "$MSP1/admincerts/cert.pem"
cp "$MSP2/signcerts/cert.pem" "$MSP2/admincerts/cert.pem"
# step 6: channel tx, create (retried until the orderer recognizes the new admin), join both peers
as1 env FABRIC_CFG_PATH="$WORK" configtxgen -outputCreateChannelTx ch.tx -profile Channel -channelID "$CH" >/dev/null 2>&1
poll as1 peer channel create -c "$CH" -f ch.tx --outputBlock ch.block -o "$ORDERER" "${TLS[@]}"
poll as1 peer channel join -b ch.block
poll as2 peer channel fetch 0 ch2.block -c "$CH" -o "$ORDERER" "${TLS[@]}"
poll as2 peer channel join -b ch2.block
# step 7 (2.x lifecycle): package once, install on both peers, approve for both members, commit, init
as1 peer lifecycle chaincode package cc.tgz --path "$CC" --lang golang --label "$CC_NAME"_1 >/dev/null 2>&1
as1 peer lifecycle chaincode install cc.tgz >/dev/null 2>&1
as2 peer lifecycle chaincode install cc.tgz >/dev/null 2>&1
PKG=$(as1 peer lifecycle chaincode calculatepackageid cc.tgz 2>/dev/null)
DEF=(-C "$CH" -n "$CC_NAME" -v 1 --sequence 1 --init-required --signature-policy "$POLICY")
as1 peer lifecycle chaincode approveformyorg -o "$ORDERER" "${TLS[@]}" "${DEF[@]}" --package-id "$PKG" >/dev/null 2>&1
as2 peer lifecycle chaincode approveformyorg -o "$ORDERER" "${TLS[@]}" "${DEF[@]}" --package-id "$PKG" >/dev/null 2>&1
poll as1 peer lifecycle chaincode commit -o "$ORDERER" "${TLS[@]}" "${DEF[@]}" "${PEERS[@]}"
poll as1 peer chaincode invoke -o "$ORDERER" "${TLS[@]}" -C "$CH" -n "$CC_NAME" "${PEERS[@]}" --isInit -c "$INIT" --waitForEvent
# invoke a -> b 10, then query a on both members
poll as1 peer chaincode invoke -o "$ORDERER" "${TLS[@]}" -C "$CH" -n "$CC_NAME" "${PEERS[@]}" -c '{"Args":["invoke","a","b","10"]}' --waitForEvent
q1() { [ "$(as1 peer chaincode query -C "$CH" -n "$CC_NAME" -c '{"Args":["query","a"]}' 2>/dev/null)" = 90 ]; }
q2() { [ "$(as2 peer chaincode query -C "$CH" -n "$CC_NAME" -c '{"Args":["query","a"]}' 2>/dev/null)" = 90 ]; }
poll q1
poll q2
