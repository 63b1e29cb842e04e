/** Two names are the same tag when they differ only in case, Unicode form or surrounding space. */
export const tagKey = (name: string): string => name.normalize('NFKC').trim().toLocaleLowerCase('id')

/** A tag name as stored: NFC, trimmed. */
export const cleanTagName = (name: string): string => name.normalize('NFC').trim()
