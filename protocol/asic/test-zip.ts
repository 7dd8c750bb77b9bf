// Test support: writes arbitrary zips (any names, any order, any bytes) so tests can build the
// defective containers and archives X-Road's vectors do not cover. Not used by production code.
import { finishZip, newZipFile } from './yazl-zip.js';

export interface RawZipEntry {
  name: string;
  data: Buffer | string;
  compress?: boolean;
}

export function writeRawZip(entries: RawZipEntry[], comment?: string): Promise<Buffer> {
  const zip = newZipFile();
  const mtime = new Date('2024-01-01T00:00:00Z');
  for (const e of entries) {
    zip.addBuffer(typeof e.data === 'string' ? Buffer.from(e.data) : e.data, e.name, { mtime, compress: e.compress ?? true });
  }
  return finishZip(zip, comment);
}
