/** The server's view of the `dataNotes.*` settings, validated; bad values fall back to defaults with a message. */
export interface Settings {
  include: string[];
  exclude: string[];
  hoverEnabled: boolean;
  /** Show the bundled sample notes next to the workspace's (the bundled glossary always stays). */
  sampleNotes: boolean;
}

export const DEFAULT_SETTINGS: Settings = {
  include: ['**/*.md', '**/*.markdown'],
  exclude: ['**/node_modules/**', '**/.git/**', '**/dist/**', '**/out/**', '**/build/**', '**/.cache/**', '**/.vscode-test/**', '**/bower_components/**'],
  hoverEnabled: true,
  sampleNotes: true,
};

const KNOWN = new Set(['notes', 'hover', 'sampleNotes', 'trace']);

/** Reads the `dataNotes` configuration section; returns settings and the problems found. */
export function readSettings(section: unknown): { settings: Settings; problems: string[] } {
  const problems: string[] = [];
  const settings: Settings = { ...DEFAULT_SETTINGS };
  if (section === null || section === undefined) return { settings, problems };
  if (typeof section !== 'object') return { settings, problems: ['dataNotes settings must be an object; using defaults.'] };
  const s = section as Record<string, unknown>;
  for (const key of Object.keys(s)) if (!KNOWN.has(key)) problems.push(`Unknown setting dataNotes.${key} is ignored.`);
  const notes = (s.notes ?? {}) as Record<string, unknown>;
  settings.include = globList(notes.include, DEFAULT_SETTINGS.include, 'dataNotes.notes.include', problems);
  settings.exclude = globList(notes.exclude, DEFAULT_SETTINGS.exclude, 'dataNotes.notes.exclude', problems);
  const hover = (s.hover ?? {}) as Record<string, unknown>;
  if (hover.enabled !== undefined) {
    if (typeof hover.enabled === 'boolean') settings.hoverEnabled = hover.enabled;
    else problems.push('dataNotes.hover.enabled must be true or false; using true.');
  }
  const sampleNotes = (s.sampleNotes ?? {}) as Record<string, unknown>;
  if (sampleNotes.enabled !== undefined) {
    if (typeof sampleNotes.enabled === 'boolean') settings.sampleNotes = sampleNotes.enabled;
    else problems.push('dataNotes.sampleNotes.enabled must be true or false; using true.');
  }
  return { settings, problems };
}

/** True when the two settings select different workspace notes (then the workspace is indexed again). */
export function selectsOtherNotes(a: Settings, b: Settings): boolean {
  const same = (x: string[], y: string[]) => x.length === y.length && x.every((v, i) => v === y[i]);
  return !same(a.include, b.include) || !same(a.exclude, b.exclude);
}

function globList(value: unknown, fallback: string[], name: string, problems: string[]): string[] {
  if (value === undefined || value === null) return fallback;
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return value as string[];
  if (typeof value === 'string') return [value];
  problems.push(`${name} must be a list of glob patterns; using the default.`);
  return fallback;
}
