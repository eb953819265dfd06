/**
 * The catalog import template people download from the import page: a header row (Chinese and
 * English headers both work) and three example rows covering lists, views and a sealed work. The
 * test beside it proves the template parses without a single issue.
 */
export const IMPORT_TEMPLATE_CSV = `标题,title_en,类别,工艺,作者,公开性,图片,高,宽,creation_date,简介
青花缠枝莲纹梅瓶,Blue-and-white lotus meiping,瓶,青花,"陈青|Chen Qing|设计; 王五|Wang Wu|绘画",公开,"正面:meiping-front.jpg; 底款:meiping-base.jpg",320,180,2025-05-01,以钴料绘缠枝莲纹。
粉彩牡丹盘,Famille-rose peony plate,tableware,fencai,陈青,public,plate.png,30,260,2025-08-12,
新品潮玩（未发布）,Unreleased designer toy,designer_toy,sculpted;xincai,"陈青|Chen Qing|设计",sealed,front:toy-front.png;side:toy-side.png,150,,2026-01-15,
`;
