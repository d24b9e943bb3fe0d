/** `0x90F7…b906`: an address or hash short enough for a sentence; the full value goes in a `title` or beside it. */
export const shortAddress = (value: string) => `${value.slice(0, 6)}…${value.slice(-4)}`
