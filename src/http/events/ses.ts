// Amazon SES through SNS: the envelope is read, its topic must be one configured, and its
// signature must verify with the certificate at SigningCertURL (fetched from an SNS host only,
// then kept). A SubscriptionConfirmation is confirmed by a GET of its SubscribeURL when allowed,
// else kept pending for an operator; an UnsubscribeConfirmation is only logged.
import type { EventsSettings } from '../../config/events.js';
import { readEnvelope, ses } from '../../parse/events/ses.js';
import { verifySnsSignature } from '../../events/verify/sns.js';
import { type SnsFetcher, snsFetcher } from '../../events/sns-fetch.js';
import { HttpError } from '../errors.js';
import { type Receiver, readBody } from './receiver.js';

export function sesReceiver(s: EventsSettings['ses'], fetcher: SnsFetcher = snsFetcher({ hostPattern: s.certHostPattern, caFile: s.caFile, timeoutMs: s.fetchTimeoutMs })): Receiver {
  const topics = new Set(s.topicArns);
  return {
    provider: 'ses',
    async receive({ body, port, clock, logger }) {
      const text = body.toString('utf8');
      const env = readBody('ses', () => readEnvelope(text));
      if (!topics.has(env.TopicArn)) throw new HttpError(403, 'forbidden', `ses: the topic ${env.TopicArn} is not in events.ses.topicArns`, 'TopicArn');
      const bad = fetcher.check(env.SigningCertURL);
      if (bad) throw new HttpError(403, 'forbidden', `ses: SigningCertURL: ${bad}`, 'SigningCertURL');
      let cert: string;
      try {
        cert = await fetcher.certificate(env.SigningCertURL);
      } catch (err) {
        // not the sender's fault, perhaps: SNS retries on a 5xx
        logger.error({ url: env.SigningCertURL, err: (err as Error).message }, 'SNS signing certificate could not be fetched');
        throw new HttpError(503, 'unavailable', `ses: the signing certificate could not be fetched: ${(err as Error).message}`);
      }
      if (!verifySnsSignature(env, cert)) throw new HttpError(403, 'forbidden', 'ses: the SNS signature does not verify');

      if (env.Type === 'SubscriptionConfirmation') {
        const url = env.SubscribeURL;
        if (!url) throw new HttpError(400, 'invalid_body', 'ses: SubscribeURL: missing', 'SubscribeURL');
        const at = clock().toISOString();
        const row = { topic_arn: env.TopicArn, subscribe_url: url, sns_message_id: env.MessageId, received_at: at };
        let state: 'pending' | 'confirmed' | 'failed' = 'pending';
        let error: string | null = null;
        if (s.autoConfirm) {
          try {
            await fetcher.confirm(url);
            state = 'confirmed';
          } catch (err) {
            state = 'failed';
            error = (err as Error).message;
          }
        }
        await port.recordSubscription({ ...row, state, confirmed_at: state === 'confirmed' ? clock().toISOString() : null, error });
        const log = { topic: env.TopicArn, subscribeUrl: url, state, error };
        if (state === 'confirmed') logger.info(log, 'SNS subscription confirmed');
        else logger.warn(log, 'SNS subscription not confirmed: confirm it by opening its SubscribeURL (GET /v1/events/ses/subscriptions lists them)');
        return { events: [], ignored: 1 };
      }
      if (env.Type === 'UnsubscribeConfirmation') {
        logger.warn({ topic: env.TopicArn }, 'SNS: unsubscribed from the topic');
        return { events: [], ignored: 1 };
      }
      return readBody('ses', () => ses.split(text, null));
    },
  };
}
