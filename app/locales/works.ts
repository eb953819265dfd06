import type { Namespace } from "~/utils/i18n";

/*
 * Namespace "works". Sections are kept in the same order in both tables; add new sections
 * below the existing ones with a heading comment so concurrent additions don't collide.
 */
export const messages: Namespace = {
  en: {
    // ── Categories (registry/vocabulary.ts WORK_CATEGORIES)
    "category.vase": "Vase",
    "category.tea_ware": "Tea ware",
    "category.tableware": "Tableware",
    "category.sculpture": "Sculpture / figure",
    "category.designer_toy": "Designer toy",
    "category.tile_panel": "Tile / panel",
    "category.jewellery": "Jewellery",
    "category.lamp": "Lamp",
    "category.other": "Other",

    // ── Techniques (TECHNIQUES)
    "technique.qinghua": "Blue-and-white (qinghua)",
    "technique.fencai": "Famille-rose (fencai)",
    "technique.linglong": "Rice-grain (linglong)",
    "technique.colour_glaze": "Colour glaze",
    "technique.underglaze_red": "Underglaze red",
    "technique.doucai": "Doucai (contrasting colours)",
    "technique.enamel": "Enamel (falangcai)",
    "technique.xincai": "New-colour overglaze (xincai)",
    "technique.high_fire_glaze": "High-fire colour glaze",
    "technique.sculpted": "Sculpted porcelain",

    // ── Views (VIEW_KINDS)
    "view.front": "Front",
    "view.side": "Side / profile",
    "view.top": "Top",
    "view.base_mark": "Base mark",
    "view.detail": "Decoration detail",

    // ── Work statuses (WORK_STATUSES)
    "status.draft": "Draft",
    "status.submitted": "Submitted",
    "status.changes_requested": "Changes requested",
    "status.registered": "Registered",
    "status.rejected": "Rejected",
    "status.revoked": "Revoked",

    // ── Visibility (VISIBILITIES)
    "visibility.public": "Public",
    "visibility.sealed": "Registered, details sealed",

    // ── Rejection reasons (REJECTION_REASONS): short label + template sent to the applicant
    "rejection.duplicate_of_registered": "Duplicate of a registered work",
    "rejection.duplicate_of_registered.template":
      "This work matches a work already registered ({registrationNumber}). If you believe you are its author or owner, please open a case instead of registering it again.",
    "rejection.insufficient_photos": "Insufficient photos",
    "rejection.insufficient_photos.template":
      "The photos do not show the piece clearly enough. Please add sharp photos of the front, side, top and base mark, and of the decoration in detail.",
    "rejection.not_original": "Not an original work",
    "rejection.not_original.template":
      "The work appears to reproduce an existing or traditional design without original creative contribution, so it cannot be registered as a new work.",
    "rejection.ownership_unclear": "Ownership unclear",
    "rejection.ownership_unclear.template":
      "We could not confirm who owns the rights in this work. Please provide the authors' assignment, an employment or commission contract, or another document showing ownership.",
    "rejection.other": "Other reason",
    "rejection.other.template": "The registration could not be accepted: {note}",

    // ── Identifier validation
    "registrationNumber.invalid":
      "Not a valid registration number: expected JDZ-YYYY-NNNNNN-C with a correct check character.",
    "uscc.invalid":
      "Not a valid Unified Social Credit Code: 18 characters (digits and letters except I, O, S, V, Z) with a correct check character.",
  },
  "zh-CN": {
    // ── 作品类别
    "category.vase": "瓶",
    "category.tea_ware": "茶具",
    "category.tableware": "餐具",
    "category.sculpture": "雕塑 / 人物",
    "category.designer_toy": "潮玩",
    "category.tile_panel": "瓷板 / 瓷砖",
    "category.jewellery": "饰品",
    "category.lamp": "灯具",
    "category.other": "其他",

    // ── 工艺
    "technique.qinghua": "青花",
    "technique.fencai": "粉彩",
    "technique.linglong": "玲珑",
    "technique.colour_glaze": "颜色釉",
    "technique.underglaze_red": "釉里红",
    "technique.doucai": "斗彩",
    "technique.enamel": "珐琅彩",
    "technique.xincai": "新彩",
    "technique.high_fire_glaze": "高温色釉",
    "technique.sculpted": "雕塑瓷",

    // ── 视图
    "view.front": "正面",
    "view.side": "侧面",
    "view.top": "俯视",
    "view.base_mark": "底款",
    "view.detail": "纹饰细节",

    // ── 作品状态
    "status.draft": "草稿",
    "status.submitted": "已提交",
    "status.changes_requested": "待补正",
    "status.registered": "已登记",
    "status.rejected": "不予登记",
    "status.revoked": "已撤销",

    // ── 公开方式
    "visibility.public": "公开",
    "visibility.sealed": "已登记，详情保密",

    // ── 不予登记理由
    "rejection.duplicate_of_registered": "与已登记作品重复",
    "rejection.duplicate_of_registered.template":
      "该作品与已登记作品（{registrationNumber}）相同。如您认为自己是该作品的作者或著作权人，请提起案件投诉，而不是重复登记。",
    "rejection.insufficient_photos": "照片不足",
    "rejection.insufficient_photos.template":
      "照片未能清晰展示作品。请补充正面、侧面、俯视、底款以及纹饰细节的清晰照片。",
    "rejection.not_original": "不具独创性",
    "rejection.not_original.template": "该作品似为对已有或传统纹样的复制，缺乏独创性表达，不能作为新作品登记。",
    "rejection.ownership_unclear": "权属不清",
    "rejection.ownership_unclear.template":
      "无法确认该作品的著作权归属。请提供作者的权利转让书、劳动或委托创作合同，或其他权属证明文件。",
    "rejection.other": "其他原因",
    "rejection.other.template": "本次登记申请未予受理：{note}",

    // ── 编号校验
    "registrationNumber.invalid": "登记号无效：格式应为 JDZ-年份-六位序号-校验位，且校验位须正确。",
    "uscc.invalid": "统一社会信用代码无效：应为 18 位（数字及除 I、O、S、V、Z 外的大写字母），且校验位须正确。",
  },
};
