/** The HAR reader's limits, apart from the reader so its words (report-i18n.ts) can name them. */

/** The diagnose command refuses larger files: no page load needs more, and reading this much takes seconds. */
export const MAX_HAR_BYTES = 512 * 1024 * 1024;
/** Containers nested deeper than this end the read: a HAR entry is about six levels deep. */
export const MAX_HAR_DEPTH = 64;
