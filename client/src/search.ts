/** "Search Data Notes": a QuickPick that asks the server as you type. */
import * as vscode from 'vscode';
import { LanguageClient } from 'vscode-languageclient/node';
import { SearchRequest, SearchResult } from '../../server/src/protocol';
import { DetailsPanel } from './detailsPanel';

const KIND_ICONS: Record<SearchResult['kind'], string> = {
  technology: 'symbol-class', concept: 'symbol-interface', company: 'organization', architecture: 'type-hierarchy',
  stage: 'debug-stackframe', topic: 'book', section: 'symbol-string',
};

interface ResultItem extends vscode.QuickPickItem {
  /** None for the "No results" line. */
  result?: SearchResult;
}

export function showSearch(client: LanguageClient, extension: vscode.ExtensionContext, initial?: string): Promise<void> {
  const pick = vscode.window.createQuickPick<ResultItem>();
  pick.title = vscode.l10n.t('Search Data Notes');
  pick.placeholder = vscode.l10n.t('Technology, company, architecture or note text — Korean, typos and initials (ㅋㅍㅋ) work');
  pick.matchOnDescription = false;
  pick.matchOnDetail = false;
  let generation = 0;
  const update = async (query: string) => {
    const mine = ++generation;
    if (!query.trim()) { pick.items = []; return; }
    pick.busy = true;
    try {
      const results = await client.sendRequest(SearchRequest.type, { query, limit: 50 });
      if (mine !== generation) return; // a newer query is on its way
      // An empty list would look like the search had not run.
      if (results.length === 0) {
        pick.items = [{ alwaysShow: true, label: vscode.l10n.t('No results for "{0}"', query.trim()), detail: vscode.l10n.t('Try another spelling, a Korean or English name, or initials such as ㅋㅍㅋ') }];
        return;
      }
      pick.items = results.map((result) => ({
        // VS Code filters items itself unless they always show: the server already ranked them.
        alwaysShow: true,
        label: `$(${KIND_ICONS[result.kind] ?? 'circle-outline'}) ${result.title}`,
        description: result.container ?? result.kind,
        detail: result.snippet,
        result,
      }));
    } finally {
      if (mine === generation) pick.busy = false;
    }
  };
  pick.onDidChangeValue((value) => void update(value));
  return new Promise<void>((resolve) => {
    pick.onDidAccept(async () => {
      const chosen = pick.selectedItems[0]?.result;
      pick.hide();
      if (chosen) await open(chosen, client, extension);
      resolve();
    });
    pick.onDidHide(() => { pick.dispose(); resolve(); });
    pick.show();
    if (initial) { pick.value = initial; void update(initial); }
  });
}

/** Notes open at their line; glossary entries open in the details view. */
async function open(result: SearchResult, client: LanguageClient, extension: vscode.ExtensionContext): Promise<void> {
  if ((result.kind === 'technology' || result.kind === 'concept') && result.location?.uri.includes('/glossary/')) {
    await DetailsPanel.show(extension, client, result.id);
    return;
  }
  if (!result.location) return;
  const position = new vscode.Position(result.location.startLine, 0);
  await vscode.window.showTextDocument(vscode.Uri.parse(result.location.uri), { selection: new vscode.Range(position, position) });
}
