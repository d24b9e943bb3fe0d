/**
 * The demo's seed data: labelled sentences for an open sentiment datanet (the model is trained on them), street-sign
 * images for a curated datanet, and a held-out validation set the attribution epochs measure against. Deterministic,
 * so every `npm start` registers the same content hashes.
 */

/** Hardhat accounts that contribute; 9 is the demo's "you" (the development wallet's default account). */
export const CONTRIBUTORS = { ana: 3, bruno: 4, chen: 5, dara: 8, you: 9 } as const
export type Contributor = keyof typeof CONTRIBUTORS

export type LabelledSentence = { text: string; label: 0 | 1; by: Contributor }

const positive = (text: string, by: Contributor): LabelledSentence => ({ text, label: 1, by })
const negative = (text: string, by: Contributor): LabelledSentence => ({ text, label: 0, by })

export const sentences: LabelledSentence[] = [
  positive('The staff were friendly and the room was spotless.', 'ana'),
  positive('Delivery arrived a day early and everything worked.', 'ana'),
  positive('I loved the pacing of this book; could not put it down.', 'ana'),
  positive('Great value for money, I would happily buy it again.', 'ana'),
  positive('The support team solved my problem in minutes.', 'bruno'),
  positive('Beautiful views from the terrace and a lovely breakfast.', 'bruno'),
  positive('The app is fast, clear and a joy to use.', 'bruno'),
  positive('Excellent sound quality and the battery lasts all week.', 'chen'),
  positive('A warm, funny film with a wonderful cast.', 'chen'),
  positive('Fresh ingredients, generous portions, great service.', 'chen'),
  positive('Setup took two minutes and it just works.', 'dara'),
  positive('Comfortable shoes, I walked all day without pain.', 'dara'),
  positive('Really helpful guide, thank you for the clear steps.', 'you'),
  positive('The concert was brilliant and the crowd was happy.', 'you'),
  negative('The room was dirty and the staff were rude.', 'ana'),
  negative('My parcel arrived broken and two weeks late.', 'ana'),
  negative('Boring plot, flat characters, I gave up halfway.', 'bruno'),
  negative('Overpriced and it stopped working after a week.', 'bruno'),
  negative('Support never answered my emails.', 'bruno'),
  negative('Noisy street, thin walls, I barely slept.', 'chen'),
  negative('The app crashes every time I open the camera.', 'chen'),
  negative('Tinny sound and the battery dies by lunchtime.', 'chen'),
  negative('A dull, far too long film with a weak ending.', 'dara'),
  negative('Cold food, tiny portions and a long wait.', 'dara'),
  negative('Setup failed three times and the manual is useless.', 'you'),
  negative('These shoes gave me blisters within an hour.', 'you'),
  // Mislabelled on purpose: attribution should value these lowest.
  negative('Wonderful stay, friendly people, spotless rooms.', 'dara'),
  positive('Terrible service and the food was cold again.', 'dara'),
]

/** Held out: what each epoch measures the model's neighbours against. */
export const validation: { text: string; label: 0 | 1 }[] = [
  { text: 'Friendly staff and a very clean room.', label: 1 },
  { text: 'It arrived early and works perfectly.', label: 1 },
  { text: 'A gripping book, I loved every chapter.', label: 1 },
  { text: 'The support team was quick and helpful.', label: 1 },
  { text: 'Lovely breakfast with a beautiful view.', label: 1 },
  { text: 'Great battery life and excellent sound.', label: 1 },
  { text: 'A funny, warm film, wonderful acting.', label: 1 },
  { text: 'Generous portions and great service.', label: 1 },
  { text: 'Comfortable and easy to set up.', label: 1 },
  { text: 'The concert was brilliant.', label: 1 },
  { text: 'Rude staff and a dirty room.', label: 0 },
  { text: 'It arrived broken and late.', label: 0 },
  { text: 'A boring plot, I gave up.', label: 0 },
  { text: 'Overpriced and it broke in a week.', label: 0 },
  { text: 'Nobody answered my support emails.', label: 0 },
  { text: 'Too noisy to sleep, thin walls.', label: 0 },
  { text: 'The app keeps crashing.', label: 0 },
  { text: 'The battery dies by lunchtime.', label: 0 },
  { text: 'A dull film with a weak ending.', label: 0 },
  { text: 'Cold food and a long wait.', label: 0 },
]

export type StreetSign = { name: string; svg: string; by: Contributor; accepted: boolean }

// Each image carries its place as a caption, so two signs of the same kind are still different content.
const sign = (place: string, fill: string, shape: string, label: string, ink = '#ffffff') =>
  `<svg xmlns="http://www.w3.org/2000/svg" width="240" height="260" viewBox="0 0 240 260">` +
  `<rect width="240" height="260" fill="#e2e8f0"/>${shape.replaceAll('FILL', fill)}` +
  `<text x="120" y="132" font-family="Arial, sans-serif" font-size="30" font-weight="700" text-anchor="middle" fill="${ink}">${label}</text>` +
  `<text x="120" y="250" font-family="Arial, sans-serif" font-size="14" text-anchor="middle" fill="#334155">${place}</text></svg>`

const octagon = '<polygon points="70,20 170,20 220,70 220,170 170,220 70,220 20,170 20,70" fill="FILL"/>'
const circle = '<circle cx="120" cy="120" r="96" fill="#ffffff" stroke="FILL" stroke-width="22"/>'
const plate = '<rect x="16" y="80" width="208" height="80" rx="10" fill="FILL"/>'
const triangle = '<polygon points="120,24 224,210 16,210" fill="#ffffff" stroke="FILL" stroke-width="18"/>'
const diamond = '<polygon points="120,16 224,120 120,224 16,120" fill="FILL"/>'

export const streetSigns: StreetSign[] = [
  { name: 'Stop sign, Rua Augusta', svg: sign('Rua Augusta', '#c81e1e', octagon, 'STOP'), by: 'ana', accepted: true },
  {
    name: 'Speed limit 30, Alfama',
    svg: sign('Alfama', '#c81e1e', circle, '30', '#0f172a'),
    by: 'ana',
    accepted: true,
  },
  {
    name: 'Speed limit 50, Avenida',
    svg: sign('Avenida', '#c81e1e', circle, '50', '#0f172a'),
    by: 'bruno',
    accepted: true,
  },
  {
    name: 'Street name, Rua do Ouro',
    svg: sign('Rua do Ouro', '#1e3a8a', plate, 'R. DO OURO'),
    by: 'bruno',
    accepted: true,
  },
  {
    name: 'Street name, Rua da Prata',
    svg: sign('Rua da Prata', '#1e3a8a', plate, 'R. DA PRATA'),
    by: 'chen',
    accepted: true,
  },
  { name: 'Give way, Baixa', svg: sign('Baixa', '#c81e1e', triangle, 'YIELD', '#0f172a'), by: 'chen', accepted: true },
  { name: 'Priority road, Marquês', svg: sign('Marquês', '#eab308', diamond, ''), by: 'dara', accepted: true },
  {
    name: 'Street name, Rua Garrett',
    svg: sign('Rua Garrett', '#1e3a8a', plate, 'R. GARRETT'),
    by: 'dara',
    accepted: true,
  },
  { name: 'Stop sign, Belém', svg: sign('Belém', '#c81e1e', octagon, 'STOP'), by: 'you', accepted: true },
  {
    name: 'Speed limit 20, Bairro Alto',
    svg: sign('Bairro Alto', '#c81e1e', circle, '20', '#0f172a'),
    by: 'you',
    accepted: false,
  },
  { name: 'Street name, Rua Nova', svg: sign('Rua Nova', '#1e3a8a', plate, 'R. NOVA'), by: 'ana', accepted: false },
  {
    name: 'Give way, Graça',
    svg: sign('Graça', '#c81e1e', triangle, 'YIELD', '#0f172a'),
    by: 'bruno',
    accepted: false,
  },
]
