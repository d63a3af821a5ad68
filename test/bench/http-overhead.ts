import autocannon from 'autocannon';

/** Requests per second of one autocannon run on one URL. */
export interface GetRun {
  readonly perSecond: number;
  readonly requests: number;
  readonly non2xx: number;
  readonly errors: number;
  readonly p50: number;
  readonly p99: number;
}

/**
 * autocannon GETs of one URL with `connections` keep-alive connections for `seconds` (and at most
 * 200,000 requests): requests per second answered 2xx.
 */
export async function getRate(url: string, headers: Record<string, string>, connections: number, seconds: number): Promise<GetRun> {
  const result = await autocannon({
    url,
    headers,
    connections,
    pipelining: 1,
    duration: seconds,
    maxOverallRequests: 200_000,
    timeout: 30,
  });
  const ok = result.requests.total - result.non2xx;
  return {
    perSecond: Math.round(ok / result.duration),
    requests: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
    p50: result.latency.p50,
    p99: result.latency.p99,
  };
}
