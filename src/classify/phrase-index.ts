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
    for (let i = 0; i + 1 < text.length; i++) {
      const ids = index.get(text.charCodeAt(i) * 0x10000 + text.charCodeAt(i + 1));
      if (!ids) continue;
      for (const id of ids) if (first[id]! < 0 && text.startsWith(phrases[id]!, i)) first[id] = i;
    }
    return first;
  }

  private build(): Map<number, number[]> {
    const index = new Map<number, number[]>();
    this.short = [];
    this.phrases.forEach((p, id) => {
      if (p.length < 2) return void this.short.push(id);
      const key = p.charCodeAt(0) * 0x10000 + p.charCodeAt(1);
      const ids = index.get(key);
      if (ids) ids.push(id);
      else index.set(key, [id]);
    });
    return index;
  }
}
