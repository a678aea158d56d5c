import type { Position } from '../messages.ts';
import type { PathKey } from './load.ts';
import type { ImageRef, Slide } from './types.ts';

/**
 * The box the `image` layout shows its picture in, in CSS px on the 1280×720 slide: the text width between the
 * 88 px margins, and the picture's max-height (themes/paparan.css, `section.layout-image p > img`). A caption or
 * a wrapped title can only make it smaller.
 */
export const IMAGE_BOX = { width: 1104, height: 430 } as const;
/** A raster is never scaled above its own pixels: below this share of the box (in both directions) it looks lost. */
export const MIN_BOX_SHARE = 0.6;

type Warn = (position: Position, rule: string, message: string, hint?: string) => void;

/** The size `width`×`height` takes when scaled to fit `box`, keeping its shape. */
export function fitInBox(width: number, height: number, box: { width: number; height: number } = IMAGE_BOX): { width: number; height: number } {
  const scale = Math.min(box.width / width, box.height / height);
  return { width: Math.round(width * scale), height: Math.round(height * scale) };
}

/** Whether a raster of this size, shown at most at its own size, fills less than {@link MIN_BOX_SHARE} of the box. */
export function tooSmallForBox(width: number, height: number, box: { width: number; height: number } = IMAGE_BOX): boolean {
  return width < box.width * MIN_BOX_SHARE && height < box.height * MIN_BOX_SHARE;
}

function isImage(value: unknown): value is ImageRef {
  return !!value && typeof value === 'object' && 'sha256' in value && 'mime' in value;
}

/**
 * `image-resolution`: a PNG or JPEG on an `image` slide too small for the image box. The theme never blows a
 * raster up past its pixels (that blurs it), so a small one sits small in an empty box. SVGs scale cleanly.
 */
export function checkImageResolution(slides: readonly Slide[], at: (path: PathKey[]) => Position, warn: Warn): void {
  for (const slide of slides) {
    if (slide.layout !== 'image') continue;
    const image = slide.fields.src;
    if (!isImage(image) || image.mime === 'image/svg+xml') continue;
    const { width, height } = image;
    if (!width || !height || !tooSmallForBox(width, height)) continue;
    const wanted = fitInBox(width, height);
    warn(
      at(['slides', slide.index, 'src']),
      'image-resolution',
      `Image \`${image.src}\` is ${width}×${height} px, too small for the ${IMAGE_BOX.width}×${IMAGE_BOX.height} px image box: a photo is never shown larger than its own pixels, so most of the box stays empty`,
      `Use an image at least ${wanted.width}×${wanted.height} px (the box at this image's shape), or an SVG`,
    );
  }
}
