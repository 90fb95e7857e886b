// `npm run lint`. Flat config: typescript-eslint's recommended rules on the server, database, tools
// and tests, eslint-plugin-svelte's on the dashboard, and one import order everywhere.
import simpleImportSort from 'eslint-plugin-simple-import-sort';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', 'web/dist/', '.data/'] },
  ...tseslint.configs.recommended,
  ...svelte.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    // eslint-plugin-import-x needs a native resolver whose other platforms' builds the registry here lacks
    // (npm ci fails); simple-import-sort is plain JavaScript.
    plugins: { 'simple-import-sort': simpleImportSort },
    rules: {
      // Builtins and packages, then the project's own modules, each group sorted.
      'simple-import-sort/imports': ['error', { groups: [['^node:', '^@?\\w'], ['^\\.']] }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // Migrations are typed Kysely<any> on purpose (they must not follow today's schema).
      '@typescript-eslint/no-explicit-any': 'off',
      // Components replace a Set held in $state rather than mutate it; the rule flags every new Set().
      'svelte/prefer-svelte-reactivity': 'off',
    },
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: { parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.svelte'] } },
  },
);
