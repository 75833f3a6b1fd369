// Pure logic of chaincode_example02: argument parsing, validation and arithmetic, with the
// messages of the Node port's lib/logic.js.
package main

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// inputError is returned verbatim to the client through shim.Error.
type inputError string

func (e inputError) Error() string { return string(e) }

const maxSafeInteger = 1<<53 - 1

var invokeFunctions = []string{"invoke", "move", "query", "delete"}

var integerPattern = regexp.MustCompile(`^[+-]?\d+$`)

func quote(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

func parseInteger(text, what string) (int64, error) {
	if !integerPattern.MatchString(text) {
		return 0, inputError(fmt.Sprintf("%s must be an integer, got %s", what, quote(text)))
	}
	v, err := strconv.ParseInt(text, 10, 64)
	if err != nil || v > maxSafeInteger || v < -maxSafeInteger {
		return 0, inputError(fmt.Sprintf("%s is out of range (max magnitude %d), got %s", what, int64(maxSafeInteger), text))
	}
	return v, nil
}

func requireEntityName(name, what string) (string, error) {
	if name == "" {
		return "", inputError(what + " must be a non-empty entity name")
	}
	return name, nil
}

func requireArgCount(params []string, expected int, usage string) error {
	if len(params) != expected {
		return inputError(fmt.Sprintf("Incorrect number of arguments: expected %d, got %d. Usage: %s", expected, len(params), usage))
	}
	return nil
}

type initArgs struct {
	a, b       string
	aVal, bVal int64
}

func parseInitArgs(fcn string, params []string) (initArgs, error) {
	var r initArgs
	var err error
	if fcn != "init" {
		return r, inputError(fmt.Sprintf(`Init expects function "init" (args: init A Aval B Bval), got %s`, quote(fcn)))
	}
	if err = requireArgCount(params, 4, "init A Aval B Bval"); err != nil {
		return r, err
	}
	if r.a, err = requireEntityName(params[0], "First entity (A)"); err != nil {
		return r, err
	}
	if r.aVal, err = parseInteger(params[1], "Initial value for "+r.a); err != nil {
		return r, err
	}
	if r.b, err = requireEntityName(params[2], "Second entity (B)"); err != nil {
		return r, err
	}
	if r.bVal, err = parseInteger(params[3], "Initial value for "+r.b); err != nil {
		return r, err
	}
	if r.a == r.b {
		return r, inputError(fmt.Sprintf("Init needs two distinct entities, got %s twice", quote(r.a)))
	}
	return r, nil
}

type moveArgs struct {
	from, to string
	amount   int64
}

func parseMoveArgs(params []string) (moveArgs, error) {
	var r moveArgs
	var err error
	if err = requireArgCount(params, 3, "invoke A B X"); err != nil {
		return r, err
	}
	if r.from, err = requireEntityName(params[0], "Source entity (A)"); err != nil {
		return r, err
	}
	if r.to, err = requireEntityName(params[1], "Destination entity (B)"); err != nil {
		return r, err
	}
	if r.amount, err = parseInteger(params[2], "Amount (X)"); err != nil {
		return r, err
	}
	if r.from == r.to {
		return r, inputError(fmt.Sprintf("Cannot move from %s to itself", quote(r.from)))
	}
	return r, nil
}

func parseSingleEntityArgs(params []string, fcn string) (string, error) {
	if err := requireArgCount(params, 1, fcn+" A"); err != nil {
		return "", err
	}
	return requireEntityName(params[0], "Entity (A)")
}

// decodeValue reads a stored value; found is false for a missing key (empty bytes).
func decodeValue(bytes []byte, key string) (int64, bool, error) {
	if len(bytes) == 0 {
		return 0, false, nil
	}
	text := string(bytes)
	v, err := parseInteger(text, "Stored value of "+key)
	if err != nil {
		return 0, true, inputError(fmt.Sprintf("Stored value of %s is not an integer: %s", key, quote(text)))
	}
	return v, true, nil
}

func encodeValue(v int64) []byte { return []byte(strconv.FormatInt(v, 10)) }

func applyMove(fromVal, toVal, amount int64) (int64, int64, error) {
	newFrom, newTo := fromVal-amount, toVal+amount
	if newFrom > maxSafeInteger || newFrom < -maxSafeInteger || newTo > maxSafeInteger || newTo < -maxSafeInteger {
		return 0, 0, inputError("Move would overflow the safe integer range")
	}
	return newFrom, newTo, nil
}

func resolveInvokeFunction(fcn string) (string, error) {
	switch fcn {
	case "invoke", "move":
		return "invoke", nil
	case "query", "delete":
		return fcn, nil
	}
	return "", inputError(fmt.Sprintf("Unknown function %s; valid functions are: %s", quote(fcn), strings.Join(invokeFunctions, ", ")))
}
