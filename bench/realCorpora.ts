/**
 * Workspaces for the benchmark that are not made from our glossary, so that figures measured on
 * them do not flatter us:
 *
 * - `collections`: the five public note collections kept under test/fixtures/note-collections
 *   (2,963 notes, provenance and licences there), as they are.
 * - `mixed-2k` / `mixed-10k`: a fifth company write-ups that repeat company names (sections of the
 *   bundled note, each under one of a pool of company names, several notes a company), the rest
 *   real study notes from the public collections (a copy per folder when more are needed).
 * - `repetitive-10k`: the shape of an independent generator written from a one-line description:
 *   every note twelve `- 역할 : Tech, Tech 를 사용하여 …` bullets over the same 18 technologies and a
 *   paragraph of common Korean words. Many notes naming the same few names is what makes
 *   candidate sets large.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Note } from './corpus';
import { Rng } from './rng';

export type RealCorpusName = 'collections' | 'mixed-2k' | 'mixed-10k' | 'repetitive-10k';
export const REAL_CORPORA: RealCorpusName[] = ['collections', 'mixed-2k', 'mixed-10k', 'repetitive-10k'];

const COLLECTIONS = 'test/fixtures/note-collections';
const MARKDOWN = /\.(md|markdown)$/i;

function walk(dir: string, base: string, out: Note[]): void {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) walk(full, base, out);
    else if (MARKDOWN.test(entry.name) && !(dir === base && entry.name === 'README.md')) {
      out.push({ path: path.relative(base, full).split(path.sep).join('/'), text: fs.readFileSync(full, 'utf8') });
    }
  }
}

/** The fixture collections' notes, paths relative to the collections folder (their own README left out). */
export function collectionNotes(repoRoot: string): Note[] {
  const base = path.join(repoRoot, COLLECTIONS);
  const notes: Note[] = [];
  walk(base, base, notes);
  return notes;
}

/** Company sections of the bundled note: `### Company` with its `#### Architecture` sections. */
function bundledArchitectures(repoRoot: string): string[] {
  const dir = path.join(repoRoot, 'knowledge', 'notes');
  const sections: string[] = [];
  for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.md'))) {
    const text = fs.readFileSync(path.join(dir, file), 'utf8');
    // Architecture sections (####) with their bullets; the company heading is written anew.
    for (const m of text.matchAll(/^#### [^\n]+\n(?:(?!#{1,4} )[^\n]*\n?)*/gm)) {
      if ((m[0].match(/^\s*- [^\n:]{1,30} ?: ?\S/gm) ?? []).length >= 2) sections.push(m[0].replace(/^####/, '##').trimEnd());
    }
  }
  return sections;
}

const COMPANY_STEMS = ['Kestrel', 'Ondo', 'Pinecone Labs', 'Haneul', 'Bora', 'Morae', 'Dasom', 'Gureum', 'Nuri', 'Solbit', 'Maru', 'Yeoreum',
  'Tidewater', 'Quarry', 'Lumen', 'Harbor', 'Orchard', 'Cobalt', 'Juniper', 'Saffron', 'Vesta', 'Marlin', 'Osprey', 'Tundra'];
const COMPANY_KO = ['하늘', '바다', '구름', '별빛', '새벽', '노을', '이음', '다온', '가람', '온새미'];
const COMPANY_SUFFIX_KO = ['페이', '마켓', '뱅크', '모빌리티', '게임즈', '커머스'];
const COMPANY_WORDS_EN = ['Data', 'Pay', 'Mobility', 'Commerce', 'Games', 'Health', 'Labs', 'Cloud', 'Bank', 'Market', 'Travel', 'Media'];

function companyNames(count: number, rng: Rng): string[] {
  // 288 English and 600 Korean names can be made; more are not needed (2,000 write-ups at 10k notes).
  const limit = COMPANY_STEMS.length * COMPANY_WORDS_EN.length + COMPANY_KO.length ** 2 * COMPANY_SUFFIX_KO.length;
  const names = new Set<string>();
  while (names.size < Math.min(count, limit)) {
    names.add(rng.chance(0.4)
      ? `${rng.pick(COMPANY_STEMS)} ${rng.pick(COMPANY_WORDS_EN)}`
      : `${rng.pick(COMPANY_KO)}${rng.pick(COMPANY_KO)}${rng.pick(COMPANY_SUFFIX_KO)}`);
  }
  return [...names];
}

/** A fifth company write-ups (each company in ~4 notes), the rest real study notes. */
export function mixedNotes(repoRoot: string, count: number, seed: number): Note[] {
  const rng = new Rng(seed);
  const architectures = bundledArchitectures(repoRoot);
  if (architectures.length === 0) throw new Error('no architecture sections in knowledge/notes');
  const writeUps = Math.round(count / 5);
  const companies = companyNames(Math.max(1, Math.round(writeUps / 4)), rng);
  const notes: Note[] = [];
  for (let i = 0; i < writeUps; i++) {
    const company = companies[i % companies.length];
    const sections = Array.from({ length: rng.int(1, 3) }, () => rng.pick(architectures));
    const frontmatter = rng.chance(0.3) ? `---\ncompany: ${company}\ntags: [tech-blog]\n---\n` : '';
    notes.push({ path: `companies/${i % companies.length}/${i}.md`, text: `${frontmatter}# ${company}\n\n${sections.join('\n\n')}\n` });
  }
  const study = collectionNotes(repoRoot).filter((n) => !n.path.startsWith('eren23__'));
  for (let i = 0; notes.length < count; i++) {
    const note = study[i % study.length];
    notes.push({ path: `study/${Math.floor(i / study.length)}/${note.path}`, text: note.text });
  }
  return notes;
}

const TECHS = ['Kafka', 'Kinesis', 'Spark', 'Airflow', 'S3', 'Redshift', 'BigQuery', 'Flink', 'Elasticsearch', 'Kubernetes', 'Docker', 'Redis',
  'MySQL', 'PostgreSQL', 'Hadoop', 'Hive', 'Presto', 'Grafana'];
const ROLES = ['수집', '저장', '처리', '분석', '모니터링', '배포', '스케줄링', '검색', '캐시', '시각화', '전송', '적재'];
const PHRASES = ['데이터를 실시간으로 처리한다', '로그를 모아 저장한다', '배치 작업을 매일 실행한다', '대용량 데이터를 분석한다', '장애를 빠르게 감지한다',
  '서비스 지표를 확인한다', '이벤트를 안정적으로 전달한다'];
const WORDS = ['데이터', '처리', '시스템', '서비스', '사용', '구성', '운영', '환경', '로그', '이벤트', '서버', '파이프라인', '분석', '저장', '수집', '실시간',
  '배치', '작업', '관리', '모니터링', '성능', '개선', '구축', '팀', '개발', '문제', '해결', '방법', '경우', '정도'];

/** Twelve role : Tech, Tech bullets over the same 18 technologies and a paragraph of common words, per note. */
export function repetitiveNotes(count: number, seed: number): Note[] {
  const rng = new Rng(seed);
  const notes: Note[] = [];
  for (let i = 0; i < count; i++) {
    const lines = [`# ${rng.pick(WORDS)} ${rng.pick(WORDS)} 정리 ${i}`, '', `## ${rng.pick(WORDS)} 아키텍처`, ''];
    for (let b = 0; b < 12; b++) lines.push(`- ${rng.pick(ROLES)} : ${rng.pick(TECHS)}, ${rng.pick(TECHS)} 를 사용하여 ${rng.pick(PHRASES)}`);
    lines.push('');
    lines.push(Array.from({ length: 40 }, () => rng.pick(WORDS)).join(' ') + '.');
    notes.push({ path: `notes/${Math.floor(i / 500)}/note-${i}.md`, text: lines.join('\n') + '\n' });
  }
  return notes;
}

export function realCorpus(name: RealCorpusName, repoRoot: string, seed: number): Note[] {
  switch (name) {
    case 'collections': return collectionNotes(repoRoot);
    case 'mixed-2k': return mixedNotes(repoRoot, 2000, seed + 2);
    case 'mixed-10k': return mixedNotes(repoRoot, 10000, seed + 10);
    case 'repetitive-10k': return repetitiveNotes(10000, seed + 100);
  }
}

/** Queries for each corpus: what a user of such notes would type (and the shared mix). */
export const REAL_QUERIES: string[] = [
  'kafka', '카프카', 'airflow', 'spark', 'kubernetes', '쿠버네티스', 'kafak', 'ㅋㅍㅋ', '데이터', '데이터 파이프라인', '로그 수집', '실시간 처리',
  'postgres', 'redis cache', 'git rebase', 'react hooks', 'spring batch', 'docker compose', 'data lake', 'feature store', 'recommendation',
  '모니터링', '배포', 'ka', 'da', 'zqxwvj', '없는검색어입니다',
];
