/** Finding a repository's declaration files on disk: .gitignore, excludes, large and binary files, and rescans. */
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { StackScanner } from '../../server/src/stackScanner';
import { bundledKnowledgeBase } from '../core/helpers';

describe('stack scanner', () => {
  const kb = bundledKnowledgeBase();
  let repo: string;
  const write = (rel: string, text: string) => {
    fs.mkdirSync(path.dirname(path.join(repo, rel)), { recursive: true });
    fs.writeFileSync(path.join(repo, rel), text);
  };
  beforeEach(() => {
    repo = fs.mkdtempSync(path.join(os.tmpdir(), 'data-notes-stack-'));
    write('.gitignore', 'generated/\n');
    write('docker-compose.yml', 'services:\n  broker:\n    image: bitnami/kafka:3.6\n');
    write('generated/docker-compose.yml', 'services:\n  db:\n    image: mongo:7\n');
    write('node_modules/x/package.json', '{"dependencies":{"ioredis":"5"}}');
    write('vendor/requirements.txt', 'pyspark\n');
    write('big/requirements.txt', `celery\n${'#'.repeat(600 * 1024)}\n`);
    write('bin/Dockerfile', 'FROM alpine\n\u0000\u0001');
  });
  afterEach(() => fs.rmSync(repo, { recursive: true, force: true }));

  it('reads what the repository declares, not what .gitignore, the excludes or node_modules hide, nor large or binary files', () => {
    const scanner = new StackScanner((name) => kb.technologiesNamed(name));
    const scanned = scanner.scan([repo], ['**/vendor/**']);
    const ids = scanned.technologies.map((t) => t.id).sort();
    assert.deepStrictEqual(ids, ['docker', 'docker-compose', 'kafka']);
    assert.ok(scanned.skipped.some((s) => /too large/.test(s)) && scanned.skipped.some((s) => /binary/.test(s)), scanned.skipped.join('\n'));
    assert.strictEqual(scanned.technologies.find((t) => t.id === 'kafka')!.evidence[0].path, path.join(repo, 'docker-compose.yml'));
  });

  it('reads again only the files the watcher reported: changed, created and deleted', () => {
    const scanner = new StackScanner((name) => kb.technologiesNamed(name));
    scanner.scan([repo], ['**/vendor/**']);
    write('docker-compose.yml', 'services:\n  cache:\n    image: redis:7\n');
    write('api/package.json', '{"dependencies":{"kafkajs":"2"}}');
    let ids = scanner.rescan([path.join(repo, 'docker-compose.yml'), path.join(repo, 'api/package.json')], [repo], ['**/vendor/**']).technologies.map((t) => t.id).sort();
    assert.deepStrictEqual(ids, ['docker', 'docker-compose', 'kafka', 'redis']);
    fs.rmSync(path.join(repo, 'api/package.json'));
    ids = scanner.rescan([path.join(repo, 'api/package.json')], [repo], ['**/vendor/**']).technologies.map((t) => t.id).sort();
    assert.deepStrictEqual(ids, ['docker', 'docker-compose', 'redis']);
  });
});
