// Plain JavaScript, beside engine.mjs and the sanitizer, which marp-cli loads without a TypeScript loader.

/**
 * A cache of a pure function's results for its last `size` keys, the least recently used forgotten first: for work
 * on large inputs that repeats (a theme packed, a stylesheet sanitized, on every render and every dev rebuild).
 */
export function recentResults(size) {
  const results = new Map();
  return (key, compute) => {
    if (results.has(key)) {
      const value = results.get(key);
      results.delete(key);
      results.set(key, value);
      return value;
    }
    const value = compute();
    results.set(key, value);
    if (results.size > size) results.delete(results.keys().next().value);
    return value;
  };
}
