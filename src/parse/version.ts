// Stored with every parsed message, so `rebound reparse` finds the ones an older parser read.
// Bump it whenever a change to the parser or the classifier changes what a report says.
export const PARSER_VERSION = '2';
