import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { PNG, type PNGWithMetadata } from 'pngjs';
import { renderColorIcon, renderOutlineIcon } from '../../../scripts/make-icons';
import { repoPath } from './files';

function readPng(name: string): PNGWithMetadata {
  return PNG.sync.read(readFileSync(repoPath('appPackage', name)));
}

function pixels(png: PNG): Array<[number, number, number, number]> {
  const result: Array<[number, number, number, number]> = [];
  for (let i = 0; i < png.data.length; i += 4) {
    result.push([png.data[i]!, png.data[i + 1]!, png.data[i + 2]!, png.data[i + 3]!]);
  }
  return result;
}

describe('app icons', () => {
  const color = readPng('color.png');
  const outline = readPng('outline.png');

  it('color.png is 192×192', () => {
    assert.equal(color.width, 192);
    assert.equal(color.height, 192);
  });

  it('color.png is opaque and in colour', () => {
    const all = pixels(color);
    assert.ok(
      all.every(([, , , a]) => a === 255),
      'color icon has transparent pixels',
    );
    assert.ok(
      all.some(([r, g, b]) => r !== g || g !== b),
      'color icon is grey only',
    );
    assert.ok(new Set(all.map((p) => p.join())).size >= 2, 'color icon is one flat colour');
  });

  it('outline.png is 32×32 with an alpha channel', () => {
    assert.equal(outline.width, 32);
    assert.equal(outline.height, 32);
    assert.equal(outline.alpha, true, 'outline icon needs an alpha channel');
  });

  it('outline.png is white on a transparent background', () => {
    const all = pixels(outline);
    const corners = [0, 31, 32 * 31, 32 * 32 - 1].map((i) => all[i]![3]);
    assert.deepEqual(corners, [0, 0, 0, 0], 'corners must be transparent');
    const visible = all.filter(([, , , a]) => a > 0);
    const nonWhite = visible.filter(([r, g, b]) => r !== 255 || g !== 255 || b !== 255);
    assert.equal(nonWhite.length, 0, `${nonWhite.length} visible pixels are not #FFFFFF`);
    assert.ok(
      all.filter(([, , , a]) => a === 0).length > all.length / 2,
      'background is not mostly transparent',
    );
    assert.ok(
      all.filter(([, , , a]) => a === 255).length >= 50,
      'too few opaque white pixels to see a glyph',
    );
  });

  it('are what scripts/make-icons.ts draws (run it after changing the drawing)', () => {
    assert.ok(renderColorIcon().data.equals(color.data), 'appPackage/color.png is stale');
    assert.ok(renderOutlineIcon().data.equals(outline.data), 'appPackage/outline.png is stale');
  });
});
