import type { Namespace } from "~/utils/i18n";

export const messages: Namespace = {
  en: {
    "error.empty": "The file is empty.",
    "error.tooLarge": "The file is {sizeMb} MB; photos may be at most {maxMb} MB.",
    "error.tooManyPixels":
      "The image is {width}×{height} pixels ({megapixels} megapixels); at most {maxMegapixels} megapixels are accepted.",
    "error.unsupportedType":
      "This file is not an accepted image. Upload a JPEG, PNG, WebP, AVIF or TIFF photo.",
    "error.animated":
      "The image has {pages} frames or pages. Upload a single still photo.",
    "error.corrupt":
      "The image could not be read: the file is damaged or incomplete.",
    "error.busy": "Too many photos are being processed right now. Please try again in a minute.",
    "label.sha256": "SHA-256 of the file",
    "label.pdq": "PDQ perceptual hash",
    "label.pdqQuality": "PDQ quality",
    "label.phash": "pHash",
    "label.distance": "{bits} bits apart",
    "hash.weak":
      "Low-detail image (PDQ quality {quality} < 50): its perceptual hash is not reliable for matching.",
    "hash.match": "Likely the same photo (≤ {threshold} of 256 bits differ).",
    "hash.noMatch": "Not the same photo.",
  },
  "zh-CN": {
    "error.empty": "文件为空。",
    "error.tooLarge": "文件大小为 {sizeMb} MB，照片不得超过 {maxMb} MB。",
    "error.tooManyPixels":
      "图像为 {width}×{height} 像素（{megapixels} 百万像素），最多接受 {maxMegapixels} 百万像素。",
    "error.unsupportedType": "该文件不是可接受的图像。请上传 JPEG、PNG、WebP、AVIF 或 TIFF 格式的照片。",
    "error.animated": "该图像包含 {pages} 帧或页。请上传单张静态照片。",
    "error.corrupt": "无法读取该图像：文件已损坏或不完整。",
    "error.busy": "当前正在处理的照片过多，请稍后再试。",
    "label.sha256": "文件 SHA-256",
    "label.pdq": "PDQ 感知哈希",
    "label.pdqQuality": "PDQ 质量",
    "label.phash": "pHash",
    "label.distance": "相差 {bits} 位",
    "hash.weak": "图像细节过少（PDQ 质量 {quality} < 50）：其感知哈希不宜用于比对。",
    "hash.match": "很可能是同一张照片（256 位中相差 ≤ {threshold} 位）。",
    "hash.noMatch": "不是同一张照片。",
  },
};
