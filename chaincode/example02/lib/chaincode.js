'use strict';
/*
 * chaincode_example02 on the low-level (Fabric 1.2 style) Init/Invoke interface.
 *
 * The shim is passed in rather than required here, so the class can be loaded and
 * tested without fabric-shim installed; index.js wires in the real shim and starts it.
 */

const logic = require('./logic');

class Chaincode {
  /**
   * @param {{success: function(Buffer=): object, error: function(string): object}} shim
   *   fabric-shim (or anything with the same success/error response helpers)
   */
  constructor(shim) {
    if (!shim || typeof shim.success !== 'function' || typeof shim.error !== 'function') {
      throw new TypeError('Chaincode needs a shim with success() and error()');
    }
    this.shim = shim;
  }

  /** init A Aval B Bval */
  async Init(stub) {
    return this._respond(async () => {
      const { fcn, params } = stub.getFunctionAndParameters();
      const { a, aVal, b, bVal } = logic.parseInitArgs(fcn, params);
      await stub.putState(a, logic.encodeValue(aVal));
      await stub.putState(b, logic.encodeValue(bVal));
      return undefined;
    });
  }

  /** invoke|move A B X, query A, delete A, put A Aval */
  async Invoke(stub) {
    return this._respond(async () => {
      const { fcn, params } = stub.getFunctionAndParameters();
      switch (logic.resolveInvokeFunction(fcn)) {
        case 'invoke':
          return this._move(stub, params);
        case 'query':
          return this._query(stub, params);
        case 'delete':
          return this._delete(stub, params);
        case 'put':
          return this._put(stub, params);
        default:
          throw new Error(`unhandled function ${fcn}`);
      }
    });
  }

  async _move(stub, params) {
    const { from, to, amount } = logic.parseMoveArgs(params);
    const fromVal = await this._readExisting(stub, from);
    const toVal = await this._readExisting(stub, to);
    const result = logic.applyMove(fromVal, toVal, amount);
    await stub.putState(from, logic.encodeValue(result.fromVal));
    await stub.putState(to, logic.encodeValue(result.toVal));
    return undefined;
  }

  async _query(stub, params) {
    const key = logic.parseSingleEntityArgs(params, 'query');
    const value = await this._readExisting(stub, key);
    return logic.encodeValue(value);
  }

  async _put(stub, params) {
    const { key, value } = logic.parsePutArgs(params);
    await stub.putState(key, logic.encodeValue(value));
    return undefined;
  }

  async _delete(stub, params) {
    const key = logic.parseSingleEntityArgs(params, 'delete');
    await stub.deleteState(key);
    return undefined;
  }

  async _readExisting(stub, key) {
    const value = logic.decodeValue(await stub.getState(key), key);
    if (value === null) {
      throw new logic.ChaincodeInputError(`Entity not found: ${key}`);
    }
    return value;
  }

  /** Runs a handler and maps its outcome to a shim response; never throws. */
  async _respond(handler) {
    try {
      const payload = await handler();
      return this.shim.success(payload);
    } catch (err) {
      if (err instanceof logic.ChaincodeInputError) {
        return this.shim.error(err.message);
      }
      const message = err instanceof Error ? err.message : String(err);
      return this.shim.error(`Internal chaincode error: ${message}`);
    }
  }
}

module.exports = { Chaincode };
