/**
 * When a crashed server is started again: after each crash, unless it crashed `maxCrashes` times
 * within `windowMs`. A count per session would end Data Notes for the day after one bad hour;
 * a window lets it recover once whatever made it crash (a note being written, a sync) is over.
 */
export class RestartPolicy {
  private crashes: number[] = [];

  constructor(private readonly maxCrashes = 5, private readonly windowMs = 3 * 60_000, private readonly now = () => Date.now()) {}

  /** Records a crash; true when the server should be started again. */
  crashed(): boolean {
    const now = this.now();
    this.crashes = [...this.crashes.filter((at) => now - at < this.windowMs), now];
    return this.crashes.length < this.maxCrashes;
  }

  /** Crashes within the window, the one just recorded included. */
  get recent(): number {
    return this.crashes.length;
  }
}
