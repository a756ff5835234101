/** The file is not UTF-8 text: the message says what it is and how to save it instead. */
export class FileFormatError extends Error {}

/** Refuses what is not UTF-8 text before parsing it as such. */
export function checkTextFormat(head: Buffer): void {
  if (head.length === 0) throw new FileFormatError('the file is empty');
  if ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff))
    throw new FileFormatError('the file is UTF-16 text: save it as "CSV UTF-8" instead');
  if (head.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04])))
    throw new FileFormatError('the file is an Excel workbook (or another zip file): save it as "CSV UTF-8"');
  if (head.includes(0))
    throw new FileFormatError('the file is not text (it holds NUL bytes): save it as "CSV UTF-8"');
}
