// The next run of a background loop (processing, forwarding): at most one waiting, soon (after the
// events waiting now) or after a pause (a retry, a gather, a share of the thread left to sessions).
export class NextRun {
  private handle: NodeJS.Immediate | NodeJS.Timeout | null = null;

  constructor(private readonly run: () => void) {}

  /** a run is waiting */
  get waiting(): boolean {
    return this.handle !== null;
  }

  /** soon, unless one is waiting already */
  soon(): void {
    if (!this.handle) this.handle = setImmediate(this.fire);
  }

  /** after `ms`, instead of any run waiting; `unref`: the wait keeps no process alive (a retry) */
  after(ms: number, unref = false): void {
    this.cancel();
    const t = setTimeout(this.fire, ms);
    if (unref) t.unref();
    this.handle = t;
  }

  cancel(): void {
    if (!this.handle) return;
    clearTimeout(this.handle as NodeJS.Timeout);
    clearImmediate(this.handle as NodeJS.Immediate);
    this.handle = null;
  }

  private readonly fire = (): void => {
    this.handle = null;
    this.run();
  };
}
