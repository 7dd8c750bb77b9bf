// Test-only: a zip's entries as yauzl (a reader independent of ours) sees them, in order.
import yauzl from 'yauzl';

export function entriesViaYauzl(bytes: Buffer): Promise<[string, Buffer][]> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(bytes, { lazyEntries: true }, (err, zf) => {
      if (err) return reject(err);
      const out: [string, Buffer][] = [];
      zf.on('entry', (e: yauzl.Entry) => {
        if (e.fileName.endsWith('/')) { out.push([e.fileName, Buffer.alloc(0)]); zf.readEntry(); return; }
        zf.openReadStream(e, (err2, s) => {
          if (err2) return reject(err2);
          const chunks: Buffer[] = [];
          s.on('data', (c: Buffer) => chunks.push(c));
          s.on('end', () => { out.push([e.fileName, Buffer.concat(chunks)]); zf.readEntry(); });
        });
      });
      zf.on('end', () => resolve(out));
      zf.on('error', reject);
      zf.readEntry();
    });
  });
}
