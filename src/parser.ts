// The parser alone, as a library entry (`rebound/parser`): raw bytes to a report, the classifier and
// the code explanations, without loading the store, the listener or the poller.
export * from './parse/types.js';
export { parseBounce, classifyReport } from './parse-and-classify.js';
export { readBounce } from './parse/parse-bounce.js';
export type { ClassifyInput, Classification } from './classify/classify.js';
export { classify, createClassifier, BUILTIN_CLASSIFIER, type Classifier } from './classify/classifier.js';
export type { UserRules, UserPhrase, UserProvider } from './classify/user-rules.js';
export { explainCode, formatExplanation, type Explanation } from './classify/explain.js';
export { PARSER_VERSION } from './parse/version.js';
