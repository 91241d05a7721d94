/**
 * Work cut into steps: a generator that yields between steps, so that its caller (the server)
 * can answer requests in between. Pure: the caller decides when to go on.
 */

/** Work that yields between steps and ends with a result. */
export type Steps<T> = Generator<void, T>;

/** Runs every step at once (tests, the benchmark, small notes) and returns the result. */
export function allSteps<T>(steps: Steps<T>): T {
  let step = steps.next();
  while (!step.done) step = steps.next();
  return step.value;
}
