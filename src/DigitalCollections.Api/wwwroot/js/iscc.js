// ISCC codes computed in the browser, equal to the server's (src/DigitalCollections.Api/Iscc): the Content-Code
// Image or Text of a file and its Data-Code, so the verify page can ask for similar works without uploading the
// file. No build step and no dependencies; the algorithms are in ./iscc/ (which also run in Node, for the tests).
// Only the image decoding here needs a browser: createImageBitmap turns the file upright (EXIF orientation) and a
// canvas gives its RGBA pixels, which then go through the server's pipeline.
import { normalizeImage, imageCode } from "./iscc/image.js";
import { textCode, decodeText } from "./iscc/text.js";
import { dataCode } from "./iscc/data.js";

export { base32Encode, base32Decode, encodeUnit, parseUnit, distance, MainType, ContentSubType } from "./iscc/codec.js";
export { xxHash32 } from "./iscc/xxhash32.js";
export { collapseText, textCode, decodeText } from "./iscc/text.js";
export { normalizeImage, imageHash, imageCode, resizeBicubic, dct, MIN_IMAGE_SIDE } from "./iscc/image.js";
export { dataCode, dataHash } from "./iscc/data.js";

/** Images with more pixels are refused before they are decoded, as on the server (ImageDecodeOptions.MaxPixels). */
export const MAX_PIXELS = 100_000_000;
/** A text whose collapsed form is shorter takes no part in similarity (SimilarityFloor.MinTextCharacters). */
export const MIN_TEXT_CHARACTERS = 200;

/** "jpeg", "png", "gif" or "webp" from the first bytes, or null: the formats that get an Image-Code. */
export function imageFormat(bytes) {
  const starts = (...magic) => magic.every((b, i) => b === null || bytes[i] === b);
  if (starts(0xff, 0xd8, 0xff)) return "jpeg";
  if (starts(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return "png";
  if (starts(0x47, 0x49, 0x46, 0x38)) return "gif";
  if (starts(0x52, 0x49, 0x46, 0x46, null, null, null, null, 0x57, 0x45, 0x42, 0x50)) return "webp";
  return null;
}

/**
 * Decodes an image file (a Blob) in the browser into the 32 × 32 gray pixels of its Image-Code:
 * { pixels, width, height } or { pixels: null, reason, width, height }. Colour profiles are ignored, as on the
 * server; GIFs are read at their first frame.
 */
export async function decodeImage(blob) {
  // The size from the header first (an <img> reads it without decoding the pixels): a decompression bomb stops here.
  const url = URL.createObjectURL(blob);
  let width, height;
  try {
    const img = new Image();
    await new Promise((resolve, reject) => {
      img.onload = resolve;
      img.onerror = () => reject(new Error("unreadable"));
      img.src = url;
    });
    [width, height] = [img.naturalWidth, img.naturalHeight];
  } catch {
    return { pixels: null, reason: "not a readable JPEG, PNG, WebP or GIF image (unknown format or damaged data)", width: 0, height: 0 };
  } finally {
    URL.revokeObjectURL(url);
  }
  if (width * height > MAX_PIXELS) {
    return { pixels: null, reason: `the image has ${width} × ${height} pixels, more than the bound of ${MAX_PIXELS.toLocaleString("en")}`, width, height };
  }
  let bitmap;
  try {
    bitmap = await createImageBitmap(blob, { imageOrientation: "from-image", premultiplyAlpha: "none", colorSpaceConversion: "none" });
  } catch {
    return { pixels: null, reason: "the image data is truncated or corrupt", width, height };
  }
  try {
    [width, height] = [bitmap.width, bitmap.height];
    const canvas = typeof OffscreenCanvas === "function" ? new OffscreenCanvas(width, height)
      : Object.assign(document.createElement("canvas"), { width, height });
    const context = canvas.getContext("2d", { willReadFrequently: true });
    context.drawImage(bitmap, 0, 0);
    const { data } = context.getImageData(0, 0, width, height);
    return { ...normalizeImage(data, width, height), width, height };
  } finally {
    bitmap.close();
  }
}

/**
 * The codes of a file as the server computes them: { kind: "image" | "text" | null, content, contentReason,
 * takesPart, data }. `content` is the Content-Code (null with `contentReason` when the file gives none);
 * `takesPart` says whether it is big enough to take part in similarity; `data` is the Data-Code, which every
 * file has. `bytes` may be passed when the caller has read the file already.
 */
export async function fileCodes(file, bytes) {
  bytes ??= new Uint8Array(await file.arrayBuffer());
  const data = dataCode(bytes);
  if (imageFormat(bytes)) {
    const image = await decodeImage(file);
    return image.pixels
      ? { kind: "image", content: imageCode(image.pixels), contentReason: null, takesPart: true, data }
      : { kind: "image", content: null, contentReason: image.reason, takesPart: false, data };
  }
  const decoded = decodeText(bytes);
  if (decoded.text === null) return { kind: null, content: null, contentReason: decoded.reason, takesPart: false, data };
  const text = textCode(decoded.text);
  return { kind: "text", content: text.code, contentReason: null, takesPart: text.characters >= MIN_TEXT_CHARACTERS, data, characters: text.characters };
}
