// One formatter for every date a widget shows: building an Intl formatter per call costs more than the rest of a
// badge's render.
const dayMonthYear = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  timeZone: 'UTC',
})

/** "3 May 2026", in UTC so every reader sees the chain's date. */
export const formatDate = (when: Date) => dayMonthYear.format(when)
