/**
 * examples/library-flow.ts on the devnet: the library API (no CLI) creates a channel, deploys,
 * invokes and queries; run again, every step before the invoke is found done.
 */
import * as path from 'node:path';
import { tutorialSteps6and7 } from '../../examples/library-flow';
import { fabkit, sharedDevnet } from '../helpers/devnet';

jest.setTimeout(180_000);

it('the library example runs tutorial steps 6-7, and again on the same channel', async () => {
  const { dir } = sharedDevnet();
  const home = path.join(dir, 'homes', `library-${Date.now().toString(36)}`);
  expect((await fabkit(['init', '--home', home, '--from-devnet', dir, '--member', 'org1'])).exitCode).toBe(0);
  expect((await fabkit(['enroll', '--home', home])).exitCode).toBe(0);
  const channel = `lib-${Date.now().toString(36)}`;
  expect(await tutorialSteps6and7(home, channel)).toBe('90');
  expect(await tutorialSteps6and7(home, channel)).toBe('80');
});
