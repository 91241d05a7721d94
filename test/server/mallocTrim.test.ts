/** The server gives free C-heap pages back through glibc's malloc_trim (see mallocTrim.ts). */
import * as assert from 'assert';
import { loadMallocTrim } from '../../server/src/mallocTrim';

const glibc = process.platform === 'linux' && !!(process.report?.getReport() as { header?: { glibcVersionRuntime?: string } } | undefined)?.header?.glibcVersionRuntime;

describe('malloc_trim through koffi', () => {
  it(glibc ? 'is found (Linux with glibc) and can be called' : 'is reported missing without glibc rather than failing', () => {
    const trim = loadMallocTrim();
    if (!glibc) {
      assert.strictEqual(trim, undefined);
      return;
    }
    assert.ok(trim, 'koffi and its binary for this platform are installed');
    assert.strictEqual(typeof trim(), 'boolean');
  });
});
