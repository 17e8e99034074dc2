// fml, the mailing list manager (X-MLServer: fml [fml 4.0.3 ...]): the list tells a sender that
// the post was refused ("You are not a member of this mailing list <list@...>.") or that it caught
// a loop ("Duplicated Message-ID in <list@...>."). The recipient that failed is the list.
import { textDecoder } from '../text-format.js';
import { anyOf, headerMatches, subjectMatches } from '../detect.js';
import { ORIGINAL_MARKERS } from '../markers.js';

export const fml = textDecoder({
  name: 'fml',
  // its header, or its subjects' mark: "You a@b are not member (choir ML)". The list's name holds no
  // parenthesis: as `\S+`, it ran from each "(" of a subject to its end (0.6 s for 32,000 of them)
  detect: anyOf(headerMatches('x-mlserver', /^\s*fml\b/i), subjectMatches(/\([^\s()]+ ML\)\s*$/)),
  end: [/^Original mail as follows:\s*$/m, ...ORIGINAL_MARKERS],
  // the list's address is named in fml's sentence; group 1 (in the look-ahead) is the address
  recipient: [
    /^(?=.*<([^<>\s@]+@[^<>\s@]+)>)(?<rest>(?:You are not a member of|Duplicated Message-ID in|.* has detected a loop condition|.*NOT MEMBER article from).*)$/i,
    // the sentence wrapped before the address: the next line that has one names the list
    /^(?:You are not a member of|Duplicated Message-ID in)\b(?<pending>)/i,
  ],
  rename: [/<([^<>\s@]+@[^<>\s@]+)>/],
  // fml's own sentences
  reasons: [
    [/You are not a member|NOT MEMBER article from|reject(?:ed)? mail from|Spam mail from a spammer is rejected/i, 'rejected'],
    [/Duplicated Message-ID|has detected a loop condition|Loop Back Warning|UNIX FROM Loop/i, 'systemerror'],
    [/Security Alert/i, 'securityerror'],
  ],
});
