/** Bad input never throws out of the core; each problem becomes a diagnostic and the rest is indexed. */
import * as assert from 'assert';
import { KnowledgeBase } from '../../server/src/core/knowledgeBase';
import { bundledKnowledgeBase } from './helpers';

describe('bad input', () => {
  let kb: KnowledgeBase;
  before(() => { kb = bundledKnowledgeBase(); });

  it('indexes broken markdown as far as it goes', () => {
    const diagnostics = kb.setNote('file:///ws/broken.md', '# Broken\n```js\nunclosed fence\n## Not a heading\n- [ ] [[ half link\n<div><script>alert(1)</script>\n|a|b\n|-\n');
    assert.deepStrictEqual(diagnostics, []);
    assert.strictEqual(kb.headings('file:///ws/broken.md')[0].title, 'Broken');
  });

  it('reports invalid frontmatter and indexes the body', () => {
    const diagnostics = kb.setNote('file:///ws/fm.md', '---\ntitle: [unclosed\ncompany: : :\n---\n# Body Title\n- 저장 : S3\n');
    assert.strictEqual(diagnostics.length, 1);
    assert.strictEqual(diagnostics[0].severity, 'error');
    assert.match(diagnostics[0].message, /frontmatter/i);
    assert.strictEqual(kb.headings('file:///ws/fm.md')[0].title, 'Body Title');
    assert.strictEqual(kb.headings('file:///ws/fm.md')[0].line, 4, 'lines count from the top of the file');
    const notMapping = kb.setNote('file:///ws/fm2.md', '---\n- just\n- a list\n---\n# Fine\n');
    assert.match(notMapping[0].message, /mapping/);
  });

  it('still reads the plain title and company lines of frontmatter YAML refuses', () => {
    // `title: A: B` is invalid YAML (an unquoted colon); notes write it often.
    const diagnostics = kb.setNote('file:///ws/colon.md', '---\ntitle: Real-world Insights: Anomaly Detection\ncompany: trivago\ntags: [a, b\n---\n# Heading\n');
    assert.strictEqual(diagnostics.length, 1);
    assert.match(diagnostics[0].message, /Invalid frontmatter; read its plain lines \(title, company\) as text/);
    const company = [...kb.graph.allNodes('company')].find((c) => c.title === 'trivago');
    assert.ok(company, 'the company line is read');
    assert.ok(kb.resolveName('Real-world Insights: Anomaly Detection'), 'the title line is read: [[links]] reach the note by it');
    kb.removeNote('file:///ws/colon.md');
  });

  it('accepts empty and whitespace-only notes', () => {
    assert.deepStrictEqual(kb.setNote('file:///ws/empty.md', ''), []);
    assert.deepStrictEqual(kb.setNote('file:///ws/blank.md', '\n\n   \n'), []);
    assert.deepStrictEqual(kb.headings('file:///ws/empty.md'), []);
  });

  it('skips binary files with a diagnostic', () => {
    const binary = String.fromCharCode(0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 13) + 'IHDR\u0000\u0000';
    const diagnostics = kb.setNote('file:///ws/image.md', binary);
    assert.strictEqual(diagnostics[0].severity, 'warning');
    assert.match(diagnostics[0].message, /binary/);
    assert.strictEqual(kb.graph.contribution('file:///ws/image.md')!.nodes.length, 0);
  });

  it('indexes the start of a 20 MB note and says so', () => {
    const section = '## 섹션\n- 수집 : Kafka 로 전송하고 S3 에 저장\n' + '본문 텍스트 '.repeat(50) + '\n';
    const huge = '# Huge Corp Notes\n' + section.repeat(Math.ceil(20_000_000 / section.length));
    assert.ok(huge.length >= 20_000_000);
    const diagnostics = kb.setNote('file:///ws/huge.md', huge);
    assert.strictEqual(diagnostics.length, 1);
    assert.match(diagnostics[0].message, /only the first/);
    assert.ok(kb.headings('file:///ws/huge.md').length > 100);
    assert.strictEqual(kb.search('kafka')[0].title, 'Kafka', 'search still works');
  });

  it('indexes the first 2 M characters of a note that is one long line, and says how much', () => {
    const diagnostics = kb.setNote('file:///ws/one-line.md', `# Short
${'word '.repeat(1_000_000)}`);
    assert.match(diagnostics[0].message, /only the first 2\.0 M are indexed/);
  });

  it('reports a glossary entry without a name and ignores unknown fields', () => {
    const diagnostics = kb.setGlossaryEntry('file:///ws/glossary/x.md', '---\ncategory: streaming\nflavour: spicy\n---\nbody\n');
    assert.match(diagnostics[0].message, /name/);
  });
});
