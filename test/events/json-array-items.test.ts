// Cutting a batch into its events' own bytes: each element's text, as sent, parses to that element.
import { describe, it, expect } from 'vitest';
import { jsonArrayItems } from '../../src/parse/events/payload.js';

describe('jsonArrayItems', () => {
  it("gives each element's text as sent, whatever its spacing, strings and nesting", () => {
    const body = ' \r\n[ {"a" : "x,y]}"}\n,\t[1, [2, {"b": "\\\\"}]] ,"\\"q\\\\\\"" , 12.5e3,null , {"c":{"d":[]}} ]\n';
    const items = jsonArrayItems(body)!;
    expect(items).toEqual(['{"a" : "x,y]}"}', '[1, [2, {"b": "\\\\"}]]', '"\\"q\\\\\\""', '12.5e3', 'null', '{"c":{"d":[]}}']);
    expect(items.map((t) => JSON.parse(t))).toEqual(JSON.parse(body));
    expect(jsonArrayItems('[]')).toEqual([]);
    expect(jsonArrayItems(' [ ] ')).toEqual([]);
  });

  it('matches JSON.parse over generated arrays', () => {
    let seed = 7;
    const rnd = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
    const chars = ['"', '\\', ',', ']', '[', '{', '}', ':', ' ', 'a', 'é', '\n'];
    const str = () => Array.from({ length: rnd(8) }, () => chars[rnd(chars.length)]).join('');
    const value = (depth: number): unknown => {
      const k = rnd(depth > 2 ? 3 : 5);
      if (k === 0) return str();
      if (k === 1) return rnd(1000) - 500;
      if (k === 2) return rnd(2) ? null : true;
      if (k === 3) return Array.from({ length: rnd(4) }, () => value(depth + 1));
      return Object.fromEntries(Array.from({ length: rnd(4) }, () => [str(), value(depth + 1)]));
    };
    for (let n = 0; n < 300; n++) {
      const list = Array.from({ length: 1 + rnd(5) }, () => value(0));
      const body = JSON.stringify(list, null, rnd(2) ? 2 : undefined);
      const items = jsonArrayItems(body)!;
      expect(items.map((t) => JSON.parse(t))).toEqual(list);
    }
  });

  it('is null for what is not an array', () => {
    expect(jsonArrayItems('{"a":[1,2]}')).toBeNull();
    expect(jsonArrayItems('"[1]"')).toBeNull();
  });
});
