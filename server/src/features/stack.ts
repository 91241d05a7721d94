/** `dataNotes/stack`: the open workspace's technologies, with their evidence, and the architectures most like it. */
import { pathToFileURL } from 'url';
import { pathOf } from '../noteWorkspace';
import { ServerContext } from '../context';
import { StackRequest, StackView, WORKSPACE_STACK_ID } from '../protocol';
import { StackScanner } from '../stackScanner';
import { Diagrams, phaseOf } from './diagrams';

export function registerStack(ctx: ServerContext, roots: () => string[], diagrams: Diagrams): void {
  const scanner = new StackScanner((name) => ctx.kb.technologiesNamed(name));
  let knowledge = ctx.kb.vocabulary.generation;
  let last: StackView | undefined;
  // The workspace's stack as a diagram: one column per category, to set beside a similar architecture.
  diagrams.provide(WORKSPACE_STACK_ID, () => {
    const view = last ?? stackView(undefined);
    const byCategory = new Map<string, StackView['technologies']>();
    for (const t of view.technologies) byCategory.set(t.category ?? 'other', [...(byCategory.get(t.category ?? 'other') ?? []), t]);
    return {
      id: WORKSPACE_STACK_ID, title: 'This workspace', container: roots().map((r) => r.slice(r.lastIndexOf('/') + 1)).join(', '),
      stages: [...byCategory].map(([category, techs]) => ({ id: `stack:${category}`, label: category, phase: phaseOf(category), technologies: techs.map((t) => ({ id: t.id, title: t.title, category })) })),
      flows: [],
    };
  });
  const stackView = (params?: unknown): StackView => {
    if (knowledge !== ctx.kb.vocabulary.generation) {
      knowledge = ctx.kb.vocabulary.generation;
      scanner.clear();
    }
    const changed = (params as { changed?: unknown } | undefined)?.changed;
    const paths = Array.isArray(changed) ? changed.flatMap((uri) => (typeof uri === 'string' ? pathOf(uri) ?? [] : [])) : undefined;
    const scanned = paths ? scanner.rescan(paths, roots(), ctx.settings().exclude) : scanner.scan(roots(), ctx.settings().exclude);
    const titleOf = (id: string) => ctx.kb.glossaryEntry(id)?.name ?? id;
    const technologies = scanned.technologies.map((t) => ({
      id: `tech:${t.id}`, title: titleOf(t.id), category: ctx.kb.glossaryEntry(t.id)?.category,
      evidence: t.evidence.map((e) => ({ uri: pathToFileURL(e.path).toString(), line: e.line, text: e.text })),
    }));
    const similar = diagrams.similarTo(new Set(technologies.map((t) => t.id)), 10);
    last = { technologies, similar, files: scanned.files, skipped: scanned.skipped };
    return last;
  };
  ctx.connection.onRequest(StackRequest.method, (params: unknown) => stackView(params));
}
