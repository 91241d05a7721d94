/**
 * Both sidebar views: companies → architectures → stages → technologies, and categories →
 * technologies → users. Each level is asked for when it is expanded, a page at a time; a level
 * with more children ends in a "N more" item that loads the next page.
 */
import * as vscode from 'vscode';
import { LanguageClient } from 'vscode-languageclient/node';
import { TREE_PAGE_SIZE, TreeItemData, TreePathRequest, TreeRequest, TreeViewName } from '../../server/src/protocol';

/** A tree item, or the "N more" item at the end of a level with more pages. */
export type TreeElement = TreeItemData | MoreItem;

export interface MoreItem {
  kind: 'more';
  id: string;
  parentId?: string;
  remaining: number;
}

const ICONS: Record<TreeItemData['kind'], string> = {
  company: 'organization', architecture: 'type-hierarchy', stage: 'debug-stackframe', technology: 'symbol-class', topic: 'book', category: 'folder-library', folder: 'folder',
};

export const LOAD_MORE_COMMAND = 'dataNotes.treeLoadMore';

export class KnowledgeTreeProvider implements vscode.TreeDataProvider<TreeElement> {
  private readonly changed = new vscode.EventEmitter<TreeElement | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  /** Every item handed out, and its parent, for `getParent` and for refreshing one item. */
  private readonly items = new Map<string, TreeItemData>();
  private readonly parents = new Map<string, string | undefined>();
  /** How many children a level shows (grows by a page with each "N more"); kept across refreshes. */
  private readonly shown = new Map<string, number>();

  constructor(private readonly client: LanguageClient, readonly view: TreeViewName) {}

  /** Asks for every expanded level again; VS Code keeps the expansion state by item id. */
  refresh(): void {
    this.changed.fire(undefined);
  }

  async getChildren(element?: TreeElement): Promise<TreeElement[]> {
    if (element?.kind === 'more') return [];
    const parentId = element?.id;
    const limit = this.shown.get(parentId ?? '') ?? TREE_PAGE_SIZE;
    const level = await this.client.sendRequest(TreeRequest.type, { view: this.view, parentId, limit });
    for (const item of level.items) {
      this.items.set(item.id, item);
      this.parents.set(item.id, parentId);
    }
    const remaining = level.total - level.items.length;
    return remaining > 0 ? [...level.items, { kind: 'more', id: `${parentId ?? ''}#more`, parentId, remaining }] : level.items;
  }

  getParent(element: TreeElement): TreeElement | undefined {
    const parentId = element.kind === 'more' ? element.parentId : this.parents.get(element.id);
    return parentId === undefined ? undefined : this.items.get(parentId);
  }

  /** The "N more" item's command: the next page of its level. */
  loadMore(more: MoreItem): void {
    const key = more.parentId ?? '';
    this.shown.set(key, (this.shown.get(key) ?? TREE_PAGE_SIZE) + TREE_PAGE_SIZE);
    this.changed.fire(more.parentId === undefined ? undefined : this.items.get(more.parentId));
  }

  /** The items from a root down to one that shows `entityId`, known to `getParent` from then on. */
  async pathTo(entityId: string): Promise<TreeItemData | undefined> {
    const path = await this.client.sendRequest(TreePathRequest.type, { view: this.view, entityId });
    if (!path || path.length === 0) return undefined;
    path.forEach((item, i) => {
      this.items.set(item.id, item);
      this.parents.set(item.id, i > 0 ? path[i - 1].id : undefined);
    });
    return path[path.length - 1];
  }

  getTreeItem(element: TreeElement): vscode.TreeItem {
    if (element.kind === 'more') {
      const item = new vscode.TreeItem(vscode.l10n.t('{0} more…', element.remaining), vscode.TreeItemCollapsibleState.None);
      item.id = `${this.view}:${element.id}`;
      item.iconPath = new vscode.ThemeIcon('ellipsis');
      item.command = { command: LOAD_MORE_COMMAND, title: vscode.l10n.t('Show More'), arguments: [this.view, element] };
      return item;
    }
    const item = new vscode.TreeItem(element.label, element.hasChildren ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
    item.id = `${this.view}:${element.id}`;
    item.description = element.description;
    item.tooltip = element.tooltip ?? element.label;
    item.iconPath = new vscode.ThemeIcon(ICONS[element.kind] ?? 'circle-outline');
    item.contextValue = element.kind;
    // A stage or technology opens the note at its bullet; a company, architecture or category
    // expands on click, and opens its note from the inline action.
    const location = element.location;
    if (location && (element.kind === 'stage' || element.kind === 'technology')) item.command = openCommand(location);
    return item;
  }
}

export function openCommand(location: { uri: string; startLine: number }): vscode.Command {
  const uri = vscode.Uri.parse(location.uri);
  const position = new vscode.Position(location.startLine, 0);
  return {
    command: 'vscode.open', title: vscode.l10n.t('Open Note'),
    arguments: [uri, { selection: new vscode.Range(position, position), preview: true } satisfies vscode.TextDocumentShowOptions],
  };
}
