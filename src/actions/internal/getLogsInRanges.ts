import type { AbiEvent, Address, Log } from 'viem'
import { getBlockNumber, getLogs } from 'viem/actions'
import type { LedgerClient } from '../../client.js'

type GetLogsInRangesParameters = {
  address: Address
  event: AbiEvent
  args?: Record<string, unknown>
  fromBlock: bigint
  toBlock?: bigint
}

/** Node messages that mean "ask for fewer blocks", across Geth, Erigon, Alchemy, Infura, QuickNode and others. */
const RANGE_ERROR = /range|limit|too many|exceed|10000|block.*span|query returned more than|response size/i

/** Whether `error`, or any error in its chain of causes, is one `matches` accepts. */
const someCause = (
  error: unknown,
  matches: (cause: { message?: string; details?: string; code?: number; name?: string }) => boolean,
) => {
  for (let current = error; current; current = (current as { cause?: unknown }).cause) {
    if (matches(current as never)) return true
  }
  return false
}

const isRangeError = (error: unknown) =>
  someCause(
    error,
    ({ message, details, code }) => code === -32005 || RANGE_ERROR.test(`${message ?? ''} ${details ?? ''}`),
  )

const isTimeout = (error: unknown) => someCause(error, ({ name }) => name === 'TimeoutError')

/** Whether the node answers at all: what tells a range too slow to scan from a node that is down. */
const answers = (client: LedgerClient) =>
  getBlockNumber(client, { cacheTime: 0 }).then(
    () => true,
    () => false,
  )

/**
 * `eth_getLogs` over `[fromBlock, toBlock]`, halving any range a node refuses as too large, so the result has no
 * gaps and no duplicates whatever the node's limits. Logs come back in chain order.
 *
 * A range that times out is halved too, since many nodes time out on a scan too wide rather than refuse it; but only
 * once the node has answered a cheap `eth_blockNumber`, so a node that is down fails after one more timeout instead
 * of one per halving.
 */
export async function getLogsInRanges(client: LedgerClient, parameters: GetLogsInRangesParameters): Promise<Log[]> {
  const toBlock = parameters.toBlock ?? (await getBlockNumber(client))
  const fetchRange = async (from: bigint, to: bigint): Promise<Log[]> => {
    try {
      return (await getLogs(client, {
        address: parameters.address,
        event: parameters.event,
        args: parameters.args,
        fromBlock: from,
        toBlock: to,
        strict: true,
      } as never)) as Log[]
    } catch (error) {
      if (from >= to) throw error
      if (!isRangeError(error) && !(isTimeout(error) && (await answers(client)))) throw error
      const middle = from + (to - from) / 2n
      const first = await fetchRange(from, middle)
      return [...first, ...(await fetchRange(middle + 1n, to))]
    }
  }
  if (parameters.fromBlock > toBlock) return []
  return fetchRange(parameters.fromBlock, toBlock)
}
