/**
 * Runs an async call per item with at most `limit` in flight: AWS calls
 * that would take minutes one by one (a ranged GET per export file) finish
 * in seconds, without opening hundreds of sockets or tripping throttling.
 */

/** Results in input order; the first failure rejects the whole map. */
async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next;
      next += 1;
      results[index] = await fn(items[index] as T, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

export { mapLimit };
