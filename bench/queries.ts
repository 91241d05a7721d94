/** The fixed query mix for latency, and the labelled queries for top-5 quality. */
import { Tech } from './corpus';

/** Latency mix: English, Korean, typos, initial consonants, multi-word, prefixes, no match. */
export const QUERY_MIX: { query: string; kind: string }[] = [
  { query: 'kafka', kind: 'english' },
  { query: 'airflow', kind: 'english' },
  { query: 'bigquery', kind: 'english' },
  { query: 'elasticsearch', kind: 'english' },
  { query: 'recommendation platform', kind: 'multi-word' },
  { query: 'kafka connect', kind: 'multi-word' },
  { query: 'realtime log pipeline', kind: 'multi-word' },
  { query: '카프카', kind: 'korean' },
  { query: '쿠버네티스', kind: 'korean' },
  { query: '실시간 로그', kind: 'korean' },
  { query: '결제 데이터 파이프라인', kind: 'korean' },
  { query: 'kafak', kind: 'typo' },
  { query: 'kubernets', kind: 'typo' },
  { query: 'promethues', kind: 'typo' },
  { query: '카프크', kind: 'typo' },
  { query: 'ㅋㅍㅋ', kind: 'choseong' },
  { query: 'ㅇㅇㅍㄹㅇ', kind: 'choseong' },
  { query: 'ka', kind: 'prefix' },
  { query: 'elast', kind: 'prefix' },
  { query: 'zqxwvj', kind: 'no-match' },
  { query: '없는검색어입니다', kind: 'no-match' },
];

export interface LabelledQuery {
  query: string;
  kind: string;
  /** Expected title, or a technology to resolve against the glossary (by id or name). */
  title?: string;
  tech?: string[];
}

export const LABELLED: LabelledQuery[] = [
  { query: 'kafka', kind: 'english', tech: ['kafka', 'apache-kafka'] },
  { query: '카프카', kind: 'korean', tech: ['kafka', 'apache-kafka'] },
  { query: 'kafak', kind: 'typo', tech: ['kafka', 'apache-kafka'] },
  { query: '카프크', kind: 'typo', tech: ['kafka', 'apache-kafka'] },
  { query: 'ㅋㅍㅋ', kind: 'choseong', tech: ['kafka', 'apache-kafka'] },
  { query: 'kafka connect', kind: 'multi-word', tech: ['kafka-connect'] },
  { query: '쿠버네티스', kind: 'korean', tech: ['kubernetes'] },
  { query: 'kubernetse', kind: 'typo', tech: ['kubernetes'] },
  { query: 'airflow', kind: 'english', tech: ['airflow', 'apache-airflow'] },
  { query: '에어플로우', kind: 'korean', tech: ['airflow', 'apache-airflow'] },
  { query: 'airflwo', kind: 'typo', tech: ['airflow', 'apache-airflow'] },
  { query: 'ㅇㅇㅍㄹㅇ', kind: 'choseong', tech: ['airflow', 'apache-airflow'] },
  { query: 'bigquery', kind: 'english', tech: ['bigquery', 'google-bigquery'] },
  { query: '빅쿼리', kind: 'korean', tech: ['bigquery', 'google-bigquery'] },
  { query: 'big query', kind: 'multi-word', tech: ['bigquery', 'google-bigquery'] },
  { query: 'elastic serach', kind: 'typo', tech: ['elasticsearch'] },
  { query: 'promethues', kind: 'typo', tech: ['prometheus'] },
  { query: '그라파나', kind: 'korean', tech: ['grafana'] },
  { query: '하둡', kind: 'korean', tech: ['hadoop'] },
  { query: '다이나모디비', kind: 'korean', tech: ['dynamodb'] },
  { query: 'mongo db', kind: 'multi-word', tech: ['mongodb'] },
  { query: 'fluent bit', kind: 'multi-word', tech: ['fluent-bit'] },
  { query: 'kinesis data stream', kind: 'multi-word', tech: ['kinesis-data-streams'] },
  { query: 'ㅍㄹㅁㅌㅇㅅ', kind: 'choseong', tech: ['prometheus'] },
  { query: 'kafka streams', kind: 'multi-word', tech: ['kafka-streams'] },
  { query: 'firehose', kind: 'alias', tech: ['kinesis-data-firehose'] },
  { query: 'protocol bufers', kind: 'typo', tech: ['protocol-buffers', 'protobuf'] },
  { query: 'ㄷㅋ', kind: 'choseong', tech: ['docker'] },
  { query: '쏘카', kind: 'company', title: 'SOCAR (쏘카)' },
  { query: '당근마켓', kind: 'company', title: 'Daangn (당근마켓)' },
  { query: 'bank salad', kind: 'company', title: 'Banksalad (뱅크샐러드)' },
  { query: 'ㅋㅋㅇ', kind: 'choseong', title: 'Kakao (카카오)' },
  { query: 'linkdin', kind: 'typo', title: 'LinkedIn (링크드인)' },
  { query: 'orcaflow', kind: 'planted', title: 'Orcaflow 추천 플랫폼' },
  { query: 'orca flow 추천', kind: 'planted', title: 'Orcaflow 추천 플랫폼' },
  { query: 'nimbus clikstream', kind: 'planted typo', title: 'Nimbus Clickstream Lakehouse' },
  { query: '파랑세 정산', kind: 'planted typo', title: '파랑새 정산 시스템' },
  { query: 'ㅍㄹㅅㅈㅅ', kind: 'planted choseong', title: '파랑새 정산 시스템' },
  { query: 'kestrel fraud detecton', kind: 'planted typo', title: 'Kestrel Fraud Detection' },
  { query: '도깨비 검색', kind: 'planted', title: '도깨비 검색 엔진' },
  { query: 'quokka experiment', kind: 'planted prefix', title: 'Quokka Experimentation Platform' },
  { query: 'marmot feature stor', kind: 'planted typo', title: 'Marmot Feature Store' },
  { query: '은하수 메시지', kind: 'planted', title: '은하수 메시지 큐 이관기' },
];

const squash = (s: string) => s.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');

/** Labelled queries with their expected title; technology queries whose entry the glossary lacks are dropped. */
export function resolveLabelled(techs: Tech[]): { query: string; kind: string; expected: string }[] {
  const out: { query: string; kind: string; expected: string }[] = [];
  for (const q of LABELLED) {
    if (q.title) {
      out.push({ query: q.query, kind: q.kind, expected: q.title });
      continue;
    }
    const wanted = q.tech!.map(squash);
    const entry = techs.find((t) => wanted.includes(squash(t.id))) ?? techs.find((t) => wanted.includes(squash(t.name)));
    if (entry) out.push({ query: q.query, kind: q.kind, expected: entry.name });
  }
  return out;
}
