// What a text must contain for a regular expression to match it: a few literal strings of which at
// least one occurs in every text it matches. Detection tests ~90 expressions against the start of
// every message; a plain substring search (which skips ahead, and needs no compilation) rules most
// of them out, so an expression is compiled and run only on text that holds one of its words.
//
// The analysis is conservative: wherever it is unsure (a class, an escape, white space, which a
// wrap-tolerant expression matches as any run of white space, a quantifier that allows nothing)
// it ends the current literal; an alternative with no literal makes the whole requirement void
// (null: always run the expression). Under the `i` flag only ASCII literals are kept (compared
// with the lower-cased text): without the `u` flag no other character matches an ASCII one
// case-insensitively, so lower-casing the text never hides a match.

/** A literal this short says too little to be worth a search. */
const MIN_LENGTH = 4;
/** At most this many literals are searched for, one after the other (the longest first). */
const MAX_CLAUSES = 3;

/** Every clause holds in every match: one of its literals at least occurs. */
type Clauses = string[][];

/** What a text must hold for `re` to match it: every clause, each a list of literals of which one
 * at least occurs (lower case under `i`); null when nothing useful is known. */
export function requiredText(re: RegExp): Clauses | null {
  // a global or sticky expression keeps state between tests: it must always run
  if (/[^ims]/.test(re.flags)) return null;
  const fold = re.flags.includes('i');
  try {
    const p = new Reader(re.source, fold);
    const got = p.alternation();
    if (p.at < re.source.length) return null;
    const useful = got
      .filter((c) => c.every((s) => s.length >= MIN_LENGTH))
      .map((c) => [...new Set(c)])
      .sort((a, b) => shortest(b) - shortest(a))
      .slice(0, MAX_CLAUSES);
    return useful.length ? useful : null;
  } catch {
    return null;
  }
}

/** Does the text hold what the clauses require? */
export function holds(clauses: Clauses, text: string): boolean {
  // plain loops: this runs ~90 times per message
  for (let i = 0; i < clauses.length; i++) {
    const c = clauses[i]!;
    let found = false;
    for (let j = 0; j < c.length && !found; j++) found = text.includes(c[j]!);
    if (!found) return false;
  }
  return true;
}

const shortest = (c: string[]) => Math.min(...c.map((s) => s.length));

class Reader {
  at = 0;
  constructor(
    private readonly src: string,
    private readonly fold: boolean,
  ) {}

  alternation(): Clauses {
    const branches: Clauses[] = [this.sequence()];
    while (this.src[this.at] === '|') {
      this.at++;
      branches.push(this.sequence());
    }
    if (branches.length === 1) return branches[0]!;
    // one of the branches matched: its best clause, or another branch's
    if (branches.some((b) => b.length === 0)) return [];
    return [branches.flatMap((b) => b.reduce((best, c) => (shortest(c) > shortest(best) ? c : best)))];
  }

  /** every literal run and every mandatory group's clauses: all hold */
  private sequence(): Clauses {
    const clauses: Clauses = [];
    let run = '';
    const endRun = () => {
      if (run) clauses.push([run]);
      run = '';
    };
    for (;;) {
      const c = this.src[this.at];
      if (c === undefined || c === '|' || c === ')') break;
      const atom = this.atom();
      const q = this.quantifier();
      if (atom.kind === 'char' && (q === null || (q.min === 1 && q.max === 1))) {
        run += atom.char;
        continue;
      }
      endRun();
      if (atom.kind === 'char' && q && q.min >= 1) clauses.push([atom.char]);
      if (atom.kind === 'group' && (q === null || q.min >= 1)) clauses.push(...atom.clauses);
    }
    endRun();
    return clauses;
  }

  private atom(): { kind: 'char'; char: string } | { kind: 'group'; clauses: Clauses } | { kind: 'other' } {
    const src = this.src;
    const c = src[this.at]!;
    if (c === '(') {
      this.at++;
      let look = false;
      if (src.startsWith('?:', this.at)) this.at += 2;
      else if (src.startsWith('?=', this.at) || src.startsWith('?!', this.at)) ((this.at += 2), (look = true));
      else if (src.startsWith('?<=', this.at) || src.startsWith('?<!', this.at)) ((this.at += 3), (look = true));
      else if (src.startsWith('?<', this.at)) {
        const close = src.indexOf('>', this.at);
        if (close < 0) throw new Error('group name');
        this.at = close + 1;
      } else if (src[this.at] === '?') throw new Error('unknown group');
      const inner = this.alternation();
      if (src[this.at] !== ')') throw new Error('unclosed group');
      this.at++;
      // a look-around consumes nothing: what it requires is not kept (a negative one requires nothing)
      return look ? { kind: 'other' } : { kind: 'group', clauses: inner };
    }
    if (c === '[') {
      this.at++;
      if (src[this.at] === '^') this.at++;
      if (src[this.at] === ']') this.at++; // a leading ] is a literal
      while (this.at < src.length && src[this.at] !== ']') this.at += src[this.at] === '\\' ? 2 : 1;
      if (src[this.at] !== ']') throw new Error('unclosed class');
      this.at++;
      return { kind: 'other' };
    }
    if (c === '\\') {
      const e = src[this.at + 1];
      if (e === undefined) throw new Error('trailing backslash');
      this.at += 2;
      // an escaped punctuation character stands for itself; letters and digits are classes,
      // assertions, back-references or code points: none is kept
      return /[A-Za-z0-9]/.test(e) ? { kind: 'other' } : this.char(e);
    }
    this.at++;
    if (c === '.' || c === '^' || c === '$') return { kind: 'other' };
    if (c === '*' || c === '+' || c === '?') throw new Error('nothing to repeat');
    if (c === '{' && /^\{\d+(?:,\d*)?\}/.test(src.slice(this.at - 1))) throw new Error('nothing to repeat');
    return this.char(c);
  }

  private char(c: string): { kind: 'char'; char: string } | { kind: 'other' } {
    // white space is matched as any run of it by a wrap-tolerant expression
    if (/\s/.test(c)) return { kind: 'other' };
    if (!this.fold) return { kind: 'char', char: c };
    const code = c.charCodeAt(0);
    return code < 0x80 ? { kind: 'char', char: c.toLowerCase() } : { kind: 'other' };
  }

  private quantifier(): { min: number; max: number } | null {
    const src = this.src;
    const c = src[this.at];
    let q: { min: number; max: number } | null = null;
    if (c === '?') q = { min: 0, max: 1 };
    else if (c === '*') q = { min: 0, max: Infinity };
    else if (c === '+') q = { min: 1, max: Infinity };
    else if (c === '{') {
      const m = /^\{(\d+)(?:(,)(\d*))?\}/.exec(src.slice(this.at, this.at + 24));
      if (!m) return null; // a literal brace
      const min = Number(m[1]);
      q = { min, max: m[2] ? (m[3] ? Number(m[3]) : Infinity) : min };
      this.at += m[0].length - 1;
    }
    if (!q) return null;
    this.at++;
    if (src[this.at] === '?') this.at++; // lazy
    return q;
  }
}
