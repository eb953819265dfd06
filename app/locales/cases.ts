import type { Namespace } from "~/utils/i18n";

/*
 * Namespace "cases". Sections mirror app/domain/cases/*: keep the same order in both tables
 * and add new sections at the end with a heading comment.
 */
export const messages: Namespace = {
  en: {
    // ── Case statuses (case-state.ts CASE_STATUSES)
    "status.reported": "Reported",
    "status.triage": "In triage",
    "status.investigating": "Under investigation",
    "status.notice_sent": "Notice sent",
    "status.mediation": "In mediation",
    "status.resolved": "Resolved",

    // ── Resolutions (RESOLUTIONS)
    "resolution.takedown": "Taken down",
    "resolution.settled": "Settled",
    "resolution.licensed": "Licensed after the fact",
    "resolution.dismissed": "Dismissed",
    "resolution.referred_administrative": "Referred to administrative enforcement",
    "resolution.referred_court": "Referred to court",

    // ── Events (CASE_EVENT_TYPES), as action labels
    "event.triage": "Start triage",
    "event.investigate": "Open investigation",
    "event.request_info": "Request information",
    "event.provide_info": "Provide information",
    "event.send_notice": "Send takedown notice",
    "event.start_mediation": "Start mediation",
    "event.resolve": "Decide",
    "event.appeal": "Appeal the decision",
    "event.reopen": "Reopen the case",

    // ── Actors (CASE_ACTORS)
    "actor.officer": "IP officer",
    "actor.reporter": "Reporter",
    "actor.owner": "Rights holder",
    "actor.respondent": "Respondent",
    "actor.public": "Member of the public",

    // ── Refusals (REFUSAL_REASONS)
    "refusal.event_not_allowed": "This action is not possible while the case is {status}.",
    "refusal.actor_not_allowed": "You are not allowed to do this in this case.",
    "refusal.resolution_not_allowed": "This outcome cannot be decided at this stage of the case.",
    "refusal.appeal_window_closed": "The {days}-day period for an appeal or reopening ended on {deadline}.",
    "refusal.decision_date_missing": "The date of the decision is unknown, so an appeal cannot be checked.",

    // ── Platforms (platforms.ts PLATFORMS)
    "platform.tmall": "Tmall",
    "platform.taobao": "Taobao",
    "platform.jd": "JD.com",
    "platform.pinduoduo": "Pinduoduo",
    "platform.douyin": "Douyin",
    "platform.kuaishou": "Kuaishou",
    "platform.xiaohongshu": "Xiaohongshu (RED)",
    "platform.amazon": "Amazon",
    "platform.ebay": "eBay",
    "platform.etsy": "Etsy",
    "platform.aliexpress": "AliExpress",
    "platform.temu": "Temu",
    "platform.offline_market": "Offline market or shop",
    "platform.other": "Other",

    // ── Reporter standing (REPORTER_STANDINGS)
    "standing.owner": "Rights holder or their agent",
    "standing.licensee": "Licensee",
    "standing.public": "Member of the public",

    // ── Case numbers
    "caseNumber.invalid": "Not a valid case number: expected KM-C-YYYY-NNNNNN.",

    // ── Service levels (sla.ts)
    "sla.triage": "Triage",
    "sla.decision": "Decision",
    "sla.status.on_time": "On time",
    "sla.status.due_soon": "Due soon",
    "sla.status.overdue": "Overdue",
    "sla.dueAt": "Due {date}",
    "sla.workingDaysLeft": "{count} working day(s) left",

    // ── Evidence
    "evidence.storedFileChanged":
      "Stored evidence file {storageKey} no longer matches the SHA-256 recorded at upload; the package was not created.",

    // ── Evidence package contents (evidence-package.server.ts)
    "package.title": "Kilnmark evidence package",
    "package.caseNumber": "Case number",
    "package.generatedAt": "Generated",
    "package.files": "Evidence files ({count})",
    "package.size": "Size",
    "package.uploaded": "Uploaded",
    "package.capturedAt": "Captured",
    "package.originalName": "Original file name",
    "package.sourceUrl": "Source",
    "package.description": "Description",
    "package.timeline": "Case timeline",
    "package.audit": "Audit log excerpt",
    "package.howToVerify": "How to verify",
    "package.howToVerifyByHand":
      "or by hand: the SHA-256 of every file (e.g. sha256sum) must equal the value in manifest.json; evidence file names contain it too.",

    // ── Evidence package verifier (scripts/verify-evidence.ts)
    "verify.usage": "Usage: npm run verify-evidence -- FILE.zip [--json]",
    "verify.unreadable": "Cannot read {file}: {error}",
    "verify.ok": "Intact: {file} — case {caseNumber}, {count} evidence file(s); timeline and audit excerpt match the manifest.",
    "verify.manifestHash": "Manifest SHA-256: {hash}",
    "verify.problem.changed": "CHANGED: {path} no longer matches its SHA-256 in the manifest",
    "verify.problem.missing": "MISSING: {path} is listed in the manifest but not in the package",
    "verify.problem.unexpected": "UNEXPECTED: {path} is in the package but not in the manifest",
    "verify.problem.not_a_package": "NOT A PACKAGE: {file} is not a package at all",
  },
  "zh-CN": {
    // ── 案件状态
    "status.reported": "已投诉",
    "status.triage": "初审中",
    "status.investigating": "调查中",
    "status.notice_sent": "已发通知",
    "status.mediation": "调解中",
    "status.resolved": "已结案",

    // ── 处理结果
    "resolution.takedown": "已下架",
    "resolution.settled": "已和解",
    "resolution.licensed": "已补办许可",
    "resolution.dismissed": "不予支持",
    "resolution.referred_administrative": "移送行政执法",
    "resolution.referred_court": "移送法院",

    // ── 操作
    "event.triage": "开始初审",
    "event.investigate": "立案调查",
    "event.request_info": "要求补充材料",
    "event.provide_info": "补充材料",
    "event.send_notice": "发送下架通知",
    "event.start_mediation": "启动调解",
    "event.resolve": "作出决定",
    "event.appeal": "申请复核",
    "event.reopen": "重新启动案件",

    // ── 参与方
    "actor.officer": "知识产权专员",
    "actor.reporter": "投诉人",
    "actor.owner": "权利人",
    "actor.respondent": "被投诉人",
    "actor.public": "公众",

    // ── 拒绝原因
    "refusal.event_not_allowed": "案件处于“{status}”状态，无法执行此操作。",
    "refusal.actor_not_allowed": "您无权在本案中执行此操作。",
    "refusal.resolution_not_allowed": "案件当前阶段不能作出该处理结果。",
    "refusal.appeal_window_closed": "复核或重新启动的 {days} 天期限已于 {deadline} 届满。",
    "refusal.decision_date_missing": "决定日期不明，无法核对复核期限。",

    // ── 平台
    "platform.tmall": "天猫",
    "platform.taobao": "淘宝",
    "platform.jd": "京东",
    "platform.pinduoduo": "拼多多",
    "platform.douyin": "抖音",
    "platform.kuaishou": "快手",
    "platform.xiaohongshu": "小红书",
    "platform.amazon": "亚马逊",
    "platform.ebay": "eBay",
    "platform.etsy": "Etsy",
    "platform.aliexpress": "速卖通",
    "platform.temu": "Temu",
    "platform.offline_market": "线下市场或门店",
    "platform.other": "其他",

    // ── 投诉人身份
    "standing.owner": "权利人或其代理人",
    "standing.licensee": "被许可人",
    "standing.public": "公众",

    // ── 案件编号
    "caseNumber.invalid": "案件编号无效：格式应为 KM-C-年份-六位序号。",

    // ── 办理时限
    "sla.triage": "初审",
    "sla.decision": "决定",
    "sla.status.on_time": "正常",
    "sla.status.due_soon": "即将到期",
    "sla.status.overdue": "已超期",
    "sla.dueAt": "截止 {date}",
    "sla.workingDaysLeft": "剩余 {count} 个工作日",

    // ── 证据
    "evidence.storedFileChanged": "已存储的证据文件 {storageKey} 与上传时记录的 SHA-256 不一致，未生成证据包。",

    // ── 证据包内容
    "package.title": "Kilnmark 证据包",
    "package.caseNumber": "案件编号",
    "package.generatedAt": "生成时间",
    "package.files": "证据文件（{count} 个）",
    "package.size": "大小",
    "package.uploaded": "上传",
    "package.capturedAt": "取证时间",
    "package.originalName": "原文件名",
    "package.sourceUrl": "来源",
    "package.description": "说明",
    "package.timeline": "案件时间线",
    "package.audit": "审计记录摘录",
    "package.howToVerify": "核验方法",
    "package.howToVerifyByHand":
      "或手工核验：每个文件的 SHA-256（如用 sha256sum 计算）须与 manifest.json 中的值一致；证据文件名中也包含该值。",

    // ── 证据包核验
    "verify.usage": "用法：npm run verify-evidence -- 文件.zip [--json]",
    "verify.unreadable": "无法读取 {file}：{error}",
    "verify.ok": "完好：{file} — 案件 {caseNumber}，证据文件 {count} 个；时间线和审计记录摘录与清单一致。",
    "verify.manifestHash": "清单 SHA-256：{hash}",
    "verify.problem.changed": "已改动：{path} 与清单中的 SHA-256 不一致",
    "verify.problem.missing": "缺失：清单列有 {path}，但证据包中没有",
    "verify.problem.unexpected": "多余：证据包中有 {path}，但清单未列出",
    "verify.problem.not_a_package": "不是证据包：{file} 根本不是证据包",
  },
};
