// Plain JavaScript on purpose (see sanitize.mjs). Which URLs may stand in a page paparan makes.

// ---------------------------------------------------------------------------------------------------- URLs

export const SAFE_IMAGE = /^data:image\/(png|jpeg|gif|webp|svg\+xml)[;,]/i;
export const SAFE_FONT = /^data:(font\/(woff2|woff|ttf|otf)|application\/(x-)?font-woff2?)[;,]/i;

/**
 * The start of a URL as the URL parser sees it: no C0 controls or spaces before it, no tabs or newlines anywhere.
 * Only the start decides what a URL is; a start padded beyond this length is not allowed.
 */
export function urlStart(url) {
  let start = 0;
  while (start < url.length && url.charCodeAt(start) <= 0x20) start++;
  let u = '';
  for (let i = start; i < url.length && u.length < 64; i++) if (url[i] !== '\t' && url[i] !== '\n' && url[i] !== '\r') u += url[i];
  return u;
}

export const isFragment = (url) => urlStart(url).startsWith('#');
export const isSafeImage = (url) => SAFE_IMAGE.test(urlStart(url));
/** A link a reader may follow: http:, https:, mailto: or a #fragment of this page. */
export const isSafeLink = (url) => /^(#|(https?|mailto):)/i.test(urlStart(url));
/** What a stylesheet may load: embedded images and fonts, or an element of this page (SVG gradients, clip paths). */
export const isSafeCssUrl = (url) => {
  const u = urlStart(url);
  return u.startsWith('#') || SAFE_IMAGE.test(u) || SAFE_FONT.test(u);
};

