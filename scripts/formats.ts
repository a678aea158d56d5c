/** Every output paparan can write, by the name `--format` takes. */
export const OUTPUT_FORMATS = ['md', 'html', 'pdf', 'handout', 'notes', 'overview', 'pptx', 'pptx-images', 'png'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];
/**
 * Written by default; `pptx` (editable PowerPoint built from the outline), `pptx-images` (PowerPoint with one picture
 * per slide) and `png` (pictures of the slides, taken in paparan's browser) are opt-in.
 */
export const DEFAULT_FORMATS: OutputFormat[] = ['md', 'html', 'pdf', 'handout', 'notes', 'overview'];
