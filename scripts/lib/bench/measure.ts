// One page under load: autocannon with a warm-up whose figures are thrown away, then the measured run.
import autocannon from "autocannon";

export interface PageFigures {
  rps: number;
  p50_ms: number;
  p99_ms: number;
  /** Answers other than 2xx during the measured run: any at all means the figures are not a page's. */
  errors: number;
}

export interface LoadSettings {
  connections: number;
  warmupSeconds: number;
  durationSeconds: number;
}

function fire(url: string, cookie: string, connections: number, seconds: number) {
  return autocannon({ url, connections, duration: seconds, headers: { cookie, "accept-language": "en-GB" } });
}

export async function measurePage(url: string, cookie: string, settings: LoadSettings): Promise<PageFigures> {
  if (settings.warmupSeconds > 0) await fire(url, cookie, settings.connections, settings.warmupSeconds);
  const result = await fire(url, cookie, settings.connections, settings.durationSeconds);
  return {
    rps: Math.round(result.requests.average * 10) / 10,
    p50_ms: result.latency.p50,
    p99_ms: result.latency.p99,
    // A run in which nothing finished is a failure to measure, not a page with no figures.
    errors: result.non2xx + result.errors + result.timeouts + (result.requests.total === 0 ? settings.connections : 0),
  };
}
