/**
 * The architecture diagram, the comparison and the graph view, in one kind of webview panel.
 * Asks the server what to draw, posts it to media/drawingView.js, and does what the page asks:
 * open a technology's details or a stage's note, expand the graph, copy the mermaid text, save an
 * SVG. Redrawn when the notes change; restored with the editor.
 */
import * as crypto from 'crypto';
import * as vscode from 'vscode';
import { LanguageClient } from 'vscode-languageclient/node';
import { DIAGRAM_MAX_ARCHITECTURES, DiagramRequest, IndexChangedNotification, Neighbourhood, NeighbourhoodRequest } from '../../server/src/protocol';
import { DetailsPanel, openPageLocation } from './detailsPanel';

const VIEW_TYPE = 'dataNotes.drawing';

type Shown = { kind: 'diagram'; ids: string[] } | { kind: 'graph'; id: string; expanded?: string[] };

type PageMessage =
  | { type: 'ready' }
  | { type: 'openEntity'; id: string }
  | { type: 'openLocation'; uri: string; line: number }
  | { type: 'expand'; id: string }
  | { type: 'copyMermaid'; text: string }
  | { type: 'compareWith' }
  | { type: 'exportSvg'; svg: string; title: string };

const t = vscode.l10n.t;

function labels() {
  return {
    compareWith: t('Compare with…'), copyMermaid: t('Copy as Mermaid'), exportSvg: t('Export SVG…'), shared: t('used by more than one of these architectures'),
    empty: t('This architecture has no stages yet: write `- role : technology` bullets under its heading.'),
    summary: t('Too many to draw: architectures by company'),
    hint: t('Click a technology for its details, a stage to open its note. In the graph, click to expand and double-click for details.'),
    kinds: { company: t('Companies'), architecture: t('Architectures'), technology: t('Technologies'), concept: t('Concepts'), stage: t('Stages'), topic: t('Topics'), section: t('Sections') },
  };
}

export class DrawingPanel {
  private static panels = new Set<DrawingPanel>();

  /** Opens a diagram of one architecture, or a comparison of several. */
  static showDiagram(extension: vscode.ExtensionContext, client: LanguageClient, ids: string[]): DrawingPanel {
    return new DrawingPanel(extension, client, DrawingPanel.create(), { kind: 'diagram', ids });
  }

  static showGraph(extension: vscode.ExtensionContext, client: LanguageClient, id: string): DrawingPanel {
    return new DrawingPanel(extension, client, DrawingPanel.create(), { kind: 'graph', id });
  }

  /** Brings back the panels that were open when the window closed. */
  static register(extension: vscode.ExtensionContext, client: LanguageClient): void {
    extension.subscriptions.push(vscode.window.registerWebviewPanelSerializer(VIEW_TYPE, {
      deserializeWebviewPanel: async (panel, state: unknown) => {
        const shown = state as Shown | undefined;
        if (shown?.kind === 'diagram' && Array.isArray(shown.ids)) new DrawingPanel(extension, client, panel, shown);
        else if (shown?.kind === 'graph' && typeof shown.id === 'string') new DrawingPanel(extension, client, panel, shown);
        else panel.dispose();
      },
    }));
    extension.subscriptions.push(client.onNotification(IndexChangedNotification.type, (index) => {
      if (!index.indexing) for (const panel of DrawingPanel.panels) void panel.refresh();
    }));
  }

  /** Asks which architectures to draw (one, or several to compare); none when the user cancels. */
  static pick?: (many: boolean, exclude: string[]) => Promise<string[]>;

  private static create(): vscode.WebviewPanel {
    return vscode.window.createWebviewPanel(VIEW_TYPE, 'Data Notes', vscode.ViewColumn.Beside, { enableScripts: true, retainContextWhenHidden: false });
  }

  private ready = false;
  private graph: Neighbourhood | undefined;

  private constructor(private readonly extension: vscode.ExtensionContext, private readonly client: LanguageClient, private readonly panel: vscode.WebviewPanel, private shown: Shown) {
    DrawingPanel.panels.add(this);
    panel.webview.options = { enableScripts: true, localResourceRoots: [vscode.Uri.joinPath(extension.extensionUri, 'media')] };
    panel.onDidDispose(() => DrawingPanel.panels.delete(this));
    panel.webview.onDidReceiveMessage((message: PageMessage) => this.onMessage(message));
    panel.webview.html = this.html();
  }

  private html(): string {
    const webview = this.panel.webview;
    const nonce = crypto.randomBytes(16).toString('base64');
    const media = (file: string) => webview.asWebviewUri(vscode.Uri.joinPath(this.extension.extensionUri, 'media', file));
    return `<!DOCTYPE html>
<html lang="${vscode.env.language.startsWith('ko') ? 'ko' : 'en'}">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src ${webview.cspSource}; img-src ${webview.cspSource}; script-src 'nonce-${nonce}';">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${media('drawing.css')}">
<title>Data Notes</title>
</head>
<body>
<div id="root"></div>
<script nonce="${nonce}" src="${media('drawingView.js')}"></script>
</body>
</html>`;
  }

  /** Asks the server again and redraws (the notes changed, or the page is ready). */
  async refresh(): Promise<void> {
    if (!this.ready) return;
    const shown = this.shown;
    if (shown.kind === 'diagram') {
      const view = await this.client.sendRequest(DiagramRequest.type, { ids: shown.ids });
      this.panel.title = view.architectures.length > 1 ? t('Compare: {0}', view.architectures.map((a) => a.title).join(', ')) : t('Diagram: {0}', view.architectures[0]?.title ?? '');
      await this.panel.webview.postMessage({ type: 'diagram', view, labels: labels() });
    } else {
      let hood = await this.client.sendRequest(NeighbourhoodRequest.type, { id: shown.id });
      if (!hood) return;
      for (const id of shown.expanded ?? []) {
        const more = await this.client.sendRequest(NeighbourhoodRequest.type, { id, limit: 20 });
        if (more) hood = merge(hood, more);
      }
      this.graph = hood;
      this.panel.title = t('Graph: {0}', hood.center.title);
      await this.panel.webview.postMessage({ type: 'graph', hood, labels: labels() });
    }
  }

  private async onMessage(message: PageMessage): Promise<void> {
    switch (message.type) {
      case 'ready':
        this.ready = true;
        await this.refresh();
        break;
      case 'openEntity':
        if (typeof message.id === 'string') await DetailsPanel.show(this.extension, this.client, message.id);
        break;
      case 'openLocation':
        await openPageLocation(message.uri, message.line);
        break;
      case 'expand':
        if (this.shown.kind === 'graph' && typeof message.id === 'string' && this.graph) {
          const more = await this.client.sendRequest(NeighbourhoodRequest.type, { id: message.id, limit: 20 });
          if (!more) return;
          this.shown = { ...this.shown, expanded: [...(this.shown.expanded ?? []), message.id] };
          this.graph = merge(this.graph, more);
          await this.panel.webview.postMessage({ type: 'graph', hood: this.graph, labels: labels() });
        }
        break;
      case 'compareWith': {
        if (this.shown.kind !== 'diagram' || !DrawingPanel.pick) return;
        const more = await DrawingPanel.pick(false, this.shown.ids);
        if (more.length === 0) return;
        this.shown = { kind: 'diagram', ids: [...this.shown.ids, ...more].slice(0, DIAGRAM_MAX_ARCHITECTURES) };
        await this.refresh();
        break;
      }
      case 'copyMermaid':
        if (typeof message.text === 'string') {
          await vscode.env.clipboard.writeText(message.text);
          void vscode.window.setStatusBarMessage(t('Diagram copied as Mermaid'), 3000);
        }
        break;
      case 'exportSvg': {
        if (typeof message.svg !== 'string') return;
        const name = `${String(message.title ?? 'diagram').replace(/[^\p{L}\p{N}]+/gu, '-').replace(/^-|-$/g, '') || 'diagram'}.svg`;
        const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
        const target = await vscode.window.showSaveDialog({ defaultUri: folder ? vscode.Uri.joinPath(folder, name) : undefined, filters: { SVG: ['svg'] } });
        if (target) await vscode.workspace.fs.writeFile(target, Buffer.from(message.svg, 'utf8'));
        break;
      }
    }
  }
}

/** The graph with what expanding one of its nodes added (edges from that node; nodes once each). */
export function merge(base: Neighbourhood, more: Neighbourhood): Neighbourhood {
  const nodes = new Map(base.nodes.map((n) => [n.id, n]));
  if (more.center.id !== base.center.id && !nodes.has(more.center.id)) nodes.set(more.center.id, more.center);
  for (const node of more.nodes) if (node.id !== base.center.id && !nodes.has(node.id)) nodes.set(node.id, node);
  const key = (e: Neighbourhood['edges'][number]) => `${e.from}\u0000${e.to}\u0000${e.kind}`;
  const edges = new Map(base.edges.map((e) => [key(e), e]));
  for (const edge of more.edges) edges.set(key(edge), edge);
  return { ...base, nodes: [...nodes.values()], edges: [...edges.values()] };
}
