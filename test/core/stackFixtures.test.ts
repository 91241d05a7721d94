/** Stack detection on six real repositories of different shapes, against the stacks labelled by reading them. */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { bundledKnowledgeBase } from './helpers';
import { measureStacks, stackFixtures } from './stackFixtures';

describe('stack detection on real repositories', () => {
  it('has six repositories of different shapes, each with provenance, licence and its labelled stack', () => {
    const fixtures = stackFixtures();
    assert.ok(fixtures.length >= 6, `${fixtures.length} repositories`);
    assert.ok(new Set(fixtures.map((f) => f.provenance.shape)).size >= 6, 'six shapes');
    for (const f of fixtures) {
      assert.match(f.provenance.commit, /^[0-9a-f]{40}$/, f.dir);
      assert.ok(f.provenance.licence && fs.existsSync(path.join(f.dir, 'LICENSE.upstream')), f.dir);
      assert.ok(f.expected.technologies.length > 0, f.dir);
    }
  });

  it('finds ≥ 0.9 of the labelled technologies with precision ≥ 0.95', () => {
    const result = measureStacks(bundledKnowledgeBase());
    for (const r of result.repos) console.log(`      ${r.repo} (${r.shape}): ${r.detected.length} found; missed ${r.missed.join(', ') || 'none'}; not labelled ${r.wrong.join(', ') || 'none'}`);
    console.log(`      precision ${result.precision.toFixed(3)}, recall ${result.recall.toFixed(3)}`);
    assert.ok(result.recall >= 0.9, `recall ${result.recall.toFixed(3)}`);
    assert.ok(result.precision >= 0.95, `precision ${result.precision.toFixed(3)}`);
  });
});
