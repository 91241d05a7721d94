/**
 * Notes written to hurt (issue 16): each case once took the server minutes or gigabytes. The
 * bounds are generous (a second for what is now milliseconds; the quadratic versions took from
 * 11 s to hours), so they fail only if the cost grows back, never because the machine is slow.
 */
import * as assert from 'assert';
import { FRONTMATTER_LIMITS } from '../../server/src/core/frontmatter';
import { KnowledgeBase } from '../../server/src/core/knowledgeBase';
import { MAX_HEADINGS } from '../../server/src/core/noteParser';
import { bundledKnowledgeBase } from './helpers';

function timed<T>(work: () => T): { value: T; ms: number } {
  const start = performance.now();
  const value = work();
  return { value, ms: performance.now() - start };
}

const LONG = 100_000;

describe('adversarial notes', function () {
  this.timeout(60000);
  let kb: KnowledgeBase;
  before(() => { kb = bundledKnowledgeBase(); });

  it('bounds YAML anchors repeated in the frontmatter (alias amplification)', () => {
    const big = 'x'.repeat(30_000);
    const text = `---\nbig: &big "${big}"\naliases: [${Array(4000).fill('*big').join(', ')}]\ntags: [${Array(3000).fill('*big').join(', ')}]\n---\n# Control\n- 저장 : S3\n`;
    const { ms } = timed(() => kb.setNote('file:///ws/bomb.md', text));
    assert.ok(ms < 1000, `${ms.toFixed(0)} ms`);
    const note = kb.note('file:///ws/bomb.md')!;
    assert.ok(note.aliases.length <= FRONTMATTER_LIMITS.listItems && note.aliases.every((a) => a.length <= FRONTMATTER_LIMITS.valueChars));
    assert.ok(note.tags.length <= FRONTMATTER_LIMITS.listItems);
    assert.ok(kb.search('Control').some((r) => r.title === 'Control'), 'the note is indexed');
  });

  it('reads a frontmatter over the size limit as plain lines, with a diagnostic', () => {
    const text = `---\ntitle: Huge\nnotes: "${'y'.repeat(FRONTMATTER_LIMITS.chars)}"\n---\n# Body\n`;
    const diagnostics = kb.setNote('file:///ws/huge-fm.md', text);
    assert.match(diagnostics[0]?.message ?? '', /over the 64 KB/);
    assert.strictEqual(kb.note('file:///ws/huge-fm.md')!.title, 'Huge');
  });

  it('parses heading-like, group-like and bracket lines of 100k characters in linear time', () => {
    const lines = [
      `#${' '.repeat(LONG)}x\r`, // ATX heading with a long run of spaces and a carriage return
      `## a${' \t'.repeat(LONG / 2)}#${' '.repeat(LONG)}b`,
      `[${' '.repeat(LONG)}a${' '.repeat(LONG)}`, // group line never closed
      `## ${'[ '.repeat(LONG / 2)}`, // a title of unclosed brackets
      `- 수집 : ${'a '.repeat(LONG / 2)}`, // a stage bullet
    ];
    for (const line of lines) {
      const text = `# Top\n${line}\n## Control\n- 저장 : S3\n`;
      const full = timed(() => kb.setNote('file:///ws/long-line.md', text));
      const names = timed(() => kb.setNoteNames('file:///ws/long-line-names.md', text));
      assert.ok(full.ms < 1000 && names.ms < 1000, `${JSON.stringify(line.slice(0, 20))}…: ${full.ms.toFixed(0)} / ${names.ms.toFixed(0)} ms`);
      assert.ok(kb.headings('file:///ws/long-line.md').some((h) => h.title === 'Control'));
    }
  });

  it('recognises terms on lines of 100k characters in linear time', () => {
    const lines = [
      `${' '.repeat(LONG)}find . -name x`, // command position after a long run
      `${'<'.repeat(LONG / 2)}> out`,
      `(( ${'n '.repeat(LONG / 2)}< 3 ))`,
      `${'. '.repeat(LONG / 2)}Go`,
      `import ${'a.'.repeat(LONG / 2)}consul`,
    ];
    for (const line of lines) {
      for (const languageId of ['shellscript', 'markdown', 'python']) {
        const { ms } = timed(() => {
          kb.vocabulary.matcher.findAll(line, { languageId });
          kb.termAt(line, line.length - 2, { languageId });
          kb.confirmedIn(line, { languageId, path: 'x.py' });
        });
        assert.ok(ms < 1000, `${languageId} ${JSON.stringify(line.slice(-20))}: ${ms.toFixed(0)} ms`);
      }
    }
  });

  it('indexes the first 10,000 headings of a note of 100,000, in linear time, and says so', () => {
    const text = '# Control\n- 저장 : S3\n' + Array.from({ length: 100_000 }, (_, i) => `## Heading ${i}`).join('\n') + '\n';
    const names = timed(() => kb.setNoteNames('file:///ws/many-headings.md', text));
    assert.strictEqual(kb.headings('file:///ws/many-headings.md').length, MAX_HEADINGS, 'the names pass stops where the parse does');
    const full = timed(() => kb.setNote('file:///ws/many-headings.md', text));
    assert.ok(names.ms < 5000 && full.ms < 15000, `names ${names.ms.toFixed(0)} ms, full ${full.ms.toFixed(0)} ms`);
    const headings = kb.headings('file:///ws/many-headings.md');
    assert.strictEqual(headings.length, MAX_HEADINGS);
    assert.strictEqual(headings[0].title, 'Control');
    assert.strictEqual(headings.at(-1)!.title, `Heading ${MAX_HEADINGS - 2}`);
    const warning = kb.diagnostics('file:///ws/many-headings.md').find((d) => /more than 10,000 headings/.test(d.message));
    assert.strictEqual(warning?.line, MAX_HEADINGS + 1, 'at the line of the first heading left out');
    assert.ok(kb.search('Control').some((r) => r.location?.uri === 'file:///ws/many-headings.md'));
    kb.removeNote('file:///ws/many-headings.md');
  });

  it('counts setext headings, and not headings inside fenced code, towards the limit', () => {
    const setext = Array.from({ length: MAX_HEADINGS + 5 }, (_, i) => `Heading ${i}\n---`).join('\n');
    kb.setNote('file:///ws/setext.md', setext);
    assert.strictEqual(kb.headings('file:///ws/setext.md').length, MAX_HEADINGS);
    const fenced = '```\n' + Array.from({ length: MAX_HEADINGS + 5 }, (_, i) => `# not a heading ${i}`).join('\n') + '\n```\n# Real\n';
    kb.setNote('file:///ws/fenced.md', fenced);
    assert.deepStrictEqual(kb.headings('file:///ws/fenced.md').map((h) => h.title), ['Real']);
    assert.ok(!kb.diagnostics('file:///ws/fenced.md').some((d) => /headings/.test(d.message)));
  });

  it('reads twenty thousand wiki links on one line, each once', () => {
    const text = `# Links\n${Array.from({ length: 20_000 }, (_, i) => `[[n${i}]]`).join(' ')}\n`;
    const { ms } = timed(() => kb.setNote('file:///ws/links.md', text));
    assert.ok(ms < 3000, `${ms.toFixed(0)} ms`);
    assert.strictEqual(kb.wikiLinks('file:///ws/links.md').length, 20_000);
  });
});
