// Types for runs-engine.mjs (hostile runs shared by test/runs.test.ts and bench/runs.mjs).

/** what a run is made of */
export declare const FILLERS: readonly string[];

/** Every place a run is put: [name, (run) => the message's text (latin1)]. */
export declare function places(): Array<[string, (run: string) => string]>;

/** A run of about `chars` characters of `filler`. */
export declare function run(filler: string, chars: number): string;
