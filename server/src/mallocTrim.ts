/**
 * glibc's `malloc_trim(0)`, which gives the pages of free memory inside the C heap back to the
 * system. After indexing and answering requests, glibc keeps ~14 MB of such pages at 10k notes
 * (freed buffers lie between buffers that stay) and returns them only through this call, which
 * Node does not expose: it is called through koffi, a C FFI with prebuilt binaries. Undefined
 * where there is no glibc or no koffi binary for the platform; the server then only collects.
 */
export function loadMallocTrim(): (() => boolean) | undefined {
  if (process.platform !== 'linux') return undefined;
  try {
    // Loaded at run time: a native module, next to the bundle (dist/node_modules) or in node_modules.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const koffi = require('koffi') as { load(path: string): { func(signature: string): (...args: unknown[]) => unknown } };
    const trim = koffi.load('libc.so.6').func('int malloc_trim(size_t pad)') as (pad: number) => number;
    return () => trim(0) === 1;
  } catch {
    return undefined;
  }
}
