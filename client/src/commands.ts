/** Command table: each command is a small factory over the shared pieces, registered in one place. */
import * as vscode from 'vscode';
import { LanguageClient } from 'vscode-languageclient/node';
import { ArchitecturesRequest, DIAGRAM_MAX_ARCHITECTURES, EntityRequest, TermAtRequest, TreeItemData } from '../../server/src/protocol';
import { KnowledgeTreeProvider, LOAD_MORE_COMMAND, MoreItem, openCommand, TreeElement } from './knowledgeTree';
import { showSearch } from './search';
import { DetailsPanel } from './detailsPanel';
import { DrawingPanel } from './drawingPanel';

export interface CommandContext {
  client: LanguageClient;
  architectures: KnowledgeTreeProvider;
  technologies: KnowledgeTreeProvider;
  architectureView: vscode.TreeView<TreeElement>;
  output: vscode.OutputChannel;
}

const NEW_NOTE_TEMPLATE = `---
company: My Company
---
# My Company

## Log pipeline
- 수집 : Fluent Bit 으로 서버 로그를 모아 Kafka 로 보낸다
- 적재 : Kafka Connect 로 S3 에 저장한다
- 분석 : Athena 로 조회한다
`;

type Command = (ctx: CommandContext, extension: vscode.ExtensionContext) => (...args: unknown[]) => unknown;

/** Accepts an entity id string, a tree item, or nothing (then the technology under the cursor). */
async function entityIdFrom(ctx: CommandContext, arg: unknown): Promise<string | undefined> {
  if (typeof arg === 'string') return arg;
  if (arg && typeof arg === 'object' && 'entityId' in arg && typeof (arg as TreeItemData).entityId === 'string') return (arg as TreeItemData).entityId;
  const editor = vscode.window.activeTextEditor;
  if (!editor) return undefined;
  const position = editor.selection.active;
  const hit = await ctx.client.sendRequest(TermAtRequest.type, { uri: editor.document.uri.toString(), line: position.line, character: position.character });
  return hit?.id;
}

/** Every architecture the notes describe, to pick from. */
async function pickArchitectures(ctx: CommandContext, many: boolean, preselected?: string, exclude: string[] = []): Promise<string[]> {
  const all = await ctx.client.sendRequest(ArchitecturesRequest.type, {});
  const items = all.filter((r) => !exclude.includes(r.id)).map((r) => ({ label: r.title, description: r.container, id: r.id, picked: r.id === preselected }));
  if (!many) {
    const picked = await vscode.window.showQuickPick(items, { placeHolder: vscode.l10n.t('Architecture to draw') });
    return picked ? [picked.id] : [];
  }
  const picked = await vscode.window.showQuickPick(items, { canPickMany: true, placeHolder: vscode.l10n.t('Architectures to compare (2 to {0})', DIAGRAM_MAX_ARCHITECTURES) });
  return (picked ?? []).map((p) => p.id).slice(0, DIAGRAM_MAX_ARCHITECTURES);
}

const commands: Record<string, Command> = {
  'dataNotes.showDiagram': (ctx, extension) => async (arg?: unknown) => {
    const id = typeof arg === 'string' ? arg : (arg as TreeItemData | undefined)?.entityId;
    const ids = id ? [id] : await pickArchitectures(ctx, false);
    if (ids.length) DrawingPanel.showDiagram(extension, ctx.client, ids);
  },
  'dataNotes.compareArchitectures': (ctx, extension) => async (arg?: unknown) => {
    const ids = Array.isArray(arg) && arg.every((x) => typeof x === 'string') ? (arg as string[]) : await pickArchitectures(ctx, true, (arg as TreeItemData | undefined)?.entityId);
    if (ids.length) DrawingPanel.showDiagram(extension, ctx.client, ids);
  },
  'dataNotes.showGraph': (ctx, extension) => async (arg?: unknown) => {
    const id = await entityIdFrom(ctx, arg);
    if (!id) return void vscode.window.showInformationMessage(vscode.l10n.t('No technology under the cursor.'));
    DrawingPanel.showGraph(extension, ctx.client, id);
  },
  'dataNotes.search': (ctx, extension) => (query?: unknown) => showSearch(ctx.client, extension, typeof query === 'string' ? query : undefined),
  'dataNotes.showDetails': (ctx, extension) => async (arg?: unknown) => {
    const id = await entityIdFrom(ctx, arg);
    if (!id) return void vscode.window.showInformationMessage(vscode.l10n.t('No technology under the cursor.'));
    await DetailsPanel.show(extension, ctx.client, id);
  },
  'dataNotes.searchInNotes': (ctx, extension) => (arg?: unknown) => {
    const label = arg && typeof arg === 'object' && 'label' in arg ? String((arg as TreeItemData).label) : undefined;
    return showSearch(ctx.client, extension, label);
  },
  'dataNotes.refresh': (ctx) => () => {
    ctx.architectures.refresh();
    ctx.technologies.refresh();
  },
  [LOAD_MORE_COMMAND]: (ctx) => (view: unknown, more: unknown) => {
    (view === 'technologies' ? ctx.technologies : ctx.architectures).loadMore(more as MoreItem);
  },
  // A company or architecture written in several notes: pick which one to open.
  'dataNotes.openNote': (ctx) => async (arg?: unknown) => {
    const item = arg as TreeItemData | undefined;
    let location = item?.location;
    if (item?.noteCount && item.entityId) {
      // Every place the notes write it: the entity's definitions.
      const locations = (await ctx.client.sendRequest(EntityRequest.type, { id: item.entityId }))?.locations ?? [];
      const picked = await vscode.window.showQuickPick(
        locations.map((l) => ({ label: decodeURIComponent(l.uri.slice(l.uri.lastIndexOf('/') + 1)), description: vscode.l10n.t('line {0}', l.startLine + 1), detail: vscode.Uri.parse(l.uri).fsPath, location: l })),
        { placeHolder: vscode.l10n.t('{0} is written in {1} notes', item.label, locations.length) },
      );
      location = picked?.location;
    }
    if (!location) return;
    const open = openCommand(location);
    await vscode.commands.executeCommand(open.command, ...(open.arguments ?? []));
  },
  // An untitled note in the format the parser reads; it is indexed as it is typed.
  'dataNotes.newNote': () => async () => {
    const document = await vscode.workspace.openTextDocument({ language: 'markdown', content: NEW_NOTE_TEMPLATE });
    await vscode.window.showTextDocument(document);
  },
  'dataNotes.revealInTree': (ctx) => async (arg?: unknown) => {
    const id = await entityIdFrom(ctx, arg);
    if (!id) return void vscode.window.showInformationMessage(vscode.l10n.t('No technology under the cursor.'));
    const node = await ctx.architectures.pathTo(id);
    if (!node) return void vscode.window.showInformationMessage(vscode.l10n.t('{0} is not used by any architecture in your notes.', id.replace(/^tech:/, '')));
    await ctx.architectureView.reveal(node, { select: true, focus: true, expand: true });
  },
};

export function registerCommands(extension: vscode.ExtensionContext, ctx: CommandContext): void {
  DrawingPanel.pick = (many, exclude) => pickArchitectures(ctx, many, undefined, exclude);
  for (const [name, factory] of Object.entries(commands)) {
    extension.subscriptions.push(vscode.commands.registerCommand(name, factory(ctx, extension)));
  }
}
