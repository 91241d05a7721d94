// Real-editor scenarios: the packaged .vsix installed into code-server (VS Code 1.139 in the
// browser), driven by playwright-core and Chromium, asserting what a user sees.
// Run by `npm run test:e2e` after test/e2e/setup.sh has installed the tools.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { REPO_ROOT, dismiss, gotoPosition, openEditor, openFile, runCommand, screenshot, showHover, startCodeServer } from './codeServer.mjs';

const VSIX = path.join(REPO_ROOT, 'data-notes.vsix');
const INGEST_TS = `import { KinesisClient, PutRecordCommand } from '@aws-sdk/client-kinesis';

// Kinesis 로 채팅 이벤트를 전송한다
const kinesis = new KinesisClient({ region: 'ap-northeast-2' });

export async function publish(event: object): Promise<void> {
  const users = [{ id: 1 }].find((u) => u.id === 1);
  await kinesis.send(new PutRecordCommand({ StreamName: 'chat', PartitionKey: 'k', Data: Buffer.from(JSON.stringify({ event, users })) }));
}
`;

let workspace;
let server;
let browser;
let page;

/** A row of the sidebar trees whose label (not its description) starts with `label`. */
function treeRow(label) {
  const escaped = label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return page.locator('.pane-body .monaco-list-row').filter({ has: page.locator('.label-name', { hasText: new RegExp(`^${escaped}`) }) }).first();
}

/** Expands a tree item with its twistie (a click on the label runs the item's command instead). */
async function expand(label) {
  const row = treeRow(label);
  await row.waitFor({ state: 'visible', timeout: 30_000 });
  if ((await row.getAttribute('aria-expanded')) !== 'true') await row.locator('.monaco-tl-twistie').click();
}

async function tabVisible(title) {
  return page.locator('.tabs-container .tab', { hasText: title }).first().isVisible().catch(() => false);
}

/** A scenario that leaves a screenshot of what the user saw when it fails. */
function scenario(name, body) {
  it(name, async () => {
    try {
      await body();
    } catch (error) {
      if (page) await screenshot(page, `failed-${name.split('.')[0]}`).catch(() => {});
      throw error;
    }
  });
}

async function eventually(probe, { timeout = 20_000, message = 'condition' } = {}) {
  const deadline = Date.now() + timeout;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${message}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

async function activeTabTitle() {
  return (await page.locator('.tabs-container .tab.active').first().getAttribute('aria-label')) ?? '';
}

async function cursorLine() {
  const text = await page.locator('.statusbar-item', { hasText: /Ln \d+, Col \d+/ }).first().innerText();
  return Number(/Ln (\d+)/.exec(text)[1]);
}

describe('Data Notes in a real VS Code (code-server)', { timeout: 600_000 }, () => {
  before(async () => {
    assert.ok(fs.existsSync(VSIX), `${VSIX} is built by npm run package`);
    workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'data-notes-e2e-'));
    fs.mkdirSync(path.join(workspace, 'src'));
    fs.mkdirSync(path.join(workspace, 'notes'));
    fs.writeFileSync(path.join(workspace, 'src', 'ingest.ts'), INGEST_TS);
    // A log platform's declarations, for Your Stack (scenario 11).
    fs.writeFileSync(path.join(workspace, 'docker-compose.yml'), 'services:\n  collector:\n    image: fluent/fluent-bit:2.2\n  aggregator:\n    image: fluent/fluentd:v1.16\n  scheduler:\n    image: apache/airflow:2.8.1\n');
    fs.writeFileSync(path.join(workspace, 'requirements.txt'), 'apache-airflow==2.8.1\ngoogle-cloud-bigquery\n');
    server = await startCodeServer({ vsixPath: VSIX, workspaceFolder: workspace });
    ({ browser, page } = await openEditor(server.url));
  });

  after(async () => {
    await browser?.close().catch(() => {});
    await server?.stop().catch(() => {});
    if (workspace) fs.rmSync(workspace, { recursive: true, force: true });
  });

  scenario('1. hovering KinesisClient and Kinesis shows the Kinesis entry and who uses it', async () => {
    await openFile(page, 'src/ingest.ts');
    await gotoPosition(page, 4, 25); // inside `KinesisClient` of `new KinesisClient(`
    const onClass = await showHover(page, { expect: /Kinesis Data Streams/, timeout: 60_000 });
    assert.match(onClass, /streaming/);
    assert.match(onClass, /당근마켓|Daangn/);
    assert.match(onClass, /채팅 데이터 파이프라인/);
    await screenshot(page, '1-hover-kinesis-client');
    await page.keyboard.press('Escape');
    await gotoPosition(page, 3, 6); // `Kinesis` in the Korean comment
    const onComment = await showHover(page, { expect: /Kinesis Data Streams/ });
    assert.match(onComment, /당근마켓|Daangn/);
    await page.keyboard.press('Escape');
    await gotoPosition(page, 7, 32); // `.find(` is an everyday word: no Data Notes hover
    await page.keyboard.press('Control+K');
    await page.keyboard.press('Control+I');
    await new Promise((r) => setTimeout(r, 1500));
    const plain = await page.locator('.monaco-hover:not(.hidden)').allInnerTexts();
    assert.ok(!plain.join('\n').includes('Used by'), `no Data Notes hover on find(): ${plain.join(' | ')}`);
    await page.keyboard.press('Escape');
  });

  scenario('2. the Architectures view lists the companies; LINE › 쇼핑 플랫폼 › Kafka Connect opens the note', async () => {
    await runCommand(page, 'Data Notes: Focus on Architectures View');
    for (const company of ['SOCAR', 'Daangn', 'Banksalad', 'Watcha', 'LINE', 'Airbnb', 'Woowa']) {
      await treeRow(company).waitFor({ state: 'visible', timeout: 30_000 });
    }
    // With no notes of its own yet, the view says what it shows and how to add to it.
    await page.locator('.pane-body', { hasText: 'bundled sample notes' }).first().waitFor({ state: 'visible', timeout: 20_000 });
    // Clicking a company expands it (its note is one inline action away), it does not open the note.
    const daangn = treeRow('Daangn');
    await daangn.locator('.label-name').click();
    await eventually(async () => (await daangn.getAttribute('aria-expanded')) === 'true', { message: 'Daangn to expand on click' });
    assert.ok(!(await tabVisible('data-engineering-notes.md')), 'a click on a company opens no note');
    await treeRow('채팅 데이터 파이프라인').waitFor({ state: 'visible' });
    await daangn.locator('.label-name').click();
    await expand('LINE (라인)');
    await expand('쇼핑 플랫폼');
    await expand('데이터를 배치 단위로');
    await screenshot(page, '2-architectures-tree');
    await treeRow('Kafka Connect').click();
    await eventually(async () => (await activeTabTitle()).includes('data-engineering-notes.md'), { message: 'the note to open' });
    await eventually(async () => (await cursorLine()) === 118, { message: 'cursor on the Kafka Connect bullet (line 118)' });
    await screenshot(page, '2-kafka-connect-opened');
  });

  /**
   * Opens Search Data Notes, types `query` and waits until the first row's label matches `expected`.
   * A QuickPick closes when the editor takes the focus; on a loaded machine a note an earlier
   * scenario opened can still do that late. Then the search is opened again (at most three times).
   */
  async function searchFor(query, expected, what) {
    const title = page.locator('.quick-input-widget .quick-input-title', { hasText: 'Search Data Notes' });
    const first = page.locator('.quick-input-widget .monaco-list-row').first();
    for (let attempt = 1; ; attempt++) {
      await runCommand(page, 'Data Notes: Search Data Notes');
      // The QuickPick opens after the palette closes: type only once its own input has focus. If
      // the focus moved away first, it is already closed again: that counts as closed, and retried.
      const opened = await title.waitFor({ state: 'visible', timeout: 20_000 }).then(() => true, () => false);
      const shown = !opened ? 'closed' : await (async () => {
        await page.locator('.quick-input-widget input').focus();
        await page.keyboard.insertText(query);
        return eventually(async () => {
          if (!(await title.isVisible().catch(() => false))) return 'closed';
          return expected.test((await first.getAttribute('aria-label').catch(() => '')) ?? '') ? 'shown' : undefined;
        }, { message: what });
      })();
      if (shown === 'shown') return;
      console.log(`search for ${query}: the search closed before showing results (attempt ${attempt}); opening it again`);
      if (attempt === 3) throw new Error('the search closed before showing its results, three times');
    }
  }

  scenario('3. Search Data Notes finds Kafka from ㅋㅍㅋ and Enter opens it', async () => {
    await searchFor('ㅋㅍㅋ', /Kafka/, 'Kafka as the first result');
    await screenshot(page, '3-search-initial-consonants');
    await page.keyboard.press('Enter');
    await eventually(() => tabVisible('Data Notes: Kafka'), { message: 'the Kafka details view' });
    await screenshot(page, '3-search-opened-kafka');
  });

  scenario('3b. a search that finds nothing says so', async () => {
    await searchFor('zqxwvj', /No results for "zqxwvj"/, 'the "No results" line');
    await screenshot(page, '3b-search-no-results');
    await page.keyboard.press('Escape');
  });

  scenario('4. a note added to the workspace appears in the tree without reload', async () => {
    await runCommand(page, 'Data Notes: Focus on Architectures View');
    // Collapse everything so the new company's row is in view (tree rows are virtualised).
    await page.locator('.pane-header', { hasText: 'Architectures' }).locator('.codicon-collapse-all').first().click();
    fs.writeFileSync(path.join(workspace, 'notes', 'toss.md'), '# Toss\n\n## 결제 이벤트 파이프라인\n- 수집 : 결제 이벤트를 Kafka 로 전송\n- 적재 : Kafka Connect 로 S3 에 저장\n');
    await expand('Toss');
    await treeRow('결제 이벤트 파이프라인').waitFor({ state: 'visible' });
    await screenshot(page, '4-new-note-in-tree');
  });

  scenario('5. Show Details renders the entry in a webview', async () => {
    await openFile(page, 'src/ingest.ts');
    await gotoPosition(page, 4, 25);
    await runCommand(page, 'Data Notes: Show Details');
    const frame = await eventually(async () => {
      for (const f of page.frames()) {
        const heading = await f.locator('h1').first().textContent({ timeout: 500 }).catch(() => '');
        if (heading === 'Kinesis Data Streams') return f;
      }
      return undefined;
    }, { timeout: 30_000, message: 'the details webview' });
    const text = await frame.locator('body').innerText();
    assert.match(text, /Used by|사용하는 곳/);
    assert.match(text, /채팅 데이터 파이프라인/);
    assert.match(text, /Kinesis Data Firehose/);
    await screenshot(page, '5-details-webview');
    await dismiss(page);
  });

  scenario('6. the hover\'s Show details link (a trusted command link) opens the details view', async () => {
    await runCommand(page, 'View: Close All Editors');
    await eventually(async () => !(await tabVisible('Data Notes: Kinesis Data Streams')), { message: 'the details view from scenario 5 to close' });
    await openFile(page, 'src/ingest.ts');
    await gotoPosition(page, 8, 9); // `kinesis` in `await kinesis.send(`
    const hover = await showHover(page, { expect: /Kinesis Data Streams/ });
    assert.match(hover, /당근마켓|Daangn/, 'closing the bundled note (opened in scenario 2) must not forget it');
    await page.locator('.monaco-hover a', { hasText: 'Show details' }).first().click();
    await eventually(() => tabVisible('Data Notes: Kinesis Data Streams'), { message: 'the details view from the hover link' });
    await screenshot(page, '6-hover-link-details');
  });

  scenario('7. Reveal Hovered Technology in Tree selects it under the architecture that uses it', async () => {
    await runCommand(page, 'Data Notes: Focus on Architectures View');
    await page.locator('.pane-header', { hasText: 'Architectures' }).locator('.codicon-collapse-all').first().click();
    await openFile(page, 'src/ingest.ts');
    await gotoPosition(page, 4, 25); // inside `KinesisClient`
    await runCommand(page, 'Data Notes: Reveal Hovered Technology in Tree');
    const row = page.locator('.pane-body .monaco-list-row.selected', { hasText: 'Kinesis Data Streams' });
    await row.waitFor({ state: 'visible', timeout: 20_000 });
    await treeRow('채팅 데이터 파이프라인').waitFor({ state: 'visible' });
    await screenshot(page, '7-reveal-in-tree');
  });

  /** The webview frame whose page holds an SVG with every text in `texts`. */
  async function drawingFrame(texts, what) {
    return eventually(async () => {
      for (const f of page.frames()) {
        const svg = await f.locator('svg.dn-drawing').first().textContent({ timeout: 300 }).catch(() => '');
        if (svg && texts.every((t) => svg.includes(t))) return f;
      }
      return undefined;
    }, { timeout: 30_000, message: what });
  }

  scenario("8. the diagram of 쏘카 › 딥러닝 서비스 shows its stages and technologies; a technology opens its details", async () => {
    await runCommand(page, 'View: Close All Editors');
    await runCommand(page, 'Data Notes: Show Architecture Diagram');
    await page.keyboard.type('딥러닝 서비스', { delay: 5 });
    await page.keyboard.press('Enter');
    const frame = await drawingFrame(['S3', 'SQS', 'Fluentd', 'Kubernetes', 'Prometheus', '로그 수집'], 'the diagram of 딥러닝 서비스');
    assert.match(await frame.locator('h1').first().textContent(), /딥러닝 서비스/);
    await screenshot(page, '8-architecture-diagram');
    await frame.locator('.dn-technology', { hasText: 'Fluentd' }).first().click();
    await eventually(() => tabVisible('Data Notes: Fluentd'), { message: 'the details of Fluentd from the diagram' });
  });

  scenario('9. comparing 딥러닝 서비스 with 로그 분석 플랫폼 draws both, side by side', async () => {
    const frame = await drawingFrame(['Fluentd', 'Kubernetes'], 'the diagram from scenario 8');
    await frame.locator('button', { hasText: /Compare with|비교/ }).first().click();
    await page.locator('.quick-input-widget').waitFor({ state: 'visible' });
    await page.keyboard.type('로그 분석 플랫폼', { delay: 5 });
    await page.keyboard.press('Enter');
    const compared = await drawingFrame(['딥러닝 서비스', '로그 분석 플랫폼', 'Fluent Bit', 'Kubernetes'], 'the comparison');
    assert.ok(await compared.locator('.dn-architecture').count() >= 2);
    await screenshot(page, '9-compare-architectures');
  });

  scenario('10. the graph view of Kafka shows who uses it and expands a node', async () => {
    await runCommand(page, 'View: Close All Editors');
    await openFile(page, 'notes/toss.md');
    await gotoPosition(page, 4, 17); // `Kafka` in `- 수집 : 결제 이벤트를 Kafka 로 전송`
    await runCommand(page, 'Data Notes: Show in Graph');
    const frame = await drawingFrame(['Kafka', 'LINE (라인)', 'Toss'], 'the graph of Kafka');
    await screenshot(page, '10-graph-kafka');
    const before = await frame.locator('.dn-box').count();
    // Toss's own neighbours (its pipeline's S3) are not Kafka's: expanding it adds them.
    await frame.locator('.dn-company', { hasText: 'Toss' }).first().click();
    await eventually(async () => (await frame.locator('.dn-box').count()) > before, { message: 'expanding Toss adds its neighbours' });
    assert.ok(await frame.locator('.dn-technology', { hasText: /^\s*S3\s*$/ }).count() > 0, 'S3, used by Toss, drawn');
  });

  scenario("11. Your Stack lists what the workspace declares, and a similar architecture opens beside the workspace's stack", async () => {
    await runCommand(page, 'View: Close All Editors');
    await runCommand(page, 'Data Notes: Focus on Your Stack View');
    // Room for it: the other two views folded (their headers toggle them).
    for (const view of ['Architectures', 'Technologies']) {
      const header = page.locator('.pane-header', { hasText: view }).first();
      if ((await header.getAttribute('aria-expanded')) === 'true') await header.click();
    }
    await treeRow('Similar architectures').waitFor({ state: 'visible', timeout: 30_000 });
    await treeRow('Fluent Bit').waitFor({ state: 'visible' });
    await treeRow('Airflow').waitFor({ state: 'visible' });
    const similar = treeRow('로그 분석 플랫폼');
    await similar.waitFor({ state: 'visible' });
    await screenshot(page, '11-your-stack');
    await similar.click();
    await drawingFrame(['로그 분석 플랫폼', 'This workspace', 'Fluent Bit', 'Airflow'], 'the comparison with the workspace stack');
    await screenshot(page, '11-similar-architecture');
  });

  scenario('12. a note over 4 M characters is not sent to the server while open: its saved file is indexed, and hovers elsewhere are answered', async () => {
    await runCommand(page, 'View: Close All Editors');
    const section = '## 주문 로그\n' + '- 수집 : 주문 이벤트를 Kafka 로 전송\n'.repeat(40) + '\n';
    const huge = '# 거대한 내보내기 노트\n\n' + section.repeat(Math.ceil(4_500_000 / section.length));
    fs.writeFileSync(path.join(workspace, 'notes', 'huge-export.md'), huge);
    // Indexed from the file (read and parsed on the parser thread): its title is found.
    await searchFor('거대한 내보내기', /거대한 내보내기 노트/, 'the big note by its title');
    await page.keyboard.press('Escape');
    await openFile(page, 'notes/huge-export.md');
    await gotoPosition(page, 4, 17); // `Kafka` in the first bullet (where scenario 10 hovers it in toss.md)
    await page.keyboard.press('Control+K');
    await page.keyboard.press('Control+I');
    await new Promise((r) => setTimeout(r, 3000));
    const inside = (await page.locator('.monaco-hover:not(.hidden)').allInnerTexts()).join('\n');
    assert.ok(!inside.includes('Used by'), `no Data Notes hover inside a document the server was not sent: ${inside.slice(0, 200)}`);
    await page.keyboard.press('Escape');
    await screenshot(page, '12-huge-note-open');
    await openFile(page, 'src/ingest.ts');
    await gotoPosition(page, 4, 25);
    const elsewhere = await showHover(page, { expect: /Kinesis Data Streams/, timeout: 30_000 });
    assert.match(elsewhere, /Used by/);
    await page.keyboard.press('Escape');
  });
});

