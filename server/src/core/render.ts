/**
 * Renders an entity as hover-ready markdown. Everything that comes from notes is
 * escaped, so a note can never inject markup, HTML or command links; the only link
 * targets are http(s) sources and the command link the caller builds.
 */
import { technologyNodeId } from './model';

/** What a hover shows of an entity (the details view has more: see `EntityDetails` in protocol.ts). */
export interface HoverEntity {
  id: string;
  kind: string;
  title: string;
  category?: string;
  vendor?: string;
  aliases: string[];
  summary: string;
  usedBy: { company: string; architecture: string; stage: string }[];
  /** How many stages use it in all, when `usedBy` was capped. */
  usedByCount: number;
  flows: { fromTitle: string; toTitle: string; scopeTitle?: string }[];
  related: { title: string; type: string }[];
  sources: string[];
}

/** Where hovers get their entities: `limit` caps the long lists; `version` changes whenever the knowledge does. */
export interface HoverEntities {
  readonly version: number;
  entity(id: string, limit: number): HoverEntity | undefined;
}

export interface RenderOptions {
  /** Builds a link that opens the entity in the Data Notes view, e.g. a `command:` URI. */
  detailsLink?: (id: string) => string;
  /** Cap on "used by" lines; hovers stay short. */
  maxUsedBy?: number;
}

const MARKDOWN_SPECIAL = /[\\`*_{}[\]()#+\-.!|<>~&]/g;

/** Escapes text for markdown so that it renders as written (and `<`/`&` never become HTML). */
export function escapeMarkdown(text: string): string {
  return text.replace(MARKDOWN_SPECIAL, (ch) => (ch === '<' ? '&lt;' : ch === '>' ? '&gt;' : ch === '&' ? '&amp;' : `\\${ch}`));
}

/** A link target that is safe inside `[text](...)`: http(s) only, parentheses and spaces encoded. */
export function safeUrl(url: string): string | undefined {
  if (!/^https?:\/\/[^\s]+$/i.test(url)) return undefined;
  return url.replace(/[()<>"'\s\\]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}

function hostOf(url: string): string {
  return url.replace(/^https?:\/\//i, '').split(/[/?#]/)[0];
}

export function renderEntityMarkdown(entity: HoverEntity, options: RenderOptions = {}): string {
  const maxUsedBy = options.maxUsedBy ?? 6;
  const lines: string[] = [];
  const facts = [entity.category ?? entity.kind, entity.vendor].filter(Boolean).map((f) => `*${escapeMarkdown(f!)}*`);
  lines.push(`**${escapeMarkdown(entity.title)}** · ${facts.join(' · ')}`);
  if (entity.aliases.length > 0) lines.push('', `Also: ${entity.aliases.slice(0, 5).map(escapeMarkdown).join(', ')}`);
  // Hovers stay short: the first paragraph (Korean in the bundled glossary); Show details has the rest.
  const summary = entity.summary.split(/\n\s*\n/).map((p) => p.replace(/\s+/g, ' ').trim()).find(Boolean);
  if (summary) lines.push('', escapeMarkdown(summary));
  if (entity.usedBy.length > 0) {
    lines.push('', '**Used by**', '');
    for (const use of entity.usedBy.slice(0, maxUsedBy)) {
      const path = [use.company, use.architecture, use.stage].filter(Boolean).map(escapeMarkdown).join(' › ');
      lines.push(`- ${path}`);
    }
    const total = Math.max(entity.usedByCount, entity.usedBy.length);
    if (total > maxUsedBy) lines.push(`- … ${total - maxUsedBy} more`);
  }
  if (entity.flows.length > 0) {
    const flows = entity.flows.slice(0, 4).map((f) => `${escapeMarkdown(f.fromTitle)} → ${escapeMarkdown(f.toTitle)}${f.scopeTitle ? ` (${escapeMarkdown(f.scopeTitle)})` : ''}`);
    lines.push('', `**Data flow**: ${flows.join('; ')}`);
  }
  if (entity.related.length > 0) {
    lines.push('', `**Related**: ${entity.related.slice(0, 8).map((r) => `${escapeMarkdown(r.title)} (${escapeMarkdown(r.type)})`).join(', ')}`);
  }
  const sources = entity.sources.map((url) => ({ url: safeUrl(url), host: hostOf(url) })).filter((s) => s.url);
  if (sources.length > 0) lines.push('', `**Sources**: ${sources.slice(0, 4).map((s) => `[${escapeMarkdown(s.host)}](${s.url})`).join(' · ')}`);
  if (options.detailsLink) lines.push('', `[Show details](${options.detailsLink(entity.id)})`);
  return lines.join('\n');
}

/** How many users, flows and mentions a hover lists; Show details has them all. */
export const HOVER_ITEMS = 6;

/** The hover for a glossary entry: its entity with capped lists (one extra user so it can say "… more"). */
export function renderTermHover(entities: HoverEntities, entryId: string, detailsLink?: (id: string) => string): string | undefined {
  const entity = entities.entity(technologyNodeId(entryId), HOVER_ITEMS + 1);
  return entity && renderEntityMarkdown(entity, { detailsLink, maxUsedBy: HOVER_ITEMS });
}

/**
 * Term hovers kept while the knowledge base is unchanged. A hover on a technology thousands of
 * stages use reads all its edges the first time; people hover the same few
 * terms again and again, and after the first time it is a lookup. While a workspace is indexed
 * the knowledge base changes every few milliseconds: a caller may then accept a hover made a
 * moment ago (`maxAgeMs`) rather than read the edges again for each one.
 */
export class TermHovers {
  private readonly rendered = new Map<string, { value: string | undefined; version: number; at: number }>();

  constructor(private readonly entities: HoverEntities, private readonly detailsLink?: (id: string) => string, private readonly now = () => Date.now()) {}

  render(entryId: string, maxAgeMs = 0): string | undefined {
    const version = this.entities.version;
    const known = this.rendered.get(entryId);
    if (known && (known.version === version || this.now() - known.at < maxAgeMs)) return known.value;
    if (!known && this.rendered.size >= MAX_KEPT_HOVERS) this.rendered.clear();
    const value = renderTermHover(this.entities, entryId, this.detailsLink);
    this.rendered.set(entryId, { value, version, at: this.now() });
    return value;
  }
}

/** Hovers are small (~1.5 KB) and there are as many as glossary entries; a bound all the same. */
const MAX_KEPT_HOVERS = 2000;
