/**
 * Where renderers report how long each render took. The metrics (observability/metrics.ts)
 * implement it; rendering depends only on this interface, so it never imports observability.
 */
export interface RenderRecorder {
  /** One render (a cache miss). `format`: pdf or html; `variant`: e.g. "a4", "page", "catalog". */
  observeRender(format: string, lang: string, variant: string, seconds: number): void;
}

/** Seconds since a process.hrtime.bigint() reading. */
export function secondsSince(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1e9;
}
