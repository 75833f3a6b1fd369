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
require('../dist/cli/main.js')
  .main(process.argv)
  .then((code) => {
    process.exitCode = code;
  });
