// Lint with type information (typescript-eslint) over the sources, tests and benchmarks.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const node = {
  require: 'readonly',
  module: 'writable',
  exports: 'writable',
  __dirname: 'readonly',
  process: 'readonly',
  console: 'readonly',
};

export default tseslint.config(
  { ignores: ['dist/', 'coverage/', 'node_modules/', 'test-artifacts/', 'data/'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      // `declare global { namespace Express { … } }` is how Express's types are extended.
      '@typescript-eslint/no-namespace': ['error', { allowDeclarations: true }],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
      // execFile's error (ExecFileException, an Omit<> of Error) is an Error the rule cannot recognise.
      '@typescript-eslint/prefer-promise-reject-errors': 'off',
    },
  },
  {
    // Right-to-left layout and shaping match single combining marks and joiners (ZWNJ, ZWJ) by
    // design: each code point on its own, never a sequence.
    files: ['src/rendering/bidi/**', 'src/rendering/pdf/text/**', 'test/rendering/**'],
    rules: { 'no-misleading-character-class': 'off' },
  },
  {
    // Tests read parsed JSON and PDF readers' untyped output, and give jest async callbacks.
    files: ['test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/require-await': 'off',
    },
  },
  {
    files: ['**/*.js', '**/*.mjs', '**/*.cjs', '.ci/*'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    // Configuration files and CI scripts: CommonJS on Node.js.
    files: ['*.js', '.ci/*.js', 'test/**/*.js'],
    languageOptions: { sourceType: 'commonjs', globals: node },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['test/**/*.mjs'],
    languageOptions: { globals: { ...node, Buffer: 'readonly' } },
  },
  {
    // The editor's script runs in the browser.
    files: ['templates/**/*.js'],
    languageOptions: { sourceType: 'script', globals: { document: 'readonly', window: 'readonly' } },
  },
);
