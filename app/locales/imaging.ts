import type { Namespace } from "~/utils/i18n";

export const messages: Namespace = {
  en: {},
  "zh-CN": {},
};
