// ESLint for the whole repository (`npm run lint`): typescript-eslint's rules that find bugs, and no import cycles.
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import { importX } from 'eslint-plugin-import-x';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default defineConfig(
  {
    ignores: ['**/node_modules/', '**/dist/', '.rewind/', 'sdk/test/histories/', '**/.vscode-test/', '**/.test-*/'],
  },
  js.configs.recommended,
  tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
      globals: globals.node,
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // Off: the code writes `!` on indexed access as if `noUncheckedIndexedAccess` were on; this rule would strip them.
      '@typescript-eslint/no-unnecessary-type-assertion': 'off',
      // Off: activities, workflows and promise-returning methods are async by contract, awaiting or not (a throw rejects).
      '@typescript-eslint/require-await': 'off',
      // Off: require() is how the code loads on demand and by computed path (the user's files, TypeScript, JSON).
      '@typescript-eslint/no-require-imports': 'off',
      // Off: `History | unknown` is Temporal's signature for a history that may come as parsed JSON; it says so on hover.
      '@typescript-eslint/no-redundant-type-constituents': 'off',
      // Off: tests match indented output, where two spaces are meant.
      'no-regex-spaces': 'off',
      // As tsc's noUnused*: a leading underscore, or a rest sibling, marks a name left unused on purpose.
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true },
      ],
      // Passing on a caught value (unknown) is fine; rejecting with a string or a plain object is not.
      '@typescript-eslint/prefer-promise-reject-errors': ['error', { allowThrowingUnknown: true }],
      // A switch over a union handles every member (STYLE.md: a missing handler is an error); `default` counts.
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true }],
      // A promise returned inside try is awaited there, or its rejection skips the catch and the finally runs early.
      '@typescript-eslint/return-await': ['error', 'in-try-catch'],
    },
  },
  {
    plugins: { 'import-x': importX },
    settings: {
      // Which files import-x reads (TypeScript too) and with which parser.
      'import-x/extensions': importX.flatConfigs.typescript.settings['import-x/extensions'],
      'import-x/parsers': importX.flatConfigs.typescript.settings['import-x/parsers'],
      // Resolves relative imports and the workspace packages (`@rewind/sdk/*` through its exports' types).
      'import-x/resolver-next': [createTypeScriptImportResolver({ project: 'tsconfig.json' })],
    },
    rules: {
      // Modules that import each other, directly or through others: one of them would load half-done. Type-only
      // imports are not counted (they are erased).
      'import-x/no-cycle': 'error',
    },
  },
  {
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    extends: [tseslint.configs.disableTypeChecked],
  },
  {
    // Every package is CommonJS, so a .js file is one.
    files: ['**/*.js'],
    languageOptions: { sourceType: 'commonjs' },
  },
);
