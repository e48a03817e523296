// @ts-check
import tseslint from 'typescript-eslint';
import { importX } from 'eslint-plugin-import-x';

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      'coverage/**',
      'bin/**',
      'src/dicom/dictionary-data.ts',
    ],
  },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    plugins: { 'import-x': importX },
    settings: {
      // Let import-x parse .ts dependencies too (by default it only follows .js,
      // which leaves import-x/no-cycle blind to this code base).
      'import-x/extensions': ['.ts', '.js'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts'] },
      // Sources import './x.js' (NodeNext) while the file is x.ts: without the
      // alias nothing resolves and import-x/no-cycle silently checks nothing.
      'import-x/resolver-next': [
        importX.createNodeResolver({
          extensions: ['.ts', '.js'],
          extensionAlias: { '.js': ['.ts', '.js'] },
        }),
      ],
    },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      'import-x/no-default-export': 'error',
    },
  },
  {
    // src/dicom is the pure core: it imports nothing else from src/ (DESIGN.md).
    // Paths are resolved, so src/dicom/pixel/x.ts may import '../dataset.js'.
    // test/architecture.test.ts checks the same rule without eslint.
    files: ['src/**/*.ts'],
    rules: {
      'import-x/no-restricted-paths': [
        'error',
        {
          zones: [
            {
              target: './src/dicom',
              from: './src',
              except: ['./dicom'],
              message: 'src/dicom imports nothing else from src/',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['*.config.ts', 'eslint.config.js'],
    rules: { 'import-x/no-default-export': 'off' },
  },
);
