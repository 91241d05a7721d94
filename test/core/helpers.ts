import * as path from 'path';
import { KnowledgeBase } from '../../server/src/core/knowledgeBase';
import { findKnowledgeDir, loadBundledKnowledge } from '../../server/src/bundledKnowledge';

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
