// Lint is part of `npm test`. Type-aware rules catch what tsc does not: promises nobody awaits.
import tseslint from 'typescript-eslint'

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '.berth/**'] },
  ...tseslint.configs.recommended,
  {
    files: ['src/**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // node:test's describe() and it() return promises the runner itself awaits (contract suites too).
    files: ['src/**/*.test.ts', 'src/**/*.contract.ts'],
    rules: { '@typescript-eslint/no-floating-promises': 'off' },
  },
)
