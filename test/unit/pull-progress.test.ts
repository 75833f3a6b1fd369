import { PullProgress, pullEventError } from '../../src/runtime/pull-progress';

const L1 = 'aaaaaaaaaaaa';
const L2 = 'bbbbbbbbbbbb';

describe('PullProgress (engine pull events → a few lines)', () => {
  it("keeps the engine's own status lines and summarizes layers only when something worth a line changed", () => {
    const progress = new PullProgress();
    const lines = [
      { status: 'Pulling from hyperledger/fabric-tools', id: '2.5.9' },
      { status: 'Pulling fs layer', id: L1, progressDetail: {} },
      { status: 'Pulling fs layer', id: L2, progressDetail: {} },
      { status: 'Downloading', id: L1, progressDetail: { current: 10_000_000, total: 40_000_000 } },
      { status: 'Downloading', id: L2, progressDetail: { current: 1_000_000, total: 40_000_000 } },
      { status: 'Downloading', id: L1, progressDetail: { current: 20_000_000, total: 40_000_000 } },
      { status: 'Download complete', id: L1, progressDetail: {} },
      { status: 'Extracting', id: L1, progressDetail: { current: 1, total: 2 } },
      { status: 'Pull complete', id: L1, progressDetail: {} },
      { status: 'Already exists', id: L2 },
      { status: 'Digest: sha256:abc' },
      { status: 'Status: Downloaded newer image for hyperledger/fabric-tools:2.5.9' },
    ]
      .map((e) => progress.update(e))
      .filter((l) => l !== undefined);
    expect(lines).toEqual([
      'Pulling from hyperledger/fabric-tools (2.5.9)',
      'layers 0/2 complete, 10.0/40.0 MB downloaded',
      'layers 0/2 complete, 41.0/80.0 MB downloaded',
      'layers 1/2 complete, 41.0/80.0 MB downloaded',
      'layers 2/2 complete, 41.0/80.0 MB downloaded',
      'Digest: sha256:abc',
      'Status: Downloaded newer image for hyperledger/fabric-tools:2.5.9',
    ]);
  });

  it('recognizes error events', () => {
    expect(pullEventError({ error: 'denied', errorDetail: { message: 'pull access denied' } })).toBe(
      'pull access denied',
    );
    expect(pullEventError({ error: 'x' })).toBe('x');
    expect(pullEventError({ status: 'ok' })).toBeUndefined();
    expect(new PullProgress().update({ error: 'x' })).toBeUndefined();
  });
});
