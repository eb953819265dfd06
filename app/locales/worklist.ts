import type { Namespace } from "~/utils/i18n";

/** The artisan's own work lists (/my/works, dashboard): filters and paging. */
export const messages: Namespace = {
  en: {
    "filter.q": "Search my works",
    "filter.qPlaceholder": "Title, registration number or owner",
    "filter.status": "Status",
    "filter.anyStatus": "Any status",
    "filter.apply": "Filter",
    "filter.clear": "Clear",
    count: "{count} works",
    count_one: "1 work",
    "page.of": "Page {page} of {pages}",
    "page.prev": "← Previous",
    "page.next": "Next →",
    "page.nav": "Pages",
    none: "No work matches these filters.",
    "all.link": "All my works",
  },
  "zh-CN": {
    "filter.q": "搜索我的作品",
    "filter.qPlaceholder": "标题、登记号或权利人",
    "filter.status": "状态",
    "filter.anyStatus": "全部状态",
    "filter.apply": "筛选",
    "filter.clear": "清除",
    count: "共 {count} 件作品",
    count_one: "共 1 件作品",
    "page.of": "第 {page} / {pages} 页",
    "page.prev": "← 上一页",
    "page.next": "下一页 →",
    "page.nav": "分页",
    none: "没有符合筛选条件的作品。",
    "all.link": "我的全部作品",
  },
};
