// @ts-check

// ESM-only packages that Jest's CommonJS runtime must see transformed.
const esmPackages = [
  'pg-boss',
  'serialize-error',
  'non-error',
  'rrule-temporal',
  'temporal-polyfill',
  '@js-temporal',
];

/** @type {import('jest').Config} */
const config = {
  testEnvironment: 'node',
  roots: ['<rootDir>/src', '<rootDir>/test'],
  testMatch: ['**/*.spec.ts', '**/*.test.ts'],
  transform: {
    '^.+\\.(t|j|mj|cj)s$': [
      '@swc/jest',
      { jsc: { parser: { syntax: 'typescript' }, target: 'es2023' }, module: { type: 'commonjs' } },
    ],
  },
  transformIgnorePatterns: [`/node_modules/(?!(${esmPackages.join('|')})/)`],
  // The generated Prisma client imports './x.js' for files that exist as TypeScript.
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  moduleFileExtensions: ['ts', 'js', 'mjs', 'cjs', 'json'],
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
  testTimeout: 30_000,
  maxWorkers: 2,
  // Each test file loads the whole app; recycle a worker that has grown past this instead of letting
  // every file's modules accumulate (workers reached 2 GB each on a full run).
  workerIdleMemoryLimit: '1GB',
};

module.exports = config;
