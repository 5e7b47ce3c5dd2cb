// ESLint: typescript-eslint everywhere; in src/ (ES5 at runtime) the es-x guardrails as well.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import esx from 'eslint-plugin-es-x';
import globals from 'globals';

export default tseslint.config(
  { ignores: ['dist/', 'build/', 'out/', 'test-output/', '.collector-data/', 'node_modules/', 'test/fixtures/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      // ES5 needs the catch binding even when unused; the bundle entries' export variable is read by the UMD wrapper.
      '@typescript-eslint/no-unused-vars': ['error', { caughtErrors: 'none', varsIgnorePattern: '^tvTelemetryExports$' }],
    },
  },
  {
    // Node scripts and configs.
    files: ['**/*.js', '**/*.cjs', '**/*.mjs'],
    languageOptions: { globals: { ...globals.node } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // Pages and scripts that run in the browser or on the TV (demo app, dashboard, e2e pages, probes).
    files: ['platforms/**/*.js', 'server/dashboard/**/*.js', 'test/e2e/**/*.js', 'test/engines/pages/**/*.js', 'bench/*.js', 'tools/demo-app/**/*.js'],
    languageOptions: {
      globals: {
        ...globals.browser,
        shaka: 'readonly',
        uPlot: 'readonly',
        TvTelemetry: 'readonly',
        TvTelemetryPersist: 'readonly',
        TvTelemetryKava: 'readonly',
        TvTelemetryOverlay: 'readonly',
        TvTelemetryTizen: 'readonly',
        TvTelemetryWebos: 'readonly',
        TvTelemetryHbbtv: 'readonly',
        __BUNDLE__: 'readonly', // bench/agent-probe.js: replaced before it runs
      },
    },
  },
  {
    // Tests, tools, benchmarks and the dev server run in Node (or drive a browser): the runtime's
    // ES5 habits do not apply, test doubles may be loosely typed, and test patterns spell out the
    // exact text they match.
    files: ['test/**', 'tools/**', 'bench/**', 'server/**', 'platforms/**'],
    rules: {
      'no-var': 'off',
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-require-imports': 'off',
      '@typescript-eslint/no-this-alias': 'off',
      '@typescript-eslint/no-unused-expressions': 'off',
      'prefer-rest-params': 'off',
      'prefer-spread': 'off',
      'no-regex-spaces': 'off',
      'no-control-regex': 'off',
      'no-useless-escape': 'off',
      'no-prototype-builtins': 'off',
    },
  },
  {
    files: ['src/**/*.ts'],
    plugins: { 'es-x': esx },
    // With type information, es-x tells `list.includes(…)` on an array from a method of our own.
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      ...esx.configs['flat/restrict-to-es5'].rules,
      // Syntax TypeScript compiles down to ES5 (and webpack bundles the modules).
      'es-x/no-modules': 'off',
      'es-x/no-trailing-function-commas': 'off',
      // Typed arrays (crypto.getRandomValues) predate ES2015 on every engine the agent supports.
      'es-x/no-typed-arrays': 'off',
      // An `any` needs an eslint-disable comment that says why.
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-non-null-assertion': 'error',
      'no-sequences': 'error',
      'no-throw-literal': 'error',
      'no-var': 'off',
      // ES5 has no rest parameters or spread: `arguments` and apply() are what TypeScript would emit anyway.
      'prefer-rest-params': 'off',
      'prefer-spread': 'off',
    },
  },
  {
    // Declarations only (the add-on entries' types): nothing here reaches a bundle.
    files: ['src/entries/**/*.ts'],
    rules: { 'es-x/no-block-scoped-variables': 'off' },
  }
);
