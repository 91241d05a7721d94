/** Stack detection from declaration files, and the ranking of architectures by a stack. */
import * as assert from 'assert';
import { detectStack, imageName, rankArchitectures, stackFileKind } from '../../server/src/core/stack';
import { bundledKnowledgeBase } from './helpers';

describe('stack detection', () => {
  const kb = bundledKnowledgeBase();
  const read = (name: string) => kb.technologiesNamed(name);
  const ids = (files: { path: string; text: string }[]) => detectStack(files, read).map((t) => t.id).sort();

  it('reads compose images and services, requirements with extras, Terraform, go.mod and CI, with file and line', () => {
    const stack = detectStack([
      { path: 'docker-compose.yml', text: 'services:\n  broker:\n    image: confluentinc/cp-kafka:7.5.0\n  db:\n    image: postgres:15\n' },
      { path: 'requirements.txt', text: '# pinned\napache-airflow[celery]==2.8.1\npsycopg2-binary\nrequests\n' },
      { path: 'infra/main.tf', text: 'provider "aws" {}\nresource "aws_kinesis_firehose_delivery_stream" "s" {}\n' },
      { path: 'go.mod', text: 'module x\n\nrequire github.com/redis/go-redis/v9 v9.0.0\n' },
      { path: '.github/workflows/ci.yml', text: 'on: push\n' },
    ], read);
    const byId = new Map(stack.map((t) => [t.id, t]));
    for (const id of ['kafka', 'postgresql', 'airflow', 'celery', 'aws', 'kinesis-data-firehose', 'terraform', 'redis', 'go', 'github-actions', 'docker-compose', 'docker']) assert.ok(byId.has(id), id);
    assert.deepStrictEqual(byId.get('kafka')!.evidence[0], { path: 'docker-compose.yml', line: 2, text: 'image: confluentinc/cp-kafka:7.5.0' });
    assert.ok(byId.get('celery')!.evidence.some((e) => e.path === 'requirements.txt' && e.line === 1));
    assert.ok(!byId.has('requests'), 'nothing for a library the glossary does not know');
  });

  it('reads package.json, pyproject (PEP 621 and Poetry), pom.xml, Gradle and sbt, Dockerfiles and Kubernetes manifests', () => {
    assert.deepStrictEqual(ids([{ path: 'package.json', text: '{\n  "dependencies": { "kafkajs": "^2", "ioredis": "^5", "express": "^4" }\n}\n' }]), ['kafka', 'redis']);
    assert.deepStrictEqual(ids([{ path: 'pyproject.toml', text: '[project]\ndependencies = ["pyspark>=3.5", "boto3"]\n[tool.poetry.dependencies]\nfastapi = "^0.110"\n' }]), ['aws', 'fastapi', 'spark']);
    assert.ok(ids([{ path: 'pom.xml', text: '<project>\n<dependency>\n  <artifactId>spark-sql_2.12</artifactId>\n</dependency>\n</project>\n' }]).includes('spark'));
    assert.ok(ids([{ path: 'build.sbt', text: 'libraryDependencies += "org.apache.flink" %% "flink-streaming-scala" % "1.17"\n' }]).includes('flink'));
    assert.ok(ids([{ path: 'build.gradle', text: "implementation 'org.apache.kafka:kafka-clients:3.6.0'\n" }]).includes('kafka'));
    assert.deepStrictEqual(ids([{ path: 'Dockerfile', text: 'FROM python:3.12-slim AS base\nFROM $BASE\nRUN pip install x\n' }]), ['docker']);
    assert.ok(ids([{ path: 'k8s/deploy.yaml', text: 'apiVersion: apps/v1\nkind: Deployment\nspec:\n  template:\n    spec:\n      containers:\n        - image: redis:7\n' }]).includes('kubernetes'));
  });

  it('reads a Python file only when it is an Airflow DAG, and skips broken manifests', () => {
    assert.deepStrictEqual(ids([{ path: 'app/models.py', text: 'import redis\n' }]), []);
    assert.ok(ids([{ path: 'dags/etl.py', text: 'from airflow import DAG\nfrom airflow.providers.postgres.operators.postgres import PostgresOperator\n' }]).includes('postgresql'));
    assert.deepStrictEqual(ids([{ path: 'package.json', text: '{ not json' }, { path: 'pyproject.toml', text: '[[[' }]), []);
    assert.strictEqual(stackFileKind('src/app.ts'), undefined);
    assert.strictEqual(imageName('registry.example.com:5000/team/kafka-ui:v1@sha256:abc'), 'team/kafka-ui');
  });

  it('ranks architectures by the rare technologies they share, and says what each adds at which stage', () => {
    const architectures = [
      { id: 'a', stages: [{ label: '수집', technologies: ['kafka', 'debezium'] }, { label: '적재', technologies: ['s3'] }] },
      { id: 'b', stages: [{ label: '수집', technologies: ['kafka'] }, { label: '저장', technologies: ['mysql'] }] },
      { id: 'c', stages: [{ label: '수집', technologies: ['kafka'] }] },
      { id: 'd', stages: [{ label: '서빙', technologies: ['redis'] }] },
    ];
    const ranked = rankArchitectures(new Set(['kafka', 'debezium']), architectures);
    assert.strictEqual(ranked[0].id, 'a', 'sharing the rare Debezium ranks first');
    assert.deepStrictEqual(ranked[0].adds, [{ id: 's3', stage: '적재' }]);
    assert.ok(!ranked.some((r) => r.id === 'd'), 'nothing shared, not ranked');
  });
});
