import * as path from 'path';
import { KnowledgeBase } from '../../server/src/core/knowledgeBase';
import { findKnowledgeDir, loadBundledKnowledge } from '../../server/src/bundledKnowledge';
import { TreeProvider } from '../../server/src/features/tree';
import { TREE_MAX_LIMIT, TreeItemData, TreeViewName } from '../../server/src/protocol';

export const KNOWLEDGE_DIR = findKnowledgeDir(__dirname)!;
export const REPO_ROOT = path.dirname(KNOWLEDGE_DIR);

/** A knowledge base with the shipped glossary and notes, as the server starts with. */
export function bundledKnowledgeBase(): KnowledgeBase {
  const kb = new KnowledgeBase();
  const diagnostics = loadBundledKnowledge(kb, KNOWLEDGE_DIR);
  const problems = diagnostics.filter((d) => d.severity !== 'information');
  if (problems.length > 0) throw new Error(`bundled knowledge has problems: ${JSON.stringify(problems)}`);
  return kb;
}

/** A tree item with its children asked for too: the whole tree of a small knowledge base. */
export interface TreeNode extends TreeItemData {
  children?: TreeNode[];
}

/** Expands every level of a view, as a user opening every item would (the views are lazy). */
export function expandTree(kb: KnowledgeBase, view: TreeViewName = 'architectures'): TreeNode[] {
  const trees = new TreeProvider(kb);
  const expand = (parentId?: string): TreeNode[] => trees.level(view, parentId, 0, TREE_MAX_LIMIT).items.map((item) => ({
    ...item, children: item.hasChildren ? expand(item.id) : [],
  }));
  return expand();
}
