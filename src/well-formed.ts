// Every string Rebound outputs or stores is well-formed Unicode. A lone UTF-16 surrogate (from a
// charset decoder fed bytes of another charset, a cut surrogate pair, a JSON `\ud800` escape in
// a report or a request) prints as `\udfbe` in JSON and is stored as invalid UTF-8 that other
// readers of the database refuse: it becomes U+FFFD.

/** `s` with every lone surrogate replaced by U+FFFD (the same string when there is none). */
export function wellFormed(s: string): string {
  return s.isWellFormed() ? s : s.toWellFormed();
}

/**
 * A value whose strings (also inside arrays and plain objects, keys included) are well-formed.
 * Returns the value itself when nothing had to change, so the common case allocates nothing.
 */
export function wellFormedDeep<T>(value: T): T {
  if (typeof value === 'string') return wellFormed(value) as T;
  if (value === null || typeof value !== 'object') return value;
  // plain loops: every parsed report passes through here, so no closures or entry arrays
  if (Array.isArray(value)) {
    let out: unknown[] | null = null;
    for (let i = 0; i < value.length; i++) {
      const v: unknown = value[i];
      const w = wellFormedDeep(v);
      if (w !== v) (out ??= [...value])[i] = w;
    }
    return (out ?? value) as T;
  }
  if (Object.getPrototypeOf(value) === Object.prototype) {
    const record = value as Record<string, unknown>;
    const keys = Object.keys(record);
    let out: Record<string, unknown> | null = null;
    for (let i = 0; i < keys.length; i++) {
      const k = keys[i]!;
      const v = record[k];
      const wk = wellFormed(k);
      const wv = wellFormedDeep(v);
      if (wk !== k || wv !== v) {
        out ??= { ...record };
        if (wk !== k) delete out[k];
        out[wk] = wv;
      }
    }
    return (out ?? value) as T;
  }
  return value;
}
