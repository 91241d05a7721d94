/**
 * The diagram, comparison and graph webview. Draws what the extension posts (see
 * client/src/drawingPanel.ts) with client/src/drawing.ts, and turns clicks and keys into
 * messages: open a technology's details, open a stage's note, expand a node of the graph.
 * Bundled into media/drawingView.js; runs under a CSP that allows only this script.
 */
import { Drawing, layoutArchitecture, layoutComparison, layoutNeighbourhood, toSvg } from '../src/drawing';
import type { DiagramView, Neighbourhood } from '../../server/src/protocol';

declare function acquireVsCodeApi(): { postMessage(message: unknown): void; setState(state: unknown): void; getState(): unknown };

export type ViewMessage =
  | { type: 'diagram'; view: DiagramView; labels: Labels }
  | { type: 'graph'; hood: Neighbourhood; labels: Labels };

interface Labels { compareWith: string; copyMermaid: string; exportSvg: string; shared: string; empty: string; summary: string; kinds: Record<string, string>; hint: string }

const vscode = acquireVsCodeApi();
const root = document.getElementById('root')!;
let current: ViewMessage | undefined;
let drawing: Drawing | undefined;
const hidden = new Set<string>();

function button(label: string, onClick: () => void): HTMLButtonElement {
  const b = document.createElement('button');
  b.textContent = label;
  b.addEventListener('click', onClick);
  return b;
}

function render(): void {
  if (!current) return;
  root.replaceChildren();
  const toolbar = document.createElement('div');
  toolbar.className = 'toolbar';
  const heading = document.createElement('h1');
  const note = document.createElement('p');
  note.className = 'note';
  note.textContent = current.labels.hint;
  let title: string;
  if (current.type === 'diagram') {
    const { view } = current;
    title = view.architectures.map((a) => (a.container ? `${a.container} › ${a.title}` : a.title)).join(' · ');
    drawing = view.architectures.length === 1 ? layoutArchitecture(view.architectures[0]) : layoutComparison(view);
    toolbar.append(heading, button(current.labels.copyMermaid, () => vscode.postMessage({ type: 'copyMermaid', text: view.mermaid })));
    toolbar.append(button(current.labels.compareWith, () => vscode.postMessage({ type: 'compareWith' })));
  } else {
    const { hood } = current;
    title = hood.center.container ? `${hood.center.container} › ${hood.center.title}` : hood.center.title;
    drawing = layoutNeighbourhood(hood, hidden);
    toolbar.append(heading);
    for (const kind of [...new Set(hood.nodes.map((n) => n.kind))]) {
      const label = document.createElement('label');
      const box = document.createElement('input');
      box.type = 'checkbox';
      box.checked = !hidden.has(kind);
      box.addEventListener('change', () => { if (box.checked) hidden.delete(kind); else hidden.add(kind); render(); });
      label.append(box, current.labels.kinds[kind] ?? kind);
      toolbar.append(label);
    }
  }
  heading.textContent = title;
  toolbar.append(button(current.labels.exportSvg, () => vscode.postMessage({ type: 'exportSvg', svg: toSvg(drawing!, title, resolvedStyle()), title })));
  root.append(toolbar, note);
  if (current.type === 'diagram' && current.view.architectures.length > 1 && current.view.sharedTechnologies.length) {
    const legend = document.createElement('p');
    legend.className = 'legend';
    const swatch = document.createElement('span');
    swatch.className = 'swatch';
    legend.append(swatch, current.labels.shared);
    root.append(legend);
  }
  if (drawing.boxes.length <= 1 && current.type === 'diagram' && current.view.architectures.every((a) => a.stages.length === 0)) {
    const empty = document.createElement('p');
    empty.textContent = current.labels.empty;
    root.append(empty);
  }
  const holder = document.createElement('div');
  // The SVG text is built from escaped strings only (drawing.ts escapes every label).
  holder.innerHTML = toSvg(drawing, title);
  root.append(holder);
  vscode.setState(current.type === 'diagram' ? { kind: 'diagram', ids: current.view.architectures.map((a) => a.id) } : { kind: 'graph', id: current.hood.center.id });
}

/** The theme's colours, resolved, for an exported SVG that must look the same outside VS Code. */
function resolvedStyle(): string {
  const style = getComputedStyle(document.body);
  const v = (name: string, fallback: string) => style.getPropertyValue(name).trim() || fallback;
  return [
    `.dn-box rect{fill:${v('--vscode-editorWidget-background', '#fff')};stroke:${v('--vscode-panel-border', '#888')}}`,
    `.dn-box text{fill:${v('--vscode-foreground', '#333')};font-family:sans-serif;font-size:13px}`,
    `.dn-stage text,.dn-architecture text,.dn-company text,.dn-summary text{fill:${v('--vscode-descriptionForeground', '#666')};font-weight:600}`,
    `.dn-technology rect,.dn-center rect{stroke:${v('--vscode-charts-blue', '#3794ff')}}`,
    `.dn-shared rect{stroke:${v('--vscode-charts-orange', '#d18616')};stroke-width:2.5}`,
    `.dn-line{fill:none;stroke:${v('--vscode-descriptionForeground', '#888')}}.dn-flow{stroke-dasharray:5 3}.dn-arrowhead{fill:${v('--vscode-descriptionForeground', '#888')}}`,
  ].join('');
}

function activate(target: Element | null, open: boolean): void {
  const box = target?.closest('[data-key]') as SVGGElement | null;
  if (!box) return;
  const { entity, uri, line, expandable } = box.dataset;
  if (current?.type === 'graph' && entity && expandable && !open) vscode.postMessage({ type: 'expand', id: entity });
  else if (entity && !(current?.type === 'diagram' && box.classList.contains('dn-architecture'))) vscode.postMessage({ type: 'openEntity', id: entity });
  else if (uri) vscode.postMessage({ type: 'openLocation', uri, line: Number(line) });
}

root.addEventListener('click', (event) => activate(event.target as Element, false));
root.addEventListener('dblclick', (event) => activate(event.target as Element, true));
root.addEventListener('keydown', (event) => {
  if (event.key === 'Enter' || event.key === ' ') {
    event.preventDefault();
    activate(event.target as Element, event.shiftKey);
  }
});

window.addEventListener('message', (event: MessageEvent<ViewMessage>) => {
  const message = event.data;
  if (message?.type !== 'diagram' && message?.type !== 'graph') return;
  current = message;
  render();
});
vscode.postMessage({ type: 'ready' });
