import { html, svg } from 'lit'
import type { EpochEarning } from '../../src/actions/rewards/getRewardHistory.js'
import type { ClaimStrings } from './claim.strings.js'
import { compactAmount, formatAmount, type TokenInfo } from './tokenAmount.js'

const WIDTH = 480
const HEIGHT = 160
const TOP = 22
const BOTTOM = 24
const PLOT = HEIGHT - TOP - BOTTOM
// Past this many bars the labels would collide; the table still lists every epoch.
const MAX_LABELLED = 12

/** The bars' heights as fractions of the tallest, in BigInt until the division so large amounts keep their order. */
const ratios = (history: readonly EpochEarning[]) => {
  let max = 0n
  for (const { earned } of history) if (earned > max) max = earned
  return history.map(({ earned }) => (max === 0n ? 0 : Number((earned * 10_000n) / max) / 10_000))
}

/**
 * What the account earned in each epoch, as an SVG bar chart for the eye and a table for screen readers (the chart is
 * hidden from them, the table from the eye), in one `<figure>` with a visible caption. No style attributes, for CSP.
 */
export function historyChart(history: readonly EpochEarning[], token: TokenInfo, strings: ClaimStrings) {
  const slot = WIDTH / history.length
  const barWidth = Math.min(48, slot * 0.6)
  const labelled = history.length <= MAX_LABELLED
  const heights = ratios(history)
  const bars = history.map(({ epochId, earned }, i) => {
    const height = earned > 0n ? Math.max(2, (heights[i] ?? 0) * PLOT) : 0
    const x = i * slot + (slot - barWidth) / 2
    const middle = x + barWidth / 2
    return svg`<rect class="bar" x=${x} y=${TOP + PLOT - height} width=${barWidth} height=${height} rx="4"></rect>
      ${
        labelled
          ? svg`<text class="value" x=${middle} y=${TOP + PLOT - height - 6}>${compactAmount(earned, token.decimals)}</text>
            <text class="epoch" x=${middle} y=${HEIGHT - 6}>#${epochId}</text>`
          : null
      }`
  })
  return html`<figure part="history" class="history">
    <figcaption>${strings.claimHistory}</figcaption>
    <svg part="chart" viewBox="0 0 480 160" aria-hidden="true" focusable="false">
      <line class="axis" x1="0" x2=${WIDTH} y1=${TOP + PLOT} y2=${TOP + PLOT}></line>
      ${bars}
    </svg>
    <table class="visually-hidden">
      <thead>
        <tr>
          <th scope="col">${strings.claimHistoryEpoch}</th>
          <th scope="col">${strings.claimHistoryEarned}</th>
          <th scope="col">${strings.claimHistoryTotal}</th>
        </tr>
      </thead>
      <tbody>
        ${history.map(
          ({ epochId, earned, cumulativeAmount }) =>
            html`<tr><th scope="row">${epochId}</th><td>${formatAmount(earned, token)}</td><td>${formatAmount(cumulativeAmount, token)}</td></tr>`,
        )}
      </tbody>
    </table>
  </figure>`
}
