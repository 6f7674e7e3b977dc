// A PNG reader for the tests only (Node has zlib but no image decoder): non-interlaced, 8 bits per sample,
// gray, RGB, palette (with tRNS), gray + alpha and RGBA, into straight RGBA bytes. The tests feed those pixels
// to the browser module's pipeline, so the Pillow vectors check it without a browser.
import { inflateSync } from "node:zlib";

const CHANNELS = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };

export function decodePng(bytes) {
  const buffer = Buffer.from(bytes);
  if (buffer.readUInt32BE(0) !== 0x89504e47) throw new Error("not a PNG");
  let width, height, depth, colorType, interlace, palette, alphas;
  const data = [];
  for (let at = 8; at < buffer.length;) {
    const length = buffer.readUInt32BE(at);
    const type = buffer.toString("latin1", at + 4, at + 8);
    const body = buffer.subarray(at + 8, at + 8 + length);
    if (type === "IHDR") [width, height, depth, colorType, interlace] = [body.readUInt32BE(0), body.readUInt32BE(4), body[8], body[9], body[12]];
    else if (type === "PLTE") palette = body;
    else if (type === "tRNS") alphas = body;
    else if (type === "IDAT") data.push(body);
    at += 12 + length;
  }
  if (depth !== 8 || interlace !== 0 || !(colorType in CHANNELS)) {
    throw new Error(`this reader takes 8-bit non-interlaced PNGs, not depth ${depth}, colour type ${colorType}, interlace ${interlace}`);
  }
  const channels = CHANNELS[colorType];
  const stride = width * channels;
  const raw = inflateSync(Buffer.concat(data));
  const rows = new Uint8Array(stride * height);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    for (let x = 0; x < stride; x++) {
      const left = x >= channels ? rows[y * stride + x - channels] : 0;
      const up = y > 0 ? rows[(y - 1) * stride + x] : 0;
      const upLeft = y > 0 && x >= channels ? rows[(y - 1) * stride + x - channels] : 0;
      const predictor = [0, left, up, (left + up) >> 1, paeth(left, up, upLeft)][filter];
      rows[y * stride + x] = (line[x] + predictor) & 0xff;
    }
  }
  const rgba = new Uint8Array(width * height * 4);
  for (let i = 0; i < width * height; i++) {
    const s = rows.subarray(i * channels, (i + 1) * channels);
    const pixel = {
      0: () => [s[0], s[0], s[0], 255],
      2: () => [s[0], s[1], s[2], 255],
      3: () => [palette[s[0] * 3], palette[s[0] * 3 + 1], palette[s[0] * 3 + 2], alphas && s[0] < alphas.length ? alphas[s[0]] : 255],
      4: () => [s[0], s[0], s[0], s[1]],
      6: () => [s[0], s[1], s[2], s[3]],
    }[colorType]();
    rgba.set(pixel, i * 4);
  }
  return { width, height, rgba };
}

function paeth(a, b, c) {
  const p = a + b - c;
  const [pa, pb, pc] = [Math.abs(p - a), Math.abs(p - b), Math.abs(p - c)];
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}
