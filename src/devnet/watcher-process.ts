/** How the devnet starts its admin-propagation watcher (`fabkit devnet watch`) as a supervised process. */
import * as path from 'node:path';
import { packageRoot } from '../package-root';
import type { DevnetLayout } from './layout';
import type { ProcessSpec } from './processes';

export const WATCHER_READY_LINE = 'admin watcher: watching';

/** The admin-propagation watcher runs as `fabkit devnet watch` in its own process group. */
export function watcherProcess(layout: DevnetLayout): ProcessSpec {
  return {
    name: 'admin-watcher',
    command: process.execPath,
    args: [path.join(packageRoot(), 'bin', 'fabkit.js'), 'devnet', 'watch', '--dir', layout.dir],
    env: {},
    cwd: layout.dir,
    logFile: path.join(layout.logsDir, 'admin-watcher.log'),
  };
}
