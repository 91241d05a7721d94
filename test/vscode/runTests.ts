/**
 * @vscode/test-electron runner, for machines that can download VS Code: starts VS Code
 * with the extension under development on the bundled notes and runs ./suite in it.
 * (CI here runs the code-server scenarios in test/e2e instead.)
 */
import * as path from 'path';
import { runTests } from '@vscode/test-electron';

async function main(): Promise<void> {
  const root = path.resolve(__dirname, '../../..');
  await runTests({
    extensionDevelopmentPath: root,
    extensionTestsPath: path.resolve(__dirname, 'suite/index'),
    launchArgs: [path.join(root, 'knowledge', 'notes'), '--disable-extensions', '--disable-workspace-trust'],
  });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
