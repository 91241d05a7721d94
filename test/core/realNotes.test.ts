/**
 * Search over real public notes (test/fixtures/note-collections, 2,963 notes) with labelled
 * queries in Korean, English, with typos and initial consonants, and Korean queries for notes
 * written in English (test/fixtures/note-search-queries.json).
 */
import * as assert from 'assert';
import { KnowledgeBase } from '../../server/src/core/knowledgeBase';
import { measureMentions, mentionSample } from './noteMentions';
import { measureSearch, realNotesKnowledgeBase, searchQueryCases } from './realNotes';

describe('search over real notes', function () {
  this.timeout(60000);
  let kb: KnowledgeBase;
  before(() => {
    kb = realNotesKnowledgeBase().kb;
  });

  it('puts an expected note in the top five for ≥ 90 % of 50+ labelled queries, every kind included', () => {
    const cases = searchQueryCases();
    assert.ok(cases.length >= 50, `${cases.length} queries`);
    const result = measureSearch(kb, cases);
    const kinds = [...result.byKind].map(([kind, k]) => `${kind} ${k.passed}/${k.total}`).join(', ');
    console.log(`      ${result.passed}/${result.total} (${kinds})`);
    for (const kind of ['en', 'ko', 'ko-for-en', 'typo', 'chosung']) assert.ok(result.byKind.get(kind)?.total, `no ${kind} queries`);
    assert.ok(result.passed / result.total >= 0.9, `${result.passed}/${result.total}:\n${result.failures.join('\n')}`);
  });

  it('links technologies in notes with precision ≥ 0.95 on a labelled sample of 300, losing few right links', () => {
    const sample = mentionSample();
    assert.ok(sample.length >= 300, `${sample.length} labelled mentions`);
    const result = measureMentions(kb, sample);
    console.log(`      mentions: precision ${result.precision.toFixed(3)} (${result.correct}/${result.stillFound} still made), ${result.lost.length} right ones no longer made`);
    assert.ok(result.precision >= 0.95, `precision ${result.precision.toFixed(3)}; still wrong:\n${result.wrong.join('\n')}`);
    const right = sample.filter((m) => m.correct).length;
    assert.ok(result.lost.length <= right * 0.05, `${result.lost.length} of ${right} right mentions lost:\n${result.lost.join('\n')}`);
  });

  it('reaches notes written in English from a Korean name, and lists them before other entries', () => {
    const titles = kb.search('카프카', { limit: 10 }).map((r) => r.title);
    assert.strictEqual(titles[0], 'Kafka', 'the entry first');
    const notes = kb.search('카프카', { limit: 10 }).filter((r) => !r.id.startsWith('tech:'));
    assert.ok(notes.slice(0, 4).some((r) => /Queue|Kafka/.test(r.title)), titles.join(', '));
  });
});
