import type { Page } from 'puppeteer-core';
import { loadPage } from './browser.ts';
import { slidesDocument, type MarpRender } from './slides.ts';

/** How far one rendered slide's content runs past its box, in slide pixels (0 when it fits). */
export interface SlideOverflow {
  slide: number;
  bottom: number;
  right: number;
  /** Content height over the height available to it (1 = just fits). */
  ratio: number;
}

/** Whether a measured slide runs out of its box at all. */
export const overflows = (m: SlideOverflow) => m.bottom > 0 || m.right > 0;

/** Renders every slide in the browser and measures its content box against the slide. */
export async function measureOverflow(page: Page, render: MarpRender, lang: string): Promise<SlideOverflow[]> {
  await page.setViewport({ width: 1280, height: 720, deviceScaleFactor: 1 });
  await loadPage(page, slidesDocument(render, lang, 'overflow'));
  return measureLoaded(page);
}

/** Measures the slides of a page that already shows them (the slides PDF's page, for one). */
export function measureLoaded(page: Page): Promise<SlideOverflow[]> {
  return page.evaluate(() => {
    const sections = [...document.querySelectorAll('body > div > svg[data-marpit-svg] > foreignObject > section')] as HTMLElement[];
    return sections.map((section, slide) => {
      const box = section.getBoundingClientRect();
      const style = getComputedStyle(section);
      const top = box.top + parseFloat(style.paddingTop);
      const limit = box.bottom - parseFloat(style.paddingBottom);
      let bottom = top;
      for (const child of section.children) {
        const pos = getComputedStyle(child).position;
        if (pos === 'absolute' || pos === 'fixed') continue;
        bottom = Math.max(bottom, child.getBoundingClientRect().bottom + parseFloat(getComputedStyle(child).marginBottom || '0'));
      }
      const overBottom = Math.max(0, Math.round(bottom - limit));
      const overRight = Math.max(0, section.scrollWidth - section.clientWidth);
      const ratio = (bottom - top) / Math.max(1, limit - top);
      return { slide, bottom: overBottom, right: overRight, ratio };
    });
  });
}
