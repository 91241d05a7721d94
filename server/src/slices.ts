/** Work on the server's thread is cut into slices, between which requests are answered. */

/** Longest stretch of indexing, settling or publishing work between two chances to answer requests (ms). */
export const SLICE_MS = 5;

/** Lets queued requests and messages run before the next slice. */
export function yieldToRequests(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
