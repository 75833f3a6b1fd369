// A third-party client as a user writes it: @hyperledger/fabric-gateway over @grpc/grpc-js, run as its own Node process (its ESM-only crypto dependency does not load under jest).
// Usage: node gateway-client.js <peer host:port> <tls ca pem> <msp id> <cert pem> <key pem> <channel> <chaincode> <fn> <args…>
// Submits fn(args) then evaluates query(a) and query(b); prints {"a": …, "b": …} as JSON.
'use strict';
const crypto = require('node:crypto');
const fs = require('node:fs');
const grpc = require('@grpc/grpc-js');
const { connect, hash, signers } = require('@hyperledger/fabric-gateway');

async function main() {
  const [address, tlsFile, mspId, certFile, keyFile, channel, chaincode, fn, ...args] = process.argv.slice(2);
  const client = new grpc.Client(address, grpc.credentials.createSsl(fs.readFileSync(tlsFile)));
  const gateway = connect({
    client,
    identity: { mspId, credentials: fs.readFileSync(certFile) },
    signer: signers.newPrivateKeySigner(crypto.createPrivateKey(fs.readFileSync(keyFile))),
    hash: hash.sha256,
  });
  try {
    const contract = gateway.getNetwork(channel).getContract(chaincode);
    await contract.submitTransaction(fn, ...args);
    const read = async (key) => Buffer.from(await contract.evaluateTransaction('query', key)).toString();
    process.stdout.write(`${JSON.stringify({ a: await read('a'), b: await read('b') })}\n`);
  } finally {
    gateway.close();
    client.close();
  }
}

main().catch((error) => {
  process.stderr.write(`${error && error.details ? JSON.stringify(error.details) : ''}\n${error && error.stack}\n`);
  process.exit(1);
});
