/**
 * "Show Details": one entity in a webview. HTML is built here from escaped text;
 * the page loads only its own CSS and one nonce'd script from media/, nothing remote.
 */
import * as crypto from 'crypto';
import * as vscode from 'vscode';
import { LanguageClient } from 'vscode-languageclient/node';
import { EntityDetails, EntityRequest, SourceLocation } from '../../server/src/protocol';

type Message = { type: 'openEntity'; id: string } | { type: 'openLocation'; uri: string; line: number } | { type: 'openExternal'; url: string } | { type: 'command'; command: string; id: string };

/** The commands a details page may ask for, with the entity it shows: our own, nothing else. */
const PAGE_COMMANDS = new Set(['dataNotes.showDiagram', 'dataNotes.showGraph']);

export class DetailsPanel {
  private static current: DetailsPanel | undefined;

  static async show(extension: vscode.ExtensionContext, client: LanguageClient, id: string): Promise<void> {
    const entity = await client.sendRequest(EntityRequest.type, { id });
    if (!entity) {
      void vscode.window.showWarningMessage(vscode.l10n.t('Nothing is known about {0}.', id));
      return;
    }
    if (DetailsPanel.current) DetailsPanel.current.panel.reveal(undefined, true);
    else DetailsPanel.current = new DetailsPanel(extension, client);
    DetailsPanel.current.render(entity);
  }

  private readonly panel: vscode.WebviewPanel;

  private constructor(private readonly extension: vscode.ExtensionContext, private readonly client: LanguageClient) {
    this.panel = vscode.window.createWebviewPanel('dataNotes.details', 'Data Notes', vscode.ViewColumn.Beside, {
      enableScripts: true,
      localResourceRoots: [vscode.Uri.joinPath(extension.extensionUri, 'media')],
    });
    this.panel.onDidDispose(() => { DetailsPanel.current = undefined; });
    this.panel.webview.onDidReceiveMessage((message: Message) => this.onMessage(message));
  }

  private async onMessage(message: Message): Promise<void> {
    switch (message.type) {
      case 'openEntity':
        if (typeof message.id === 'string') await DetailsPanel.show(this.extension, this.client, message.id);
        break;
      case 'openLocation':
        await openPageLocation(message.uri, message.line);
        break;
      case 'command':
        if (PAGE_COMMANDS.has(message.command) && typeof message.id === 'string') await vscode.commands.executeCommand(message.command, message.id);
        break;
      case 'openExternal':
        if (typeof message.url === 'string' && /^https?:\/\//.test(message.url)) await vscode.env.openExternal(vscode.Uri.parse(message.url));
        break;
    }
  }

  private render(entity: EntityDetails): void {
    const webview = this.panel.webview;
    const nonce = crypto.randomBytes(16).toString('base64');
    const media = (file: string) => webview.asWebviewUri(vscode.Uri.joinPath(this.extension.extensionUri, 'media', file));
    this.panel.title = `Data Notes: ${entity.title}`;
    webview.html = `<!DOCTYPE html>
<html lang="${vscode.env.language.startsWith('ko') ? 'ko' : 'en'}">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src ${webview.cspSource}; img-src ${webview.cspSource}; script-src 'nonce-${nonce}';">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${media('details.css')}">
<title>${escapeHtml(entity.title)}</title>
</head>
<body>
${renderBody(entity)}
<script nonce="${nonce}" src="${media('details.js')}"></script>
</body>
</html>`;
  }
}

/** Opens the note a page's link points at, in the first column; a page's message is checked, not trusted. */
export async function openPageLocation(uri: unknown, line: unknown): Promise<void> {
  if (typeof uri !== 'string' || typeof line !== 'number') return;
  const position = new vscode.Position(line, 0);
  await vscode.window.showTextDocument(vscode.Uri.parse(uri), { viewColumn: vscode.ViewColumn.One, selection: new vscode.Range(position, position) });
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]!);
}

const t = vscode.l10n.t;

function entityLink(id: string, title: string): string {
  return `<a href="#" data-entity="${escapeHtml(id)}">${escapeHtml(title)}</a>`;
}

function locationLink(location: SourceLocation | undefined, label: string): string {
  if (!location) return escapeHtml(label);
  return `<a href="#" data-uri="${escapeHtml(location.uri)}" data-line="${location.startLine}">${escapeHtml(label)}</a>`;
}

function section(title: string, items: string[]): string {
  return items.length ? `<section><h2>${escapeHtml(title)}</h2><ul>${items.map((i) => `<li>${i}</li>`).join('')}</ul></section>` : '';
}

export function renderBody(e: EntityDetails): string {
  const facts = [e.category ?? e.kind, e.vendor, e.container].filter(Boolean).map((f) => `<span class="chip">${escapeHtml(f!)}</span>`).join(' ');
  const summary = e.summary.split(/\n\s*\n/).filter((p) => p.trim()).map((p) => `<p>${escapeHtml(p.trim())}</p>`).join('');
  return `<header><h1>${escapeHtml(e.title)}</h1><div class="facts">${facts}</div>
<div class="actions">${e.kind === 'architecture' || (e.parts.length > 0 && e.parts.every((p) => p.kind === 'stage')) ? `<a href="#" data-command="dataNotes.showDiagram" data-id="${escapeHtml(e.id)}">${escapeHtml(t('Show diagram'))}</a> · ` : ''}<a href="#" data-command="dataNotes.showGraph" data-id="${escapeHtml(e.id)}">${escapeHtml(t('Show in graph'))}</a></div>
${e.aliases.length ? `<div class="aliases">${escapeHtml(t('Also known as'))}: ${e.aliases.map(escapeHtml).join(', ')}</div>` : ''}</header>
<main>
${summary}
${section(t('Used by'), e.usedBy.map((u) => `${entityLink(u.companyId ?? u.architectureId, u.company)} › ${entityLink(u.architectureId, u.architecture)} › ${locationLink(u.location, u.stage)}`))}
${section(t('Contains'), e.parts.map((p) => `${locationLink(p.location, p.title)}${p.technologies.length ? ': ' + p.technologies.map((x) => entityLink(x.id, x.title)).join(', ') : ''}`))}
${section(t('Data flow'), e.flows.map((f) => `${entityLink(f.from, f.fromTitle)} → ${entityLink(f.to, f.toTitle)}${f.scopeTitle ? ` <span class="muted">(${escapeHtml(f.scopeTitle)})</span>` : ''}`))}
${section(t('Related'), e.related.map((r) => `${entityLink(r.id, r.title)} <span class="muted">${escapeHtml(r.type)}</span>`))}
${section(t('Mentioned in'), e.mentionedIn.map((m) => locationLink(m.location, m.container ? `${m.container} › ${m.title}` : m.title)))}
${section(t('Sources'), e.sources.filter((s) => /^https?:\/\//.test(s)).map((s) => `<a href="#" data-url="${escapeHtml(s)}">${escapeHtml(s)}</a>`))}
${section(t('In your notes'), e.locations.map((l) => locationLink(l, `${decodeURIComponent(l.uri.slice(l.uri.lastIndexOf('/') + 1))}:${l.startLine + 1}`)))}
</main>`;
}
