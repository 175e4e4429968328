/**
 * The committed toolbar icons (assets/icons, drawn by scripts/make-icons.ts): the blocked variant's
 * red no-entry mark sits at the top left, because Chrome and Firefox draw the badge over the bottom
 * right, where at 16 px it hid the mark.
 */
import { readFileSync } from "node:fs";
import { inflateSync } from "node:zlib";
import { describe, expect, test } from "vitest";
import { drawIcon } from "../../scripts/make-icons.js";

/** RGBA pixels of an 8-bit RGBA, non-interlaced PNG whose rows use filter 0 (what make-icons writes). */
function pixels(png: Buffer): { size: number; at(x: number, y: number): number[] } {
  const size = png.readUInt32BE(16);
  const parts: Buffer[] = [];
  for (let offset = 8; offset < png.length;) {
    const length = png.readUInt32BE(offset);
    if (png.toString("ascii", offset + 4, offset + 8) === "IDAT")
      parts.push(png.subarray(offset + 8, offset + 8 + length));
    offset += length + 12;
  }
  const raw = inflateSync(Buffer.concat(parts));
  const stride = size * 4 + 1;
  for (let y = 0; y < size; y++) if (raw[y * stride] !== 0) throw new Error(`row ${y} uses a PNG filter`);
  return { size, at: (x, y) => [...raw.subarray(y * stride + 1 + x * 4, y * stride + 5 + x * 4)] };
}

const isRed = ([r, g, b]: number[]) => r! > 180 && g! < 90 && b! < 90;

describe("toolbar icons", () => {
  test.each([16, 32, 48, 128])("the %i px PNGs are what scripts/make-icons.ts draws", (size) => {
    const dir = new URL("../../assets/icons/", import.meta.url);
    expect(readFileSync(new URL(`icon-${size}.png`, dir)).equals(drawIcon(size, false))).toBe(true);
    expect(readFileSync(new URL(`icon-blocked-${size}.png`, dir)).equals(drawIcon(size, true))).toBe(true);
  });

  test.each([16, 32])(
    "at %i px the blocked mark is red in the top-left quarter and absent from the badge's corner",
    (size) => {
      const icon = pixels(drawIcon(size, true));
      const quarter = (x0: number, y0: number) => {
        let red = 0;
        for (let y = y0; y < y0 + size / 2; y++)
          for (let x = x0; x < x0 + size / 2; x++) if (isRed(icon.at(x, y))) red++;
        return red;
      };
      expect(quarter(0, 0)).toBeGreaterThan(size * size * 0.08);
      expect(quarter(size / 2, size / 2)).toBe(0);
      const plain = pixels(drawIcon(size, false));
      let red = 0;
      for (let y = 0; y < size; y++) for (let x = 0; x < size; x++) if (isRed(plain.at(x, y))) red++;
      expect(red).toBe(0);
    },
  );
});
