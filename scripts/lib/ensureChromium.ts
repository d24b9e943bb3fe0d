import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'

/**
 * The Chromium binary the browser tests use: CHROME_PATH, else Debian's /usr/bin/chromium, installing it with apt when
 * running as root on Debian. Returns undefined, after one line saying what to do, when there is none.
 */
export function ensureChromium(): string | undefined {
  const configured = process.env.CHROME_PATH
  if (configured) {
    if (existsSync(configured)) return configured
    console.error(`CHROME_PATH is set to ${configured}, which does not exist.`)
    return undefined
  }
  const debianChromium = '/usr/bin/chromium'
  if (existsSync(debianChromium)) return debianChromium
  if (process.getuid?.() === 0 && existsSync('/etc/debian_version')) {
    console.log('Chromium is missing; installing Debian’s chromium package for the browser tests…')
    const ok =
      spawnSync('apt-get', ['update'], { stdio: 'inherit' }).status === 0 &&
      spawnSync('apt-get', ['install', '-y', 'chromium'], {
        stdio: 'inherit',
        env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
      }).status === 0
    if (ok && existsSync(debianChromium)) return debianChromium
  }
  console.error(
    'The browser tests need Chromium: install it (Debian: sudo apt-get install chromium) or set CHROME_PATH.',
  )
  return undefined
}
