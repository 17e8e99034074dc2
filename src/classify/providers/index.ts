// The providers whose replies carry their own codes, tried in this order (the first whose hosts match
// the remote host or the recipient's domain). Data: a new provider is a new file and a line here.
import type { ProviderRules } from '../provider-rules.js';
import { microsoft } from './microsoft.js';
import { google } from './google.js';
import { yahoo } from './yahoo.js';
import { orange } from './orange.js';
import { nttdocomo } from './nttdocomo.js';
import { au } from './au.js';
import { facebook } from './facebook.js';
import { godaddy } from './godaddy.js';
import { tencent } from './tencent.js';
import { spectrum } from './spectrum.js';
import { mimecast } from './mimecast.js';
import { apple } from './apple.js';
import { iua } from './iua.js';
import { messagelabs } from './messagelabs.js';
import { cox } from './cox.js';

export const PROVIDERS: readonly ProviderRules[] = [
  microsoft, google, yahoo, orange, nttdocomo, au, facebook, godaddy, tencent, spectrum, mimecast, apple, iua, messagelabs, cox,
];
