/** The compact string index and the postings pool against plain Maps, through growth, rebuilds and deletions. */
import * as assert from 'assert';
import { Postings } from '../../server/src/core/storage/postings';
import { StringIndex } from '../../server/src/core/storage/stringIndex';

describe('string index', () => {
  it('answers like a Map through 20k additions, replacements and deletions', () => {
    // Keys as the graph makes them: long shared prefixes, differing in the last digits.
    const keyOf = (n: number) => `stage:mIdaWAluygGc#${n % 5000}|${Math.floor(n / 5000)}`;
    const strings: (string | undefined)[] = [];
    const index = new StringIndex((n) => strings[n]);
    const model = new Map<string, number>();
    let seed = 7;
    const random = (below: number) => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) >>> 8) % below;
    for (let step = 0; step < 20000; step++) {
      const n = random(8000);
      const key = keyOf(n);
      const op = random(10);
      if (op < 6) {
        strings[n] = key;
        index.set(n);
        model.set(key, n);
      } else {
        assert.strictEqual(index.delete(key), model.delete(key), `delete ${key}`);
        strings[n] = undefined; // after deleting, as its owners do
      }
      if (step % 1000 === 0 || step > 19900) {
        assert.strictEqual(index.size, model.size);
        for (let m = 0; m < 8000; m++) assert.strictEqual(index.get(keyOf(m)), model.get(keyOf(m)), `step ${step}: ${keyOf(m)}`);
      }
    }
    assert.ok(model.size > 3000, 'the test kept a large index');
    assert.strictEqual(index.get('absent'), undefined);
    assert.strictEqual(index.has('absent'), false);
    index.clear();
    assert.strictEqual(index.size, 0);
    assert.strictEqual(index.get(keyOf(1)), undefined);
  });

  it('tells apart long strings that differ only in the middle (the hash skips it)', () => {
    const keyOf = (n: number) => `Architecture ${'·'.repeat(20)}${String(n).padStart(4, '0')}${' 로그 수집 파이프라인 '.repeat(3)}`;
    const strings = Array.from({ length: 500 }, (_, n) => keyOf(n));
    const index = new StringIndex((n) => strings[n]);
    strings.forEach((_, n) => index.set(n));
    for (let n = 0; n < 500; n += 2) assert.ok(index.delete(keyOf(n)));
    for (let n = 0; n < 500; n++) assert.strictEqual(index.get(keyOf(n)), n % 2 ? n : undefined, keyOf(n));
    assert.strictEqual(index.size, 250);
  });

  it('replaces the number of a string it already has', () => {
    const strings = ['a', 'b', 'a'];
    const index = new StringIndex((n) => strings[n]);
    index.set(0);
    index.set(1);
    index.set(2);
    assert.strictEqual(index.size, 2);
    assert.strictEqual(index.get('a'), 2);
    assert.strictEqual(index.get('b'), 1);
  });
});

describe('postings pool', () => {
  it('keeps every list as added through pool rebuilds and trims', () => {
    const postings = new Postings();
    const model = new Map<string, number[]>();
    let seed = 3;
    const random = (below: number) => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) >>> 8) % below;
    for (let step = 0; step < 200_000; step++) {
      // A few popular keys get most numbers, as common words do.
      const key = `w${random(4) === 0 ? random(3000) : random(8)}`;
      postings.add(key, step);
      let list = model.get(key);
      if (!list) model.set(key, (list = []));
      list.push(step);
      if (step % 50_000 === 49_999) postings.settle();
    }
    assert.deepStrictEqual(new Set(postings.keys()), new Set(model.keys()));
    for (const [key, list] of model) assert.deepStrictEqual([...postings.get(key)], list, key);
    assert.deepStrictEqual([...postings.get('absent')], []);
  });
});
