/**
 * Term recognition on real public code (test/fixtures/real-code, with provenance and licences):
 * every character of every file hovered, as in the editor. See realCode.ts for how it is counted.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { bundledKnowledgeBase } from './helpers';
import { measureRealCode, REAL_CODE_DIR, realCodeFixtures } from './realCode';

describe('term recognition on real code', function () {
  this.timeout(60000);

  it('has 4,000+ lines in 10+ languages from 20+ repositories, each file with its provenance and licence', () => {
    const fixtures = realCodeFixtures();
    for (const fixture of fixtures) {
      assert.ok(fixture.provenance, `${fixture.file}: no provenance`);
      assert.match(fixture.provenance.commit, /^[0-9a-f]{40}$/, `${fixture.file}: commit`);
      assert.ok(fixture.provenance.licence, `${fixture.file}: licence`);
      const owner = fixture.file.split('/')[0];
      assert.ok(fs.existsSync(path.join(REAL_CODE_DIR, owner, 'LICENSE.upstream')), `${owner}: LICENSE.upstream`);
    }
    const result = measureRealCode(bundledKnowledgeBase());
    assert.ok(result.lines >= 4000, `${result.lines} lines`);
    assert.ok(result.languages.size >= 10, [...result.languages.keys()].join(', '));
    assert.ok(result.repositories >= 20, `${result.repositories} repositories`);
  });

  it('finds ≥ 0.92 of the labelled mentions, with precision ≥ 0.98', () => {
    const result = measureRealCode(bundledKnowledgeBase());
    console.log(`      ${result.files} files, ${result.lines} lines: recall ${result.recall.toFixed(3)} (${result.found}/${result.required}), precision ${result.precision.toFixed(3)} (${result.correctSpans}/${result.spans})`);
    if (result.wrong.length) console.log(result.wrong.slice(0, 10).map((w) => `        wrong: ${w}`).join('\n'));
    assert.ok(result.recall >= 0.92, `recall ${result.recall.toFixed(3)}; first misses:\n${result.misses.slice(0, 20).join('\n')}`);
    assert.ok(result.precision >= 0.98, `precision ${result.precision.toFixed(3)}:\n${result.wrong.slice(0, 20).join('\n')}`);
  });

  it('does not let an import of a longer name confirm a word inside it', () => {
    const kb = bundledKnowledgeBase();
    const java = 'import org.apache.flink.ml.linalg.DenseVector;\nDenseVector v = new DenseVector(3);\n';
    const confirmed = kb.confirmedIn(java, { languageId: 'java', path: 'src/Kmeans.java' });
    assert.ok(!confirmed.has('vector'), [...confirmed].join(', '));
    const python = 'from delta.tables import DeltaTable\ndf.write.format("delta").save(path)\n';
    const inPython = kb.confirmedIn(python, { languageId: 'python', path: 'jobs/merge.py' });
    assert.ok(inPython.has('delta-lake'));
    const line = 'df.write.format("delta").save(path)';
    assert.strictEqual(kb.termAt(line, line.indexOf('delta') + 1, { languageId: 'python', confirmed: inPython })?.entry.id, 'delta-lake');
    assert.strictEqual(kb.termAt(line, line.indexOf('delta') + 1, { languageId: 'python' }), undefined, 'without the import, delta is a word');
  });
});
