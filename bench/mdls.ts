/**
 * VS Code's own markdown language service (vscode-markdown-languageservice) over an
 * in-memory workspace, for comparing its workspace-symbol index with ours.
 */
import MarkdownIt from 'markdown-it';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { CancellationTokenSource } from 'vscode-languageserver-protocol';
import { URI } from 'vscode-uri';
import { createLanguageService, githubSlugifier, IMdLanguageService, IMdParser, ITextDocument, IWorkspace, LogLevel } from 'vscode-markdown-languageservice';

const noEvent = () => ({ dispose() {} });

class MemoryWorkspace implements IWorkspace {
  private readonly docs = new Map<string, TextDocument>();

  constructor(private readonly root: URI, documents: TextDocument[]) {
    for (const doc of documents) this.docs.set(doc.uri, doc);
  }

  get workspaceFolders(): readonly URI[] {
    return [this.root];
  }

  readonly onDidChangeMarkdownDocument = noEvent;
  readonly onDidCreateMarkdownDocument = noEvent;
  readonly onDidDeleteMarkdownDocument = noEvent;

  async getAllMarkdownDocuments(): Promise<Iterable<ITextDocument>> {
    return this.docs.values();
  }

  hasMarkdownDocument(resource: URI): boolean {
    return this.docs.has(resource.toString());
  }

  async openMarkdownDocument(resource: URI): Promise<ITextDocument | undefined> {
    return this.docs.get(resource.toString());
  }

  async stat(resource: URI): Promise<{ isDirectory: boolean } | undefined> {
    return this.docs.has(resource.toString()) ? { isDirectory: false } : undefined;
  }

  async readDirectory(): Promise<Iterable<readonly [string, { isDirectory: boolean }]>> {
    return [];
  }
}

export interface MarkdownService {
  service: IMdLanguageService;
  symbols(query: string): Promise<{ name: string }[]>;
}

/** Builds the service over `notes`; nothing is parsed until the first query. */
export function createMarkdownService(root: string, notes: { path: string; text: string }[]): MarkdownService {
  const md = new MarkdownIt({ html: true });
  const parser: IMdParser = { slugifier: githubSlugifier, tokenize: async (doc) => md.parse(doc.getText(), {}) };
  const rootUri = URI.file(root);
  const documents = notes.map((n) => TextDocument.create(URI.file(`${root}/${n.path}`).toString(), 'markdown', 1, n.text));
  const workspace = new MemoryWorkspace(rootUri, documents);
  const service = createLanguageService({ workspace, parser, logger: { level: LogLevel.Off, log() {} } });
  const cts = new CancellationTokenSource();
  return { service, symbols: (query) => service.getWorkspaceSymbols(query, cts.token) };
}
