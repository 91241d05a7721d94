/** A client that writes JSON-RPC frames by hand, for tests and the benchmark that need to send what a well-behaved client would not. */
import { ChildProcess, spawn } from 'child_process';
import { SERVER_PROCESS } from '../../server/src/protocol';
import { SERVER } from './lspClient';

/** A client that writes frames by hand and collects what comes back. */
export class RawClient {
  readonly messages: { id?: number; method?: string; result?: unknown; error?: { code: number }; params?: { message?: string } }[] = [];
  stderr = '';
  exitCode: number | null | undefined;
  private buffer = Buffer.alloc(0);
  private readonly child: ChildProcess;

  constructor() {
    this.child = spawn(process.execPath, [...SERVER_PROCESS.execArgv, SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, ...SERVER_PROCESS.env } });
    this.child.stdout!.on('data', (data: Buffer) => this.read(data));
    this.child.stderr!.on('data', (data: Buffer) => { this.stderr += data.toString(); });
    this.child.on('exit', (code) => { this.exitCode = code; });
  }

  send(message: object): void {
    const body = Buffer.from(JSON.stringify({ jsonrpc: '2.0', ...message }));
    this.raw(`Content-Length: ${body.length}\r\n\r\n${body.toString()}`);
  }

  raw(text: string): void {
    this.child.stdin!.write(text);
  }

  async response(id: number, timeoutMs = 10000): Promise<RawClient['messages'][number]> {
    return this.until(() => this.messages.find((m) => m.id === id && m.method === undefined), timeoutMs, `response ${id}`);
  }

  async until<T>(found: () => T | undefined, timeoutMs: number, what: string): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = found();
      if (value !== undefined) return value;
      if (Date.now() > deadline) throw new Error(`no ${what}; got ${JSON.stringify(this.messages.slice(-5))}; stderr ${this.stderr}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  kill(): void {
    if (this.exitCode === undefined) this.child.kill();
  }

  private read(data: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, data]);
    for (;;) {
      const headerEnd = this.buffer.indexOf('\r\n\r\n');
      if (headerEnd < 0) return;
      const length = Number(/Content-Length: (\d+)/i.exec(this.buffer.subarray(0, headerEnd).toString())?.[1]);
      if (this.buffer.length < headerEnd + 4 + length) return;
      this.messages.push(JSON.parse(this.buffer.subarray(headerEnd + 4, headerEnd + 4 + length).toString()));
      this.buffer = this.buffer.subarray(headerEnd + 4 + length);
    }
  }
}


export const initialize = (client: RawClient, id = 1, rootUri: string | null = null) =>
  client.send({ id, method: 'initialize', params: { processId: null, rootUri, capabilities: {}, workspaceFolders: rootUri ? [{ uri: rootUri, name: 'ws' }] : null } });
