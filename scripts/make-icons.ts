/**
 * Draws the toolbar icons (a heartbeat line on Azure blue; the "blocked endpoints found" variant
 * adds a red no-entry sign at the top left, clear of the badge the browser draws at the bottom right) and writes them as PNGs into assets/icons/. Run by hand after a design
 * change (`npx tsx scripts/make-icons.ts`); the PNGs are committed, so the build needs no canvas.
 */
import { writeFileSync, mkdirSync } from "node:fs";
import { deflateSync } from "node:zlib";

type Rgba = [number, number, number, number];
const SIZES = [16, 32, 48, 128] as const;
const BLUE: Rgba = [0, 120, 212, 255];
const WHITE: Rgba = [255, 255, 255, 255];
const RED: Rgba = [209, 52, 56, 255];

/** Distance from point p to segment ab, all in unit-square coordinates. */
function segmentDistance(px: number, py: number, ax: number, ay: number, bx: number, by: number): number {
  const dx = bx - ax;
  const dy = by - ay;
  const t = Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(px - (ax + t * dx), py - (ay + t * dy));
}

const PULSE: Array<[number, number]> = [
  [0.14, 0.55],
  [0.34, 0.55],
  [0.43, 0.3],
  [0.56, 0.78],
  [0.65, 0.55],
  [0.86, 0.55],
];

/** Centre of the blocked variant's no-entry mark (both axes), in the top-left quarter. */
const MARK_CENTRE = 0.28;

/** Signed coverage of each shape at (x, y); the later shape paints over the earlier one. */
function shade(x: number, y: number, px: number, blocked: boolean): Rgba {
  const aa = (distance: number) => Math.max(0, Math.min(1, 0.5 - distance / px));
  const r = 0.2;
  const qx = Math.max(Math.abs(x - 0.5) - (0.5 - r), 0);
  const qy = Math.max(Math.abs(y - 0.5) - (0.5 - r), 0);
  const box = Math.hypot(qx, qy) - r;
  let color = blend([0, 0, 0, 0], BLUE, aa(box));
  let line = Infinity;
  for (let i = 1; i < PULSE.length; i++) {
    const [ax, ay] = PULSE[i - 1] as [number, number];
    const [bx, by] = PULSE[i] as [number, number];
    line = Math.min(line, segmentDistance(x, y, ax, ay, bx, by));
  }
  const stroke = Math.max(0.075, 1.4 * px);
  color = blend(color, WHITE, aa(line - stroke / 2));
  // Top-left: Chrome and Firefox draw the badge (the count) over the bottom-right corner.
  if (blocked) {
    const c = MARK_CENTRE;
    const badge = Math.hypot(x - c, y - c) - 0.27;
    color = blend(color, WHITE, aa(badge - Math.max(0.04, px)));
    color = blend(color, RED, aa(badge));
    const bar = Math.max(Math.abs(x - c) - 0.15, Math.abs(y - c) - Math.max(0.045, px));
    color = blend(color, WHITE, aa(bar));
  }
  return color;
}

function blend(under: Rgba, over: Rgba, alpha: number): Rgba {
  const a = (over[3] / 255) * alpha;
  const outA = a + (under[3] / 255) * (1 - a);
  if (outA === 0) return [0, 0, 0, 0];
  const mix = (i: 0 | 1 | 2) => Math.round((over[i] * a + under[i] * (under[3] / 255) * (1 - a)) / outA);
  return [mix(0), mix(1), mix(2), Math.round(outA * 255)];
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = (CRC_TABLE[(c ^ b) & 0xff] as number) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, "ascii");
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

/** An RGBA PNG (colour type 6, 8 bits, no interlace), anti-aliased by distance to each shape. */
export function drawIcon(size: number, blocked: boolean): Buffer {
  const raw = Buffer.alloc(size * (size * 4 + 1));
  const px = 1 / size;
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0;
    for (let x = 0; x < size; x++) {
      const c = shade((x + 0.5) / size, (y + 0.5) / size, px, blocked);
      raw.set(c, y * (size * 4 + 1) + 1 + x * 4);
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr.set([8, 6, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", ihdr),
    chunk("IDAT", deflateSync(raw, { level: 9 })),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const dir = new URL("../assets/icons/", import.meta.url);
  mkdirSync(dir, { recursive: true });
  for (const size of SIZES) {
    writeFileSync(new URL(`icon-${size}.png`, dir), drawIcon(size, false));
    writeFileSync(new URL(`icon-blocked-${size}.png`, dir), drawIcon(size, true));
  }
}
