// Forwarding records to another tool in its own layout (section `forward`, variables
// REBOUND_FORWARD_*). `forward.listmonk`: each new hard, soft or complaint record is POSTed to
// listmonk's bounce webhook through the webhook outbox (durable, retried). Off without a url.
import { z } from 'zod';
import { keyName, parseSection } from './settings.js';

export const forwardSettingsSchema = z
  .strictObject({
    listmonk: z
      .strictObject({
        /** listmonk's root URL (`https://lists.example.com`); the bounces go to <url>/webhooks/bounce */
        url: z.url({ protocol: /^https?$/, error: 'expected an http:// or https:// URL' }).optional(),
        /** a listmonk API user (Admin → Users → API) */
        username: z.string().min(1).optional(),
        /** that API user's token */
        token: z.string().min(1).optional(),
      })
      .prefault({}),
  })
  .superRefine((s, ctx) => {
    const l = s.listmonk;
    if (l.url && (!l.username || !l.token)) ctx.addIssue({ code: 'custom', path: ['listmonk', l.username ? 'token' : 'username'], message: 'required with url' });
  });

export type ForwardSettings = z.output<typeof forwardSettingsSchema>;

export function parseForwardSettings(input: unknown, nameOf = (p: readonly PropertyKey[]) => keyName('forward', p)): ForwardSettings {
  return parseSection(forwardSettingsSchema, input ?? {}, nameOf);
}
