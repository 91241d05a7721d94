/**
 * "Your Stack": the technologies the open workspace declares, by category, each with the lines
 * that declare it; and the company architectures most like it, each opening beside a diagram of
 * this workspace's stack.
 */
import * as vscode from 'vscode';
import { LanguageClient } from 'vscode-languageclient/node';
import { SimilarArchitectureView, StackRequest, StackTechnology, StackView } from '../../server/src/protocol';

export type StackElement =
  | { kind: 'group'; label: string; children: StackElement[] }
  | { kind: 'technology'; technology: StackTechnology }
  | { kind: 'evidence'; uri: string; line: number; text: string }
  | { kind: 'similar'; architecture: SimilarArchitectureView };

const t = vscode.l10n.t;

export class StackTreeProvider implements vscode.TreeDataProvider<StackElement> {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;
  private view: Promise<StackView> | undefined;
  /** Files the watcher reported since the last answer; undefined: read everything (first time, or Refresh). */
  private pending: Set<string> | undefined;
  private everything = true;

  constructor(private readonly client: LanguageClient) {}

  /** Read again: every declaration file, or only `changed` ones. */
  refresh(changed?: vscode.Uri[]): void {
    if (changed) for (const uri of changed) (this.pending ??= new Set()).add(uri.toString());
    else this.everything = true;
    this.view = undefined;
    this.changed.fire();
  }

  private load(): Promise<StackView> {
    if (!this.view) {
      const params = this.everything ? {} : { changed: [...(this.pending ?? [])] };
      this.everything = false;
      this.pending = undefined;
      this.view = Promise.resolve(this.client.sendRequest(StackRequest.type, params));
    }
    return this.view;
  }

  async getChildren(element?: StackElement): Promise<StackElement[]> {
    if (element?.kind === 'group') return element.children;
    if (element?.kind === 'technology') return element.technology.evidence.map((e) => ({ kind: 'evidence', ...e }));
    if (element) return [];
    const view = await this.load();
    if (view.technologies.length === 0) return [];
    const byCategory = new Map<string, StackTechnology[]>();
    for (const tech of view.technologies) byCategory.set(tech.category ?? 'other', [...(byCategory.get(tech.category ?? 'other') ?? []), tech]);
    const categories: StackElement[] = [...byCategory].sort((a, b) => a[0].localeCompare(b[0])).map(([category, techs]) => ({
      kind: 'group', label: category, children: techs.map((technology) => ({ kind: 'technology', technology })),
    }));
    const similar: StackElement = { kind: 'group', label: t('Similar architectures'), children: view.similar.map((architecture) => ({ kind: 'similar', architecture })) };
    return view.similar.length ? [similar, ...categories] : categories;
  }

  getTreeItem(element: StackElement): vscode.TreeItem {
    switch (element.kind) {
      case 'group': {
        const item = new vscode.TreeItem(element.label, vscode.TreeItemCollapsibleState.Expanded);
        item.contextValue = 'stackGroup';
        item.description = String(element.children.length);
        return item;
      }
      case 'technology': {
        const tech = element.technology;
        const item = new vscode.TreeItem(tech.title, vscode.TreeItemCollapsibleState.Collapsed);
        item.id = `stack:${tech.id}`;
        item.contextValue = 'technology';
        item.description = t('{0} places', tech.evidence.length);
        item.iconPath = new vscode.ThemeIcon('symbol-misc');
        item.command = { command: 'dataNotes.showDetails', title: t('Show Details'), arguments: [tech.id] };
        return item;
      }
      case 'evidence': {
        const file = decodeURIComponent(element.uri.slice(element.uri.lastIndexOf('/') + 1));
        const item = new vscode.TreeItem(`${file}:${element.line + 1}`, vscode.TreeItemCollapsibleState.None);
        item.description = element.text;
        item.tooltip = `${vscode.Uri.parse(element.uri).fsPath}:${element.line + 1}\n${element.text}`;
        item.command = { command: 'vscode.open', title: t('Open'), arguments: [vscode.Uri.parse(element.uri), { selection: new vscode.Range(element.line, 0, element.line, 0) }] };
        return item;
      }
      case 'similar': {
        const a = element.architecture;
        const item = new vscode.TreeItem(a.title, vscode.TreeItemCollapsibleState.None);
        item.id = `similar:${a.id}`;
        item.contextValue = 'similarArchitecture';
        item.description = `${a.container ?? ''} · ${Math.round(a.score * 100)}%`;
        const adds = a.adds.slice(0, 6).map((x) => t('{0} at {1}', x.title, x.stage));
        item.tooltip = new vscode.MarkdownString(undefined, false);
        item.tooltip.appendText(`${a.container ? `${a.container} › ` : ''}${a.title}\n\n`);
        item.tooltip.appendText(`${t('Shares')}: ${a.shared.map((s) => s.title).join(', ')}\n\n`);
        if (adds.length) item.tooltip.appendText(`${t('Also uses')}: ${adds.join('; ')}`);
        item.iconPath = new vscode.ThemeIcon('type-hierarchy');
        item.command = { command: 'dataNotes.compareWithStack', title: t('Compare with this workspace'), arguments: [a.id] };
        return item;
      }
    }
  }
}
