'use strict';
/*
 * Entry point (package.json "main"): starts chaincode_example02 with the real fabric-shim.
 * The chaincode logic lives in lib/; see lib/chaincode.js.
 */
const shim = require('fabric-shim');
const { Chaincode } = require('./lib/chaincode');

shim.start(new Chaincode(shim));
