// Details webview: turns clicks on entity, note and source links into messages for the extension.
(function () {
  const vscode = acquireVsCodeApi();
  document.addEventListener('click', (event) => {
    const link = event.target instanceof Element ? event.target.closest('a') : null;
    if (!link) return;
    event.preventDefault();
    if (link.dataset.command) vscode.postMessage({ type: 'command', command: link.dataset.command, id: link.dataset.id });
    else if (link.dataset.entity) vscode.postMessage({ type: 'openEntity', id: link.dataset.entity });
    else if (link.dataset.uri) vscode.postMessage({ type: 'openLocation', uri: link.dataset.uri, line: Number(link.dataset.line) });
    else if (link.dataset.url) vscode.postMessage({ type: 'openExternal', url: link.dataset.url });
  });
})();
