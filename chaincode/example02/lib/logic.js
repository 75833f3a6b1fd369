'use strict';
/*
 * Pure logic of chaincode_example02: argument parsing, validation and arithmetic.
 * No fabric-shim import here, so it can be unit tested without the shim installed.
 *
 * Every failure is thrown as a ChaincodeInputError whose message is meant to be
 * returned verbatim to the client through shim.error().
 */

/** Function names accepted by Invoke, in the order they are listed in error messages. */
const INVOKE_FUNCTIONS = Object.freeze(['invoke', 'move', 'query', 'delete', 'put']);

/** Function name accepted by Init. */
const INIT_FUNCTION = 'init';

class ChaincodeInputError extends Error {
  constructor(message) {
    super(message);
    this.name = 'ChaincodeInputError';
  }
}

const INTEGER_PATTERN = /^[+-]?\d+$/;

/**
 * Parses a decimal integer the way Go's strconv.Atoi does for the original chaincode
 * (optional sign, digits only), but refuses values outside JavaScript's safe integer range.
 * @param {string} text
 * @param {string} what description used in the error message
 * @returns {number}
 */
function parseInteger(text, what) {
  if (typeof text !== 'string' || !INTEGER_PATTERN.test(text)) {
    throw new ChaincodeInputError(`${what} must be an integer, got ${JSON.stringify(text)}`);
  }
  const value = Number(text);
  if (!Number.isSafeInteger(value)) {
    throw new ChaincodeInputError(`${what} is out of range (max magnitude ${Number.MAX_SAFE_INTEGER}), got ${text}`);
  }
  // Normalise -0 to 0 so that it is stored as "0".
  return value === 0 ? 0 : value;
}

/**
 * @param {string} name
 * @param {string} what
 * @returns {string}
 */
function requireEntityName(name, what) {
  if (typeof name !== 'string' || name.length === 0) {
    throw new ChaincodeInputError(`${what} must be a non-empty entity name`);
  }
  return name;
}

function requireArgCount(params, expected, usage) {
  if (!Array.isArray(params) || params.length !== expected) {
    const got = Array.isArray(params) ? params.length : 0;
    throw new ChaincodeInputError(`Incorrect number of arguments: expected ${expected}, got ${got}. Usage: ${usage}`);
  }
}

/**
 * Init args: ["init", A, Aval, B, Bval].
 * @param {string} fcn
 * @param {string[]} params
 * @returns {{a: string, aVal: number, b: string, bVal: number}}
 */
function parseInitArgs(fcn, params) {
  if (fcn !== INIT_FUNCTION) {
    throw new ChaincodeInputError(
      `Init expects function "${INIT_FUNCTION}" (args: init A Aval B Bval), got ${JSON.stringify(fcn)}`,
    );
  }
  requireArgCount(params, 4, 'init A Aval B Bval');
  const a = requireEntityName(params[0], 'First entity (A)');
  const aVal = parseInteger(params[1], `Initial value for ${a}`);
  const b = requireEntityName(params[2], 'Second entity (B)');
  const bVal = parseInteger(params[3], `Initial value for ${b}`);
  if (a === b) {
    throw new ChaincodeInputError(`Init needs two distinct entities, got ${JSON.stringify(a)} twice`);
  }
  return { a, aVal, b, bVal };
}

/**
 * Move args: [A, B, X] (function "invoke" or "move").
 * @param {string[]} params
 * @returns {{from: string, to: string, amount: number}}
 */
function parseMoveArgs(params) {
  requireArgCount(params, 3, 'invoke A B X');
  const from = requireEntityName(params[0], 'Source entity (A)');
  const to = requireEntityName(params[1], 'Destination entity (B)');
  const amount = parseInteger(params[2], 'Amount (X)');
  if (from === to) {
    // The original chaincode would silently credit X to the entity in this case.
    throw new ChaincodeInputError(`Cannot move from ${JSON.stringify(from)} to itself`);
  }
  return { from, to, amount };
}

/**
 * Query and delete args: [A].
 * @param {string[]} params
 * @param {string} fcn used in the usage text
 * @returns {string}
 */
/**
 * Arguments of `put A Aval`: a write that reads nothing, so concurrent puts of different keys never
 * conflict (fabkit's throughput benchmark uses it; the original example02 functions are unchanged).
 * @param {string[]} params
 * @returns {{key: string, value: number}}
 */
function parsePutArgs(params) {
  requireArgCount(params, 2, 'put A Aval');
  return { key: requireEntityName(params[0], 'Entity (A)'), value: parseInteger(params[1], 'Aval') };
}

function parseSingleEntityArgs(params, fcn) {
  requireArgCount(params, 1, `${fcn} A`);
  return requireEntityName(params[0], 'Entity (A)');
}

/**
 * Decodes a value read from the world state. Returns null for a missing key
 * (the shim returns an empty buffer for that).
 * @param {Uint8Array|null|undefined} bytes
 * @param {string} key
 * @returns {number|null}
 */
function decodeValue(bytes, key) {
  if (bytes === null || bytes === undefined || bytes.length === 0) {
    return null;
  }
  const text = Buffer.from(bytes).toString('utf8');
  try {
    return parseInteger(text, `Stored value of ${key}`);
  } catch {
    throw new ChaincodeInputError(`Stored value of ${key} is not an integer: ${JSON.stringify(text)}`);
  }
}

/**
 * @param {number} value
 * @returns {Buffer}
 */
function encodeValue(value) {
  return Buffer.from(String(value), 'utf8');
}

/**
 * Moves amount from one balance to another. Negative balances and negative amounts are
 * allowed, as in the original chaincode_example02.
 * @param {number} fromVal
 * @param {number} toVal
 * @param {number} amount
 * @returns {{fromVal: number, toVal: number}}
 */
function applyMove(fromVal, toVal, amount) {
  const newFrom = fromVal - amount;
  const newTo = toVal + amount;
  if (!Number.isSafeInteger(newFrom) || !Number.isSafeInteger(newTo)) {
    throw new ChaincodeInputError('Move would overflow the safe integer range');
  }
  return { fromVal: newFrom === 0 ? 0 : newFrom, toVal: newTo === 0 ? 0 : newTo };
}

/**
 * Canonical name of an Invoke function, or throws naming the valid ones.
 * "move" is an alias of "invoke".
 * @param {string} fcn
 * @returns {'invoke'|'query'|'delete'}
 */
function resolveInvokeFunction(fcn) {
  switch (fcn) {
    case 'invoke':
    case 'move':
      return 'invoke';
    case 'query':
      return 'query';
    case 'delete':
      return 'delete';
    case 'put':
      return 'put';
    default:
      throw new ChaincodeInputError(
        `Unknown function ${JSON.stringify(fcn)}; valid functions are: ${INVOKE_FUNCTIONS.join(', ')}`,
      );
  }
}

module.exports = {
  INIT_FUNCTION,
  INVOKE_FUNCTIONS,
  ChaincodeInputError,
  parseInteger,
  parseInitArgs,
  parseMoveArgs,
  parseSingleEntityArgs,
  parsePutArgs,
  decodeValue,
  encodeValue,
  applyMove,
  resolveInvokeFunction,
};
