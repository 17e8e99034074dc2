// Every built-in phrase found in one pass over a text (Aho–Corasick): a diagnostic is read once,
// whatever the number of phrases, in place of one scan per phrase group (and no large expression to
// compile at start-up). Only plain substrings go in; a reason's regular expressions stay expressions.

export class PhraseAutomaton {
  /** transitions by UTF-16 code unit; a node without children has none */
  private readonly next: Array<Map<number, number> | undefined> = [undefined];
  private readonly fail: number[] = [0];
  /** the ids of the phrases that end at a node */
  private readonly ends: Array<number[] | undefined> = [undefined];
  /** the nearest node on a node's fail chain where a phrase ends (-1: none) */
  private readonly outLink: number[] = [-1];
  private readonly lengths: number[] = [];
  private readonly ids = new Map<string, number>();
  private sealed = false;

  /** The id of a phrase (the same phrase twice: the same id). Only before the first scan. */
  add(phrase: string): number {
    if (this.sealed) throw new Error('phrase automaton already in use');
    let id = this.ids.get(phrase);
    if (id !== undefined) return id;
    id = this.lengths.length;
    this.ids.set(phrase, id);
    this.lengths.push(phrase.length);
    let node = 0;
    for (let i = 0; i < phrase.length; i++) {
      const c = phrase.charCodeAt(i);
      let children = this.next[node];
      if (!children) this.next[node] = children = new Map();
      let to = children.get(c);
      if (to === undefined) {
        to = this.fail.length;
        children.set(c, to);
        this.next.push(undefined);
        this.fail.push(0);
        this.ends.push(undefined);
        this.outLink.push(-1);
      }
      node = to;
    }
    (this.ends[node] ??= []).push(id);
    return id;
  }

  get size(): number {
    return this.lengths.length;
  }

  /** Where each phrase first occurs in `text` (its start), by id; -1 where it does not. */
  scan(text: string): Int32Array {
    if (!this.sealed) this.seal();
    const first = new Int32Array(this.lengths.length).fill(-1);
    for (const id of this.ends[0] ?? []) first[id] = 0; // an empty phrase is everywhere
    let node = 0;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      for (;;) {
        const to = this.next[node]?.get(c);
        if (to !== undefined) {
          node = to;
          break;
        }
        if (node === 0) break;
        node = this.fail[node]!;
      }
      for (let s = this.ends[node] ? node : this.outLink[node]!; s > 0; s = this.outLink[s]!) {
        for (const id of this.ends[s]!) if (first[id]! < 0) first[id] = i - this.lengths[id]! + 1;
      }
    }
    return first;
  }

  /** Fail and output links, breadth first (a node's fail target is shallower, so done before it). */
  private seal(): void {
    this.sealed = true;
    const queue: number[] = [...(this.next[0]?.values() ?? [])];
    for (let q = 0; q < queue.length; q++) {
      const u = queue[q]!;
      const f = this.fail[u]!;
      this.outLink[u] = this.ends[f] && f !== 0 ? f : this.outLink[f]!;
      const children = this.next[u];
      if (!children) continue;
      for (const [c, v] of children) {
        let g = f;
        let to = this.next[g]?.get(c);
        while (to === undefined && g !== 0) {
          g = this.fail[g]!;
          to = this.next[g]?.get(c);
        }
        this.fail[v] = to !== undefined && to !== v ? to : 0;
        queue.push(v);
      }
    }
  }
}
