/**
 * How every test and benchmark starts the system Chromium: as root (no sandbox), headless, and with nothing that
 * reaches for the network on its own (the machine's network is closed).
 */
export const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--headless=new',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
]
