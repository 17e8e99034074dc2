// What the parser entry (`rebound/parser`, src/parser.ts) offers: raw bytes to a report, the
// classifier and the code explanations, without the store, the listener or the poller. The main
// entry (src/index.ts) re-exports it too.
export * from './parse/types.js';
export { parseBounce, classifyReport } from './parse-and-classify.js';
export { readBounce } from './parse/parse-bounce.js';
export type { ClassifyInput, Classification } from './classify/classify.js';
export { classify, createClassifier, BUILTIN_CLASSIFIER, type Classifier } from './classify/classifier.js';
export type { UserRules, UserPhrase, UserProvider } from './classify/user-rules.js';
export { explainCode, formatExplanation, type Explanation } from './classify/explain.js';
export { PARSER_VERSION } from './parse/version.js';
