/**
 * The bundled glossary as shipped: every entry follows the format (scripts/check-glossary.mjs),
 * there are enough of them, and what an entry says reaches the hover.
 */
import * as assert from 'assert';
import { execFileSync } from 'child_process';
import * as path from 'path';
import { renderTermHover } from '../../server/src/core/render';
import { EntityViews } from '../../server/src/features/entityViews';
import { bundledKnowledgeBase, REPO_ROOT } from './helpers';

describe('the bundled glossary', () => {
  it('has at least 250 entries, each with both languages, known categories, existing relations and http(s) sources', () => {
    // Exit status 1 (and the problems on stderr) when any entry is wrong or there are too few.
    const out = execFileSync(process.execPath, [path.join(REPO_ROOT, 'scripts/check-glossary.mjs'), '--min', '250'], { encoding: 'utf8' });
    assert.match(out, /0 problems/);
  });

  it("shows an entry's sources, its Korean name and who uses it in the hover", () => {
    const kb = bundledKnowledgeBase();
    const hover = renderTermHover(new EntityViews(kb), 'kafka')!;
    assert.match(hover, /\*\*Used by\*\*/);
    const spark = kb.glossaryEntry('spark')!;
    assert.ok(spark.sources.length > 0 && spark.sources.every((s) => s.startsWith('https://')), 'spark has https sources');
    assert.ok(spark.aliases.includes('스파크'));
    const sparkHover = renderTermHover(new EntityViews(kb), 'spark')!;
    assert.match(sparkHover, /\*\*Sources\*\*: \[spark\\\.apache\\\.org\]\(https:\/\/spark\.apache\.org/);
  });

  it('recognises the new entries where code names them', () => {
    const kb = bundledKnowledgeBase();
    const cases: [string, string, string][] = [
      ['from pyspark.sql import SparkSession', 'SparkSession', 'spark'],
      ['r = redis.Redis(host="localhost", port=6379)', 'Redis', 'redis'],
      ['      SCHEMA_REGISTRY_HOST_NAME: schema-registry', 'schema-registry', 'schema-registry'],
      ['resource "aws_glue_catalog_table" "events" {', 'glue', 'aws-glue'],
      ['conn = psycopg2.connect(dsn)', 'psycopg2', 'postgresql'],
      ['KAFKA_ZOOKEEPER_CONNECT: zookeeper:2181', 'ZOOKEEPER', 'zookeeper'],
      ['SQL_ALCHEMY_CONN = "postgresql+psycopg2://airflow@postgres/airflow"', 'postgresql', 'postgresql'],
    ];
    for (const [line, target, expected] of cases) {
      const hit = kb.termAt(line, line.indexOf(target) + 1, { languageId: 'python' });
      assert.strictEqual(hit?.entry.id, expected, `${line} @ ${target}`);
    }
  });
});
