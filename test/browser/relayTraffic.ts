/** The test runner's real relay (createRelayHandler, paying from Hardhat's account 6). */
export const RELAY = '/__relay'

/** Counts the page's POSTs to the relay, and can make the next few fail as a dropped connection would. */
export function relayTraffic() {
  const original = window.fetch
  let posts = 0
  let failing = 0
  window.fetch = (input, init) => {
    if (String(input).endsWith(RELAY) && init?.method === 'POST') {
      if (failing > 0) {
        failing--
        return Promise.reject(new TypeError('Failed to fetch'))
      }
      posts++
    }
    return original(input, init)
  }
  return {
    get posts() {
      return posts
    },
    failNext(times: number) {
      failing = times
    },
    restore() {
      window.fetch = original
    },
  }
}
