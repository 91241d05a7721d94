// Lint rules that keep the layers apart (run by `npm test`). The knowledge core is plain
// TypeScript over strings: no editor, no LSP, no file system. The client talks to the server
// only through the protocol file.
import tseslint from 'typescript-eslint';

const editorAndLsp = ['vscode', 'vscode-languageclient', 'vscode-languageclient/*', 'vscode-languageserver', 'vscode-languageserver/*', 'vscode-languageserver-protocol', 'vscode-languageserver-textdocument'];

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', '.cache/**', 'test/fixtures/**', '**/*.mjs', '**/*.js'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      // `catch {}` and unused rest parameters are intended where they appear; the compiler checks unused locals.
      '@typescript-eslint/no-unused-vars': 'off',
      // The benchmark and tests read JSON of their own making.
      '@typescript-eslint/no-explicit-any': 'off',
      // Protocol request names are grouped in namespaces, as vscode-languageserver-protocol does.
      '@typescript-eslint/no-namespace': 'off',
    },
  },
  // The core's own folders (storage/) may import the core above them, nothing outside it.
  ...[['server/src/core/*.ts', '../*'], ['server/src/core/storage/*.ts', '../../*']].map(([files, outside]) => ({
    files: [files],
    rules: {
      'no-restricted-imports': ['error', {
        paths: ['fs', 'node:fs', 'fs/promises', 'node:fs/promises', 'worker_threads', 'child_process'].map((name) => ({ name, message: 'The knowledge core reads no files and knows no editor or LSP: take text and return data.' })),
        patterns: [{ group: [outside], message: 'The core imports only the core (features, server and protocol build on it).' }, { group: editorAndLsp, message: 'The core knows no editor or LSP.' }],
      }],
    },
  })),
  {
    files: ['server/src/**/*.ts'],
    ignores: ['server/src/core/**'],
    rules: {
      'no-restricted-imports': ['error', { paths: ['vscode'].map((name) => ({ name, message: 'The server runs outside VS Code.' })), patterns: [{ group: ['vscode-languageclient', 'vscode-languageclient/*', '**/client/**'], message: 'The server does not import the client.' }] }],
    },
  },
  {
    files: ['client/src/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['**/server/src/**', '!**/server/src/protocol'], message: 'The client knows the server only through server/src/protocol.ts.' }] }],
    },
  },
);
