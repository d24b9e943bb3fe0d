import { formatUnits } from 'viem'

/** What an amount is shown with; `getRewardToken` reads it, its symbol already safe to show. */
export type TokenInfo = { symbol: string; decimals: number }

/** Exact, with every decimal the amount has, thousands grouped: `1,500.25 LEDGER`. */
export function formatAmount(amount: bigint, { symbol, decimals }: TokenInfo) {
  const [whole = '0', fraction] = formatUnits(amount, decimals).split('.')
  return `${whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}${fraction ? `.${fraction}` : ''} ${symbol}`
}

const compact = new Intl.NumberFormat('en', { notation: 'compact', maximumFractionDigits: 1 })

/** Rounded (`1.5K`), for chart labels only: the chart's table carries the exact amounts. */
export const compactAmount = (amount: bigint, decimals: number) => compact.format(Number(formatUnits(amount, decimals)))
