import type { TFunction } from 'i18next';

/**
 * One way to pass a booklet's address on: a plain link that opens the reader's own app. Nothing is
 * loaded from anyone before the reader taps it, and the page carries no script or button of theirs.
 */
export interface ShareLink {
  href: string;
  label: string;
}

/**
 * The share links of a booklet page, in the page's language: an e-mail with the title as subject
 * and a sentence with the address as body, a text message, and WhatsApp, Telegram and Viber with
 * the same sentence (Telegram takes the address and the title apart). The links are written out in
 * every page that has them: the sentence leaves the title out to keep the page small.
 */
export function shareLinks(t: TFunction, title: string, url: string): ShareLink[] {
  // The title is in the e-mail's subject and in the preview card the messengers show (Open Graph).
  const message = t('booklet.shareMessage', { url });
  return [
    { href: `mailto:?subject=${enc(title)}&body=${enc(message)}`, label: t('booklet.shareEmail') },
    { href: `sms:?body=${enc(message)}`, label: t('booklet.shareSms') },
    { href: `https://wa.me/?text=${enc(message)}`, label: t('booklet.shareWhatsApp') },
    { href: `https://t.me/share/url?url=${enc(url)}&text=${enc(title)}`, label: t('booklet.shareTelegram') },
    { href: `viber://forward?text=${enc(message)}`, label: t('booklet.shareViber') },
  ];
}

/**
 * A query value for an href: what would end or change the value (&, =, #, %, +, spaces, …) is
 * percent-encoded; letters beyond ASCII stay as they are, because the browser encodes them (UTF-8)
 * when the link is followed, and a Persian or Cyrillic letter takes 2 bytes instead of 6 in the page.
 */
function enc(value: string): string {
  return encodeURIComponent(value).replace(/(?:%[89A-F][0-9A-F])+/g, (bytes) => {
    const text = decodeURIComponent(bytes);
    // Invisible characters (ZWNJ, bidi marks, no-break spaces) stay encoded, so the address shows them.
    return text.replace(/[^\p{L}\p{M}\p{N}\p{P}\p{S}]/gu, (c) => encodeURIComponent(c));
  });
}
