/**
 * Real note collections from public repositories (test/fixtures/note-collections, with their
 * provenance and licences): the Architectures view must not invent companies out of ordinary study
 * notes, and must find the companies their authors labelled.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { KnowledgeBase } from '../../server/src/core/knowledgeBase';
import { expandTree, REPO_ROOT } from './helpers';
import { collectionNotes, glossaryKnowledgeBase } from './realNotes';

const COLLECTIONS = path.join(REPO_ROOT, 'test', 'fixtures', 'note-collections');

interface Labels {
  companies: { name: string; file: string; heading: string; architectures: string[] }[];
}

/** The shipped glossary and company list, without the bundled notes: only the collection's own companies. */
function knowledgeBaseOf(collection: string): { kb: KnowledgeBase; notes: number } {
  const kb = glossaryKnowledgeBase();
  const notes = collectionNotes(collection);
  for (const file of notes) kb.setNote(pathToFileURL(file).toString(), fs.readFileSync(file, 'utf8'));
  return { kb, notes: notes.length };
}

const collections = fs.readdirSync(COLLECTIONS).filter((name) => fs.existsSync(path.join(COLLECTIONS, name, 'PROVENANCE.json')));

describe('real note collections', function () {
  this.timeout(30000);
  let total = 0;
  let labelled = 0;
  let found = 0;

  after(() => {
    console.log(`      ${collections.length} collections, ${total} notes; labelled companies found: ${found} of ${labelled}`);
  });

  it('has at least four collections and 1,000 notes, each with provenance and labels', () => {
    assert.ok(collections.length >= 4, collections.join(', '));
    for (const name of collections) {
      const provenance = JSON.parse(fs.readFileSync(path.join(COLLECTIONS, name, 'PROVENANCE.json'), 'utf8'));
      assert.match(provenance.commit, /^[0-9a-f]{40}$/, `${name}: commit`);
      assert.ok(provenance.repo && provenance.licence, `${name}: repo and licence`);
      assert.ok(fs.existsSync(path.join(COLLECTIONS, name, 'LABELS.json')), `${name}: labels`);
    }
  });

  for (const name of collections) {
    it(`${name}: no invented companies, and each labelled company found has its labelled architectures`, () => {
      const labels: Labels = JSON.parse(fs.readFileSync(path.join(COLLECTIONS, name, 'LABELS.json'), 'utf8'));
      const { kb, notes } = knowledgeBaseOf(path.join(COLLECTIONS, name));
      total += notes;
      const companies = expandTree(kb).filter((n) => n.kind === 'company');
      const isLabelled = (title: string) => labels.companies.some((l) => title.toLowerCase().includes(l.name.toLowerCase()) || l.name.toLowerCase().includes(title.toLowerCase()));
      // A company the note's author declared (`company:` in its frontmatter) is theirs, not invented.
      const declared = (title: string) => [...kb.graph.allNodes('company')].some((c) => c.title === title && c.location && /^company:/m.test(fs.readFileSync(new URL(c.location.uri), 'utf8').slice(0, 2000)));
      const invented = companies.filter((c) => !isLabelled(c.label) && !declared(c.label)).map((c) => c.label);
      assert.deepStrictEqual(invented, [], `${name}: invented companies`);
      for (const label of labels.companies) {
        labelled++;
        const company = companies.find((c) => c.label.toLowerCase().includes(label.name.toLowerCase()));
        if (!company) continue; // counted below
        found++;
        const file = pathToFileURL(path.join(COLLECTIONS, name, label.file)).toString();
        for (const architecture of label.architectures) {
          const node = [...kb.graph.nodesOf(file) ?? []].find((n) => n.title === architecture && (n.container ?? '').toLowerCase().startsWith(label.name.toLowerCase()));
          assert.ok(node, `${name}: ${label.name} › ${architecture} in ${label.file}`);
        }
      }
    });
  }

  it('finds the companies labelled in write-up collections (talk notes that name a company inside a heading are not yet)', () => {
    const writeups = collections.filter((name) => JSON.parse(fs.readFileSync(path.join(COLLECTIONS, name, 'PROVENANCE.json'), 'utf8')).kind === 'company-writeups');
    assert.ok(writeups.length > 0);
    for (const name of writeups) {
      const labels: Labels = JSON.parse(fs.readFileSync(path.join(COLLECTIONS, name, 'LABELS.json'), 'utf8'));
      const { kb } = knowledgeBaseOf(path.join(COLLECTIONS, name));
      const titles = expandTree(kb).filter((n) => n.kind === 'company').map((n) => n.label.toLowerCase());
      const missing = labels.companies.filter((l) => !titles.some((t) => t.includes(l.name.toLowerCase())));
      assert.deepStrictEqual(missing.map((l) => l.name), [], name);
    }
  });
});
