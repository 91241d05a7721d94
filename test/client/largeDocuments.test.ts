/** The client does not send the server documents over the size limit: opened, changed, saved or closed. */
import * as assert from 'assert';
import { LargeDocuments } from '../../client/src/largeDocuments';
import { MAX_SYNCED_DOCUMENT_CHARS } from '../../server/src/protocol';

const doc = (uri: string, length: number) => ({ uri, length: () => length });

describe('large documents', () => {
  it('sends documents up to the limit and keeps back larger ones, with their changes and close', () => {
    const large = new LargeDocuments(100);
    assert.strictEqual(large.opened(doc('file:///a.md', 100)), true);
    assert.strictEqual(large.isSent('file:///a.md'), true);
    assert.strictEqual(large.opened(doc('file:///big.md', 101)), false);
    assert.strictEqual(large.isSent('file:///big.md'), false, 'its changes and saves are not sent');
    assert.strictEqual(large.closed('file:///big.md'), false, 'nor its close');
    assert.strictEqual(large.closed('file:///a.md'), true);
  });

  it('decides again when a document is opened again', () => {
    const large = new LargeDocuments(100);
    large.opened(doc('file:///n.md', 500));
    large.closed('file:///n.md');
    assert.strictEqual(large.opened(doc('file:///n.md', 50)), true);
    assert.strictEqual(large.isSent('file:///n.md'), true);
  });

  it('sends every note the parser indexes whole, and not a 35 M-character one', () => {
    const large = new LargeDocuments();
    assert.strictEqual(large.opened(doc('file:///2m.md', 2_000_000)), true);
    assert.strictEqual(large.opened(doc('file:///35m.md', 35_000_000)), false);
    assert.ok(MAX_SYNCED_DOCUMENT_CHARS >= 2_000_000);
  });
});
