/** The "What's due" page's query (shared by its loader and its links). */
import { z } from "zod";

/** Windows the page offers, in days ahead. */
export const DUE_WINDOWS = [7, 14, 30, 60] as const;
export const DEFAULT_DUE_WINDOW = 14;
/** Deadlines shown at first and added by each "Show more". */
export const DUE_PAGE_SIZE = 30;
const MAX_SHOWN = 600;

export const duePageQuerySchema = z.object({
  days: z.coerce
    .number()
    .refine((d) => (DUE_WINDOWS as readonly number[]).includes(d), { message: `Choose how far ahead to look: ${DUE_WINDOWS.join(", ")} days.` })
    .default(DEFAULT_DUE_WINDOW),
  show: z.coerce
    .number()
    .int("Show a whole number of deadlines.")
    .min(1, "Show at least one deadline.")
    .max(MAX_SHOWN, `At most ${MAX_SHOWN} deadlines can be shown at once.`)
    .default(DUE_PAGE_SIZE),
});
export type DuePageQuery = z.infer<typeof duePageQuerySchema>;

export const dueWindowName = (days: number) => (days === 7 ? "Next 7 days" : days === 14 ? "Next 2 weeks" : `Next ${days} days`);
