import type { Namespace } from "~/utils/i18n";

/** Refusals of request bodies (size caps, malformed forms), shared by pages and the JSON API. */
export const messages: Namespace = {
  en: {
    "body.tooLarge": "The request is too large: at most {limit} is accepted here.",
    "body.fieldTooLarge": "The field “{field}” is too long: at most {limit}.",
    "body.tooManyParts": "The form has too many parts: at most {max}.",
    "body.unsupportedType": "Unsupported request format “{type}”: send a form.",
    "body.badJson": "The request body is not valid JSON.",
    "body.nulInField": "The field “{field}” contains a NUL character, which text may not contain.",
    "body.busy": "The server is busy receiving other uploads: please try again in a minute.",
  },
  "zh-CN": {
    "body.tooLarge": "请求内容过大：此处最多接受 {limit}。",
    "body.fieldTooLarge": "字段“{field}”过长：最多 {limit}。",
    "body.tooManyParts": "表单部分过多：最多 {max} 个。",
    "body.unsupportedType": "不支持的请求格式“{type}”：请以表单提交。",
    "body.badJson": "请求内容不是有效的 JSON。",
    "body.nulInField": "字段“{field}”包含 NUL 字符，文本中不允许出现。",
    "body.busy": "服务器正忙于接收其他上传：请一分钟后重试。",
  },
};
