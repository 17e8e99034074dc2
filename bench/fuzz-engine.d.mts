// Types for fuzz-engine.mjs (deterministic mutation engine shared by test/fuzz.test.ts and bench/fuzz.mjs).

export declare function hash32(a: number, b?: number): number;

export declare class Rng {
  constructor(seed: number);
  state: number;
  /** [0, 1) */
  next(): number;
  /** integer in [0, n) */
  int(n: number): number;
  /** integer in [lo, hi] */
  range(lo: number, hi: number): number;
  chance(p: number): boolean;
  pick<T>(items: readonly T[]): T;
  bytes(n: number): Buffer;
}

export interface SeedMessage {
  name: string;
  bytes: Uint8Array;
}

export declare function builtinSeeds(): SeedMessage[];
export declare function fixtureSeeds(dir: string | null | undefined): SeedMessage[];
export declare function loadSeeds(fixturesDir?: string | null): SeedMessage[];

export interface MutationInfo {
  name: string;
  weight: number;
  /** builds large inputs (1 MB and more) */
  heavy: boolean;
}

export declare const MUTATIONS: readonly MutationInfo[];

export interface CaseOptions {
  /** size of the "20 MB body" mutations; default 20 MiB */
  hugeBytes?: number;
  /** largest run of non-space characters made by the long-token mutation; default 256 KiB */
  longTokenBytes?: number;
}

export interface FuzzCase {
  seed: number;
  index: number;
  /** the PRNG seed of this case, derived from (seed, index) */
  caseSeed: number;
  mutation: string;
  /** for composed mutations, what was composed */
  detail: string;
  /** name of the seed message it was made from */
  source: string;
  /** bytes, or a JS string (parseBounce takes both) */
  input: Uint8Array | string;
  /** bytes (UTF-8 length for string input) */
  size: number;
}

export declare function makeCase(seed: number, index: number, seeds: readonly SeedMessage[], opts?: CaseOptions): FuzzCase;

export declare const REPORT_KINDS: readonly string[];
