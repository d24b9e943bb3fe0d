const times = (count: number) => (count === 1 ? 'once' : `${count.toLocaleString('en')} times`)
const plural = (count: number, one: string) => `${count.toLocaleString('en')} ${one}${count === 1 ? '' : 's'}`

export const traceStrings = {
  traceIdle: 'Not traced: there is no answer, or no index to trace it against.',
  traceLoading: 'Looking for this answer’s passages in the training data…',
  traceFound: (spans: number) =>
    spans === 1
      ? '1 passage of this answer appears verbatim in the training data. Select it to see where it comes from.'
      : `${spans} passages of this answer appear verbatim in the training data. Select one to see where it comes from.`,
  traceNone: 'No passage of this answer appears verbatim in the training data.',
  traceSpanHint: 'Found verbatim in the training data',
  traceSourcesHeading: (documents: number) => `Found in ${plural(documents, 'training contribution')}`,
  traceOccurrences: (occurrences: number, documents: number) =>
    `occurs ${times(occurrences)} in ${plural(documents, 'document')} of the training data.`,
  traceMoreSources: (more: number) => `…and ${plural(more, 'more contribution')}, not listed.`,
  traceClose: 'Close',
  traceUnreachable: 'The training-data index could not be reached. Check the connection, then try again.',
  traceRefused: (reason: string) => `The training-data index could not trace this answer: ${reason}`,
  traceMalformed: 'The training-data index sent something that is not a trace: check its address (index-url).',
  traceRetry: 'Try again',
}

export type TraceStrings = typeof traceStrings
