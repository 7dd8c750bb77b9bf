// Test support: writes arbitrary zips (any names, any order, any bytes) so tests can build the
// defective containers and archives X-Road's vectors do not cover. Not used by production code.
import yazl from 'yazl';
import type { Yazl3ZipFile } from './container-builder.js';

export interface RawZipEntry {
  name: string;
  data: Buffer | string;
  compress?: boolean;
}

export function writeRawZip(entries: RawZipEntry[], comment?: string): Promise<Buffer> {
  const zip = new yazl.ZipFile() as unknown as Yazl3ZipFile;
  const mtime = new Date('2024-01-01T00:00:00Z');
  for (const e of entries) {
    zip.addBuffer(typeof e.data === 'string' ? Buffer.from(e.data) : e.data, e.name, { mtime, compress: e.compress ?? true });
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    zip.outputStream.on('data', (c: Buffer) => chunks.push(c));
    zip.outputStream.on('error', reject);
    zip.outputStream.on('end', () => resolve(Buffer.concat(chunks)));
    zip.end(comment === undefined ? undefined : { comment });
  });
}
