/**
 * Token buckets by key: `capacity` calls at once, then one more per `refillMs`. Kept in this node's
 * memory; a bucket that has filled up again is the same as no bucket, so `prune` forgets it.
 */
export function tokenBuckets({ capacity, refillMs }: { capacity: number; refillMs: number }) {
  const buckets = new Map<string, { tokens: number; at: number }>();
  const level = (bucket: { tokens: number; at: number }, now: number) => Math.min(capacity, bucket.tokens + (now - bucket.at) / refillMs);
  return {
    /** Takes one token for `key`; false when its bucket is empty. */
    take(key: string, now = Date.now()): boolean {
      const bucket = buckets.get(key);
      const tokens = bucket ? level(bucket, now) : capacity;
      if (tokens < 1) return false;
      buckets.set(key, { tokens: tokens - 1, at: now });
      return true;
    },
    prune(now = Date.now()) {
      for (const [key, bucket] of buckets) if (level(bucket, now) >= capacity) buckets.delete(key);
    },
  };
}
