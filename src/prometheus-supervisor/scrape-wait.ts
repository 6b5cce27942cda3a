import type { RunningPrometheus } from './start-prometheus.ts';

interface TargetsResponse {
  data?: { activeTargets?: { health?: string; scrapeUrl?: string }[] };
}

async function scrapedCount(url: string): Promise<{ active: number; scraped: number }> {
  try {
    const res = await fetch(`${url}/api/v1/targets?state=active`, { signal: AbortSignal.timeout(1000) });
    const body = (await res.json()) as TargetsResponse;
    const targets = body.data?.activeTargets ?? [];
    return { active: targets.length, scraped: targets.filter((t) => t.health !== undefined && t.health !== 'unknown').length };
  } catch {
    return { active: 0, scraped: 0 };
  }
}

/**
 * Resolves once every configured target has been scraped at least once, or rejects naming what was missing.
 * Prometheus applies a new scrape config only on its discovery tick (about 5s), so the first scrape lags start-up.
 */
export async function waitForFirstScrape(prom: RunningPrometheus, expectedTargets: number, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = { active: 0, scraped: 0 };
  while (Date.now() < deadline) {
    last = await scrapedCount(prom.url);
    if (last.active >= expectedTargets && last.scraped >= expectedTargets) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(
    `waited ${timeoutMs}ms for ${expectedTargets} target(s) to be scraped at ${prom.url}; ` +
      `saw ${last.active} active, ${last.scraped} scraped`,
  );
}
