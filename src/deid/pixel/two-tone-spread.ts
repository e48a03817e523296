import type { GrayImage } from './grayscale-frame.js';
import type { PixelBox } from './pixel-box.js';

/**
 * How far the pixels of `box` are from being two flat tones: the box is split
 * in two by Otsu's threshold, and the mean distance of each pixel from its
 * class mean is divided by the distance between the class means. Burned-in
 * text is drawn in one colour on a flat band or background, so its words
 * score about 0.0–0.1 (anti-aliasing and JPEG ringing included); OCR "words"
 * read into ultrasound speckle or anatomy score 0.2 and more. A box of one
 * tone scores 1 (nothing to separate).
 */
export function twoToneSpread(image: GrayImage, box: PixelBox): number {
  const histogram = new Float64Array(256);
  let count = 0;
  let total = 0;
  for (let y = box.y; y < box.y + box.height; y++) {
    for (let x = box.x; x < box.x + box.width; x++) {
      const v = image.pixels[y * image.columns + x] as number;
      histogram[v] = (histogram[v] as number) + 1;
      count++;
      total += v;
    }
  }
  if (count === 0) return 1;
  // Otsu: the threshold maximising the between-class variance.
  let bestVariance = -1;
  let threshold = 0;
  let lowCount = 0;
  let lowSum = 0;
  for (let t = 0; t < 255; t++) {
    lowCount += histogram[t] as number;
    lowSum += t * (histogram[t] as number);
    if (lowCount === 0 || lowCount === count) continue;
    const lowMean = lowSum / lowCount;
    const highMean = (total - lowSum) / (count - lowCount);
    const variance = lowCount * (count - lowCount) * (highMean - lowMean) ** 2;
    if (variance > bestVariance) {
      bestVariance = variance;
      threshold = t;
    }
  }
  if (bestVariance < 0) return 1;
  let n0 = 0;
  let s0 = 0;
  for (let v = 0; v <= threshold; v++) {
    n0 += histogram[v] as number;
    s0 += v * (histogram[v] as number);
  }
  const mean0 = s0 / n0;
  const mean1 = (total - s0) / (count - n0);
  let spread = 0;
  for (let v = 0; v < 256; v++) {
    const h = histogram[v] as number;
    if (h !== 0) spread += h * Math.abs(v - (v <= threshold ? mean0 : mean1));
  }
  return spread / count / (mean1 - mean0);
}
