/**
 * The technologies a code repository is built of, read from what declares them: compose services
 * and images, Dockerfiles, Kubernetes and Helm manifests, Terraform, package manifests of npm,
 * Python, Go, Maven, Gradle, sbt and Cargo, CI files and Airflow DAGs. Structured files are parsed
 * (YAML, JSON, TOML); each declared name is then read by the term matcher, where every name counts
 * (a dependency named `celery` is Celery). Each technology comes with its evidence: file and line.
 * Pure: the caller reads the files.
 */
import { CORE_SCHEMA, loadAll } from 'js-yaml';
import type * as SmolToml from 'smol-toml' with { 'resolution-mode': 'import' };
// smol-toml is an ES module with a CommonJS build, which esbuild and Node's require take.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { parse: parseToml } = require('smol-toml') as typeof SmolToml;

export interface StackFile {
  /** Relative to the repository, with `/`. */
  path: string;
  text: string;
}

export interface StackEvidence {
  path: string;
  /** 0-based. */
  line: number;
  /** The declaration as written on that line, trimmed. */
  text: string;
}

export interface DetectedTechnology {
  id: string;
  evidence: StackEvidence[];
}

/** Reads a declared name (an image, a package, a resource type) as glossary entry ids. */
export type NameReader = (name: string) => string[];

/** What kind of declaration a file is, by its path; undefined for files that declare nothing we read. */
export function stackFileKind(path: string): StackFileKind | undefined {
  const name = path.slice(path.lastIndexOf('/') + 1).toLowerCase();
  if (/^(docker-)?compose([.-][\w.-]+)?\.ya?ml$/.test(name)) return 'compose';
  if (/^dockerfile([.-][\w.-]+)?$/.test(name) || name.endsWith('.dockerfile')) return 'dockerfile';
  if (name.endsWith('.tf')) return 'terraform';
  if (name === 'package.json') return 'npm';
  if (/^requirements([.-][\w.-]+)?\.txt$/.test(name)) return 'requirements';
  if (name === 'pyproject.toml' || name === 'pipfile' || name === 'cargo.toml') return 'toml';
  if (name === 'go.mod') return 'gomod';
  if (name === 'pom.xml') return 'maven';
  if (name === 'build.gradle' || name === 'build.gradle.kts' || name === 'build.sbt') return 'gradle';
  if (/(^|\/)\.github\/workflows\/[^/]+\.ya?ml$/i.test(path)) return 'github-actions';
  if (name === '.gitlab-ci.yml') return 'gitlab-ci';
  if (name === 'jenkinsfile') return 'jenkins';
  if (name === 'chart.yaml') return 'helm-chart';
  if (/\.ya?ml$/.test(name)) return 'yaml';
  if (name.endsWith('.py')) return 'python';
  return undefined;
}

export type StackFileKind =
  | 'compose' | 'dockerfile' | 'terraform' | 'npm' | 'requirements' | 'toml' | 'gomod' | 'maven' | 'gradle' | 'github-actions'
  | 'gitlab-ci' | 'jenkins' | 'helm-chart' | 'yaml' | 'python';

/** What a file of each kind says by being there at all. */
const PRESENCE: Partial<Record<StackFileKind, string[]>> = {
  compose: ['docker-compose', 'docker'], dockerfile: ['docker'], terraform: ['terraform'], gomod: ['go'], 'github-actions': ['github-actions'],
  'gitlab-ci': ['gitlab-ci'], jenkins: ['jenkins'], 'helm-chart': ['helm', 'kubernetes'],
};

/** An image reference without its registry port, tag and digest: `confluentinc/cp-kafka:7.5.0` → `confluentinc/cp-kafka`. */
export function imageName(reference: string): string {
  return reference.trim().replace(/^["']|["']$/g, '').replace(/@sha256:[0-9a-f]+$/i, '').replace(/:[^/:]*$/, '').replace(/^[\w.-]+:\d+\//, '');
}

/** The line of `text` where `needle` first appears at or after line `from`, else `fallback`. */
function lineOf(lines: string[], needle: string, fallback = 0): number {
  const at = lines.findIndex((l) => l.includes(needle));
  return at >= 0 ? at : fallback;
}

/** Names a file declares, each with its line. */
function declaredNames(file: StackFile, kind: StackFileKind): { name: string; line: number }[] {
  const lines = file.text.split(/\r\n|\r|\n/);
  const out: { name: string; line: number }[] = [];
  const add = (name: string | undefined, line: number) => {
    if (name && name.length <= 300) out.push({ name, line });
  };
  const imageLines = () => lines.forEach((l, i) => {
    const m = /^\s*-?\s*image:\s*(\S+)/.exec(l);
    if (m) add(imageName(m[1]), i);
  });
  switch (kind) {
    case 'compose': {
      imageLines();
      // Service names say what a service is when it is built here (`kafka:`, `postgres:`).
      const services = yamlDocuments(file.text).map((d) => (d as { services?: unknown })?.services).find((s) => s && typeof s === 'object') as Record<string, unknown> | undefined;
      for (const name of Object.keys(services ?? {}).slice(0, 200)) add(name, lineOf(lines, `${name}:`));
      break;
    }
    case 'dockerfile':
      lines.forEach((l, i) => {
        const m = /^\s*FROM\s+(?:--platform=\S+\s+)?(\S+)/i.exec(l);
        if (m && !/^\$/.test(m[1])) add(imageName(m[1]), i);
      });
      break;
    case 'yaml':
    case 'helm-chart':
    case 'github-actions':
    case 'gitlab-ci':
      imageLines();
      if (kind === 'yaml' && /^\s*apiVersion:\s*\S+/m.test(file.text) && /^\s*kind:\s*\S+/m.test(file.text)) add('kubernetes', lineOf(lines, 'apiVersion:'));
      if (kind === 'github-actions') lines.forEach((l, i) => { const m = /^\s*-?\s*uses:\s*([\w.-]+\/[\w.-]+)/.exec(l); if (m) add(m[1], i); });
      break;
    case 'terraform':
      lines.forEach((l, i) => {
        const m = /^\s*(?:resource|data|provider|module)\s+"([^"]+)"/.exec(l) ?? /^\s*source\s*=\s*"([^"]+)"/.exec(l);
        if (m) add(m[1], i);
      });
      break;
    case 'npm': {
      let data: Record<string, unknown> = {};
      try { data = JSON.parse(file.text); } catch { return out; }
      for (const key of ['dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies']) {
        const deps = data[key];
        if (deps && typeof deps === 'object') for (const name of Object.keys(deps).slice(0, 500)) add(name, lineOf(lines, `"${name}"`));
      }
      break;
    }
    case 'requirements':
      lines.forEach((l, i) => {
        const m = /^\s*([A-Za-z0-9][\w.-]*)(\[[^\]]*\])?/.exec(l.replace(/#.*/, ''));
        if (m && !l.trim().startsWith('-')) { add(m[1], i); if (m[2]) for (const extra of m[2].slice(1, -1).split(',')) add(extra.trim(), i); }
      });
      break;
    case 'toml': {
      let data: Record<string, unknown> = {};
      try { data = parseToml(file.text) as Record<string, unknown>; } catch { return out; }
      const names = new Set<string>();
      const project = data.project as { dependencies?: unknown; 'optional-dependencies'?: Record<string, unknown> } | undefined;
      const fromList = (list: unknown) => { if (Array.isArray(list)) for (const d of list) if (typeof d === 'string') names.add(/^\s*([A-Za-z0-9][\w.-]*)/.exec(d)?.[1] ?? ''); };
      fromList(project?.dependencies);
      for (const extra of Object.values(project?.['optional-dependencies'] ?? {})) fromList(extra);
      const poetry = (data.tool as { poetry?: Record<string, unknown> } | undefined)?.poetry;
      for (const table of [poetry?.dependencies, poetry?.['dev-dependencies'], data.packages, data['dev-packages'], data.dependencies, data['dev-dependencies']]) {
        if (table && typeof table === 'object' && !Array.isArray(table)) for (const name of Object.keys(table)) names.add(name);
      }
      for (const name of [...names].filter(Boolean).slice(0, 500)) add(name, lineOf(lines, name));
      break;
    }
    case 'gomod':
      // What the module requires itself: `// indirect` lines are its dependencies' dependencies.
      // The module path without its host and owner (`github.com/minio/asm2plan9s` is not MinIO).
      lines.forEach((l, i) => {
        const m = /^\s*(?:require\s+)?([\w.-]+\.[\w.-]+\/[\w./-]+)\s+v/.exec(l);
        if (m && !/\/\/\s*indirect/.test(l)) add(m[1].replace(/^(?:github\.com|gitlab\.com|bitbucket\.org)\/[\w.-]+\//, '').replace(/^[\w-]+(\.[\w-]+)+\//, ''), i);
      });
      break;
    case 'maven':
      lines.forEach((l, i) => { const m = /<artifactId>\s*([^<\s]+)\s*<\/artifactId>/.exec(l); if (m) add(m[1], i); });
      break;
    case 'gradle':
      // The artifact, not the group: `com.github.scopt:scopt` is scopt, not GitHub.
      lines.forEach((l, i) => {
        for (const m of l.matchAll(/["']([\w.-]+):([\w.-]+)(?::[^"']*)?["']/g)) add(m[2], i);
        for (const m of l.matchAll(/["']([\w.-]+)["']\s*%%?\s*["']([\w.-]+)["']/g)) add(m[2], i);
      });
      break;
    case 'python':
      // Only what a module imports: a DAG file's imports name its operators' systems.
      lines.forEach((l, i) => {
        const m = /^\s*(?:from\s+([\w.]+)\s+import\s+([\w, ()]+)|import\s+([\w.]+))/.exec(l);
        if (m) add([m[1], m[2], m[3]].filter(Boolean).join(' '), i);
      });
      break;
    case 'jenkins':
      break;
  }
  return out;
}

function yamlDocuments(text: string): unknown[] {
  try {
    return loadAll(text.length > 512 * 1024 ? '' : text, undefined, { schema: CORE_SCHEMA, json: true });
  } catch {
    return [];
  }
}

/** The technologies `files` declare, with every place that declares each; `read` maps a name to entry ids. */
export function detectStack(files: StackFile[], read: NameReader): DetectedTechnology[] {
  const found = new Map<string, StackEvidence[]>();
  const note = (id: string, evidence: StackEvidence) => {
    const list = found.get(id) ?? [];
    if (!list.some((e) => e.path === evidence.path && e.line === evidence.line) && list.length < 50) list.push(evidence);
    found.set(id, list);
  };
  for (const file of files) {
    const kind = stackFileKind(file.path);
    if (!kind) continue;
    const lines = file.text.split(/\r\n|\r|\n/);
    const declared = declaredNames(file, kind);
    // A Python file counts only when it is an Airflow DAG: other modules' imports are code, not stack.
    if (kind === 'python' && !declared.some((d) => /^airflow\b/.test(d.name))) continue;
    for (const id of PRESENCE[kind] ?? []) note(id, { path: file.path, line: 0, text: file.path.slice(file.path.lastIndexOf('/') + 1) });
    for (const { name, line } of declared) {
      for (const id of read(name)) note(id, { path: file.path, line, text: (lines[line] ?? '').trim().slice(0, 200) });
    }
  }
  return [...found].map(([id, evidence]) => ({ id, evidence })).sort((a, b) => b.evidence.length - a.evidence.length || a.id.localeCompare(b.id));
}

export interface SimilarArchitecture {
  id: string;
  score: number;
  shared: string[];
  /** What it uses that the stack does not, with the stage that uses it. */
  adds: { id: string; stage: string }[];
}

/**
 * Architectures ranked by how much of `stack` they share: cosine similarity of the two sets, each
 * technology weighted by how rare it is among the architectures (sharing Kafka says less than
 * sharing Debezium). Only architectures sharing something are ranked.
 */
export function rankArchitectures(stack: ReadonlySet<string>, architectures: { id: string; stages: { label: string; technologies: string[] }[] }[], limit = 10): SimilarArchitecture[] {
  const users = new Map<string, number>();
  const sets = architectures.map((a) => new Set(a.stages.flatMap((s) => s.technologies)));
  for (const set of sets) for (const t of set) users.set(t, (users.get(t) ?? 0) + 1);
  const weight = (t: string) => Math.log(1 + architectures.length / (1 + (users.get(t) ?? 0)));
  const norm = (set: Iterable<string>) => Math.sqrt([...set].reduce((n, t) => n + weight(t) ** 2, 0));
  const stackNorm = norm(stack);
  const ranked: SimilarArchitecture[] = [];
  architectures.forEach((arch, i) => {
    const shared = [...sets[i]].filter((t) => stack.has(t));
    if (shared.length === 0 || stackNorm === 0) return;
    const score = shared.reduce((n, t) => n + weight(t) ** 2, 0) / (stackNorm * norm(sets[i]));
    const adds: SimilarArchitecture['adds'] = [];
    for (const stage of arch.stages) for (const t of stage.technologies) if (!stack.has(t) && !adds.some((a) => a.id === t)) adds.push({ id: t, stage: stage.label });
    ranked.push({ id: arch.id, score, shared, adds });
  });
  return ranked.sort((a, b) => b.score - a.score || a.id.localeCompare(b.id)).slice(0, limit);
}
