/** The diagram, comparison and graph layouts and their SVG, as the webview shows them. */
import * as assert from 'assert';
import { layoutArchitecture, layoutComparison, layoutNeighbourhood, toSvg } from '../../client/src/drawing';
import type { ArchitectureDiagram } from '../../server/src/protocol';
import { Diagrams } from '../../server/src/features/diagrams';
import { bundledKnowledgeBase } from '../core/helpers';

describe('drawings', () => {
  const kb = bundledKnowledgeBase();
  const diagrams = new Diagrams(kb);

  it('lays out stages left to right, each holding its technologies', () => {
    const [arch] = diagrams.diagram(['arch:socar/딥러닝-서비스']).architectures;
    const drawing = layoutArchitecture(arch);
    const stages = drawing.boxes.filter((b) => b.kind === 'stage');
    assert.strictEqual(stages.length, arch.stages.length);
    for (let i = 1; i < stages.length; i++) assert.ok(stages[i].x >= stages[i - 1].x + stages[i - 1].width, `stage ${i} after stage ${i - 1}`);
    arch.stages.forEach((stage, s) => {
      const box = stages[s];
      for (const tech of drawing.boxes.filter((b) => b.kind === 'technology' && b.key.startsWith(`s${s}t`))) {
        assert.ok(tech.x >= box.x && tech.x + tech.width <= box.x + box.width + 0.5 && tech.y >= box.y && tech.y + tech.height <= box.y + box.height + 0.5, `${tech.label} inside ${stage.label}`);
      }
    });
    assert.ok(drawing.lines.some((l) => l.kind === 'flow'), 'the flows are drawn');
    const svg = toSvg(drawing, '딥러닝 서비스');
    for (const name of ['S3', 'SQS', 'Fluentd', 'Kubernetes', 'Prometheus']) assert.ok(svg.includes(`>${name}</text>`), name);
    assert.match(svg, /data-entity="tech:fluentd"[^>]*tabindex="0" role="button"/);
  });

  it('escapes every label, so a note cannot put markup in the webview', () => {
    const arch: ArchitectureDiagram = {
      id: 'a', title: 'T', stages: [{ id: 's', label: '<img src=x onerror=alert(1)>', technologies: [{ id: 'tech:x"><script>', title: '</text><script>alert(1)</script>' }] }], flows: [],
    };
    const svg = toSvg(layoutArchitecture(arch), '<b>title</b>');
    assert.ok(!/<script|<img|<b>/.test(svg), svg);
    assert.match(svg, /&lt;script&gt;/);
  });

  it('puts compared architectures in rows with their collection stages in one column, shared technologies marked', () => {
    const view = diagrams.diagram(['arch:daangn/채팅-데이터-파이프라인', 'arch:watcha/로그-분석-플랫폼']);
    const drawing = layoutComparison(view);
    assert.strictEqual(drawing.boxes.filter((b) => b.kind === 'architecture').length, 2);
    const shared = drawing.boxes.filter((b) => b.shared);
    assert.ok(shared.length >= 2 && shared.every((b) => view.sharedTechnologies.includes(b.entityId!)));
    assert.match(toSvg(drawing, 'compare'), /class="dn-box dn-technology dn-shared"/);
  });

  it('draws a neighbourhood with the center, hides kinds on request, and a summary box when summarised', () => {
    const hood = diagrams.neighbourhood('tech:kafka')!;
    const all = layoutNeighbourhood(hood);
    assert.ok(all.boxes.some((b) => b.kind === 'center' && b.label === 'Kafka'));
    const withoutTech = layoutNeighbourhood(hood, new Set(['technology', 'concept']));
    assert.ok(withoutTech.boxes.every((b) => b.kind !== 'technology' && b.kind !== 'concept'));
    assert.ok(withoutTech.boxes.some((b) => b.kind === 'company'));
    const summarised = layoutNeighbourhood({ ...hood, summary: [{ company: 'Team0', count: 30 }, { company: 'Team1', count: 12 }], total: 42 });
    assert.match(summarised.boxes.find((b) => b.kind === 'summary')!.label, /Team0: 30\nTeam1: 12/);
  });
});
