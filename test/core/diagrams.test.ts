/** Architecture diagrams, their mermaid text, comparisons and neighbourhoods, over the bundled notes. */
import * as assert from 'assert';
import { KnowledgeBase } from '../../server/src/core/knowledgeBase';
import { Diagrams, phaseOf, toMermaid } from '../../server/src/features/diagrams';
import { bundledKnowledgeBase } from './helpers';

describe('architecture diagrams', () => {
  let kb: KnowledgeBase;
  let diagrams: Diagrams;
  before(() => {
    kb = bundledKnowledgeBase();
    diagrams = new Diagrams(kb);
  });

  it("draws SOCAR's deep learning service: stages in order, their technologies, Fluentd → S3 inside log collection", () => {
    const [arch] = diagrams.diagram(['arch:socar/딥러닝-서비스']).architectures;
    assert.strictEqual(arch.container, 'SOCAR (쏘카)');
    assert.deepStrictEqual(arch.stages.map((s) => s.label), ['이미지 수집', '사내 시스템 - 모델', '로그 수집', '배포', '스케일링', '모니터링']);
    const titles = new Set(arch.stages.flatMap((s) => s.technologies.map((t) => t.title)));
    for (const name of ['S3', 'SQS', 'Fluentd', 'Kubernetes', 'Prometheus']) assert.ok(titles.has(name), name);
    assert.ok(arch.flows.some((f) => f.from === 'tech:fluentd' && f.to === 'tech:s3'));
    assert.ok(arch.stages.every((s) => s.location && s.location.startLine > 0), 'every stage opens its bullet');
    const mermaid = toMermaid([arch]);
    // The flow is drawn between the boxes of the stage that names both, not to S3 of image collection.
    const box = (stage: number, title: string) => `a0s${stage}t${arch.stages[stage].technologies.findIndex((t) => t.title === title)}`;
    assert.ok(mermaid.includes(`${box(2, 'Fluentd')} -.-> ${box(2, 'S3')}`), mermaid);
  });

  it('writes every bundled architecture as mermaid a renderer can take: balanced subgraphs, quoted labels, stages linked in order', () => {
    for (const arch of kb.graph.allNodes('architecture')) {
      const { mermaid, architectures } = diagrams.diagram([arch.id]);
      const lines = mermaid.trimEnd().split('\n');
      assert.strictEqual(lines[0], 'flowchart LR');
      const opened = lines.filter((l) => /^\s*subgraph /.test(l)).length;
      assert.strictEqual(opened, lines.filter((l) => /^\s*end$/.test(l)).length, arch.id);
      assert.strictEqual(opened, architectures[0].stages.length, arch.id);
      for (const line of lines.slice(1)) {
        assert.match(line, /^\s*(subgraph \w+\["[^"]*"\]|end|\w+\["[^"]*"\]|\w+ --> \w+|\w+ -\.-> \w+|direction LR)$/, `${arch.id}: ${line}`);
      }
      assert.strictEqual(lines.filter((l) => / --> /.test(l)).length, Math.max(0, architectures[0].stages.length - 1));
    }
  });

  it('escapes note text in mermaid labels', () => {
    const mermaid = toMermaid([{ id: 'a', title: 'T', stages: [{ id: 's', label: 'say "hi" <b>#1</b> & more', technologies: [{ id: 't', title: 'x"]; click' }] }], flows: [] }]);
    assert.ok(!mermaid.includes('<b>') && !mermaid.includes('"hi"') && !mermaid.includes('x"]'), mermaid);
    assert.match(mermaid, /#quot;hi#quot; #lt;b#gt;#35;1/);
  });

  it("compares architectures side by side, marking the technologies they share and naming each stage's step", () => {
    const view = diagrams.diagram(['arch:daangn/채팅-데이터-파이프라인', 'arch:watcha/로그-분석-플랫폼', 'arch:airbnb/로그-시스템', 'nope']);
    assert.strictEqual(view.architectures.length, 3, 'unknown ids are left out');
    const used = view.architectures.map((a) => new Set(a.stages.flatMap((s) => s.technologies.map((t) => t.id))));
    for (const shared of view.sharedTechnologies) assert.ok(used.filter((u) => u.has(shared)).length >= 2, shared);
    assert.ok(view.sharedTechnologies.length > 0);
    assert.strictEqual(view.mermaid.split('\n').filter((l) => /^ {2}subgraph a\d\["/.test(l)).length, 3, 'one subgraph per architecture');
    assert.strictEqual(phaseOf('로그 수집'), 'collect');
    assert.strictEqual(phaseOf('데이터 적재'), 'store');
    assert.strictEqual(phaseOf('모니터링'), 'monitor');
  });
});

describe('neighbourhoods', () => {
  it("draws Kafka's users with their companies, and its related technologies", () => {
    const kb = bundledKnowledgeBase();
    const hood = new Diagrams(kb).neighbourhood('tech:kafka')!;
    assert.strictEqual(hood.center.title, 'Kafka');
    const titles = hood.nodes.map((n) => n.title);
    assert.ok(titles.includes('LINE (라인)') && titles.includes('쇼핑 플랫폼'), titles.join(', '));
    assert.ok(hood.nodes.some((n) => n.kind === 'technology' && n.title === 'Kafka Connect'));
    for (const edge of hood.edges) for (const end of [edge.from, edge.to]) assert.ok(end === 'tech:kafka' || hood.nodes.some((n) => n.id === end), end);
    assert.strictEqual(hood.summary, undefined, 'small enough to draw');
  });

  it('summarises a technology used by more architectures than it draws, by company', () => {
    const kb = bundledKnowledgeBase();
    for (let i = 0; i < 120; i++) kb.setNote(`file:///ws/team-${i}.md`, `---\ncompany: Team${i % 7}\n---\n# 파이프라인 ${i}\n- 수집 : Kafka 로 전송\n- 저장 : S3 에 적재\n`);
    const hood = new Diagrams(kb).neighbourhood('tech:kafka', 20)!;
    assert.ok(hood.total >= 120, String(hood.total));
    assert.ok(hood.nodes.filter((n) => n.kind === 'architecture').length <= 20);
    assert.ok(hood.summary && hood.summary.length >= 7, JSON.stringify(hood.summary));
    assert.strictEqual(hood.summary!.reduce((n, s) => n + s.count, 0), hood.total);
    assert.ok(hood.summary![0].count >= hood.summary![hood.summary!.length - 1].count, 'largest first');
    assert.ok(hood.nodes.some((n) => (n.more ?? 0) > 0), 'a company says how many it does not draw');
  });

  it('draws a company with its architectures and their technologies, and an architecture with its company', () => {
    const kb = bundledKnowledgeBase();
    const diagrams = new Diagrams(kb);
    const company = diagrams.neighbourhood('company:socar')!;
    assert.ok(company.nodes.some((n) => n.title === '딥러닝 서비스'));
    assert.ok(company.nodes.some((n) => n.title === 'Fluentd'));
    const arch = diagrams.neighbourhood('arch:socar/딥러닝-서비스')!;
    assert.ok(arch.nodes.some((n) => n.kind === 'company'));
    assert.strictEqual(diagrams.neighbourhood('nope'), undefined);
  });
});
