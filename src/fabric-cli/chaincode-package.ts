/**
 * Pure builders of chaincode package bytes, for packages that carry their dependencies: the
 * peer CLI's Node packager drops every `node_modules` folder, so fabkit writes the packages
 * itself. A 1.x package is a ChaincodeDeploymentSpec (protobuf, for `peer chaincode install
 * <file>`); a 2.x package is a tar.gz holding metadata.json and code.tar.gz.
 */

/** The chaincode languages fabkit packages, by the name the peer CLI's `-l/--lang` takes. */
export type ChaincodeLanguage = 'node' | 'golang';

/** ChaincodeSpec.Type of fabric-protos peer/chaincode.proto. */
const SPEC_TYPE: Record<ChaincodeLanguage, number> = { golang: 1, node: 2 };

function varint(n: number): Buffer {
  const out: number[] = [];
  let v = n;
  while (v > 0x7f) {
    out.push((v & 0x7f) | 0x80);
    v = Math.floor(v / 128);
  }
  out.push(v);
  return Buffer.from(out);
}

/** A length-delimited protobuf field (wire type 2). */
function bytesField(field: number, value: Buffer): Buffer {
  return Buffer.concat([varint((field << 3) | 2), varint(value.length), value]);
}

function stringField(field: number, value: string): Buffer {
  return value === '' ? Buffer.alloc(0) : bytesField(field, Buffer.from(value, 'utf8'));
}

function varintField(field: number, value: number): Buffer {
  return value === 0 ? Buffer.alloc(0) : Buffer.concat([varint(field << 3), varint(value)]);
}

export interface CdsInput {
  readonly language: ChaincodeLanguage;
  /** ChaincodeID.path: the folder (Node) or import path (Go) the package was made from. */
  readonly path: string;
  readonly name: string;
  readonly version: string;
  /** The gzipped tar of src/… (and META-INF/…). */
  readonly codePackage: Buffer;
}

/**
 * The ChaincodeDeploymentSpec `peer chaincode package` writes (unsigned), with the code package
 * given: ChaincodeDeploymentSpec{1: ChaincodeSpec{1: type, 2: ChaincodeID{1: path, 2: name,
 * 3: version}, 3: ChaincodeInput{}}, 3: code_package}.
 */
export function encodeCds(c: CdsInput): Buffer {
  const id = Buffer.concat([stringField(1, c.path), stringField(2, c.name), stringField(3, c.version)]);
  const spec = Buffer.concat([
    varintField(1, SPEC_TYPE[c.language]),
    bytesField(2, id),
    bytesField(3, Buffer.alloc(0)),
  ]);
  return Buffer.concat([bytesField(1, spec), bytesField(3, c.codePackage)]);
}

/** metadata.json of a 2.x package, as `peer lifecycle chaincode package` writes it. */
export function packageMetadataJson(language: ChaincodeLanguage, sourcePath: string, label: string): string {
  return JSON.stringify({ path: sourcePath, type: language, label });
}
