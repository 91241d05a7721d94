/** The `data-notes` command, run as a user would, on the sample workspace. */
import * as assert from 'assert';
import { execFileSync, spawnSync } from 'child_process';
import * as path from 'path';
import { REPO_ROOT } from '../core/helpers';

const CLI = path.join(REPO_ROOT, 'dist', 'cli.js');
const SAMPLE = path.join(REPO_ROOT, 'samples', 'workspace');
const run = (...args: string[]) => execFileSync(process.execPath, [CLI, ...args], { encoding: 'utf8', cwd: SAMPLE });

describe('data-notes command', function () {
  this.timeout(30000);

  it('lists the stack a folder declares, with files and lines, and the architectures like it', () => {
    const stack = JSON.parse(run('stack', '.', '--json')) as { technologies: { id: string; evidence: { file: string; line: number }[] }[]; similar: { architecture: string; shared: string[] }[] };
    const ids = stack.technologies.map((t) => t.id);
    for (const id of ['kafka', 'zookeeper', 'airflow', 'docker-compose']) assert.ok(ids.includes(id), id);
    assert.ok(stack.technologies.find((t) => t.id === 'kafka')!.evidence.some((e) => e.file === 'docker-compose.yml' && e.line > 0));
    assert.ok(stack.similar.length > 0 && stack.similar[0].shared.length > 0);
    assert.match(run('stack'), /technologies declared in \d+ files/);
  });

  it('searches in Korean and English, shows a technology and prints the tree', () => {
    const results = JSON.parse(run('search', '카프카', '--json', '--limit', '5')) as { title: string }[];
    assert.strictEqual(results[0].title, 'Kafka');
    assert.ok(results.length <= 5);
    assert.match(run('search', 'nothing-like-this-anywhere'), /No results/);
    const kafka = run('show', 'kafka');
    assert.match(kafka, /^Kafka {2}\(streaming/);
    assert.match(kafka, /Used by:\n {2}.*›/);
    assert.match(run('tree'), /SOCAR \(쏘카\)\n {2}딥러닝 서비스\n {4}이미지 수집/);
  });

  it('says what went wrong, with a non-zero exit', () => {
    const unknown = spawnSync(process.execPath, [CLI, 'frobnicate'], { encoding: 'utf8' });
    assert.strictEqual(unknown.status, 2);
    assert.match(unknown.stderr, /unknown command "frobnicate"/);
    const missing = spawnSync(process.execPath, [CLI, 'show', 'zzzzqqqq'], { encoding: 'utf8', cwd: SAMPLE });
    assert.strictEqual(missing.status, 1);
    assert.match(missing.stderr, /nothing known/);
    assert.match(spawnSync(process.execPath, [CLI, '--help'], { encoding: 'utf8' }).stdout, /usage: data-notes/);
  });
});
