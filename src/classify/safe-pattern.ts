// Can a user's regular expression hang the classifier? JavaScript's engine backtracks, so a pattern
// like `(a+)+$` takes exponential time on a text that almost matches. A user pattern is accepted only
// when its worst case is bounded: no backreferences or lookaround (they need backtracking), no
// quantified group that holds a quantifier or an alternation (nested or ambiguous repetition, the
// exponential cases), and the product of its repetitions kept under a budget, with the text a pattern
// reads cut to a window (rule-book.ts PATTERN_WINDOW), so the polynomial cases stay small too.

/** An unbounded repetition (`*`, `+`, `{n,}`) counts as this many steps: the window it may span (PATTERN_WINDOW). */
const UNBOUNDED = 2048;
/** The most backtracking steps a pattern may take at one position of the text: one unbounded repetition, or
 * bounded ones whose product stays as small. */
const BUDGET = 4096;
const MAX_LENGTH = 500;

/** Why the pattern is refused, or null when it is safe to run. */
export function unsafePattern(source: string): string | null {
  if (source.length > MAX_LENGTH) return `longer than ${MAX_LENGTH} characters`;
  try {
    new RegExp(source, 'u');
  } catch (err) {
    return `not a valid regular expression: ${(err as Error).message.replace(/^Invalid regular expression: /, '')}`;
  }
  // each open group: does it hold a quantifier or an alternation?
  const groups: Array<{ quantified: boolean; alternation: boolean }> = [{ quantified: false, alternation: false }];
  let cost = 1;
  let lastWasGroup: { quantified: boolean; alternation: boolean } | null = null;
  for (let i = 0; i < source.length; i++) {
    const ch = source[i]!;
    if (ch === '\\') {
      const next = source[i + 1] ?? '';
      if (/[1-9]/.test(next) || next === 'k') return 'backreferences are not allowed';
      i++;
      if (next === 'u' && source[i + 1] === '{') i = source.indexOf('}', i);
      lastWasGroup = null;
    } else if (ch === '[') {
      // a character class is one atom: skip to its end
      for (i++; i < source.length && source[i] !== ']'; i++) if (source[i] === '\\') i++;
      lastWasGroup = null;
    } else if (ch === '(') {
      if (source.startsWith('(?=', i) || source.startsWith('(?!', i) || source.startsWith('(?<=', i) || source.startsWith('(?<!', i)) {
        return 'lookahead and lookbehind are not allowed';
      }
      groups.push({ quantified: false, alternation: false });
      lastWasGroup = null;
    } else if (ch === ')') {
      const g = groups.pop()!;
      const outer = groups[groups.length - 1]!;
      outer.quantified ||= g.quantified;
      lastWasGroup = g;
      continue;
    } else if (ch === '|') {
      groups[groups.length - 1]!.alternation = true;
      lastWasGroup = null;
    } else if (ch === '*' || ch === '+' || ch === '?' || ch === '{') {
      let steps = UNBOUNDED;
      if (ch === '?') steps = 2;
      if (ch === '{') {
        const m = /^\{(\d+)(,(\d*))?\}/.exec(source.slice(i));
        if (!m) {
          lastWasGroup = null;
          continue; // a literal brace
        }
        steps = m[2] === undefined ? 1 : m[3] ? Number(m[3]) - Number(m[1]) + 1 : UNBOUNDED;
        i += m[0].length - 1;
      }
      if (source[i + 1] === '?') i++; // lazy: the same cost
      if (lastWasGroup && (lastWasGroup.quantified || lastWasGroup.alternation)) {
        return 'a repeated group may not hold a repetition or an alternation (nested quantifiers can take exponential time)';
      }
      groups[groups.length - 1]!.quantified = true;
      cost *= Math.max(steps, 1);
      if (cost > BUDGET) return 'too many repetitions: its worst case could take too long (use a substring, or fewer `*`, `+` and `{n,m}`)';
      lastWasGroup = null;
    } else {
      lastWasGroup = null;
    }
  }
  return null;
}
