// Stored with every parsed message (with the classifier's fingerprint: see
// src/pipeline/parser-version.ts), so `rebound reparse` finds the ones an older parser or another
// rule set read. Bump it whenever a change to the parser changes what a report says.
export const PARSER_VERSION = '9';
