export * from './parse/types.js';
