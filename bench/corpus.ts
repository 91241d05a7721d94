/**
 * Deterministic synthetic notes shaped like the notes Data Notes was written for:
 * Korean and English, `# Company` / `## Architecture` headings, `- 역할 : Kafka 로 ...`
 * bullets naming glossary technologies by their names and aliases, `[ 수집 ]` group
 * lines, wiki links, fenced code, frontmatter on some notes, and a few ~200 KB files.
 * A handful of "planted" notes with distinctive titles are the answers of the
 * labelled quality queries; they appear in every size.
 */
import { Rng } from './rng';

export interface Tech {
  id: string;
  name: string;
  aliases: string[];
  category: string;
}

export interface CompanyName {
  name: string;
  aliases: string[];
}

export interface Note {
  /** Path relative to the workspace root, with `/`. */
  path: string;
  text: string;
}

export interface CorpusOptions {
  notes: number;
  seed: number;
  /** Smaller notes (~500-800 bytes), used for the 100k workspace. */
  small: boolean;
  /** Number of ~200 KB notes. */
  largeFiles: number;
}

export interface PlantedNote {
  company: string;
  title: string;
}

/** Distinctive architectures the quality queries look for; none can come out of the random generator. */
export const PLANTED: PlantedNote[] = [
  { company: '당근마켓', title: 'Orcaflow 추천 플랫폼' },
  { company: 'LINE', title: 'Nimbus Clickstream Lakehouse' },
  { company: '토스', title: '파랑새 정산 시스템' },
  { company: 'Kestrel Logistics', title: 'Kestrel Fraud Detection' },
  { company: '쿠팡', title: '도깨비 검색 엔진' },
  { company: 'Netflix', title: 'Quokka Experimentation Platform' },
  { company: 'Uber', title: 'Marmot Feature Store' },
  { company: '카카오', title: '은하수 메시지 큐 이관기' },
];

const PREFIX_KO = ['실시간', '배치', '통합', '신규', '차세대', '사내', '글로벌', '대용량', '서버리스', ''];
const DOMAIN_KO = ['로그', '결제', '주문', '채팅', '광고', '추천', '검색', '정산', '배송', '리뷰', '알림', '회원', '쿠폰', '재고', '이미지', '영상', '위치', '이벤트', '클릭스트림', '매출', '딥러닝', '데이터 분석'];
const SYSTEM_KO = ['데이터 파이프라인', '분석 플랫폼', '수집 시스템', '파이프라인', '플랫폼', '데이터 레이크', '분석 환경', '모니터링 시스템', '서빙 구조', '아키텍처', '처리 시스템', '서비스'];
const PREFIX_EN = ['Realtime', 'Batch', 'Unified', 'Next-gen', 'Streaming', 'Serverless', 'Global', 'Internal', ''];
const DOMAIN_EN = ['Log', 'Payment', 'Order', 'Chat', 'Ads', 'Recommendation', 'Search', 'Settlement', 'Delivery', 'Review', 'Notification', 'Member', 'Inventory', 'Image', 'Video', 'Location', 'Event', 'Clickstream', 'Revenue', 'ML'];
const SYSTEM_EN = ['Data Pipeline', 'Analytics Platform', 'Ingestion System', 'Pipeline', 'Platform', 'Data Lake', 'Lakehouse', 'Monitoring Stack', 'Serving Architecture', 'Architecture', 'Processing System', 'Service'];
const SYL_EN = ['ka', 'lo', 'mi', 'ra', 'ven', 'tor', 'zen', 'qua', 'rix', 'nel', 'sol', 'dar', 'vi', 'mo', 'tes', 'lun', 'fer', 'gal', 'pi', 'xo'];
const SYL_KO = ['누', '리', '한', '빛', '솔', '다', '온', '별', '가', '람', '해', '나', '루', '미', '소', '은', '하', '늘', '새', '봄'];
const COMPANY_SUFFIX = ['Labs', 'Data', 'Commerce', 'Mobility', 'Pay', 'Games', 'Health', 'Logistics', '테크', '커머스', '모빌리티', '페이'];
const ROLES = ['수집', '로그 수집', '이미지 수집', '저장', '처리', '실시간 처리', '배치 처리', '워크플로우', '모니터링', '시각화', '배포', '스케일링', '메시징', '검색', '분석', '직렬화', '데이터 가공', '서빙', '캐싱',
  'Ingestion', 'Storage', 'Processing', 'Serving', 'Orchestration', 'Monitoring', 'Messaging', 'Deploy'];
const GROUPS = ['수집', '처리', '저장', '모니터링', '분석', '서빙', 'Ingestion', 'Processing', 'Storage', 'Serving'];
const ACTIONS_KO = [
  '{T}로 이벤트를 수집하여 {U}에 저장', '{T} 로 메시지를 전달하고 {U}에서 소비', '{T}를 사용하여 queue에 전송( {U}를 사용 )',
  '{T} 클러스터를 구성하고 파티션 수를 늘려 처리량 확보', '{T}의 변경 이벤트를 포착하여 {U}로 전달', '모델 agent의 상태를 {T}로 수집하여 {U}에 저장',
  '상세한 상태는 {T}, {U}를 사용하나, 간단한 확인은 {V}를 활용', '매일 새벽 {T} DAG로 배치 집계 후 {U}에 적재', '{T} 기반 실시간 대시보드 구축',
  '{T}와 {U}를 함께 사용하여 장애 대응 시간을 단축', '{T}에서 {U}로 마이그레이션 진행 중', '데이터를 한번에 많이 조회하지만 횟수가 많지 않아 {T}에 저장하고 {U}로 조회',
];
const ACTIONS_EN = [
  '{T} streams change events into {U}', 'ingest clickstream with {T} and land it in {U}', '{T} jobs aggregate hourly metrics',
  'alerts are routed through {T}', 'we moved from {T} to {U} to cut costs', '{T} feeds {U}; {V} keeps the schemas', 'dashboards on {T} read from {U}',
];
const INTRO = [
  '여기 저기 퍼져 있는 데이터를 별도의 저장소로 한번에 모아야 함', '로그를 한곳에 통합하고 빠르게 분석, 유연하게 수집 및 가공하기 위한 시스템을 구축',
  '데이터를 배치 단위로 처리하다 이벤트 기반(EDA)으로 전환', 'Input으로 차량 이미지를 받아 Output으로 파손과 관련된 정보를 담은 이미지로 생성하는 서비스를 통합',
  'We rebuilt the pipeline to reduce end-to-end latency from hours to minutes.', 'The team replaced nightly dumps with change data capture.',
  '트래픽이 몰리는 시간대에도 지연 없이 처리할 수 있도록 구조를 개선', 'Costs grew with the data, so storage and compute were split.',
];
const DETAILS = [
  'Eventually Consistent Read는 4KB마다 0.5 RCU를 사용한다', '스캔하는 동안 다른 Read 작업이 throttle 될 위험이 있다', 'retention은 7일로 설정',
  'partition key는 user_id', 'exactly-once 설정은 아직 검토 중', 'p99 latency 200ms 이하', '장애 시 DLQ로 보내고 재처리', 'schema 변경은 하위 호환만 허용',
];
const SOURCE_HOSTS = ['tech.socarcorp.kr', 'medium.com/daangn', 'blog.banksalad.com', 'engineering.linecorp.com', 'techblog.woowahan.com', 'netflixtechblog.com', 'eng.uber.com', 'tech.kakao.com'];

export class CorpusGenerator {
  /** Technologies by popularity: the first ones appear in most notes. */
  private readonly techs: Tech[];
  private readonly concepts: Tech[];
  private readonly asciiNames: Map<string, string[]>;
  private readonly companies: string[];

  constructor(techs: Tech[], companies: CompanyName[], seed: number) {
    if (techs.length === 0) throw new Error('the glossary is empty: the generated notes would name no technologies (is knowledge/glossary/ written yet?)');
    const popular = ['kafka', 'airflow', 'kubernetes', 's3', 'bigquery', 'elasticsearch', 'mysql', 'prometheus', 'grafana', 'docker', 'mongodb', 'hadoop', 'kafka-connect', 'dynamodb', 'kinesis-data-streams', 'hive', 'fluentd', 'grpc', 'pubsub'];
    // Notes name technologies; glossary concepts (data lake, caching...) come up in one mention out of ten.
    this.concepts = techs.filter((t) => t.category === 'concept').sort((a, b) => (a.id < b.id ? -1 : 1));
    const rest = techs.filter((t) => t.category !== 'concept').sort((a, b) => (a.id < b.id ? -1 : 1));
    const shuffler = new Rng(seed ^ 0x5eed);
    for (let i = rest.length - 1; i > 0; i--) {
      const j = Math.floor(shuffler.next() * (i + 1));
      [rest[i], rest[j]] = [rest[j], rest[i]];
    }
    const head = popular.flatMap((id) => rest.filter((t) => t.id === id || t.id === `apache-${id}`));
    this.techs = [...head, ...rest.filter((t) => !head.includes(t))];
    this.asciiNames = new Map([...this.techs, ...this.concepts].map((t) => [t.id, [t.name, ...t.aliases].filter((n) => /^[\x20-\x7e]+$/.test(n))]));
    // Listed companies by their aliases, plus unlisted ones the parser recognises from their pipelines.
    const gen = new Rng(seed ^ 0xc0);
    const unlisted: string[] = [];
    for (let i = 0; i < 300; i++) unlisted.push(`${gen.chance(0.5) ? madeUpEn(gen) : madeUpKo(gen)} ${gen.pick(COMPANY_SUFFIX)}`);
    this.companies = [...companies.flatMap((c) => [c.name.replace(/\s*\(.*\)$/, ''), ...c.aliases.slice(0, 2)]), ...unlisted];
  }

  get technologies(): Tech[] {
    return this.techs;
  }

  generate(options: CorpusOptions): Note[] {
    const rng = new Rng(options.seed);
    const notes: Note[] = [];
    const plantedAt = new Map<number, PlantedNote>();
    PLANTED.forEach((p, i) => plantedAt.set(Math.floor(((i + 0.5) * options.notes) / PLANTED.length), p));
    const largeAt = new Set<number>();
    for (let i = 0; i < options.largeFiles; i++) largeAt.add(Math.floor(((i + 0.3) * options.notes) / options.largeFiles) + 1);
    for (let i = 0; i < options.notes; i++) {
      const noteRng = rng.fork(i);
      const folder = `area-${String(i % 50).padStart(2, '0')}`;
      const planted = plantedAt.get(i);
      let text: string;
      if (planted) text = this.plantedNote(noteRng, planted);
      else if (largeAt.has(i)) text = this.largeNote(noteRng, 200_000);
      else text = this.note(noteRng, options.small);
      notes.push({ path: `${folder}/note-${String(i).padStart(6, '0')}.md`, text });
    }
    return notes;
  }

  /** One regular note. */
  note(rng: Rng, small: boolean): string {
    const r = rng.next();
    if (r < 0.62) return this.companyNote(rng, small);
    if (r < 0.8) return this.topicNote(rng, small);
    if (r < 0.88) return this.frontmatterCompanyNote(rng, small);
    return this.meetingNote(rng, small);
  }

  private tech(rng: Rng): Tech {
    if (this.concepts.length > 0 && rng.chance(0.1)) return rng.pick(this.concepts);
    return rng.skewed(this.techs);
  }

  /** How a note writes a technology: its name most of the time, else one of its aliases. */
  private spell(rng: Rng, tech: Tech): string {
    return tech.aliases.length > 0 && rng.chance(0.45) ? rng.pick(tech.aliases) : tech.name;
  }

  private codeName(rng: Rng, tech: Tech): string {
    const names = this.asciiNames.get(tech.id)!;
    return names.length > 0 ? rng.pick(names) : tech.id;
  }

  private architectureTitle(rng: Rng): string {
    const r = rng.next();
    if (r < 0.45) return [rng.pick(PREFIX_KO), rng.pick(DOMAIN_KO), rng.pick(SYSTEM_KO)].filter(Boolean).join(' ');
    if (r < 0.75) return [rng.pick(PREFIX_EN), rng.pick(DOMAIN_EN), rng.pick(SYSTEM_EN)].filter(Boolean).join(' ');
    const code = rng.chance(0.6) ? cap(madeUpEn(rng)) : madeUpKo(rng);
    return rng.chance(0.5) ? `${code} ${rng.pick(rng.chance(0.5) ? SYSTEM_KO : SYSTEM_EN)}` : `${rng.pick(DOMAIN_KO)} ${rng.pick(SYSTEM_KO)} ${code}`;
  }

  private sentence(rng: Rng): string {
    const template = rng.chance(0.7) ? rng.pick(ACTIONS_KO) : rng.pick(ACTIONS_EN);
    return template.replace(/\{([TUV])\}/g, () => this.spell(rng, this.tech(rng)));
  }

  private bullet(rng: Rng, indentDetails: boolean): string {
    const lines = [`- ${rng.pick(ROLES)} : ${this.sentence(rng)}`];
    if (indentDetails && rng.chance(0.3)) lines.push(`    - ${rng.pick(DETAILS)}`);
    return lines.join('\n');
  }

  private codeBlock(rng: Rng): string {
    const t = this.tech(rng);
    const name = this.codeName(rng, t);
    const lower = name.toLowerCase().replace(/[^a-z0-9]+/g, '-');
    const snake = lower.replace(/-/g, '_');
    const camel = name.replace(/[^A-Za-z0-9]+(.)?/g, (_, c: string | undefined) => (c ? c.toUpperCase() : ''));
    switch (rng.int(0, 4)) {
      case 0:
        return ['```yaml', 'services:', `  ${lower}:`, `    image: ${lower}:latest`, `    ports: ["${rng.int(2000, 9999)}:${rng.int(2000, 9999)}"]`, '```'].join('\n');
      case 1:
        return ['```python', `from ${snake} import Client`, `client = Client(host="${lower}.internal")`, 'client.ping()', '```'].join('\n');
      case 2:
        return ['```sql', `SELECT user_id, count(*) AS cnt FROM ${snake}_events WHERE dt = '2024-01-0${rng.int(1, 9)}' GROUP BY 1;`, '```'].join('\n');
      case 3:
        return ['```bash', `$ docker run -d --name ${lower} ${lower}:latest`, `$ ${lower} --version`, '```'].join('\n');
      default:
        return ['```ts', `const ${camel.charAt(0).toLowerCase()}${camel.slice(1)}Client = new ${camel}Client({ region: 'ap-northeast-2' });`, '```'].join('\n');
    }
  }

  private wikiLine(rng: Rng): string {
    const a = this.tech(rng);
    const b = this.tech(rng);
    return rng.chance(0.5) ? `관련: [[${this.spell(rng, a)}]], [[${b.name}]]` : `See also [[${a.name}]] and [[${this.architectureTitle(rng)}]].`;
  }

  private source(rng: Rng, title: string): string {
    const slug = title.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || `post-${rng.int(1, 9999)}`;
    return `*(출처) https://${rng.pick(SOURCE_HOSTS)}/data/20${rng.int(18, 24)}/0${rng.int(1, 9)}/${rng.int(10, 28)}/${slug}.html*`;
  }

  private architectureSection(rng: Rng, title: string, level: string, small: boolean): string {
    const parts = [`${level} ${title}`];
    parts.push(rng.pick(INTRO));
    if (!small && rng.chance(0.3)) parts.push(`![](https://miro.medium.com/max/1225/1*${rng.int(100000, 999999)}.png)`);
    const bullets: string[] = [];
    for (let b = rng.int(3, small ? 4 : 6); b > 0; b--) bullets.push(this.bullet(rng, true));
    parts.push(bullets.join('\n'));
    if (rng.chance(small ? 0.15 : 0.5)) {
      for (let g = rng.int(1, small ? 1 : 3); g > 0; g--) {
        const items: string[] = [];
        for (let k = rng.int(2, 3); k > 0; k--) {
          const t = this.tech(rng);
          items.push(`- ${this.spell(rng, t)} : ${this.sentence(rng)}`);
        }
        parts.push(`[ ${rng.pick(GROUPS)} ]  \n${items.join('\n')}`);
      }
    }
    if (rng.chance(small ? 0.1 : 0.35)) parts.push(this.codeBlock(rng));
    if (rng.chance(small ? 0.2 : 0.4)) parts.push(this.wikiLine(rng));
    if (rng.chance(small ? 0.4 : 0.6)) parts.push(this.source(rng, title));
    return parts.join('\n\n');
  }

  private frontmatter(rng: Rng, title?: string): string {
    const tags = [rng.pick(['data', 'pipeline', 'infra', 'ml', 'study']), rng.pick(['kafka', 'aws', 'gcp', 'k8s', 'log'])];
    const lines = ['---'];
    if (title) lines.push(`title: ${title}`);
    lines.push(`tags: [${tags.join(', ')}]`);
    if (rng.chance(0.3)) lines.push(`aliases: [${madeUpEn(rng)}]`);
    lines.push(`date: 20${rng.int(19, 24)}-0${rng.int(1, 9)}-1${rng.int(0, 9)}`, '---', '');
    return lines.join('\n');
  }

  private companyNote(rng: Rng, small: boolean): string {
    const company = rng.pick(this.companies);
    const parts: string[] = [];
    if (rng.chance(0.2)) parts.push(this.frontmatter(rng));
    parts.push(`# ${company}`);
    for (let a = small ? 1 : rng.int(1, 3); a > 0; a--) parts.push(this.architectureSection(rng, this.architectureTitle(rng), '##', small));
    return parts.join('\n\n') + '\n';
  }

  private frontmatterCompanyNote(rng: Rng, small: boolean): string {
    const company = rng.pick(this.companies);
    const parts = [`---\ncompany: ${company}\ntags: [architecture]\n---\n`];
    for (let a = small ? 1 : rng.int(1, 2); a > 0; a--) parts.push(this.architectureSection(rng, this.architectureTitle(rng), '#', small));
    return parts.join('\n\n') + '\n';
  }

  private topicNote(rng: Rng, small: boolean): string {
    const t = this.tech(rng);
    const title = rng.chance(0.5) ? `${this.spell(rng, t)} 정리` : `생활코딩[ ${this.spell(rng, t)} ]`;
    const parts: string[] = [];
    if (rng.chance(0.25)) parts.push(this.frontmatter(rng, title));
    parts.push(`## ${title}`, '### overview');
    const bullets: string[] = [];
    for (let b = rng.int(small ? 3 : 4, small ? 5 : 8); b > 0; b--) {
      bullets.push(rng.chance(0.5) ? `- ${this.sentence(rng)}` : `- ${rng.pick(DETAILS)} (${this.spell(rng, this.tech(rng))})`);
    }
    parts.push(bullets.join('\n'));
    if (rng.chance(small ? 0.2 : 0.6)) parts.push(this.codeBlock(rng));
    if (!small) parts.push('### 참고', this.wikiLine(rng));
    return parts.join('\n\n') + '\n';
  }

  private meetingNote(rng: Rng, small: boolean): string {
    const parts = [`# 20${rng.int(20, 24)}-0${rng.int(1, 9)}-${rng.int(10, 28)} 회의록`];
    const bullets: string[] = [];
    for (let b = rng.int(small ? 4 : 5, small ? 6 : 10); b > 0; b--) bullets.push(`- ${this.sentence(rng)}`);
    parts.push(bullets.join('\n'));
    if (rng.chance(0.5)) parts.push(this.wikiLine(rng));
    return parts.join('\n\n') + '\n';
  }

  private plantedNote(rng: Rng, planted: PlantedNote): string {
    return `# ${planted.company}\n\n${this.architectureSection(rng, planted.title, '##', true)}\n`;
  }

  /** A long study note like the bundled one: many companies and architectures in one file. */
  largeNote(rng: Rng, bytes: number): string {
    const parts = [`# 기술블로그[ 데이터 엔지니어링 ] 모음 ${rng.int(1, 99)}`];
    let size = 0;
    while (size < bytes) {
      const part = `## ${rng.pick(this.companies)}\n\n${this.architectureSection(rng, this.architectureTitle(rng), '###', false)}`;
      parts.push(part);
      size += Buffer.byteLength(part) + 2;
    }
    return parts.join('\n\n') + '\n';
  }

  /** A TypeScript file that names technologies the way code does, for hover. */
  codeDocument(rng: Rng, lines: number): string {
    const out = ["import { Injectable } from '@nestjs/common';", ''];
    while (out.length < lines) {
      const t = this.tech(rng);
      const name = this.codeName(rng, t);
      const kebab = name.toLowerCase().replace(/[^a-z0-9]+/g, '-');
      const camel = name.replace(/[^A-Za-z0-9]+(.)?/g, (_, c: string | undefined) => (c ? c.toUpperCase() : ''));
      const lowerCamel = camel.charAt(0).toLowerCase() + camel.slice(1);
      const upper = kebab.replace(/-/g, '_').toUpperCase();
      out.push(rng.pick([
        `import { ${camel}Client } from '@acme/${kebab}-client';`,
        `  private readonly ${lowerCamel}Url = process.env.${upper}_URL ?? 'http://localhost:${rng.int(2000, 9999)}';`,
        `  // TODO: ${name} 연결이 끊기면 재시도하고, 실패하면 DLQ로 보낸다`,
        `  async publish(event: OrderEvent): Promise<void> { await this.${lowerCamel}.send({ topic: 'orders', value: JSON.stringify(event) }); }`,
        `  const ${lowerCamel}Config = { brokers: ['${kebab}-0.internal:9092'], clientId: 'order-service', retries: ${rng.int(1, 9)} };`,
        `export const ${upper}_TIMEOUT_MS = ${rng.int(100, 9000)}; // ${name} default is lower`,
      ]));
    }
    return out.join('\n') + '\n';
  }
}

function cap(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

export function madeUpEn(rng: Rng): string {
  let w = '';
  for (let n = rng.int(2, 3); n > 0; n--) w += rng.pick(SYL_EN);
  return cap(w);
}

export function madeUpKo(rng: Rng): string {
  let w = '';
  for (let n = rng.int(2, 3); n > 0; n--) w += rng.pick(SYL_KO);
  return w;
}
