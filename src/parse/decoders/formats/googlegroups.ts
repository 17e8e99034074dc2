// Google Groups: a post to a group that does not exist, or that the sender may not post to, is
// returned by Gmail's daemon with the group in X-Failed-Recipients and a notice in the sender's
// language that points to groups.google.com/support. The group refused the sender, not the reverse.
import { textDecoder } from '../text-format.js';
import { allOf, hasHeader, textMatches } from '../detect.js';

export const googlegroups = textDecoder({
  name: 'googlegroups',
  detect: allOf(hasHeader('x-failed-recipients'), textMatches(/groups\.google\.com\/support/)),
  // the notice names only the sender; the group is in the header
  recipient: [],
  recipientHeaders: ['x-failed-recipients'],
  reasons: [[/groups\.google\.com\/support/, 'rejected']],
});
