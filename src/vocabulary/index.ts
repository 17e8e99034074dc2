// The shared vocabulary (leaf modules): reasons and their aliases, report kinds, actions, bounce types.
export * from './reasons.js';
export * from './report.js';
