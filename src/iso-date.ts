// The dates people type in `--since` and `?since=`: `2024-05-01` (midnight UTC) or a full ISO
// date-time with its zone.
export function parseIsoDate(value: string): Date {
  if (!/^\d{4}-\d{2}-\d{2}([T ][\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(value)) throw new Error(`not an ISO date: ${value}`);
  const d = new Date(value.length === 10 ? `${value}T00:00:00Z` : value);
  if (Number.isNaN(d.getTime())) throw new Error(`not an ISO date: ${value}`);
  return d;
}
