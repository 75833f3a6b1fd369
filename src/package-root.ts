/** Where the fabkit package lives on disk (package.json, templates/, scripts/, bin/), from src/ or dist/. */
import * as path from 'node:path';

/** The package root: the parent of src/ (ts-node, jest) or of dist/ (the built package). */
export function packageRoot(): string {
  return path.resolve(__dirname, '..');
}
