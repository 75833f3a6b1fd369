import { redactSecret } from '../../src/redact';

const KEY = [
  '-----BEGIN PRIVATE KEY-----',
  'MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgabcdefghijklmnop',
  'qrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+/hRANCAAT',
  'short',
  '-----END PRIVATE KEY-----',
  '',
].join('\n');

describe('redactSecret', () => {
  it('removes a password and its URL-encoded form', () => {
    expect(redactSecret('user admin:p@ss w0rd! failed', 'p@ss w0rd!')).toBe('user admin:*** failed');
    expect(redactSecret('https://admin:p%40ss%20w0rd!@ca:7054', 'p@ss w0rd!')).toBe('https://admin:***@ca:7054');
  });

  it('removes a whole PEM key, and each of its body lines wherever one appears alone', () => {
    expect(redactSecret(`key: ${KEY}`, KEY)).toBe('key: ***');
    const line = KEY.split('\n')[1] ?? '';
    expect(redactSecret(`bad key data ${line} in message`, KEY)).toBe('bad key data *** in message');
  });

  it('leaves the PEM armour and short lines alone (they could be ordinary text)', () => {
    expect(redactSecret('-----BEGIN PRIVATE KEY----- is short', KEY)).toBe('-----BEGIN PRIVATE KEY----- is short');
  });

  it('an empty secret changes nothing', () => {
    expect(redactSecret('text', '')).toBe('text');
  });
});
