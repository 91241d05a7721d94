/**
 * Stack detection measured on six real public repositories of different shapes
 * (test/fixtures/stacks: their declaration files as they are upstream, with provenance and the
 * stack a reader lists from them in EXPECTED.json). Shared by the test and the benchmark.
 */
import * as fs from 'fs';
import * as path from 'path';
import { KnowledgeBase } from '../../server/src/core/knowledgeBase';
import { StackScanner } from '../../server/src/stackScanner';

export const STACKS_DIR = path.join(__dirname, '../../../test/fixtures/stacks');

export interface StackFixtureResult {
  repo: string;
  shape: string;
  expected: number;
  detected: string[];
  missed: string[];
  wrong: string[];
}

export function stackFixtures(): { dir: string; provenance: { repo: string; commit: string; licence: string; shape: string; paths: string[] }; expected: { technologies: { id: string }[]; optional?: { id: string }[] } }[] {
  return fs.readdirSync(STACKS_DIR, { withFileTypes: true }).filter((e) => e.isDirectory() && fs.existsSync(path.join(STACKS_DIR, e.name, 'EXPECTED.json'))).map((e) => ({
    dir: path.join(STACKS_DIR, e.name),
    provenance: JSON.parse(fs.readFileSync(path.join(STACKS_DIR, e.name, 'PROVENANCE.json'), 'utf8')),
    expected: JSON.parse(fs.readFileSync(path.join(STACKS_DIR, e.name, 'EXPECTED.json'), 'utf8')),
  }));
}

/** Detection over every fixture, as the extension scans a workspace; precision and recall over all of them. */
export function measureStacks(kb: KnowledgeBase): { repos: StackFixtureResult[]; precision: number; recall: number } {
  const repos: StackFixtureResult[] = [];
  let found = 0;
  let wanted = 0;
  let detectedCount = 0;
  let correct = 0;
  for (const fixture of stackFixtures()) {
    const detected = new StackScanner((name) => kb.technologiesNamed(name)).scan([fixture.dir]).technologies.map((t) => t.id);
    const expected = new Set(fixture.expected.technologies.map((t) => t.id));
    const optional = new Set((fixture.expected.optional ?? []).map((t) => t.id));
    const missed = [...expected].filter((id) => !detected.includes(id));
    const wrong = detected.filter((id) => !expected.has(id) && !optional.has(id));
    wanted += expected.size;
    found += expected.size - missed.length;
    detectedCount += detected.filter((id) => !optional.has(id) || expected.has(id)).length;
    correct += detected.filter((id) => expected.has(id)).length;
    repos.push({ repo: fixture.provenance.repo, shape: fixture.provenance.shape, expected: expected.size, detected, missed, wrong });
  }
  return { repos, precision: correct / Math.max(1, detectedCount), recall: found / Math.max(1, wanted) };
}
