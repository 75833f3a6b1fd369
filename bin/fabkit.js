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
const cli = path.join(__dirname, '..', 'dist', 'cli', 'main.js');
if (fs.existsSync(cli)) {
  require(cli)
    .main(process.argv)
    .then((code) => {
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
