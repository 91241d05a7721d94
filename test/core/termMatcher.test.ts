import * as assert from 'assert';
import { TermDefinition, TermMatcher } from '../../server/src/core/termMatcher';

const term = (entryId: string, text: string, extra: Partial<TermDefinition> = {}): TermDefinition => ({ entryId, text, ambiguous: false, context: [], command: false, ...extra });

const matcher = new TermMatcher([
  term('kafka', 'Kafka'), term('kafka', '카프카'), term('kafka-connect', 'Kafka Connect'),
  term('kinesis', 'Kinesis'), term('firehose', 'Kinesis Data Firehose'), term('firehose', 'Kinesis Firehose'), term('firehose', 'Firehose'),
  term('dynamodb', 'DynamoDB'), term('dynamodb-streams', 'DynamoDB Streams'), term('hbase', 'HBase'), term('pubsub', 'Pub/Sub'),
  term('elasticsearch', 'Elasticsearch'), term('mongodb', 'Mongo'),
  term('find', 'find', { ambiguous: true, command: true }),
  term('lambda', 'Lambda', { ambiguous: true, context: ['aws'] }),
  term('go', 'Go', { ambiguous: true, context: ['golang'] }),
]);

/** The entry under the first occurrence of `word` in `line` (cursor in its middle). */
function at(line: string, word: string, languageId?: string): string | undefined {
  const start = line.indexOf(word);
  assert.ok(start >= 0, `${word} not in ${line}`);
  return matcher.termAt(line, start + Math.floor(word.length / 2), { languageId })?.entryId;
}

describe('TermMatcher', () => {
  it('matches names inside identifiers of every casing style', () => {
    assert.strictEqual(at('const client = new KinesisClient({})', 'Kinesis'), 'kinesis');
    assert.strictEqual(at('resource "aws_kinesis_firehose_delivery_stream" "x" {', 'firehose'), 'firehose');
    assert.strictEqual(at('new DynamoDBStreamsClient()', 'Streams'), 'dynamodb-streams');
    assert.strictEqual(at('import org.apache.hadoop.hbase.client.Table;', 'hbase'), 'hbase');
    assert.strictEqual(at("require('@google-cloud/pubsub')", 'pubsub'), 'pubsub');
    assert.strictEqual(at('ELASTICSEARCH_URL=http://localhost:9200', 'ELASTIC'), 'elasticsearch');
    assert.strictEqual(at('client = boto3.client("firehose")', 'firehose'), 'firehose');
  });

  it('prefers the longest name', () => {
    assert.strictEqual(at('image: confluentinc/cp-kafka-connect:7.5.0', 'kafka'), 'kafka-connect');
    assert.strictEqual(at('We run Kafka Connect workers', 'Kafka'), 'kafka-connect');
    assert.strictEqual(at('- Kinesis Data Firehose 로 전송', 'Kinesis'), 'firehose');
    assert.strictEqual(at('Kafka, Connect', 'Kafka'), 'kafka', 'a comma breaks a multi-word name');
  });

  it('respects word boundaries and Korean particles', () => {
    assert.strictEqual(at('const mongoose = require("mongoose")', 'mongoose'), undefined);
    assert.strictEqual(at('// 카프카를 사용해 전송', '카프카'), 'kafka');
    assert.strictEqual(at('DynamoDB의 변경 이벤트', 'Dynamo'), 'dynamodb');
    assert.strictEqual(at('const kafkaesque = 1', 'kafka'), undefined);
  });

  it('needs evidence for ambiguous names', () => {
    assert.strictEqual(at('const user = users.find((u) => u.id === id)', 'find'), undefined);
    assert.strictEqual(at("find . -name '*.log' -delete", 'find', 'shellscript'), 'find');
    assert.strictEqual(at("$ find /var/log -mtime +7", 'find', 'markdown'), 'find');
    assert.strictEqual(at('find는 실시간으로 검색한다', 'find', 'markdown'), 'find');
    assert.strictEqual(at('squares = map(lambda x: x * x, xs)', 'lambda', 'python'), undefined);
    assert.strictEqual(at('resource "aws_lambda_function" "ingest" {', 'lambda', 'terraform'), 'lambda');
    assert.strictEqual(at("Let's go to the store", 'go', 'markdown'), undefined);
    assert.strictEqual(at('Services are written in Go and gRPC', 'Go', 'markdown'), 'go');
    assert.strictEqual(at('Go to the settings page', 'Go', 'markdown'), undefined, 'capitals at a sentence start prove nothing');
  });

  it('finds every mention in a text without overlaps', () => {
    const found = matcher.findAll('Fluent-Bit → Kafka Connect → Kinesis Firehose, then 카프카').map((m) => m.entryId);
    assert.deepStrictEqual(found, ['kafka-connect', 'firehose', 'kafka']);
  });

  it('copes with empty, long and odd lines', () => {
    assert.strictEqual(matcher.termAt('', 0), undefined);
    const long = 'x'.repeat(100_000) + ' Kafka ' + 'y'.repeat(100_000);
    assert.strictEqual(matcher.termAt(long, 100_002)?.entryId, 'kafka');
    assert.strictEqual(matcher.termAt('\u0000\uFFFD😀 Kafka', 6)?.entryId, 'kafka');
  });

  it('checks the context of an ambiguous name in a note of hundreds of thousands of characters', () => {
    const go = new TermMatcher([{ entryId: 'go', text: 'Go', ambiguous: true, context: ['golang'], command: false }]);
    const note = 'golang notes ' + 'word '.repeat(100_000) + 'written in go';
    assert.deepStrictEqual(go.findAll(note).map((m) => m.entryId), ['go']);
  });
});
