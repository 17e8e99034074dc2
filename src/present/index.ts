// The public JSON shapes: every command's --json and every endpoint maps stored rows through here.
export { publicShapes } from './registry.js';
export * from './suppression.js';
export * from './record.js';
export * from './address.js';
export * from './status.js';
