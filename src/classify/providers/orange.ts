// Orange / Wanadoo and La Poste (the former France PTT): every refusal ends with the server's
// code, "OFR_506 [506]", "OFR004_104", "LPN007_426"; its last three digits name the error.
// https://postmaster.orange.fr/ (codes d'erreur), https://postmaster.laposte.net/
import type { ProviderRules } from '../provider-rules.js';

export const orange: ProviderRules = {
  name: 'orange',
  hosts: /(?:^|\.)(?:orange\.(?:fr|com)|wanadoo\.(?:fr|com)|laposte\.(?:net|fr)|francetelecom\.(?:fr|com)|voila\.fr)$/,
  rules: [
    [/\b(?:ofr|lpn)\d*_(?:416|418)\b|adresse d.au moins un destinataire invalide/, 'userunknown'],
    [/\b(?:ofr|lpn)\d*_(?:417|431)\b|boite du destinataire pleine|recipient overquota/, 'mailboxfull'],
    [/\b(?:ofr|lpn)\d*_(?:420|426)\b|le compte du destinataire est bloqu|the recipient account is blocked|boite du destinataire archiv|archived recipient/, 'suspend'],
    [/\b(?:ofr|lpn)\d*_(?:403|405|415|421)\b|emetteur invalide|invalid sender|mail from not owned by user/, 'rejected'],
    [/\b(?:ofr|lpn)\d*_401\b/, 'authfailure'],
    [/\b(?:ofr|lpn)\d*_(?:305|402)\b|authentification requise|code d.authentification invalide/, 'securityerror'],
    [/\b(?:ofr|lpn)\d*_506\b/, 'spamdetected'],
    [/\b(?:ofr|lpn)\d*_514\b|taille limite du message atteinte/, 'emailtoolarge'],
    [/\b(?:ofr|lpn)\d*_630\b/, 'policyviolation'],
    [/\b(?:ofr|lpn)\d*_104\b|trop de connexions/, 'ratelimited'],
    // "Service refusé. Veuillez essayer plus tard." with 103, 108, 109, 510, 999: the client is refused
    [/\b(?:ofr|lpn)\d*_(?:103|108|109|510|999)\b|service refus[eé]/, 'blocked'],
  ],
};
