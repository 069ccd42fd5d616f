/**
 * Timing checks for hostile inputs: a parser is linear when 4× the input takes about 4× the
 * time. Quadratic would be 16×; the bound (10×, in the tests) leaves room for a busy machine
 * (2 shared cores) and for garbage collection, which grows a little faster than the input.
 */

/** The fastest of a few runs: the least disturbed by other processes and by garbage collection. */
async function bestMs(run: () => unknown, times = 3): Promise<number> {
  const ms: number[] = [];
  for (let i = 0; i < times; i++) {
    const t = performance.now();
    await run();
    ms.push(performance.now() - t);
  }
  return Math.min(...ms);
}

/** Best times of parsing the input made for n and for 4n, and their ratio. */
export async function growth(make: (n: number) => Uint8Array, parse: (b: Uint8Array) => unknown, n: number) {
  const small = make(n);
  const large = make(4 * n);
  await parse(small); // warm up the JIT
  const a = await bestMs(() => parse(small));
  const b = await bestMs(() => parse(large));
  // Below a few milliseconds the ratio is noise: count anything under 5 ms as 5 ms.
  return { small: a, large: b, ratio: Math.max(b, 5) / Math.max(a, 5), bytes: large.byteLength };
}

/**
 * Runs `f` and samples the process's resident memory every 5 ms meanwhile (the readers under
 * test yield between chunks, so the sampler gets its turns): the peak growth over the start.
 */
export async function peakGrowth<T>(f: () => Promise<T>): Promise<{ value: T; mb: number; ms: number }> {
  globalThis.gc?.();
  const base = process.memoryUsage.rss();
  let peak = base;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, 5);
  const t = performance.now();
  try {
    const value = await f();
    peak = Math.max(peak, process.memoryUsage.rss());
    return { value, mb: (peak - base) / (1024 * 1024), ms: performance.now() - t };
  } finally {
    clearInterval(timer);
  }
}
