export * from './parse/types.js';
export { parseBounce } from './parse/parse-bounce.js';
export { classify, type ClassifyInput, type Classification } from './classify/classify.js';
export { explainCode, formatExplanation, type Explanation } from './classify/explain.js';
