/**
 * The relay's routes under the `relay-url` a page sets (see `createRelayHandler`): signed registrations at the URL
 * itself, claims and a passkey account's operations beside it.
 */
export function relayRoutes(relayUrl: string) {
  const base = relayUrl.replace(/\/+$/, '')
  return { registrations: relayUrl, claim: `${base}/claim`, operations: `${base}/operations` }
}
