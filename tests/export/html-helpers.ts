// Marp Markdown → the HTML page, as a build makes it from the screen render (tests start from Markdown).
import { bespokePage } from '../../scripts/export/bespoke-page.ts';
import { exportHtml } from '../../scripts/export/html.ts';
import type { PaceData } from '../../scripts/export/presenter.ts';
import { renderWithTheme } from '../../scripts/export/slides.ts';
import { screenMarpFor } from '../../scripts/render/marp.ts';
import type { ThemeSet } from '../../scripts/themes.ts';

/** The finished page: marp-cli's bespoke page with paparan's policy, fonts and scripts. */
export const markdownToHtml = (markdown: string, themes: ThemeSet, pace?: PaceData): string => exportHtml(renderWithTheme(screenMarpFor(themes), markdown), pace);

/** The page as marp-cli's bespoke template writes it, before paparan's additions. */
export const bespokeHtml = (markdown: string, themes: ThemeSet): string => bespokePage(renderWithTheme(screenMarpFor(themes), markdown));
