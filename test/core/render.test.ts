/** Hover markdown: canonical name first, used-by paths, escaped note text, safe links only. */
import * as assert from 'assert';
import { KnowledgeBase } from '../../server/src/core/knowledgeBase';
import { escapeMarkdown, renderEntityMarkdown, renderTermHover, safeUrl, TermHovers } from '../../server/src/core/render';
import { bundledKnowledgeBase, expandTree } from './helpers';
import { EntityViews } from '../../server/src/features/entityViews';
import { detailsLink } from '../../server/src/features/hover';

describe('rendering', () => {
  let kb: KnowledgeBase;
  before(() => { kb = bundledKnowledgeBase(); });

  it('renders name and category first, then summary, users, related and sources', () => {
    const text = renderEntityMarkdown(new EntityViews(kb).entity('tech:kinesis-data-streams')!, { detailsLink: (id) => `command:dataNotes.showDetails?${encodeURIComponent(JSON.stringify([id]))}` });
    const lines = text.split('\n');
    assert.match(lines[0], /^\*\*Kinesis Data Streams\*\* · \*streaming\*/);
    assert.match(text, /\*\*Used by\*\*\n\n- 당근마켓|Daangn/);
    assert.match(text, /채팅 데이터 파이프라인/);
    assert.match(text, /\*\*Related\*\*/);
    assert.match(text, /\[medium\\\.com\]\(https:\/\/medium\.com\/daangn\//);
    assert.match(text, /\[Show details\]\(command:dataNotes\.showDetails\?%5B%22tech%3Akinesis-data-streams%22%5D\)$/);
  });

  it('keeps a term hover only while the knowledge base is unchanged', () => {
    const local = bundledKnowledgeBase();
    const hovers = new TermHovers(new EntityViews(local));
    const first = hovers.render('kafka');
    assert.strictEqual(first, renderTermHover(new EntityViews(local), 'kafka'));
    assert.strictEqual(hovers.render('kafka'), first);
    assert.ok(!first!.includes('Hovercorp'));
    // A note naming it, then a glossary entry renamed: each shows at once.
    local.setNote('file:///ws/hovercorp.md', '# Hovercorp\n\n## 주문 파이프라인\n- 수집 : Kafka 로 전송\n');
    assert.match(hovers.render('kafka')!, /Hovercorp › 주문 파이프라인/);
    assert.strictEqual(hovers.render('kafka'), renderTermHover(new EntityViews(local), 'kafka'));
    local.setNote('file:///ws/kafka.md', '---\nname: Apache Kafka\naliases: [Kafka]\ncategory: streaming\n---\n고쳐 쓴 요약.\n');
    assert.match(hovers.render('kafka')!, /고쳐 쓴 요약/);
    assert.strictEqual(hovers.render('no-such-entry'), undefined);
  });

  it('lets a caller accept a term hover a moment old while the knowledge base keeps changing', () => {
    const local = bundledKnowledgeBase();
    let now = 0;
    const hovers = new TermHovers(new EntityViews(local), undefined, () => now);
    const before = hovers.render('kafka', 1000);
    local.setNote('file:///ws/late.md', '# Latecorp\n\n## 정산 파이프라인\n- 수집 : Kafka 로 전송\n');
    now = 999;
    assert.strictEqual(hovers.render('kafka', 1000), before, 'up to a second old when the caller allows it');
    assert.match(hovers.render('kafka')!, /Latecorp/, 'never stale when it does not');
    local.setNote('file:///ws/later.md', '# Latercorp\n\n## 로그 파이프라인\n- 수집 : Kafka 로 전송\n');
    now = 2500;
    assert.match(hovers.render('kafka', 1000)!, /Latercorp/, 'made again once older than that');
  });

  it('escapes note text so it cannot inject markup, HTML or links', () => {
    kb.setNote('file:///ws/evil.md', '# <img src=x onerror=alert(1)> Corp\n## [click](command:workbench.action.terminal.new) *pipe*\n- 수집 : Kafka <script>alert(1)</script>\n');
    const evil = expandTree(kb).find((c) => c.label.includes('Corp'));
    assert.ok(evil);
    const text = renderEntityMarkdown(new EntityViews(kb).entity('tech:kafka')!);
    assert.ok(!text.includes('<script>'), 'no raw HTML');
    assert.ok(!text.includes('](command:workbench'), 'no command links from notes');
    assert.match(text, /&lt;img src=x onerror=alert\\\(1\\\)&gt; Corp › click pipe › 수집/, 'link syntax in a heading becomes its text');
    assert.strictEqual(escapeMarkdown('a*b_[c](d)<e>&'), 'a\\*b\\_\\[c\\]\\(d\\)&lt;e&gt;&amp;');
  });

  it('allows only http(s) source links', () => {
    assert.strictEqual(safeUrl('javascript:alert(1)'), undefined);
    assert.strictEqual(safeUrl('command:foo'), undefined);
    assert.strictEqual(safeUrl('https://x.io/a(b)'), 'https://x.io/a%28b%29');
  });

  it("keeps the Show details link whole when an entry's id has brackets or quotes in it", () => {
    const link = detailsLink("data (lake)!'*");
    assert.ok(!/[()!'*\s]/.test(link.slice('command:'.length)), link);
    const markdown = renderEntityMarkdown({ id: 'x', kind: 'technology', title: 'X', aliases: [], summary: '', usedBy: [], usedByCount: 0, flows: [], related: [], sources: [] }, { detailsLink: () => link });
    const target = /\[Show details\]\(([^)]*)\)/.exec(markdown)![1];
    assert.strictEqual(JSON.parse(decodeURIComponent(target.slice(target.indexOf('?') + 1)))[0], "data (lake)!'*");
  });
});
