/**
 * fabkit as a library: the tutorial's steps 6–7 for an enrolled member home, as a CI job might
 * run them (an application imports the same names from the package instead of ../src/index).
 * test/integration/library-example.test.ts runs it on the devnet, twice.
 */
import {
  createChannel,
  deployChaincode,
  invokeChaincode,
  loadProfile,
  LocalExecutor,
  queryChaincode,
} from '../src/index';

export async function tutorialSteps6and7(home: string, channelId: string): Promise<string> {
  const { profile } = loadProfile(home);
  const deps = { executor: new LocalExecutor(), onProgress: (line: string) => process.stderr.write(`${line}\n`) };
  await createChannel(profile, deps, { channelId, lifecycle: '2.x' });
  await deployChaincode(profile, deps, {
    channelId,
    name: 'mycc',
    path: 'chaincode/example02',
    ctor: '{"Args":["init","a","100","b","200"]}',
  });
  await invokeChaincode(profile, deps, { channelId, name: 'mycc', ctor: '{"Args":["invoke","a","b","10"]}' });
  return (await queryChaincode(profile, deps, { channelId, name: 'mycc', ctor: '{"Args":["query","a"]}' })).payload;
}
