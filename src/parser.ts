// The parser alone, as a library entry (`rebound/parser`). The build ships it as one bundled file
// (scripts/bundle-parser.mjs): its ~150 small modules load as one, which a short-lived process that
// only parses (a batch import, `rebound parse`) would otherwise spend a good part of its time on.
export * from './parser-api.js';
