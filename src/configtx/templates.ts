/** Reads the configtx skeletons from the package's templates/configtx/ folder. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { packageRoot } from '../package-root';
import { SKELETON_FILES } from './skeleton';
import type { ConfigtxSkeletonTexts } from './types';

export function configtxTemplateDir(): string {
  return path.join(packageRoot(), 'templates', 'configtx');
}

export function loadConfigtxSkeletons(dir: string = configtxTemplateDir()): ConfigtxSkeletonTexts {
  const read = (name: keyof ConfigtxSkeletonTexts): string =>
    fs.readFileSync(path.join(dir, SKELETON_FILES[name]), 'utf8');
  return {
    organization: read('organization'),
    channelProfile: read('channelProfile'),
    lifecyclePolicies: read('lifecyclePolicies'),
  };
}
