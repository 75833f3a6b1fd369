/**
 * Where fabric-common logs, chosen without touching the host's environment.
 *
 * fabric-common builds its loggers when its modules load, from the `hfc-logging` setting of its
 * own config (command line, then the HFC_LOGGING variable, then settings made in code). Left
 * alone it logs info and up to the console, with a stack trace for every connection retry, which
 * buries fabkit's own output. So before fabric-network is first loaded, and only when the host
 * configured nothing (no logger yet, no hfc-logging setting from HFC_LOGGING or elsewhere), fabkit
 * sets hfc-logging through fabric-common's config API: warnings and errors go to
 * <home>/logs/fabric-sdk.log. process.env is never changed.
 */
import * as fs from 'node:fs';
import { logsDirOf, sdkLogFileOf } from '../config/home-layout';

/** The part of fabric-common's Utils used here: its config settings (lib/Utils.js). */
interface FabricCommonConfig {
  getConfigSetting(name: string, fallback?: unknown): unknown;
  setConfigSetting(name: string, value: unknown): void;
}

/** fabric-common keeps its config and its one logger on `global.hfc`. */
const sdkLoggerExists = (): boolean =>
  (globalThis as unknown as { hfc?: { logger?: unknown } }).hfc?.logger !== undefined;

/** Sends fabric-common's warnings and errors to `<home>/logs/fabric-sdk.log`, unless the host chose otherwise. */
export function routeSdkLogging(home: string): void {
  if (sdkLoggerExists()) return; // fabric-common is loaded already: its loggers are made
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loads only the config part, before any logger exists
  const config = require('fabric-common/lib/Utils') as FabricCommonConfig;
  if (config.getConfigSetting('hfc-logging') !== undefined) return; // the host configured it (e.g. HFC_LOGGING)
  fs.mkdirSync(logsDirOf(home), { recursive: true });
  config.setConfigSetting('hfc-logging', { warn: sdkLogFileOf(home) });
}
