/**
 * The span index of each model the demo trains: the UTF-8 bytes of its training reviews, in training order, for
 * tracing which of them its answers quote (`POST /api/trace`, `<ledger-trace>` on the Attribution page).
 */
import { buildSpanIndex, type SpanIndex } from '../../../src/attribution/spans/buildSpanIndex.js'
import type { DemoLedger, DemoModel } from './demoLedger.js'

/** The shortest passage traced, in UTF-8 bytes: `traceSpans`'s default, about four or five English words. */
export const TRACE_MIN_LENGTH = 24

// Keyed by the training set itself: the model keeps the array it was trained on, so the server finds the index the
// epoch built, and a dropped demo drops its indexes.
const indexes = new WeakMap<DemoModel['train'], SpanIndex>()

/** The span index over `train`, built on first use. */
export function spanIndexOf(ledger: DemoLedger, train: DemoModel['train']): SpanIndex {
  let index = indexes.get(train)
  if (!index) {
    const documents = train.map(({ contentHash, text }) => ({
      contentHash,
      // The bytes the platform holds are what the content hash names; decoding and encoding again could differ.
      bytes: ledger.content.get(contentHash)?.bytes ?? new TextEncoder().encode(text),
    }))
    index = buildSpanIndex({ documents })
    indexes.set(train, index)
  }
  return index
}
