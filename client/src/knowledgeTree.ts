/** Both sidebar views: companies → architectures → stages → technologies, and categories → technologies → users. */
import * as vscode from 'vscode';
import { LanguageClient } from 'vscode-languageclient/node';
import { TreeNode, TreeRequest } from '../../server/src/protocol';

const ICONS: Record<TreeNode['kind'], string> = {
  company: 'organization', architecture: 'type-hierarchy', stage: 'debug-stackframe', technology: 'symbol-class', topic: 'book', category: 'folder-library',
};

export class KnowledgeTreeProvider implements vscode.TreeDataProvider<TreeNode> {
  private readonly changed = new vscode.EventEmitter<TreeNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private roots: Promise<TreeNode[]> | undefined;
  private readonly parents = new Map<string, TreeNode>();

  constructor(private readonly client: LanguageClient, private readonly view: 'architectures' | 'technologies') {}

  refresh(): void {
    this.roots = undefined;
    this.changed.fire(undefined);
  }

  getChildren(element?: TreeNode): vscode.ProviderResult<TreeNode[]> {
    if (element) return element.children ?? [];
    this.roots ??= this.client.sendRequest(TreeRequest.type, { view: this.view }).then((roots) => {
      this.parents.clear();
      const walk = (node: TreeNode) => node.children?.forEach((child) => { this.parents.set(child.id, node); walk(child); });
      roots.forEach(walk);
      return roots;
    });
    return this.roots;
  }

  getParent(element: TreeNode): TreeNode | undefined {
    return this.parents.get(element.id);
  }

  /** All loaded items, for "reveal in tree". */
  async find(predicate: (node: TreeNode) => boolean): Promise<TreeNode | undefined> {
    const roots = await (this.getChildren() as Promise<TreeNode[]>);
    const stack = [...roots];
    while (stack.length) {
      const node = stack.shift()!;
      if (predicate(node)) return node;
      stack.push(...(node.children ?? []));
    }
    return undefined;
  }

  getTreeItem(node: TreeNode): vscode.TreeItem {
    const collapsible = node.children?.length ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None;
    const item = new vscode.TreeItem(node.label, collapsible);
    item.id = `${this.view}:${node.id}`;
    item.description = node.description;
    item.tooltip = node.tooltip ?? node.label;
    item.iconPath = new vscode.ThemeIcon(ICONS[node.kind] ?? 'circle-outline');
    item.contextValue = node.kind;
    if (node.location) {
      const uri = vscode.Uri.parse(node.location.uri);
      const position = new vscode.Position(node.location.startLine, 0);
      item.command = {
        command: 'vscode.open', title: vscode.l10n.t('Open Note'),
        arguments: [uri, { selection: new vscode.Range(position, position), preview: true } satisfies vscode.TextDocumentShowOptions],
      };
    }
    return item;
  }
}
