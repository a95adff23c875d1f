// Lint rules: typescript-eslint's type-checked recommendations, plus the async-safety rules this
// framework depends on (no floating or misused promises) and no `any` in our own code.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      '.kafka/**',
      // The chaos suite's brokers and runs (copies of the built package and of a commit's sources).
      '.kafka-chaos/**',
      'bench/results/**',
      'coverage/**',
      // The Kafka client fork: upstream's files (assembled there, git-ignored) as they are; only the fork's own
      // JS is linted.
      'packages/kafka-native/**/*',
      '!packages/kafka-native/lib/',
      '!packages/kafka-native/lib/packed/',
      '!packages/kafka-native/lib/packed/*.js',
      '!packages/kafka-native/scripts/',
      '!packages/kafka-native/scripts/*.mjs',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      globals: globals.node,
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      eqeqeq: ['error', 'always'],
      'no-console': 'off',
    },
  },
  {
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    // The Kafka client fork is CommonJS, as upstream is.
    files: ['packages/kafka-native/lib/**/*.js'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
