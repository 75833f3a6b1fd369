/**
 * Heavy SDKs load on first use, not when the CLI starts: every `fabkit` command pays Node's
 * start-up, and dockerode plus the AWS SDK add ~150 ms to it although most commands use neither.
 */
import type * as AmbSdk from '@aws-sdk/client-managedblockchain';
import type Dockerode from 'dockerode';

/* eslint-disable @typescript-eslint/no-require-imports -- require() is the lazy load (CommonJS) */
export const loadDockerode = (): typeof Dockerode => require('dockerode') as typeof Dockerode;
export const loadAmbSdk = (): typeof AmbSdk => require('@aws-sdk/client-managedblockchain') as typeof AmbSdk;
