// For tests: one entry of a zip (an .asice vector) as bytes, read with yauzl, a reader
// independent of ours.
import { readFile } from 'node:fs/promises';
import yauzl from 'yauzl';

export function zipEntry(bytes: Buffer, name: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(bytes, { lazyEntries: true }, (err, zip) => {
      if (err || !zip) return reject(err ?? new Error('not a zip'));
      zip.on('entry', (entry: yauzl.Entry) => {
        if (entry.fileName !== name) return zip.readEntry();
        zip.openReadStream(entry, (e, stream) => {
          if (e || !stream) return reject(e ?? new Error('no stream'));
          const chunks: Buffer[] = [];
          stream.on('data', (c: Buffer) => chunks.push(c));
          stream.on('end', () => {
            zip.close();
            resolve(Buffer.concat(chunks));
          });
          stream.on('error', reject);
        });
      });
      zip.on('end', () => reject(new Error(`no entry ${name}`)));
      zip.on('error', reject);
      zip.readEntry();
    });
  });
}

/** One entry of the zip file at `zipPath`. */
export async function readZipEntry(zipPath: string, name: string): Promise<Buffer> {
  return zipEntry(await readFile(zipPath), name);
}
