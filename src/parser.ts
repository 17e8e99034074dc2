// The parser alone, as a library entry (`rebound/parser`): raw bytes to a report, the classifier and
// the code explanations, without loading the store, the listener or the poller.
export * from './parse/types.js';
export { parseBounce, classifyReport } from './parse-and-classify.js';
export { readBounce } from './parse/parse-bounce.js';
export { classify, type ClassifyInput, type Classification } from './classify/classify.js';
export { createClassifier, BUILTIN_CLASSIFIER, type Classifier } from './classify/classifier.js';
export { explainCode, formatExplanation, type Explanation } from './classify/explain.js';
export { PARSER_VERSION } from './parse/version.js';
