// Zips written with yazl 3 (ASiC containers, /asic downloads, verificationconf, test zips). Its
// bundled types describe yazl 2, so the part of its API we use is typed here.
import yazl from 'yazl';

/** The part of yazl 3's API used here. */
export interface Yazl3ZipFile {
  addBuffer(data: Buffer, name: string, options: { mtime?: Date; compress?: boolean; compressionLevel?: number; forceDosTimestamp?: boolean }): void;
  end(options?: { comment?: string }): void;
  outputStream: NodeJS.ReadableStream;
}

export function newZipFile(): Yazl3ZipFile {
  return new yazl.ZipFile() as unknown as Yazl3ZipFile;
}

/** Ends the zip (with a zip comment when given) and collects its bytes. */
export function finishZip(zip: Yazl3ZipFile, comment?: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    zip.outputStream.on('data', (c: Buffer) => chunks.push(c));
    zip.outputStream.on('error', reject);
    zip.outputStream.on('end', () => resolve(Buffer.concat(chunks)));
    zip.end(comment === undefined ? undefined : { comment });
  });
}
