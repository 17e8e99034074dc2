// Every built-in phrase found in one pass over a text: the phrases are indexed by their first two
// characters, and at each position of the text only those starting there are compared. A
// diagnostic is read once, whatever the number of phrases, in place of one scan per phrase group,
// with no large expression to compile and a small index built on first use. Only plain substrings
// go in; a reason's regular expressions stay expressions.

export class PhraseIndex {
  private readonly phrases: string[] = [];
  private readonly ids = new Map<string, number>();
  /** phrase ids by their first two UTF-16 code units (built on the first scan) */
  private byStart: Map<number, number[]> | null = null;
  /** the one-character phrases, and the empty ones (everywhere) */
  private short: number[] = [];
  /** a phrase may start with these two code units: 1 at their low bytes' pair. Tested before the
   * map, which most pairs of a text are not in (a byte read against a hash lookup per position) */
  private maybe = new Uint8Array(0x10000);

  /** The id of a phrase (the same phrase twice: the same id). */
  add(phrase: string): number {
    let id = this.ids.get(phrase);
    if (id === undefined) {
      id = this.phrases.length;
      this.ids.set(phrase, id);
      this.phrases.push(phrase);
      this.byStart = null; // indexed again at the next scan
    }
    return id;
  }

  get size(): number {
    return this.phrases.length;
  }

  /** Where each phrase first occurs in `text` (its start), by id; -1 where it does not. */
  scan(text: string): Int32Array {
    const index = (this.byStart ??= this.build());
    const phrases = this.phrases;
    const first = new Int32Array(phrases.length).fill(-1);
    for (const id of this.short) first[id] = phrases[id]!.length === 0 ? 0 : text.indexOf(phrases[id]!);
    const maybe = this.maybe;
    let next = text.charCodeAt(0);
    for (let i = 0; i + 1 < text.length; i++) {
      const c = next;
      next = text.charCodeAt(i + 1);
      if (maybe[((c & 0xff) << 8) | (next & 0xff)] === 0) continue;
      const ids = index.get(c * 0x10000 + next);
      if (!ids) continue;
      for (const id of ids) if (first[id]! < 0 && text.startsWith(phrases[id]!, i)) first[id] = i;
    }
    return first;
  }

  private build(): Map<number, number[]> {
    const index = new Map<number, number[]>();
    this.short = [];
    this.maybe.fill(0);
    this.phrases.forEach((p, id) => {
      if (p.length < 2) return void this.short.push(id);
      const key = p.charCodeAt(0) * 0x10000 + p.charCodeAt(1);
      this.maybe[((p.charCodeAt(0) & 0xff) << 8) | (p.charCodeAt(1) & 0xff)] = 1;
      const ids = index.get(key);
      if (ids) ids.push(id);
      else index.set(key, [id]);
    });
    return index;
  }
}
