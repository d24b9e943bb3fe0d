import { expect } from '@open-wc/testing'
import { executeServerCommand } from '@web/test-runner-commands'

type Shot = { png: string }

async function meanLuminance(base64: string) {
  const bytes = Uint8Array.from(atob(base64), (char) => char.charCodeAt(0))
  const bitmap = await createImageBitmap(new Blob([bytes], { type: 'image/png' }))
  const canvas = new OffscreenCanvas(bitmap.width, bitmap.height)
  const context = canvas.getContext('2d') as OffscreenCanvasRenderingContext2D
  context.drawImage(bitmap, 0, 0)
  const { data } = context.getImageData(0, 0, bitmap.width, bitmap.height)
  let total = 0
  for (let i = 0; i < data.length; i += 4) {
    total += 0.2126 * (data[i] ?? 0) + 0.7152 * (data[i + 1] ?? 0) + 0.0722 * (data[i + 2] ?? 0)
  }
  return { luminance: total / (data.length / 4), width: bitmap.width, height: bitmap.height }
}

/**
 * Saves light and dark screenshots of `selector` to test-artifacts/screenshots/ and checks that each has something
 * in it and that the dark one really is dark: the widget follows `prefers-color-scheme`.
 */
export async function screenshotBothSchemes(name: string, selector: string) {
  const light = (await executeServerCommand('screenshot', { name, selector, colorScheme: 'light' })) as Shot
  const dark = (await executeServerCommand('screenshot', { name, selector, colorScheme: 'dark' })) as Shot
  await executeServerCommand('screenshot', { colorScheme: 'light' })
  const [lit, unlit] = await Promise.all([meanLuminance(light.png), meanLuminance(dark.png)])
  expect(lit.width * lit.height, `${name} is empty`).to.be.greaterThan(2_000)
  expect(unlit.luminance, `${name}: the dark scheme is not darker`).to.be.lessThan(lit.luminance - 60)
}
