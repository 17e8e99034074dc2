// MailFoundry gateways: "Unable to deliver message to: <a@b>", "Delivery failed for the following
// reason:" and "Server mx.example.org[192.0.2.1] failed with: 550 ...".
import { textDecoder } from '../text-format.js';
import { allOf, textMatches } from '../detect.js';

export const mailfoundry = textDecoder({
  name: 'mailfoundry',
  detect: allOf(textMatches(/Delivery failed for the following reason:/), textMatches(/Unable to deliver message to: </)),
  recipient: [/^Unable to deliver message to: <([^>\s@]+@[^>\s@]+)>/],
  diagnostic: [/failed with:\s*([\s\S]+?)(?:\n\s*\n|$)/],
  delayed: /^This has been a temporary failure|will continue to attempt delivery/m,
});
