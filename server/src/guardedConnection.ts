/**
 * The connection to the editor, with what the protocol asks of a server that the library leaves
 * to it: requests before `initialize` are refused (ServerNotInitialized) and notifications before
 * it dropped; a document notification whose parameters have the wrong types is dropped with a
 * message instead of throwing later; and a stream that can no longer be read (a bad
 * `Content-Length`) ends the process with a message, so the client can start a new server
 * instead of talking to a deaf one. A request cancelled while still queued is never run.
 */
import {
  Connection, createConnection, Disposable, Event, IPCMessageReader, IPCMessageWriter, Message, MessageReader, NotificationMessage, PartialMessageInfo,
  ProposedFeatures, RequestMessage, ResponseMessage, StreamMessageReader, StreamMessageWriter, DataCallback, MessageWriter, ConnectionStrategy, LSPErrorCodes, ErrorCodes,
} from 'vscode-languageserver/node';

/** JSON-RPC error code the protocol reserves for requests that arrive before `initialize`. */
const SERVER_NOT_INITIALIZED = -32002;

/**
 * A request the client cancelled while it still waited in the queue is answered "cancelled" and
 * never run (the library's default runs it anyway): under load, superseded hovers and searches
 * cost nothing.
 */
const connectionStrategy: ConnectionStrategy = {
  cancelUndispatched: (message) => ({ jsonrpc: '2.0', id: (message as RequestMessage).id, error: { code: LSPErrorCodes.RequestCancelled, message: 'cancelled before it ran' } }),
};

/** Why a message is dropped, or undefined when it may pass. */
export type MessageCheck = (message: Message) => string | undefined;

/** Parameters the server reads without checking, checked here once. */
export const checkParameters: MessageCheck = (message) => {
  const { method, params } = message as NotificationMessage;
  if (method !== 'textDocument/didOpen' && method !== 'textDocument/didChange' && method !== 'textDocument/didClose') return undefined;
  const document = (params as { textDocument?: { uri?: unknown; text?: unknown; version?: unknown } } | undefined)?.textDocument;
  if (!document || typeof document.uri !== 'string') return `${method} without a textDocument.uri string`;
  if (method === 'textDocument/didOpen' && typeof document.text !== 'string') return `${method} of ${document.uri} without a text string`;
  if (method === 'textDocument/didChange' && !Array.isArray((params as { contentChanges?: unknown }).contentChanges)) return `${method} of ${document.uri} without contentChanges`;
  return undefined;
};

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const hasDocument = (params: Record<string, unknown>) => isObject(params.textDocument) && typeof params.textDocument.uri === 'string';
const isPosition = (value: unknown) => isObject(value) && Number.isInteger(value.line) && Number.isInteger(value.character) && (value.line as number) >= 0 && (value.character as number) >= 0;

/** What each standard request the server answers needs of its parameters (its own `dataNotes/*` requests check theirs). */
const REQUEST_SHAPES: Record<string, (params: Record<string, unknown>) => boolean> = {
  'textDocument/hover': (p) => hasDocument(p) && isPosition(p.position),
  'textDocument/definition': (p) => hasDocument(p) && isPosition(p.position),
  'textDocument/references': (p) => hasDocument(p) && isPosition(p.position),
  'textDocument/completion': (p) => hasDocument(p) && isPosition(p.position),
  'textDocument/documentSymbol': hasDocument,
  'textDocument/documentLink': hasDocument,
  'workspace/symbol': (p) => typeof p.query === 'string',
};

/** Why a request's parameters cannot be answered, or undefined. */
export const checkRequest = (message: RequestMessage): string | undefined => {
  const shape = REQUEST_SHAPES[message.method];
  if (!shape) return undefined;
  return isObject(message.params) && shape(message.params) ? undefined : `${message.method} with parameters of the wrong shape`;
};

class GuardedReader implements MessageReader {
  private initialized = false;

  constructor(private readonly inner: MessageReader, private readonly writer: MessageWriter, private readonly dropped: (why: string) => void) {}

  get onError(): Event<Error> { return this.inner.onError; }
  get onClose(): Event<void> { return this.inner.onClose; }
  get onPartialMessage(): Event<PartialMessageInfo> { return this.inner.onPartialMessage; }
  dispose(): void { this.inner.dispose(); }

  listen(callback: DataCallback): Disposable {
    return this.inner.listen((message) => {
      const request = message as RequestMessage;
      const isRequest = typeof request.method === 'string' && request.id !== undefined && request.id !== null;
      if (!this.initialized) {
        if (request.method === 'initialize' || request.method === 'exit') {
          this.initialized = request.method === 'initialize';
        } else {
          if (isRequest) {
            const refusal: ResponseMessage = { jsonrpc: '2.0', id: request.id, error: { code: SERVER_NOT_INITIALIZED, message: `${request.method} before initialize` } };
            void this.writer.write(refusal);
          }
          return;
        }
      }
      const invalid = isRequest ? checkRequest(request) : undefined;
      if (invalid) {
        const refusal: ResponseMessage = { jsonrpc: '2.0', id: request.id, error: { code: ErrorCodes.InvalidParams, message: invalid } };
        void this.writer.write(refusal);
        return;
      }
      const why = checkParameters(message);
      if (why) {
        this.dropped(why);
        return;
      }
      callback(message);
    });
  }
}

/**
 * The server's connection, over the transport its command line names (`--stdio`, `--node-ipc`;
 * anything else is left to the library). `dropped` hears about dropped notifications once the
 * connection can log.
 */
export function createGuardedConnection(dropped: (why: string) => void): Connection {
  let reader: MessageReader;
  let writer: MessageWriter;
  if (process.argv.includes('--stdio')) {
    reader = new StreamMessageReader(process.stdin);
    writer = new StreamMessageWriter(process.stdout);
  } else if (process.argv.includes('--node-ipc')) {
    reader = new IPCMessageReader(process);
    writer = new IPCMessageWriter(process);
  } else {
    return createConnection(ProposedFeatures.all, { connectionStrategy });
  }
  reader.onError((error) => {
    // Past a framing error the stream cannot be read again: say so, and end, so the client restarts.
    process.stderr.write(`Data Notes: cannot read the editor's messages any more (${error.message.split('\n')[0]}); stopping.\n`);
    process.exit(1);
  });
  return createConnection(ProposedFeatures.all, new GuardedReader(reader, writer, dropped), writer, { connectionStrategy });
}
