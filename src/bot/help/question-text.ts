const FOLD: Readonly<Record<string, string>> = { æ: 'ae', ø: 'o', œ: 'oe', ß: 'ss', đ: 'd', ł: 'l' };

/**
 * Lower case, no accents, letters and digits only, single spaces: accents dropped (é → e, å → a,
 * ü → u), æ → ae, ø → o, œ → oe, ß → ss. "Qu'est-ce que la MFA ?" → "qu est ce que la mfa".
 */
export function normaliseQuestion(text: string): string {
  return text
    .toLowerCase()
    .replace(/[æøœßđł]/g, (char) => FOLD[char] ?? char)
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

const ADMIN_TEXT = /^(wave|waves)( |$)|^list waves$/;

/** Normalised text that starts with "wave"/"waves" or is "list waves": an admin command, never a help question. */
export function isAdminText(normalised: string): boolean {
  return ADMIN_TEXT.test(normalised);
}
