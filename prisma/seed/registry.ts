import type { SeedStep } from "../seed";
import { generateCeramicImage, nearDuplicateOf, type CeramicStyle } from "~/domain/imaging/generate-demo-image.server";
import { createWork } from "~/domain/registry/create-work.server";
import { registerWork } from "~/domain/registry/register-work.server";
import type { WorkFormInput } from "~/domain/registry/forms";
import type { ViewKind } from "~/domain/registry/vocabulary";

type DemoWork = {
  by: "chen" | "zhou" | "xu";
  studio?: boolean;
  titleZh: string;
  titleEn: string;
  category: WorkFormInput["category"];
  techniques: string[];
  style: CeramicStyle;
  /** Image seeds, one per view: front first. */
  seeds: number[];
  sealed?: boolean;
  /** "registered" (default), "submitted" (left in the examination queue) or "draft". */
  end?: "registered" | "submitted" | "draft";
  heightMm?: number;
  creationDate: string;
};

const KINDS: ViewKind[] = ["front", "side", "base_mark"];
const AUTHORS = {
  chen: { name: "陈青花", nameEn: "Chen Qinghua", role: "设计、绘画" },
  zhou: { name: "周粉彩", nameEn: "Zhou Fencai", role: "粉彩绘制" },
  xu: { name: "徐玲珑", nameEn: "Xu Linglong", role: "雕镂" },
};

const WORKS: DemoWork[] = [
  {
    by: "chen",
    studio: true,
    titleZh: "青花缠枝莲纹梅瓶",
    titleEn: "Meiping vase with lotus scrolls",
    category: "vase",
    techniques: ["qinghua"],
    style: "blue-and-white",
    seeds: [11, 12, 13],
    heightMm: 330,
    creationDate: "2024-05-12",
  },
  {
    by: "chen",
    studio: true,
    titleZh: "青花山水茶具一套",
    titleEn: "Landscape tea set",
    category: "tea_ware",
    techniques: ["qinghua"],
    style: "blue-and-white",
    seeds: [21, 22],
    heightMm: 90,
    creationDate: "2024-08-03",
  },
  {
    by: "zhou",
    titleZh: "粉彩百花盘",
    titleEn: "Famille-rose hundred-flowers plate",
    category: "tableware",
    techniques: ["fencai"],
    style: "famille-rose",
    seeds: [31, 32],
    heightMm: 40,
    creationDate: "2024-03-20",
  },
  {
    by: "xu",
    titleZh: "玲珑镂空灯罩",
    titleEn: "Rice-grain lamp shade",
    category: "lamp",
    techniques: ["linglong", "qinghua"],
    style: "blue-and-white",
    seeds: [41],
    heightMm: 260,
    creationDate: "2023-11-02",
  },
  {
    by: "chen",
    titleZh: "青花鱼藻纹碗",
    titleEn: "Bowl with fish and water weeds",
    category: "tableware",
    techniques: ["qinghua"],
    style: "blue-and-white",
    seeds: [51, 52, 53],
    heightMm: 80,
    creationDate: "2024-09-15",
  },
  {
    by: "zhou",
    titleZh: "粉彩仕女潮玩",
    titleEn: "Famille-rose lady designer toy",
    category: "designer_toy",
    techniques: ["fencai", "sculpted"],
    style: "famille-rose",
    seeds: [61, 62],
    heightMm: 150,
    creationDate: "2025-01-08",
  },
  {
    by: "chen",
    studio: true,
    titleZh: "青花瓷板《瑶里春色》",
    titleEn: "Panel: Spring in Yaoli",
    category: "tile_panel",
    techniques: ["qinghua"],
    style: "blue-and-white",
    seeds: [71],
    creationDate: "2023-04-18",
  },
  {
    by: "xu",
    titleZh: "斗彩鸡缸杯",
    titleEn: "Doucai chicken cup",
    category: "tea_ware",
    techniques: ["doucai"],
    style: "famille-rose",
    seeds: [81, 82],
    heightMm: 34,
    creationDate: "2024-12-01",
  },
  {
    by: "zhou",
    titleZh: "粉彩牡丹赏瓶",
    titleEn: "Peony vase",
    category: "vase",
    techniques: ["fencai"],
    style: "famille-rose",
    seeds: [91, 92, 93],
    sealed: true,
    heightMm: 380,
    creationDate: "2025-02-14",
  },
  {
    by: "chen",
    studio: true,
    titleZh: "青花龙纹天球瓶（新品）",
    titleEn: "Dragon tianqiu vase (unreleased)",
    category: "vase",
    techniques: ["qinghua", "underglaze_red"],
    style: "blue-and-white",
    seeds: [101, 102],
    sealed: true,
    heightMm: 420,
    creationDate: "2025-03-30",
  },
  {
    by: "xu",
    titleZh: "珐琅彩胸针",
    titleEn: "Enamel brooch",
    category: "jewellery",
    techniques: ["enamel"],
    style: "famille-rose",
    seeds: [111],
    creationDate: "2024-06-06",
  },
  {
    by: "zhou",
    titleZh: "新彩花鸟杯",
    titleEn: "Bird-and-flower cup",
    category: "tea_ware",
    techniques: ["xincai"],
    style: "famille-rose",
    seeds: [121, 122],
    heightMm: 70,
    creationDate: "2024-10-10",
  },
  {
    by: "chen",
    titleZh: "青花童子戏婴罐",
    titleEn: "Jar with playing boys",
    category: "vase",
    techniques: ["qinghua"],
    style: "blue-and-white",
    seeds: [131, 132],
    heightMm: 240,
    creationDate: "2023-09-09",
  },
  {
    by: "xu",
    titleZh: "颜色釉雕塑《卧鹿》",
    titleEn: "Glazed sculpture: Resting deer",
    category: "sculpture",
    techniques: ["colour_glaze", "sculpted"],
    style: "blue-and-white",
    seeds: [141],
    sealed: true,
    heightMm: 180,
    creationDate: "2024-04-22",
  },
  {
    by: "zhou",
    titleZh: "粉彩瓷板《荷塘》",
    titleEn: "Panel: Lotus pond",
    category: "tile_panel",
    techniques: ["fencai"],
    style: "famille-rose",
    seeds: [151],
    creationDate: "2024-07-07",
  },
  {
    by: "chen",
    studio: true,
    titleZh: "高温色釉茶叶罐",
    titleEn: "High-fire glaze tea caddy",
    category: "tea_ware",
    techniques: ["high_fire_glaze"],
    style: "blue-and-white",
    seeds: [161, 162],
    heightMm: 120,
    creationDate: "2025-04-01",
  },
  {
    by: "xu",
    titleZh: "玲珑茶盏",
    titleEn: "Rice-grain tea bowl",
    category: "tea_ware",
    techniques: ["linglong"],
    style: "blue-and-white",
    seeds: [171],
    heightMm: 55,
    creationDate: "2025-05-05",
    end: "submitted",
  },
  {
    by: "zhou",
    titleZh: "粉彩福娃摆件",
    titleEn: "Lucky-child figurine",
    category: "designer_toy",
    techniques: ["fencai"],
    style: "famille-rose",
    seeds: [181, 182],
    heightMm: 110,
    creationDate: "2025-05-20",
    end: "submitted",
  },
  {
    by: "chen",
    titleZh: "青花冰梅纹盖碗（草稿）",
    titleEn: "Covered bowl with prunus on ice (draft)",
    category: "tea_ware",
    techniques: ["qinghua"],
    style: "blue-and-white",
    seeds: [191],
    creationDate: "2025-06-01",
    end: "draft",
  },
];

/**
 * About twenty demo works through the real use-cases (createWork → registerWork), with generated
 * decoration pictures: spread over three artisans and Chen's studio, some sealed, two left in
 * the examination queue, one draft, and a near-duplicate pair — Zhou's "copy" of Chen's meiping
 * front photo (resized, recompressed) waits in the queue showing a "same image" prior-art match.
 */
export const seedRegistry: SeedStep = async ({ users, studioId }) => {
  const ids = {
    chen: users["artisan.chen@kilnmark.test"].id,
    zhou: users["artisan.zhou@kilnmark.test"].id,
    xu: users["artisan.xu@kilnmark.test"].id,
  };
  const officerId = users["officer.li@kilnmark.test"].id;
  const images = new Map<string, Buffer>();
  const image = async (seed: number, style: CeramicStyle) => {
    const key = `${style}:${seed}`;
    if (!images.has(key)) images.set(key, await generateCeramicImage(seed, style));
    return images.get(key)!;
  };

  // Generate all pictures concurrently (sharp renders off the main thread).
  await Promise.all(WORKS.flatMap((w) => w.seeds.map((s) => image(s, w.style))));

  // Create (ingest + hash) a few at a time — sharp works off the main thread — then register
  // in list order so the demo's registration numbers follow the list.
  const created: { id: string; end: DemoWork["end"] }[] = new Array(WORKS.length);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < WORKS.length; i = next++) {
      const w = WORKS[i]!;
      const values: WorkFormInput = {
        titleZh: w.titleZh,
        titleEn: w.titleEn,
        descriptionZh: `${w.titleZh}，景德镇手工制作。`,
        descriptionEn: `${w.titleEn}, made by hand in Jingdezhen.`,
        category: w.category,
        techniques: w.techniques as WorkFormInput["techniques"],
        heightMm: w.heightMm,
        creationDate: w.creationDate,
        authors: [AUTHORS[w.by]],
        owner: w.studio ? studioId : "self",
        visibility: w.sealed ? "sealed" : "public",
      };
      const views = await Promise.all(
        w.seeds.map(async (s, k) => ({
          kind: KINDS[k]!,
          bytes: await image(s, w.style),
          originalName: `${w.titleEn.replace(/\W+/g, "-").toLowerCase()}-${KINDS[k]}.png`,
        })),
      );
      const end = w.end ?? "registered";
      const work = await createWork({ userId: ids[w.by], values, views, submit: end !== "draft" });
      created[i] = { id: work.id, end };
    }
  };
  await Promise.all([worker(), worker(), worker()]);
  for (const c of created) if ((c.end ?? "registered") === "registered") await registerWork({ officerId, workId: c.id });

  // The near-duplicate: a resized, recompressed copy of the first work's front photo.
  const copy = await nearDuplicateOf(await image(11, "blue-and-white"));
  await createWork({
    userId: ids.zhou,
    values: {
      titleZh: "缠枝莲纹瓶（疑似仿制）",
      titleEn: "Lotus-scroll vase (suspected copy)",
      category: "vase",
      techniques: ["qinghua"],
      creationDate: "2025-06-10",
      authors: [AUTHORS.zhou],
      owner: "self",
      visibility: "public",
    },
    views: [{ kind: "front", bytes: copy, originalName: "lotus-vase-front.jpg" }],
    submit: true,
  });
};
