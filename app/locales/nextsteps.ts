import type { Namespace } from "~/utils/i18n";

/** Links where people look for them: "report this copy", a deal's next step, officer statistics. */
export const messages: Namespace = {
  en: {
    "report.copy": "Report a copy of this work",
    "report.copyHint": "Seen it sold or shown without a licence? Report it: the registry opens a case.",
    "report.thisCopy": "Report this copy",
    "deal.title": "What happens next",
    "deal.review": "The exchange centre reviews your request within {days} working days: by {date}. You will be told by e-mail and on this page.",
    "deal.changes": "The exchange centre asked for changes: adjust the request below and send it again.",
    "deal.payBy": "Approved. Pay the upfront fee before the licence term starts on {date}; the licence begins once the payment is confirmed.",
    "deal.payNow": "Approved. Pay the upfront fee now: the term has begun, and the licence starts once the payment is confirmed.",
    "deal.active": "Your licence is in force and runs until {date}.",
    "deal.final": "This deal is closed ({status}): nothing more will happen on it.",
  },
  "zh-CN": {
    "report.copy": "举报此作品的仿冒品",
    "report.copyHint": "发现未经许可销售或展示？请举报，登记机构将立案处理。",
    "report.thisCopy": "举报此仿冒品",
    "deal.title": "接下来会发生什么",
    "deal.review": "交易中心将在 {days} 个工作日内审核您的申请：最晚 {date}。结果将通过电子邮件和本页通知您。",
    "deal.changes": "交易中心要求修改：请在下方调整申请后重新提交。",
    "deal.payBy": "已批准。请在许可期限开始（{date}）前支付首付款；确认收款后许可生效。",
    "deal.payNow": "已批准。许可期限已开始，请立即支付首付款；确认收款后许可生效。",
    "deal.active": "您的许可正在生效，有效期至 {date}。",
    "deal.final": "此交易已结束（{status}），不会再有后续操作。",
  },
};
