// Lint: typescript-eslint's type-aware recommended rules (floating promises, unsafe any, ...),
// with formatting left to Prettier.
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'out/', '.bench/', '**/testdata/', 'bin/'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: { allowDefaultProject: ['*.js', '*.mjs', 'images/*.js', 'test/support/*.js'] },
        tsconfigRootDir: import.meta.dirname,
      },
    },
  },
  {
    rules: {
      // V8's linear-time engine: patterns from a TemplateInfo are compiled with the `l` flag.
      'no-invalid-regexp': ['error', { allowConstructorFlags: ['l'] }],
      // Packages are used through their public entries (test/architecture.test.ts checks the direction).
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@focom/*/*', '!@focom/test-support/*'],
              message: "Import another package through its public entry ('@focom/<name>'), not its internals.",
            },
            {
              group: ['**/libs/*/src/**', '**/functions/*/src/**', '**/commands/*/src/**', '**/test/support/**'],
              message: "Another package's file: import the package by name ('@focom/<name>').",
            },
          ],
        },
      ],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
    },
  },
  {
    files: ['**/*.js', '**/*.mjs', 'images/*.js'],
    ...tseslint.configs.disableTypeChecked,
    rules: { ...tseslint.configs.disableTypeChecked.rules, '@typescript-eslint/no-require-imports': 'off' },
    languageOptions: {
      globals: { require: 'readonly', module: 'writable', process: 'readonly', __dirname: 'readonly', console: 'readonly' },
    },
  },
  prettier,
);
