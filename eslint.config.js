import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** Import rules that keep dependencies pointing inward (docs/architecture.md). */
const restrict = (patterns, paths = []) => ({
  'no-restricted-imports': ['error', { patterns, paths }],
});

const NODE_BUILTINS = [
  'fs',
  'path',
  'crypto',
  'http',
  'https',
  'net',
  'os',
  'child_process',
  'url',
].map((name) => ({
  name,
  message: 'src/scim is pure: no Node APIs.',
}));

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'data/**', 'bench/results/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.js', '**/*.mjs'],
    languageOptions: {
      globals: Object.fromEntries(
        [
          'process',
          'Buffer',
          'console',
          'setTimeout',
          'clearTimeout',
          'setInterval',
          'clearInterval',
          'URL',
          'fetch',
          'performance',
        ].map((name) => [name, 'readonly']),
      ),
    },
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['src/scim/**/*.ts'],
    ignores: ['src/scim/**/*.test.ts'],
    rules: restrict(
      [
        { group: ['node:*'], message: 'src/scim is pure: no Node APIs.' },
        {
          group: ['fastify*', 'kysely*', 'pg', 'better-sqlite3', 'jose', 'pino', 'commander'],
          message: 'src/scim imports no packages.',
        },
        {
          group: [
            '**/provisioning/**',
            '**/stores/**',
            '**/http/**',
            '**/auth/**',
            '**/cli/**',
            '**/config/**',
            '**/server*',
          ],
          message: 'src/scim imports nothing from the rest of the app.',
        },
      ],
      NODE_BUILTINS,
    ),
  },
  {
    files: ['src/provisioning/**/*.ts'],
    rules: restrict([
      {
        group: [
          '**/stores/**',
          '**/http/**',
          '**/cli/**',
          '**/server*',
          'fastify*',
          'kysely*',
          'pg',
          'better-sqlite3',
        ],
        message: 'Use-cases speak to ports, not adapters or the web layer.',
      },
    ]),
  },
  {
    files: ['src/stores/**/*.ts'],
    rules: restrict([
      {
        group: ['**/http/**', '**/cli/**', '**/server*', 'fastify*'],
        message: 'Stores implement ports; they do not know the web layer.',
      },
    ]),
  },
  {
    files: ['src/stores/sqlite/**/*.ts'],
    rules: restrict([
      { group: ['**/postgres/**', 'pg'], message: 'sqlite and postgres never import each other.' },
    ]),
  },
  {
    files: ['src/stores/postgres/**/*.ts'],
    rules: restrict([
      {
        group: ['**/sqlite/**', 'better-sqlite3'],
        message: 'sqlite and postgres never import each other.',
      },
    ]),
  },
  {
    files: ['src/http/**/*.ts'],
    rules: restrict([
      {
        group: ['**/stores/**', '**/cli/**', 'kysely*', 'pg', 'better-sqlite3'],
        message: 'HTTP reaches data only through use-cases.',
      },
    ]),
  },
);
