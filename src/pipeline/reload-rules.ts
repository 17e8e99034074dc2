// Reading the rule files again (serve, on SIGHUP): the new classifier replaces the store's only when
// every file is good; a bad one throws (a ConfigError naming file and line) and the old rules stay.
import type { Store } from '../store/open.js';
import { createClassifier } from '../classify/classifier.js';
import { loadRuleFiles } from '../config/rule-files.js';

export function reloadRules(store: Store): void {
  store.classifier = createClassifier(loadRuleFiles(store.rules));
}
