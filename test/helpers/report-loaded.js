// Preloaded with `node -r`: at exit, writes the packages under node_modules that the process loaded
// (one name per entry, scoped names kept whole) as JSON to the file named by FABKIT_LOADED_REPORT.
'use strict';
const fs = require('node:fs');

process.on('exit', () => {
  const names = new Set();
  for (const file of Object.keys(require.cache)) {
    const at = file.lastIndexOf('/node_modules/');
    if (at < 0) continue;
    const parts = file.slice(at + '/node_modules/'.length).split('/');
    names.add(parts[0].startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0]);
  }
  fs.writeFileSync(process.env.FABKIT_LOADED_REPORT, JSON.stringify([...names].sort()));
});
