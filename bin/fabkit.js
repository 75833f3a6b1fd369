#!/usr/bin/env node
'use strict';
// grpc-js sets the TLS server name even for IP endpoints (the devnet's 127.0.0.1), which makes
// Node print DEP0123 on every SDK call. That one warning says nothing to a fabkit user; others still print.
process.removeAllListeners('warning');
process.on('warning', (warning) => {
  if (warning.code !== 'DEP0123') process.stderr.write(`${warning.name}: ${warning.message}\n`);
});
// The AWS SDK warns on every call that its support for this Node line ends; once per command is noise.
if (process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED === undefined)
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
const path = require('node:path');
const fs = require('node:fs');
const dist = path.join(__dirname, '..', 'dist');
const cli = path.join(dist, 'cli', 'main.js');
const bundle = path.join(dist, 'fabkit-cli.js');

/** The one-file CLI (`npm run build`), unless a later `tsc` made it stale: then the compiled files. */
function bundleIfFresh() {
  try {
    const bundled = fs.statSync(bundle).mtimeMs;
    return bundled >= fs.statSync(cli).mtimeMs && bundled >= fs.statSync(path.join(dist, 'index.js')).mtimeMs
      ? bundle
      : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Loads the bundle with V8's code cache (kept in fabkit's cache folder, keyed by the bundle's size and
 * time): a command then skips compiling the code it ran last time. A missing or rejected cache is written
 * again when the command ends; a cache that cannot be written is left out.
 */
function loadWithCodeCache(file) {
  const vm = require('node:vm');
  const Module = require('node:module');
  const os = require('node:os');
  const stat = fs.statSync(file);
  const env = process.env;
  const cacheDir = path.join(
    env.FABKIT_CACHE ?? path.join(env.XDG_CACHE_HOME ?? path.join(os.homedir(), '.cache'), 'fabkit'),
    'v8-code-cache',
  );
  // One cache per command (its first word): each holds the code that command compiled, the library's included.
  const command = (process.argv.slice(2).find((a) => !a.startsWith('-')) ?? '').replace(/[^a-z-]/g, '') || 'none';
  const build = `fabkit-cli-${stat.size}-${Math.floor(stat.mtimeMs)}`;
  const cacheFile = path.join(cacheDir, `${build}-${command}.bin`);
  let cachedData;
  try {
    cachedData = fs.readFileSync(cacheFile);
  } catch {
    cachedData = undefined;
  }
  const script = new vm.Script(Module.wrap(fs.readFileSync(file, 'utf8')), {
    filename: file,
    cachedData,
    importModuleDynamically: vm.constants?.USE_MAIN_CONTEXT_DEFAULT_LOADER,
  });
  const mod = new Module(file, module);
  mod.filename = file;
  mod.paths = Module._nodeModulePaths(path.dirname(file));
  script.runInThisContext().call(mod.exports, mod.exports, Module.createRequire(file), mod, file, path.dirname(file));
  if (cachedData === undefined || script.cachedDataRejected) {
    process.once('exit', () => {
      try {
        fs.mkdirSync(cacheDir, { recursive: true });
        for (const old of fs.readdirSync(cacheDir))
          if (old.startsWith('fabkit-cli-') && !old.startsWith(`${build}-`))
            fs.rmSync(path.join(cacheDir, old), { force: true });
        const tmp = `${cacheFile}.${process.pid}`;
        fs.writeFileSync(tmp, script.createCachedData());
        fs.renameSync(tmp, cacheFile);
      } catch {
        // a read-only cache folder: the next command compiles again
      }
    });
  }
  return mod.exports;
}

const entry = bundleIfFresh();
if (entry !== undefined || fs.existsSync(cli)) {
  (entry !== undefined ? loadWithCodeCache(entry) : require(cli)).main(process.argv).then((code) => {
    process.exitCode = code;
  });
} else {
  // A git checkout before its first build: `npm ci` / `npm install` build it (the prepare script).
  const root = path.resolve(__dirname, '..');
  process.stderr.write(
    `fabkit is not built: ${cli} is missing.\n` +
      `hint: in ${root}, run \`npm ci\` (it builds fabkit) or \`npm run build\`.\n`,
  );
  process.exitCode = 1;
}
