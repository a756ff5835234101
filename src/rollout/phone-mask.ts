/**
 * Masking keeps the country code and the last three digits, grouped in pairs as people read
 * numbers aloud: "+45 20123456" becomes "+45 •• •• •5 67". Enough for the owner to recognise, too
 * little to be useful to anybody else.
 */
const VISIBLE_DIGITS = 3;
const BULLET = '•';

export function maskPhone(graphNumber: string): string {
  const match = /^\+(\d{1,4})\s+(.+)$/.exec(graphNumber.trim());
  const countryCode = match?.[1];
  const national = (match?.[2] ?? graphNumber).replace(/x\d+$/i, '').replace(/\D/g, '');
  if (national.length === 0) return countryCode ? `+${countryCode}` : '';
  const visibleFrom = Math.max(0, national.length - VISIBLE_DIGITS);
  const chars = [...national].map((digit, index) => (index < visibleFrom ? BULLET : digit));
  // Pair from the right so the visible tail always reads as "•5 67".
  const groups: string[] = [];
  for (let end = chars.length; end > 0; end -= 2)
    groups.unshift(chars.slice(Math.max(0, end - 2), end).join(''));
  const masked = groups.join(' ');
  return countryCode ? `+${countryCode} ${masked}` : masked;
}

/** Anything that looks like a phone number in free text (log lines). */
const PHONE_IN_TEXT = /\+\d{1,4}[\s\-.()]*\d[\d\s\-.()]{5,}\d/g;

export function maskPhonesInText(text: string): string {
  if (!text.includes('+')) return text;
  return text.replace(PHONE_IN_TEXT, (found) => maskPhone(found.replace(/^(\+\d{1,4})[\s\-.()]*/, '$1 ')));
}
