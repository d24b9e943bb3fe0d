/**
 * A progress bar on stderr for long steps; one line per step when stderr is not a terminal (CI logs, pipes).
 */
export function progress(label: string, total?: number) {
  const tty = process.stderr.isTTY === true
  const started = performance.now()
  const elapsed = () => `${((performance.now() - started) / 1000).toFixed(1)} s`
  let last = 0
  // The total may only be known once the work starts (how many shards a tree needs), so it can come with an update.
  const draw = (done: number, of = total) => {
    if (!tty) return
    const now = performance.now()
    if (now - last < 100 && done !== of) return
    last = now
    const width = 28
    const line =
      of === undefined
        ? `${label} … ${elapsed()}`
        : `${label} [${'█'.repeat(Math.round((done / of) * width)).padEnd(width, '░')}] ${done}/${of} ${elapsed()}`
    process.stderr.write(`\r${line}\u001b[K`)
  }
  draw(0)
  return {
    update: draw,
    done(summary = '') {
      if (tty) process.stderr.write('\r\u001b[K')
      process.stderr.write(`✓ ${label}${summary ? `: ${summary}` : ''} (${elapsed()})\n`)
    },
  }
}
