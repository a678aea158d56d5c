import type { Page } from 'puppeteer-core';
import { fontFaceCss } from '../themes.ts';
import { loadPage } from './browser.ts';
import { slideSvgs } from './print.ts';
import type { MarpRender } from './slides.ts';

const COLUMNS = 4;
const THUMB = 300;
const GAP = 16;
/** Device pixels of one contact sheet at most: 8 million, about 32 slides at twice the pixels. */
const MAX_PIXELS = 8_000_000;

/** A contact sheet: every slide as a numbered thumbnail on one PNG. */
export async function overviewPng(page: Page, render: MarpRender): Promise<Uint8Array> {
  const cells = slideSvgs(render).map((svg, i) => `<figure><div class="t">${svg}</div><figcaption>${i + 1}</figcaption></figure>`);
  const width = COLUMNS * THUMB + (COLUMNS + 1) * GAP;
  const html = `<!DOCTYPE html><html><head><meta charset="utf-8"><style>${fontFaceCss(render.html)}</style><style>${render.css}</style><style>
html,body{margin:0;background:#e9ebe6}
main{display:grid;grid-template-columns:repeat(${COLUMNS},${THUMB}px);gap:${GAP}px;padding:${GAP}px;width:${width}px;box-sizing:border-box}
figure{margin:0} .t{width:${THUMB}px;box-shadow:0 1px 3px rgba(0,0,0,.25)}
svg[data-marpit-svg]{display:block;width:100%;height:auto}
figcaption{font:600 13px 'Source Sans 3','Noto Emoji';color:#4d5b60;margin-top:4px}
</style></head><body><main>${cells.join('')}</main></body></html>`;
  // At twice the pixels, the thumbnails' text can be read.
  await page.setViewport({ width, height: 400, deviceScaleFactor: 2 });
  await loadPage(page, html);
  // A long deck's sheet at twice the pixels is huge (200 slides: 2560 × 20 500, 52 million pixels, ~1 GB in Node
  // while the screenshot travels): above MAX_PIXELS the scale goes down just enough (50 slides: 1.5×), never below
  // 1× (thumbnails stay 300 pixels wide).
  const height = await page.evaluate(() => document.documentElement.scrollHeight);
  const scale = Math.min(2, Math.floor(Math.sqrt(MAX_PIXELS / (width * height)) * 100) / 100);
  if (scale < 2) await page.setViewport({ width, height: 400, deviceScaleFactor: Math.max(1, scale) });
  return page.screenshot({ type: 'png', fullPage: true, omitBackground: false, optimizeForSpeed: true });
}
