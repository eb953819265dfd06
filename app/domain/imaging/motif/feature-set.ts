/**
 * A view's local features as stored beside its image (content-addressed by the image's SHA-256):
 *   u32 magic "KMF1", u16 width, u16 height (the analysed grey image, long side <= 800),
 *   u16 sourceWidth, u16 sourceHeight (the upright photo), u32 count, u16 thumbWidth,
 *   u16 thumbHeight, 4 reserved bytes, count x (u16 x*16, u16 y*16), count x 32-byte ORB
 *   descriptor (strongest keypoints first), then a grey thumbnail of thumbWidth x thumbHeight
 *   bytes (long side 128) for the photometric check; files written before it have 0 x 0.
 * ~48 KB for 1000 keypoints. The worker (motif-worker.mjs) writes and reads the same layout.
 */
export const FEATURE_HEADER_BYTES = 24;
export const FEATURE_MAGIC = 0x31464d4b;
const DESCRIPTOR_BYTES = 32;

type FeatureSet = {
  width: number;
  height: number;
  sourceWidth: number;
  sourceHeight: number;
  count: number;
  /** count x 32 bytes, strongest first */
  descriptors: Uint8Array;
  /** grey thumbnail; null in files written before the photometric check (backfill rewrites them) */
  thumbnail: { width: number; height: number; data: Uint8Array } | null;
};

export function featureKey(sha256: string): string {
  return `features/${sha256.slice(0, 2)}/${sha256.slice(2, 4)}/${sha256}.orb`;
}

export function readFeatureSet(bytes: Uint8Array): FeatureSet {
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.byteLength < FEATURE_HEADER_BYTES || dv.getUint32(0, true) !== FEATURE_MAGIC) throw new Error("not a feature set");
  const count = dv.getUint32(12, true);
  const tw = dv.getUint16(16, true);
  const th = dv.getUint16(18, true);
  const end = FEATURE_HEADER_BYTES + count * (4 + DESCRIPTOR_BYTES);
  if (bytes.byteLength !== end + tw * th) throw new Error("feature set truncated");
  return {
    width: dv.getUint16(4, true),
    height: dv.getUint16(6, true),
    sourceWidth: dv.getUint16(8, true),
    sourceHeight: dv.getUint16(10, true),
    count,
    descriptors: bytes.subarray(FEATURE_HEADER_BYTES + count * 4, end),
    thumbnail: tw * th ? { width: tw, height: th, data: bytes.subarray(end, end + tw * th) } : null,
  };
}
