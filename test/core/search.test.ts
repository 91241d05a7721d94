/** Search over the bundled knowledge: names above body text, Korean as well as English. */
import * as assert from 'assert';
import { KnowledgeBase } from '../../server/src/core/knowledgeBase';
import { jamoKey, jamoOf, SearchIndex } from '../../server/src/core/search';
import { bundledKnowledgeBase } from './helpers';
import { disassemble, getChoseong } from 'es-hangul';
import { hasHangul, squash, toChoseong } from '../../server/src/core/text';

let kb: KnowledgeBase;
const top = (query: string) => kb.search(query, { limit: 10 })[0]?.title;

describe('search', () => {
  before(() => { kb = bundledKnowledgeBase(); });

  it('finds technologies by name, alias and abbreviation', () => {
    assert.strictEqual(top('kafka'), 'Kafka');
    assert.strictEqual(top('Kafka Connect'), 'Kafka Connect');
    assert.strictEqual(top('kafka connect'), 'Kafka Connect');
    assert.strictEqual(top('KDS'), 'Kinesis Data Streams');
    assert.strictEqual(top('protobuf'), 'Protocol Buffers');
    assert.strictEqual(top('k8s'), 'Kubernetes');
  });

  it('finds the notes that mention a technology when it is searched by a name of another language', () => {
    const local = bundledKnowledgeBase();
    local.setNote('file:///ws/streaming.md', '# Stream processing notes\n\n## Consumer groups\n\nEach partition of a topic goes to one consumer; Kafka rebalances on join.\n');
    const korean = local.search('카프카', { limit: 50 });
    assert.strictEqual(korean[0].title, 'Kafka', 'the technology first');
    const mention = korean.find((r) => r.title === 'Consumer groups');
    assert.ok(mention, JSON.stringify(korean.map((r) => r.title)));
    assert.strictEqual(mention.snippet, 'mentions Kafka');
    assert.strictEqual(mention.location?.uri, 'file:///ws/streaming.md');
    assert.ok(korean.indexOf(mention) > 0 && korean.slice(0, korean.indexOf(mention)).every((r) => r.score <= mention.score), 'after what the name matched');
    // Not for a fragment of a name, and not past the limit or outside the kinds asked for.
    assert.ok(!local.search('카프', { limit: 50 }).some((r) => r.snippet === 'mentions Kafka'));
    assert.ok(!local.search('카프카', { limit: 50, kinds: ['technology'] }).some((r) => r.title === 'Consumer groups'));
    assert.ok(local.search('카프카', { limit: 3 }).length <= 3);
  });

  it('leaves out loose fuzzy matches beside much closer ones', () => {
    const titles = (query: string) => kb.search(query, { limit: 10 }).map((r) => r.title);
    assert.deepStrictEqual(titles('kinesis').slice(0, 2), ['Kinesis Data Streams', 'Kinesis Data Firehose']);
    assert.ok(!titles('kinesis').includes('Health check'), titles('kinesis').join(', '));
    assert.strictEqual(titles('카프크')[0], 'Kafka');
    assert.ok(titles('카프크').includes('Kafka Connect'), titles('카프크').join(', '));
    assert.ok(!titles('카프크').includes('Flask'), titles('카프크').join(', '));
    // A typo alone still finds its name, and close runners-up stay.
    assert.strictEqual(titles('promethues')[0], 'Prometheus');
    assert.ok(titles('airflwo').includes('Airflow on Kubernetes'));
  });

  it('cuts body snippets to one line, with the match ranges still on the words', () => {
    const local = bundledKnowledgeBase();
    local.setNote('file:///ws/lines.md', '# Batch notes\n\nFirst line.\n\nSecond line about zorbular retries.\r\n\tIndented third line.\n');
    const hit = local.search('zorbular', { limit: 5 }).find((r) => r.title === 'Batch notes');
    assert.ok(hit, 'found by body text');
    assert.ok(!/[\r\n\t]/.test(hit.snippet), JSON.stringify(hit.snippet));
    assert.ok(hit.snippetMatches.length > 0);
    for (const [start, end] of hit.snippetMatches) assert.strictEqual(hit.snippet.slice(start, end).toLowerCase(), 'zorbular');
  });

  it('answers the same results without snippets when asked not to read note text', () => {
    for (const query of ['kafka', '카프카', '로그 수집', 'ㅋㅍㅋ', 'dynamodb stream']) {
      const full = kb.search(query, { limit: 30 });
      const bare = kb.search(query, { limit: 30, snippets: false });
      assert.ok(full.length > 0, query);
      assert.deepStrictEqual(bare.map((r) => [r.id, r.title, r.location]), full.map((r) => [r.id, r.title, r.location]), query);
      assert.ok(bare.every((r) => r.snippet === '' && r.snippetMatches.length === 0), query);
      assert.ok(full.some((r) => r.snippet !== ''), query);
    }
  });

  it('spells names the same way when indexing as when querying', () => {
    // The index uses the fast `jamoOf`; queries use `jamoKey`, which also maps back to the text.
    for (const name of ['Kafka Connect', '카프카', '로그 수집 (Fluentd)', 'ㅘ와 ㄳ', 'Pub/Sub', 'ÉCOLE Straße', '다이나모DB_v2']) {
      assert.strictEqual(jamoOf(name), jamoKey(name).jamo, name);
    }
    assert.strictEqual(jamoOf('카프카'), 'ㅋㅏㅍㅡㅋㅏ');
  });

  it('spells jamo and initial consonants character by character exactly as es-hangul does for the whole text', () => {
    // text.ts remembers the library's answer per character; on mixed text it must give the library's result.
    let seed = 7;
    const next = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
    const ranges = [[0xac00, 0xd7a3], [0x3131, 0x318e], [0x1100, 0x11ff], [0x20, 0x7e], [0x4e00, 0x4e50], [0xa0, 0x17f]];
    for (let k = 0; k < 3000; k++) {
      let text = k % 2 ? '가' : '';
      for (let i = 0; i < 1 + (k % 12); i++) {
        const [from, to] = ranges[Math.floor(next() * ranges.length)];
        text += String.fromCharCode(from + Math.floor(next() * (to - from)));
      }
      const squashed = squash(text);
      const libraryJamo = hasHangul(squashed) ? squashed.replace(/[\uac00-\ud7a3]+/g, (run) => disassemble(run)) : squashed;
      assert.strictEqual(jamoOf(text), libraryJamo, JSON.stringify(text));
      assert.strictEqual(toChoseong(text), hasHangul(text) ? getChoseong(text.normalize('NFC')).replace(/\s+/g, '') : '', JSON.stringify(text));
    }
  });

  it('finds Korean aliases, Hangul typos and initial consonants', () => {
    assert.strictEqual(top('카프카'), 'Kafka');
    assert.strictEqual(top('키네시스'), 'Kinesis Data Streams');
    assert.strictEqual(top('쿠버네티스'), 'Kubernetes');
    assert.strictEqual(top('카프크'), 'Kafka', 'one jamo off');
    assert.strictEqual(top('ㅋㅍㅋ'), 'Kafka');
    assert.strictEqual(top('ㄷㅇㄴㅁㄷㅂ'), 'DynamoDB');
    assert.strictEqual(top('ㅋㅂㄴㅌㅅ'), 'Kubernetes');
  });

  it('tolerates English typos', () => {
    assert.strictEqual(top('kafak'), 'Kafka');
    assert.strictEqual(top('kubernets'), 'Kubernetes');
    assert.strictEqual(top('elasticsaerch'), 'Elasticsearch');
  });

  it('finds companies, architectures, stages and sections with their containers', () => {
    assert.match(top('당근마켓')!, /당근마켓/);
    assert.match(top('watcha')!, /Watcha/);
    const chat = kb.search('채팅 데이터 파이프라인')[0];
    assert.strictEqual(chat.kind, 'architecture');
    assert.match(chat.container!, /당근마켓/);
    assert.ok(chat.location && chat.location.startLine > 0);
    const shopping = kb.search('쇼핑 플랫폼')[0];
    assert.strictEqual(shopping.title, '쇼핑 플랫폼');
    assert.match(shopping.container!, /LINE/);
  });

  it('ranks names above body text and finds words in bodies with a snippet', () => {
    const results = kb.search('Kafka');
    assert.strictEqual(results[0].kind, 'technology');
    const body = kb.search('throttle');
    assert.ok(body.length > 0, 'a word only in a note body');
    assert.ok(body[0].snippet.toLowerCase().includes('throttle'));
    const [start, end] = body[0].snippetMatches[0];
    assert.strictEqual(body[0].snippet.slice(start, end).toLowerCase(), 'throttle');
    const both = kb.search('throttle 위험');
    assert.ok(both.some((r) => r.snippet.includes('throttle') && r.snippet.includes('위험')), 'every word of a multi-word query, by prefix');
    assert.ok(!kb.search('throttle 딥러닝').some((r) => r.score >= 1), 'no body holds both words');
  });

  it('marks where a title matched, filters by kind and respects the limit', () => {
    const hit = kb.search('kafka')[0];
    assert.deepStrictEqual(hit.titleMatches, [[0, 5]]);
    assert.ok(kb.search('a', { limit: 3 }).length <= 3);
    assert.ok(kb.search('kafka', { kinds: ['company'] }).every((r) => r.kind === 'company'));
    assert.deepStrictEqual(kb.search('   '), []);
    assert.deepStrictEqual(kb.search('zzzqqqxxx'), []);
  });

  it('finds a typo among thousands of names that share its common grams', () => {
    const index = new SearchIndex();
    const words = ['elastic load balancer', 'search service', 'research notes', 'plastic parts', 'elastic net regression'];
    for (let i = 0; i < 20000; i++) index.add({ id: `n${i}`, kind: 'section', title: `${words[i % words.length]} ${i}`, aliases: [] });
    index.add({ id: 'tech:elasticsearch', kind: 'technology', title: 'Elasticsearch', aliases: ['엘라스틱서치'] });
    assert.strictEqual(index.search('elasticsaerch')[0].id, 'tech:elasticsearch');
    assert.strictEqual(index.search('엘라스틱서지')[0].id, 'tech:elasticsearch');
    assert.strictEqual(index.search('ㅇㄹㅅㅌㅅㅊ')[0].id, 'tech:elasticsearch');
  });

  it('compacts in steps, answering searches with the old lists until the new ones take over; a write stops it', () => {
    const index = new SearchIndex();
    for (let i = 0; i < 12_000; i++) index.add({ id: `n${i}`, kind: 'section', title: `note ${i} kafka`, aliases: [`별칭 ${i}`], body: `body word${i % 50} zeppelin${i}` });
    for (let i = 0; i < 8_000; i++) index.remove(`n${i}`);
    assert.ok(index.worthCompacting);
    const expected = (q: string) => index.search(q, { limit: 10 }).map((r) => r.id);
    const queries = ['note 9000 kafka', '별칭 11999', 'zeppelin8500', 'word7'];
    const before = queries.map(expected);
    const steps = index.compactInSteps();
    let count = 0;
    for (let step = steps.next(); !step.done; step = steps.next()) {
      count++;
      assert.deepStrictEqual(queries.map(expected), before, `step ${count}`);
    }
    assert.ok(count >= 5, `${count} steps`);
    assert.ok(!index.worthCompacting);
    assert.deepStrictEqual(queries.map(expected), before, 'the same answers from the new lists');
    // A write between steps: the compaction stops, having changed nothing, and can start again.
    for (let i = 8_000; i < 10_000; i++) index.remove(`n${i}`);
    const interrupted = index.compactInSteps();
    interrupted.next();
    index.add({ id: 'late', kind: 'section', title: 'late arrival', aliases: [] });
    let result = interrupted.next();
    while (!result.done) result = interrupted.next();
    assert.strictEqual(result.value, false);
    assert.strictEqual(index.search('late arrival')[0].id, 'late');
    assert.ok(index.compactIfWorthIt());
    assert.strictEqual(index.search('late arrival')[0].id, 'late');
    assert.strictEqual(index.search('note 11999 kafka')[0].id, 'n11999');
    assert.strictEqual(index.size, 2001);
  });

  it('keeps working after many removals (compaction)', () => {
    const index = new SearchIndex();
    for (let i = 0; i < 3000; i++) index.add({ id: `n${i}`, kind: 'section', title: `note ${i} kafka`, aliases: [] });
    for (let i = 0; i < 2900; i++) index.remove(`n${i}`);
    assert.ok(index.compactIfWorthIt(), 'compacted once most documents are removed');
    assert.ok(!index.compactIfWorthIt(), 'and not again with nothing removed');
    assert.strictEqual(index.size, 100);
    const results = index.search('note 2950 kafka', { limit: 200 });
    assert.ok(results.every((r) => Number(r.id.slice(1)) >= 2900));
    assert.strictEqual(results[0].id, 'n2950');
    // Bodies and aliases survive the renumbering; removed documents' names and words are gone.
    index.add({ id: 'late', kind: 'section', title: 'late arrival', aliases: ['straggler'], body: 'written after the compaction about zeppelin' });
    for (let i = 2900; i < 2990; i++) index.remove(`n${i}`);
    index.compactIfWorthIt();
    assert.strictEqual(index.size, 11);
    assert.strictEqual(index.search('zeppelin')[0].id, 'late');
    assert.match(index.search('zeppelin')[0].snippet, /zeppelin/);
    assert.strictEqual(index.search('straggler')[0].id, 'late');
    assert.deepStrictEqual(index.search('note 10 kafka').map((r) => r.id).filter((id) => Number(id.slice(1)) < 2990), []);
  });
});
