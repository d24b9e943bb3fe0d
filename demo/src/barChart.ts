import { html, nothing, svg } from 'lit'

export type Bar = { label: string; value: number; valueText: string; title: string }

// Each row: its label and value on one line, the bar below them.
const ROW = 38
const TEXT_Y = 14
const BAR_Y = 22
const BAR_HEIGHT = 10

/**
 * A horizontal bar chart in inline SVG. Positions are percentages, so it follows its container's width while its text
 * keeps the page's size. Negative values grow left of a zero line and are printed with their sign, so colour is never
 * the only signal. Screen readers get one image with `summary`; the page offers the numbers as a table as well.
 */
export function barChart(bars: readonly Bar[], summary: string) {
  const low = Math.min(0, ...bars.map((bar) => bar.value))
  const high = Math.max(0, ...bars.map((bar) => bar.value))
  const span = high - low || 1
  const zero = (-low / span) * 100
  const height = bars.length * ROW
  return html`<svg role="img" aria-label=${summary} height=${height}>
    ${bars.map((bar, i) => {
      const y = i * ROW
      // At least a sliver, so a value of almost nothing still shows where it is.
      const width = Math.max((Math.abs(bar.value) / span) * 100, 0.5)
      const x = bar.value < 0 ? zero - width : zero
      return svg`<g>
        <title>${bar.title}</title>
        <text class="label" x="0" y=${y + TEXT_Y}>${bar.label}</text>
        <text class="value" x="100%" y=${y + TEXT_Y}>${bar.valueText}</text>
        <rect class="track" x="0" y=${y + BAR_Y} width="100%" height=${BAR_HEIGHT} rx="5"></rect>
        <rect class=${bar.value < 0 ? 'bar negative' : 'bar'} x="${x}%" y=${y + BAR_Y} width="${width}%" height=${BAR_HEIGHT} rx="5"></rect>
      </g>`
    })}
    ${low < 0 ? svg`<line class="zero" x1="${zero}%" x2="${zero}%" y1=${BAR_Y - 4} y2=${height}></line>` : nothing}
  </svg>`
}
