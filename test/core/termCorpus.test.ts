/**
 * The labelled corpus of real-looking code lines (test/fixtures/term-corpus.json):
 * each case puts the cursor in the middle of `target` and says which technology a
 * reader would expect there, or none. Reports precision and recall over all cases.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { bundledKnowledgeBase, REPO_ROOT } from './helpers';

interface Case { lang: string; text: string; target: string; occurrence?: number; expect: string | null }

const cases: Case[] = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'test/fixtures/term-corpus.json'), 'utf8'));

function cursorOf(c: Case): number {
  let at = -1;
  for (let n = 0; n < (c.occurrence ?? 1); n++) at = c.text.indexOf(c.target, at + 1);
  if (at < 0) throw new Error(`target not in text: ${c.target}`);
  return at + Math.floor(c.target.length / 2);
}

describe('term recognition corpus', () => {
  it('has at least 150 labelled lines across the languages', () => {
    assert.ok(cases.length >= 150, `${cases.length} cases`);
    const languages = new Set(cases.map((c) => c.lang));
    for (const lang of ['typescript', 'go', 'python', 'java', 'yaml', 'terraform', 'dockerfile', 'shellscript', 'sql', 'proto', 'markdown']) {
      assert.ok(languages.has(lang), `no ${lang} cases`);
    }
  });

  it('reaches precision ≥ 0.97 and recall ≥ 0.95', () => {
    const kb = bundledKnowledgeBase();
    let truePositives = 0;
    let falsePositives = 0;
    let falseNegatives = 0;
    const misses: string[] = [];
    for (const c of cases) {
      const hit = kb.termAt(c.text, cursorOf(c), { languageId: c.lang });
      const got = hit?.entry.id ?? null;
      if (got === c.expect) {
        if (got) truePositives++;
      } else {
        if (got) falsePositives++;
        if (c.expect) falseNegatives++;
        misses.push(`  [${c.lang}] ${JSON.stringify(c.text)} @ ${JSON.stringify(c.target)}: expected ${c.expect}, got ${got}`);
      }
    }
    const precision = truePositives / (truePositives + falsePositives);
    const recall = truePositives / (truePositives + falseNegatives);
    console.log(`      corpus: ${cases.length} lines, precision ${precision.toFixed(3)}, recall ${recall.toFixed(3)} (TP ${truePositives}, FP ${falsePositives}, FN ${falseNegatives})`);
    if (misses.length) console.log(misses.join('\n'));
    assert.ok(precision >= 0.97, `precision ${precision.toFixed(3)}`);
    assert.ok(recall >= 0.95, `recall ${recall.toFixed(3)}`);
  });
});
