// The UI's lint: the recommended rules of ESLint, typescript-eslint and eslint-plugin-svelte.
// Layout is Prettier's alone (`prettier --check`, see .prettierrc.json), so no rule here is
// about formatting.
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import ts from 'typescript-eslint';

export default defineConfig(
  // Built output, and the IPC types generated from Rust (a test keeps those fresh).
  { ignores: ['dist/', 'src/lib/bindings.ts'] },
  js.configs.recommended,
  ts.configs.recommended,
  svelte.configs.recommended,
  svelte.configs.prettier,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      // A leading underscore names what is there only for its place or its type: `_` in an
      // each block that needs only the index, a mock's typed parameter.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: {
      parserOptions: { parser: ts.parser, extraFileExtensions: ['.svelte'] },
    },
  },
);
