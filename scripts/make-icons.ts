/**
 * Draws the Teams app icons into appPackage/: `color.png` (192×192, full colour) and `outline.png`
 * (32×32, white on a transparent background), a shield with a check mark. Plain geometry,
 * 4×4 supersampled, so the output is the same on every machine.
 *
 * Run: `npx tsx scripts/make-icons.ts` (commit the PNGs it writes).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PNG } from 'pngjs';

type Point = readonly [number, number];
type Rgb = readonly [number, number, number];

/** The manifest's accentColor; the colour icon's background. */
export const ACCENT: Rgb = [0x1b, 0x5f, 0xae];
const WHITE: Rgb = [0xff, 0xff, 0xff];
const SAMPLES = 4;

export const COLOR_SIZE = 192;
export const OUTLINE_SIZE = 32;

function quadratic(from: Point, control: Point, to: Point, steps: number): Point[] {
  const points: Point[] = [];
  for (let i = 1; i <= steps; i++) {
    const t = i / steps;
    const u = 1 - t;
    points.push([
      u * u * from[0] + 2 * u * t * control[0] + t * t * to[0],
      u * u * from[1] + 2 * u * t * control[1] + t * t * to[1],
    ]);
  }
  return points;
}

/** The shield in unit coordinates (0..1, y down): a peaked top, straight sides, a curved point. */
export function shieldPolygon(): Point[] {
  const right = quadratic([0.82, 0.5], [0.82, 0.8], [0.5, 0.94], 24);
  const left = quadratic([0.5, 0.94], [0.18, 0.8], [0.18, 0.5], 24);
  return [[0.5, 0.07], [0.82, 0.19], [0.82, 0.5], ...right, ...left, [0.18, 0.19]];
}

/** The check mark as a polyline in unit coordinates. */
const CHECK: Point[] = [
  [0.35, 0.51],
  [0.46, 0.63],
  [0.66, 0.39],
];

/** Even-odd point-in-polygon test, with a bounding-box shortcut (most samples lie outside). */
function polygonContains(polygon: readonly Point[]): (x: number, y: number) => boolean {
  const xs = polygon.map((p) => p[0]);
  const ys = polygon.map((p) => p[1]);
  const [minX, maxX, minY, maxY] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  return (x, y) => {
    if (x < minX || x > maxX || y < minY || y > maxY) return false;
    let inside = false;
    for (let i = 0, j = polygon.length - 1; i < polygon.length; j = i++) {
      const [xi, yi] = polygon[i]!;
      const [xj, yj] = polygon[j]!;
      if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
    }
    return inside;
  };
}

function distanceToSegment(x: number, y: number, a: Point, b: Point): number {
  const dx = b[0] - a[0];
  const dy = b[1] - a[1];
  const t = Math.max(0, Math.min(1, ((x - a[0]) * dx + (y - a[1]) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(x - (a[0] + t * dx), y - (a[1] + t * dy));
}

function distanceToPolyline(x: number, y: number, points: readonly Point[], closed: boolean): number {
  let best = Number.POSITIVE_INFINITY;
  const segments = closed ? points.length : points.length - 1;
  for (let i = 0; i < segments; i++) {
    best = Math.min(best, distanceToSegment(x, y, points[i]!, points[(i + 1) % points.length]!));
  }
  return best;
}

/** One layer: colour plus the fraction of each sample point (unit coordinates) it covers. */
interface Layer {
  color: Rgb;
  covers: (x: number, y: number) => boolean;
}

/** Composites the layers over a background (`null` = transparent) with per-pixel coverage. */
function render(size: number, background: Rgb | null, layers: readonly Layer[]): PNG {
  const png = new PNG({ width: size, height: size, colorType: 6 });
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let r = 0;
      let g = 0;
      let b = 0;
      let a = 0;
      for (let sy = 0; sy < SAMPLES; sy++) {
        for (let sx = 0; sx < SAMPLES; sx++) {
          const x = (px + (sx + 0.5) / SAMPLES) / size;
          const y = (py + (sy + 0.5) / SAMPLES) / size;
          let color: Rgb | null = background;
          for (const layer of layers) if (layer.covers(x, y)) color = layer.color;
          if (color) {
            r += color[0];
            g += color[1];
            b += color[2];
            a += 1;
          }
        }
      }
      const offset = (py * size + px) * 4;
      // Colour is averaged over covered samples only: a half-covered outline pixel stays pure white.
      png.data[offset] = a ? Math.round(r / a) : 0;
      png.data[offset + 1] = a ? Math.round(g / a) : 0;
      png.data[offset + 2] = a ? Math.round(b / a) : 0;
      png.data[offset + 3] = Math.round((a / (SAMPLES * SAMPLES)) * 255);
    }
  }
  return png;
}

/** 192×192: a white shield with an accent-coloured check on a solid accent background. */
export function renderColorIcon(): PNG {
  const inShield = polygonContains(shieldPolygon());
  return render(COLOR_SIZE, ACCENT, [
    { color: WHITE, covers: inShield },
    { color: ACCENT, covers: (x, y) => distanceToPolyline(x, y, CHECK, false) < 0.045 },
  ]);
}

/** 32×32: the shield's outline and the check in white, everything else fully transparent. */
export function renderOutlineIcon(): PNG {
  const shield = shieldPolygon();
  const inShield = polygonContains(shield);
  const stroke = 2.2 / OUTLINE_SIZE;
  return render(OUTLINE_SIZE, null, [
    {
      color: WHITE,
      covers: (x, y) =>
        (inShield(x, y) && distanceToPolyline(x, y, shield, true) < stroke) ||
        distanceToPolyline(x, y, CHECK, false) < 1.4 / OUTLINE_SIZE,
    },
  ]);
}

export const ICON_DIR = join(__dirname, '..', 'appPackage');

function main(): void {
  const icons = { 'color.png': renderColorIcon(), 'outline.png': renderOutlineIcon() };
  for (const [name, png] of Object.entries(icons)) {
    const path = join(ICON_DIR, name);
    writeFileSync(path, PNG.sync.write(png, { colorType: 6 }));
    console.log(`wrote ${path} (${png.width}×${png.height})`);
  }
}

if (require.main === module) main();
