// One delivery attempt: POST the body with the target's authentication (Rebound's signature, or
// the credentials of a bridge such as listmonk), with a timeout. Any 2xx is a delivery; anything
// else (another status, a redirect, no answer in time, a refused connection) is a failure to retry.

export interface Attempt {
  url: string;
  body: string;
  eventId: string;
  eventType: string;
  attempt: number;
}

export interface AttemptResult {
  ok: boolean;
  /** null: no HTTP answer */
  status: number | null;
  error: string | null;
}

export async function deliver(
  a: Attempt,
  authHeaders: (body: string, unixSeconds: number) => Record<string, string>,
  timeoutMs: number,
  stop: AbortSignal,
): Promise<AttemptResult> {
  const t = Math.floor(Date.now() / 1000);
  // our own controller and timer, held until the attempt ends: a timeout signal inside
  // AbortSignal.any() may be garbage-collected before it fires (Node 20), leaving a POST hanging
  const ctl = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    ctl.abort();
  }, timeoutMs);
  const onStop = () => ctl.abort();
  if (stop.aborted) ctl.abort();
  else stop.addEventListener('abort', onStop, { once: true });
  try {
    const res = await fetch(a.url, {
      method: 'POST',
      body: a.body,
      redirect: 'manual', // the signature (or the credentials) is for this URL; a redirect is a misconfiguration
      signal: ctl.signal,
      headers: {
        'content-type': 'application/json',
        'user-agent': 'rebound-webhooks/1',
        'rebound-event': a.eventType,
        'rebound-delivery': a.eventId,
        'rebound-attempt': String(a.attempt),
        ...authHeaders(a.body, t),
      },
    });
    const text = await readSome(res, 4096);
    if (res.status >= 200 && res.status < 300) return { ok: true, status: res.status, error: null };
    return { ok: false, status: res.status, error: `HTTP ${res.status}${text ? `: ${oneLine(text).slice(0, 200)}` : ''}` };
  } catch (err) {
    const e = err as Error & { cause?: { code?: string; message?: string } };
    const why = timedOut ? `no answer within ${timeoutMs} ms` : stop.aborted ? 'stopped' : (e.cause?.code ?? e.cause?.message ?? e.message);
    return { ok: false, status: null, error: why };
  } finally {
    clearTimeout(timer);
    stop.removeEventListener('abort', onStop);
  }
}

/** The start of the answer's body; the rest is discarded (a receiver's page could be large). */
async function readSome(res: Response, limit: number): Promise<string> {
  if (!res.body) return '';
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    size += value.byteLength;
    if (size >= limit) {
      await reader.cancel();
      break;
    }
  }
  return Buffer.concat(chunks).subarray(0, limit).toString('utf8');
}

function oneLine(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}
