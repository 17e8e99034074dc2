// Amazon SES notifications in JSON (complaints and deliveries; the bounce is a fixture sample), and
// the remote reply that SES quotes inside its own diagnostic.
import { describe, expect, it } from 'vitest';
import { parseBounce } from '../src/index.js';
import { quotedReply } from '../src/parse/quoted-reply.js';

function notification(json: object, wrap: boolean): string {
  const body = wrap
    ? JSON.stringify({ Type: 'Notification', MessageId: 'c0ffee00-0000-4000-8000-000000000001', Message: JSON.stringify(json) }, null, 2)
    : JSON.stringify(json);
  return [
    'From: AWS Notifications <no-reply@sns.amazonaws.com>',
    'To: ops@example.com',
    'Subject: AWS Notification Message',
    'Date: Tue, 03 Jun 2025 10:00:00 +0000',
    'Message-ID: <sns-test-0603@example.com>',
    'Content-Type: text/plain; charset=UTF-8',
    '',
    body,
    '',
  ].join('\n');
}

const mail = {
  timestamp: '2025-06-03T09:59:58.000Z',
  source: 'news@example.com',
  sourceIp: '203.0.113.9',
  messageId: '0100019b-test',
  destination: ['iris@example.org'],
  headers: [
    { name: 'From', value: 'news@example.com' },
    { name: 'Subject', value: 'June issue' },
  ],
};

describe('Amazon SES notifications', () => {
  it('reads a complaint as a complaint with its feedback fields', () => {
    const r = parseBounce(
      notification(
        {
          notificationType: 'Complaint',
          complaint: {
            complainedRecipients: [{ emailAddress: 'iris@example.org' }],
            timestamp: '2025-06-03T09:59:59.000Z',
            userAgent: 'ExampleISP Feedback Loop',
            complaintFeedbackType: 'abuse',
          },
          mail,
        },
        true,
      ),
    );
    expect(r.kind).toBe('complaint');
    expect(r.format).toBe('amazonses');
    expect(r.recipients.map((x) => [x.address, x.reason, x.action, x.type])).toEqual([['iris@example.org', 'feedback', null, null]]);
    expect(r.feedback).toMatchObject({ feedbackType: 'abuse', originalMailFrom: 'news@example.com', sourceIp: '203.0.113.9' });
    expect(r.original?.subject).toBe('June issue');
  });

  it('reads a delivery as a delivery report', () => {
    const r = parseBounce(
      notification(
        {
          eventType: 'Delivery',
          delivery: { recipients: ['iris@example.org'], smtpResponse: '250 2.0.0 OK queued as 4Zb7', reportingMTA: 'a1-2.smtp-out.example.com' },
          mail,
        },
        false,
      ),
    );
    expect(r.kind).toBe('delivery-report');
    expect(r.recipients.map((x) => [x.address, x.reason, x.status, x.smtpCode])).toEqual([['iris@example.org', 'delivered', '2.0.0', 250]]);
  });

  it('reads a transient bounce as a delay', () => {
    const r = parseBounce(
      notification(
        {
          notificationType: 'Bounce',
          bounce: {
            bounceType: 'Transient',
            bounceSubType: 'MailboxFull',
            bouncedRecipients: [{ emailAddress: 'iris@example.org', status: '4.2.2', diagnosticCode: 'smtp; 452 4.2.2 Mailbox full' }],
          },
          mail,
        },
        true,
      ),
    );
    expect(r.kind).toBe('delay');
    expect(r.recipients.map((x) => [x.address, x.action, x.status, x.smtpCode, x.reason])).toEqual([['iris@example.org', 'delayed', '4.2.2', 452, 'mailboxfull']]);
  });

  it('reads a delivery delay as a delay', () => {
    const r = parseBounce(
      notification(
        {
          eventType: 'DeliveryDelay',
          deliveryDelay: {
            delayType: 'TransientCommunicationFailure',
            delayedRecipients: [{ emailAddress: 'iris@example.org', status: '4.4.1', diagnosticCode: 'smtp; 421 4.4.1 Connection timed out' }],
            reportingMTA: 'b1-2.smtp-out.example.com',
          },
          mail,
        },
        true,
      ),
    );
    expect(r.kind).toBe('delay');
    expect(r.recipients.map((x) => [x.address, x.action, x.status, x.smtpCode, x.reason])).toEqual([['iris@example.org', 'delayed', '4.4.1', 421, 'expired']]);
  });

  it('takes the remote reply that SES quotes', () => {
    expect(quotedReply('554 4.4.7 Message expired: unable to deliver in 840 minutes.<421 4.4.2 Connection timed out>')).toMatchObject({
      smtpCode: 421,
      status: '4.4.2',
    });
    expect(quotedReply("5.1.0 - Unknown address error 550-'5.1.1 <iris@example.org>... User unknown'")).toMatchObject({ smtpCode: 550, status: '5.1.1' });
    expect(quotedReply('550 5.1.1 user unknown')).toBeNull();
    // only inside a reporter's summary: a reply that quotes a word is not one
    expect(quotedReply("550 5.1.1 user 'ann' unknown")).toBeNull();
    expect(quotedReply("Remote Server returned '550 5.1.1 User unknown'")).toBeNull();
  });
});
