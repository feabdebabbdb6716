/**
 * Names for Dubao's CSS highlights. Every script on the page can list `CSS.highlights`, so a fixed name
 * (dubao-…) would tell the page that Dubao is installed and what it marks; a name drawn at random per
 * page load tells it neither.
 */
export function randomHighlightName(win: Window): string {
  const bytes = new Uint8Array(6);
  win.crypto.getRandomValues(bytes);
  // A CSS identifier of letters only.
  return [...bytes].map((b) => String.fromCharCode(97 + (b % 26))).join('');
}
