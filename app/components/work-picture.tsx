import { useT } from "~/utils/use-t";

/**
 * A work's public front view (the 320 px display derivative), or a neutral tile when there is no
 * public picture (a sealed work, or one registered without photos). The tile says why in words, so
 * a sealed work's listing never hints at its design.
 */
export function WorkPicture({
  sha256,
  alt,
  sealed = false,
  className = "h-40 w-full",
}: {
  sha256: string | null;
  alt: string;
  sealed?: boolean;
  className?: string;
}) {
  const { t } = useT();
  if (!sha256) {
    return (
      <div
        className={`${className} flex items-center justify-center rounded-md border border-dashed border-slate-300 bg-slate-50 p-2 text-center text-xs text-slate-500`}
        data-testid="work-picture-tile"
        role="img"
        aria-label={sealed ? t("common.picture.sealed") : t("common.picture.none")}
      >
        {sealed ? t("common.picture.sealed") : t("common.picture.none")}
      </div>
    );
  }
  return (
    <img
      src={`/resources/images/${sha256}/320`}
      alt={alt}
      loading="lazy"
      className={`${className} rounded-md bg-slate-100 object-cover`}
      data-testid="work-picture"
    />
  );
}
