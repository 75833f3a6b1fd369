// chaincode_example02 in Go: the tutorial's chaincode (Init/Invoke on the low-level shim), with
// the same functions, arguments and results as the Node port in chaincode/example02.
package main

import (
	"fmt"
	"os"

	"github.com/hyperledger/fabric-chaincode-go/shim"
	pb "github.com/hyperledger/fabric-protos-go/peer"
)

// SimpleChaincode implements shim.Chaincode.
type SimpleChaincode struct{}

// Init: init A Aval B Bval.
func (t *SimpleChaincode) Init(stub shim.ChaincodeStubInterface) pb.Response {
	return respond(func() ([]byte, error) {
		fcn, params := stub.GetFunctionAndParameters()
		args, err := parseInitArgs(fcn, params)
		if err != nil {
			return nil, err
		}
		if err := stub.PutState(args.a, encodeValue(args.aVal)); err != nil {
			return nil, err
		}
		return nil, stub.PutState(args.b, encodeValue(args.bVal))
	})
}

// Invoke: invoke|move A B X, query A, delete A.
func (t *SimpleChaincode) Invoke(stub shim.ChaincodeStubInterface) pb.Response {
	return respond(func() ([]byte, error) {
		fcn, params := stub.GetFunctionAndParameters()
		name, err := resolveInvokeFunction(fcn)
		if err != nil {
			return nil, err
		}
		switch name {
		case "invoke":
			return nil, move(stub, params)
		case "query":
			key, err := parseSingleEntityArgs(params, "query")
			if err != nil {
				return nil, err
			}
			v, err := readExisting(stub, key)
			if err != nil {
				return nil, err
			}
			return encodeValue(v), nil
		default:
			key, err := parseSingleEntityArgs(params, "delete")
			if err != nil {
				return nil, err
			}
			return nil, stub.DelState(key)
		}
	})
}

func move(stub shim.ChaincodeStubInterface, params []string) error {
	m, err := parseMoveArgs(params)
	if err != nil {
		return err
	}
	fromVal, err := readExisting(stub, m.from)
	if err != nil {
		return err
	}
	toVal, err := readExisting(stub, m.to)
	if err != nil {
		return err
	}
	newFrom, newTo, err := applyMove(fromVal, toVal, m.amount)
	if err != nil {
		return err
	}
	if err := stub.PutState(m.from, encodeValue(newFrom)); err != nil {
		return err
	}
	return stub.PutState(m.to, encodeValue(newTo))
}

func readExisting(stub shim.ChaincodeStubInterface, key string) (int64, error) {
	bytes, err := stub.GetState(key)
	if err != nil {
		return 0, err
	}
	v, found, err := decodeValue(bytes, key)
	if err != nil {
		return 0, err
	}
	if !found {
		return 0, inputError(fmt.Sprintf("Entity not found: %s", key))
	}
	return v, nil
}

// respond maps a handler's outcome to a shim response, as the Node port's _respond does.
func respond(handler func() ([]byte, error)) pb.Response {
	payload, err := handler()
	if err == nil {
		return shim.Success(payload)
	}
	if ie, ok := err.(inputError); ok {
		return shim.Error(string(ie))
	}
	return shim.Error("Internal chaincode error: " + err.Error())
}

func main() {
	if err := shim.Start(new(SimpleChaincode)); err != nil {
		fmt.Fprintf(os.Stderr, "Error starting chaincode_example02: %s\n", err)
		os.Exit(1)
	}
}
