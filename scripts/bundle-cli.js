'use strict';
/* `npm run build`'s second half: bundles the compiled CLI (dist/cli/main.js and what it imports, with the
 * small dependencies commander, zod, js-yaml, node-forge and execa) into one file, dist/fabkit-cli.js, which
 * bin/fabkit.js loads. One file instead of ~400 saves Node's module resolution on every command. The CLI's
 * `require('../index')` becomes a proxy that loads the library on its first use, so `fabkit --help` and
 * option parsing run without the library; the heavy SDKs stay outside the bundle, loaded on first use as before. */
const path = require('node:path');
const fs = require('node:fs');
const esbuild = require('esbuild');

const ROOT = path.resolve(__dirname, '..');
const DIST = path.join(ROOT, 'dist');
const OUT = path.join(DIST, 'fabkit-cli.js');
// Loaded from node_modules on first use, never bundled (large, or with files of their own at run time).
const EXTERNAL = [
  'dockerode',
  '@aws-sdk/*',
  'fabric-network',
  'fabric-common',
  'fabric-common/*',
  'fabric-ca-client',
  '@grpc/*',
  '@hyperledger/*',
  'listr2',
  'tar-stream',
];
const INDEX_REQUIRE = /^const index_1 = require\("((?:\.\.\/)+index)"\);$/m;

/** The library's plain constants (strings, numbers, booleans: option defaults, variable names), read at build time. */
function libraryConstants() {
  const lib = require(path.join(DIST, 'index.js'));
  const plain = (v) => ['string', 'number', 'boolean'].includes(typeof v);
  return Object.fromEntries(
    Object.keys(lib)
      .filter((k) => plain(lib[k]))
      .map((k) => [k, lib[k]]),
  );
}
const CONSTANTS = JSON.stringify(libraryConstants());

/**
 * In dist/cli/**: the library behind a proxy that requires it on the first read of a function or class;
 * its plain constants are answered from the build-time copy, so registering the commands loads nothing.
 */
const lazyIndex = {
  name: 'lazy-index',
  setup(build) {
    build.onLoad({ filter: /[\\/]dist[\\/]cli[\\/].*\.js$/ }, (args) => {
      const text = fs.readFileSync(args.path, 'utf8');
      const contents = text.replace(
        INDEX_REQUIRE,
        (_line, spec) =>
          `const index_1 = new Proxy(${CONSTANTS}, { get: (constants, key) => Object.hasOwn(constants, key) ? constants[key] : require("${spec}")[key] });`,
      );
      return { contents, loader: 'js' };
    });
  },
};

esbuild
  .build({
    entryPoints: [path.join(DIST, 'cli', 'main.js')],
    outfile: OUT,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: EXTERNAL,
    plugins: [lazyIndex],
    logLevel: 'warning',
    legalComments: 'none',
  })
  .catch((error) => {
    process.stderr.write(`${error.message}\n`);
    process.exitCode = 1;
  });
