// Lint (run by `npm test`): typescript-eslint's strict rules, and the module doors of ARCHITECTURE.md —
// a module imports another only through its index.ts, never a file behind it, and the kernel imports
// no module at all. The application code (src/) is linted with the type-checked rule set, the rest with
// the rules that need no types (the tests and scripts would double the lint's time for little).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const MODULES = ['intake', 'matching', 'conformity', 'followup', 'privacy', 'directory'];
const others = (name) => MODULES.filter((m) => m !== name).join('|');

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'var/**', 'test-output/**', '.tools/**', 'public/**', '**/*.js', '**/*.mjs'] },
  js.configs.recommended,
  ...tseslint.configs.strict,
  ...tseslint.configs.strictTypeChecked.map((config) => ({ ...config, files: ['src/**/*.ts'] })),
  {
    files: ['src/**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      // Mongoose types a stored date as its own `NativeDate` class: every `new Date()` written to a record
      // would be reported.
      '@typescript-eslint/no-unsafe-class-instance-assignment': 'off',
      // Counts and ids in messages and paths are numbers: `${count}` is what is meant.
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      // `(req, res) => res.redirect(…)` in a route table reads better than a block around one call.
      '@typescript-eslint/no-confusing-void-expression': ['error', { ignoreArrowShorthand: true }],
      // Off on purpose: records read with `.lean()` skip the schema's defaults, so the types promise fields
      // that documents written by older versions lack; the `?? []` guards on them are deliberate.
      '@typescript-eslint/no-unnecessary-condition': 'off',
    },
  },
  {
    rules: {
      // With noUncheckedIndexedAccess, `row[i]!` after a bounds check is the idiom of the typed-array code.
      '@typescript-eslint/no-non-null-assertion': 'off',
      // Form bodies, drafts and session maps are plain records: deleting a key is what is meant.
      '@typescript-eslint/no-dynamic-delete': 'off',
      // `const { secret: _secret, ...shown } = doc` leaves a field out; `_next` keeps Express's 4-argument error handler.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true }],
    },
  },
  {
    files: ['test/**/*.ts'],
    // chai's `expect(x).to.be.true` is an expression statement.
    rules: { '@typescript-eslint/no-unused-expressions': 'off' },
  },
  {
    files: ['src/kernel/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ regex: '(^|/)modules/', message: 'The kernel serves every module and imports none (ARCHITECTURE.md).' }] },
      ],
    },
  },
  ...MODULES.map((name) => ({
    files: [`src/modules/${name}/**/*.ts`],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [{ regex: `(^|/)(${others(name)})/(?!index\\.js$).+`, message: 'Another module is reached through its door, index.ts (ARCHITECTURE.md).' }],
        },
      ],
    },
  })),
);
