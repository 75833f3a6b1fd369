import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import importX from 'eslint-plugin-import-x';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';

/**
 * The layers of src/, lowest first. Each entry names what a folder (or top-level file) may import
 * besides itself; everything else in src/ is refused by import-x/no-restricted-paths, so an import
 * that runs back up a layer fails `npm run lint` (and with it `npm test`). README "Layout" explains it.
 */
const CORE = ['errors.ts', 'redact.ts', 'package-root.ts', 'staging.ts'];
const LAYERS = {
  'errors.ts': [],
  'redact.ts': [],
  'package-root.ts': [],
  'staging.ts': ['errors.ts'],
  validate: [...CORE],
  policy: [...CORE, 'validate'],
  config: [...CORE, 'validate', 'policy'],
  runtime: [...CORE],
  msp: [...CORE, 'validate'],
  'fabric-cli': [...CORE, 'validate', 'policy', 'config', 'runtime'],
  ca: [...CORE, 'validate', 'config', 'msp'],
  configtx: [...CORE, 'validate', 'policy', 'config'],
  bundle: [...CORE, 'validate', 'config', 'msp'],
  amb: [...CORE, 'validate', 'config', 'runtime'],
  sdk: [...CORE, 'validate', 'policy', 'config', 'runtime', 'msp', 'bundle'],
  devnet: [...CORE, 'validate', 'policy', 'config', 'runtime', 'fabric-cli', 'msp', 'ca', 'configtx'],
  workflows: [
    ...CORE,
    ...['validate', 'policy', 'config', 'runtime', 'fabric-cli', 'msp', 'ca', 'configtx', 'bundle', 'amb', 'sdk'],
  ],
  'index.ts': '*', // the public API: everything but the CLI
  cli: ['index.ts'],
};
const ALL = Object.keys(LAYERS);
const at = (name) => `./src/${name}`;
const layerZones = Object.entries(LAYERS).flatMap(([name, allowed]) =>
  ALL.filter((other) => other !== name && !(allowed === '*' ? other !== 'cli' : allowed.includes(other))).map(
    (other) => ({
      target: at(name),
      from: at(other),
      message: `src/${name} may import only ${allowed === '*' ? 'anything but cli' : allowed.join(', ') || 'nothing else in src/'} (layer rule, eslint.config.mjs).`,
    }),
  ),
);

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'chaincode/**/node_modules/', 'coverage/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      complexity: ['warn', 12],
    },
  },
  {
    files: ['src/**/*.ts', 'examples/**/*.ts'],
    plugins: { 'import-x': importX },
    settings: {
      ...importX.flatConfigs.typescript.settings,
      'import-x/resolver-next': [createTypeScriptImportResolver({ project: './tsconfig.json' })],
    },
    rules: {
      'import-x/no-restricted-paths': [
        'error',
        {
          zones: [
            ...layerZones,
            {
              target: './examples',
              from: './src',
              except: ['./index.ts'],
              message: 'Examples use the public API (src/index.ts) only.',
            },
          ],
        },
      ],
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
    },
  },
  {
    files: ['test/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    // Exit codes are decided in src/cli/exit-codes.ts only: a command's action returns its status,
    // main turns it into the exit code, and bin/fabkit.js sets it.
    files: ['src/**/*.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "MemberExpression[object.name='process'][property.name='exit']",
          message: 'Exit codes are decided in src/cli/exit-codes.ts: a command returns its status instead.',
        },
        {
          selector: "MemberExpression[object.name='process'][property.name='exitCode']",
          message: 'Exit codes are decided in src/cli/exit-codes.ts: a command returns its status instead.',
        },
      ],
    },
  },
  {
    files: ['**/*.js', '**/*.cjs'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: {
        require: 'readonly',
        module: 'writable',
        process: 'readonly',
        console: 'readonly',
        __dirname: 'readonly',
        Buffer: 'readonly',
      },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
