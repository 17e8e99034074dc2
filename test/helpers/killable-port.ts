// A store port whose calls fail once killed: what the rest of the process sees of a store it can no
// longer reach, or what a host that died leaves behind (no renewal, no release).
export function killable<P extends object>(p: P): { port: P; kill(): void } {
  let dead = false;
  const port = new Proxy(p, {
    get: (target, key) => {
      const v = Reflect.get(target, key) as unknown;
      if (typeof v !== 'function') return v;
      return (...args: unknown[]) => (dead ? Promise.reject(new Error('host killed')) : (v as (...a: unknown[]) => unknown).apply(target, args));
    },
  });
  return { port, kill: () => void (dead = true) };
}
