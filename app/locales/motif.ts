import type { Namespace } from "~/utils/i18n";

export const messages: Namespace = {
  en: {
    "error.unavailable":
      "Motif matching is temporarily unavailable (the image engine failed on this photo). Please try again in a moment.",
    "lowDetail": "Not enough detail to compare by motif: the photo has too little texture (a flat glaze or a blank wall, for example).",
    "verdict.motif": "Shares a motif",
    "verify.verdict.motif": "Registered work {number} appears in this photo ({inliers} matching points): cropped, rotated, framed or moved onto another piece.",
    "verify.verdict.motifSealed": "A sealed registration {number} appears in this photo ({inliers} matching points).",
    "verify.meaning.motif": "motif match: {inliers} matching points",
    "score": "{score} matching points",
    "evidence.title": "Matched region",
    "evidence.caption": "Left: the registered view, matched region outlined. Right: the photo you sent. Lines join matching points.",
    "evidence.alt": "Side-by-side comparison of registered work {registrationNumber} and the submitted photo",
    "priorArt.motif": "Shares a motif with this work ({score} matching points)",
    "backfill.done": "Features computed for {done} views ({failed} failed, {skipped} already present).",
  },
  "zh-CN": {
    "error.unavailable": "纹样比对暂时不可用（图像引擎处理这张照片时出错）。请稍后重试。",
    "lowDetail": "细节不足，无法按纹样比对：照片纹理太少（例如纯色釉面或空白墙面）。",
    "verdict.motif": "纹样相同",
    "verify.verdict.motif": "该照片中出现了已登记作品 {number}（{inliers} 个匹配点）：经过裁剪、旋转、加框或移植到其他器物上。",
    "verify.verdict.motifSealed": "该照片中出现了保密登记 {number}（{inliers} 个匹配点）。",
    "verify.meaning.motif": "纹样匹配：{inliers} 个匹配点",
    "score": "{score} 个匹配点",
    "evidence.title": "匹配区域",
    "evidence.caption": "左：登记的视图，匹配区域已框出。右：您提交的照片。连线连接匹配的特征点。",
    "evidence.alt": "登记作品 {registrationNumber} 与提交照片的并排对比图",
    "priorArt.motif": "与该作品纹样相同（{score} 个匹配点）",
    "backfill.done": "已为 {done} 个视图计算特征（{failed} 个失败，{skipped} 个已存在）。",
  },
};
