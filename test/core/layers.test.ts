/**
 * The layers the lint step keeps (eslint.config.mjs): the core takes text and returns data, the
 * client speaks to the server only through the protocol file. Checked on sample sources, so a rule
 * that silently stopped matching would fail here, not only on the next real violation.
 */
import * as assert from 'assert';
import { ESLint } from 'eslint';
import { REPO_ROOT } from './helpers';

async function restricted(filePath: string, source: string): Promise<string[]> {
  const [result] = await new ESLint({ cwd: REPO_ROOT }).lintText(source, { filePath });
  return result.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('layers', function () {
  this.timeout(30000);

  it('keeps files, the editor and the LSP out of the core, and the core from importing what builds on it', async () => {
    for (const source of [
      "import * as fs from 'fs';",
      "import { readFileSync } from 'node:fs';",
      "import * as vscode from 'vscode';",
      "import { Connection } from 'vscode-languageserver/node';",
      "import { TreeProvider } from '../features/tree';",
      "import { SERVER_PROCESS } from '../protocol';",
    ]) {
      assert.strictEqual((await restricted('server/src/core/probe.ts', `${source}\nexport {};\n`)).length, 1, source);
    }
    assert.deepStrictEqual(await restricted('server/src/core/probe.ts', "import { squash } from './text';\nimport MarkdownIt from 'markdown-it';\nexport {};\n"), []);
  });

  it('lets the core\'s storage folder import the core and nothing above it', async () => {
    assert.deepStrictEqual(await restricted('server/src/core/storage/probe.ts', "import { squash } from '../text';\nimport { PackedNote } from './packedNote';\nexport {};\n"), []);
    for (const source of ["import { TreeProvider } from '../../features/tree';", "import * as fs from 'fs';", "import { Connection } from 'vscode-languageserver/node';"]) {
      assert.strictEqual((await restricted('server/src/core/storage/probe.ts', `${source}\nexport {};\n`)).length, 1, source);
    }
  });

  it('lets the client import the protocol and nothing else of the server', async () => {
    assert.deepStrictEqual(await restricted('client/src/probe.ts', "import { TreeRequest } from '../../server/src/protocol';\nexport {};\n"), []);
    assert.strictEqual((await restricted('client/src/probe.ts', "import { KnowledgeBase } from '../../server/src/core/knowledgeBase';\nexport {};\n")).length, 1);
  });

  it('keeps VS Code out of the server', async () => {
    assert.strictEqual((await restricted('server/src/features/probe.ts', "import * as vscode from 'vscode';\nexport {};\n")).length, 1);
  });
});
