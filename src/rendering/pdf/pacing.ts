/**
 * Pacing of a render thread: with a `share` below 1, a thread that has just rendered rests before
 * it starts the next job, so that renders queued in a burst take at most that share of a core and
 * the rest stays free for the event loop serving downloads (on a small machine, a busy core slows
 * every thread's wake-ups, whatever their priority). A lone render never waits: the rest only
 * delays a job that arrives while the thread is resting.
 */
export class RenderPacing {
  private restUntil = 0;

  /** @param share fraction of a core a thread's renders may take back to back, in (0, 1] */
  constructor(private readonly share: number) {
    if (!(share > 0 && share <= 1)) throw new RangeError('the render share must be above 0 and at most 1');
  }

  /** Milliseconds to rest after a render that took `ms`: ms × (1 − share) / share. */
  restAfter(ms: number): number {
    return ms > 0 ? (ms * (1 - this.share)) / this.share : 0;
  }

  /** How long a job arriving at `now` waits before it starts (0 when the thread is rested). */
  waitAt(now: number): number {
    return Math.max(0, this.restUntil - now);
  }

  /** Records a render that ran from `start` to `end` (milliseconds on one clock). */
  rendered(start: number, end: number): void {
    this.restUntil = end + this.restAfter(end - start);
  }
}
