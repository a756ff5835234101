/**
 * The only Markdown the cards write: a link whose label comes from a locale file and whose URL
 * comes from links.json. Data from users never goes through here; it goes into TextRuns, which
 * Teams does not parse as Markdown at all.
 */

/** Brackets and backslashes would end or bend the label early. */
function escapeLabel(label: string): string {
  return label.replace(/[\\[\]]/g, (char) => `\\${char}`);
}

/** Parentheses and spaces would end the URL early; percent-encoding keeps the same address. */
function encodeUrl(url: string): string {
  return new URL(url).href.replace(/\(/g, '%28').replace(/\)/g, '%29').replace(/ /g, '%20');
}

export function markdownLink(label: string, url: string): string {
  return `[${escapeLabel(label)}](${encodeUrl(url)})`;
}
